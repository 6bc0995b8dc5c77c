// The import flow as one call: upload (GraphQL multipart request), configure (the suggested
// mapping with your overrides; preview and errors), commit, then follow `importProgress` until
// the import ends. Each step is also available on its own.
import * as G from './generated/graphql.ts';
import type { Live } from './live.ts';
import { type PageSizeMemo, type Paged, paged } from './pages.ts';
import { PaviorError, type Transport } from './transport.ts';

/** A file to import: a Blob or File (its `name` is used), or bytes with a name. */
export type ImportFileInput = Blob | { data: Blob | ArrayBuffer | ArrayBufferView | string; name: string };

/**
 * Where a column goes, as a string: `email`, `displayName`, `address.city`… (an attribute),
 * `property:<key>`, `new:<key>[:<TYPE>]` (a property created by the import, with
 * createMissingProperties), `groups`, `tags`, `identities` or `skip`. A bare name that is not an
 * attribute is read as a property key. `attribute:<key>` forces an attribute.
 */
export type ColumnTarget = string;

export interface ImportRunOptions {
  /** The column that identifies users (one of `idColumnCandidates`); default: the candidate mapped to externalId, else to email. */
  idColumn?: string;
  /** Column → target, on top of the suggested mapping (a column mapped here loses nothing else). */
  mapping?: Record<string, ColumnTarget> | G.ColumnMappingInput[];
  /** For users that exist already. Default OVERWRITE. */
  conflictPolicy?: G.ConflictPolicy;
  createMissingGroups?: boolean;
  createMissingProperties?: boolean;
  /** Commit the valid rows even when others have errors (else the commit answers HAS_ERRORS). */
  skipInvalidRows?: boolean;
  /** Stop after configuring: the result is the VALIDATED import with its preview and errors. */
  dryRun?: boolean;
  /** Aborting cancels the import (it stops after the batch in hand). */
  signal?: AbortSignal;
  /** How to follow a running import: the importProgress subscription (default when a WebSocket is available) or polling. */
  follow?: 'auto' | 'subscription' | 'poll';
}

export interface ImportRunHooks {
  /** The file was analysed: columns, id candidates, suggested mapping. */
  onAnalyzed?: (analysis: G.ImportAnalysisFragment) => void;
  /** The import was configured: preview and error count. */
  onValidated?: (state: G.ImportStateFragment) => void;
  /** Each state of a running import (at least once a second), from importProgress. */
  onProgress?: (state: G.ImportStateFragment) => void;
}

/** The import's state as the last step left it (`__typename: 'Import'`). */
export type ImportState = G.ImportStateFragment & { __typename: 'Import' };

type ErrorOf<T> = Exclude<T, { __typename: 'Import' }>;

/**
 * What `imports.run` ends with: the import (COMPLETED, FAILED, CANCELLED — or VALIDATED for a
 * dry run), or the typed error of the step that refused, with `stage` and the import's id.
 */
export type ImportOutcome =
  | (ImportState & { analysis: G.ImportAnalysisFragment })
  | (ErrorOf<G.CreateImportMutation['createImport']> & { stage: 'upload'; importId: null })
  | (ErrorOf<G.ConfigureImportMutation['configureImport']> & { stage: 'configure'; importId: string })
  | (ErrorOf<G.CommitImportMutation['commitImport']> & { stage: 'commit'; importId: string; state: G.ImportStateFragment });

export type ImportErrorNode = NonNullable<Extract<G.ImportErrorsQuery['node'], { __typename: 'Import' }>>['errors']['edges'][number]['node'];

export interface ImportsApi {
  /**
   * Uploads, configures and commits a file, and resolves when the import has ended.
   *
   * @example
   * const file = await fs.openAsBlob('users.csv'); // Node; a File from an <input> in a browser
   * const outcome = await client.imports.run({ data: file, name: 'users.csv' }, { idColumn: 'Email', mapping: { Plan: 'property:plan' } }, {
   *   onProgress: (s) => console.log(`${s.progress.percent}%`),
   * });
   * if (outcome.__typename === 'Import') console.log(outcome.status, outcome.result);
   * else console.error(outcome.stage, outcome.code, outcome.message);
   */
  run(file: ImportFileInput, options?: ImportRunOptions, hooks?: ImportRunHooks): Promise<ImportOutcome>;
  /**
   * Step 1: uploads and analyses a file (ANALYZED).
   *
   * @example
   * const created = await client.imports.create(new File([csv], 'users.csv'));
   * if (created.__typename === 'Import') console.log(created.columns, created.suggestedMapping);
   */
  create(file: ImportFileInput): Promise<G.CreateImportMutation['createImport']>;
  /**
   * Step 2: maps columns and validates every row (VALIDATED: preview and errors).
   *
   * @example
   * const configured = await client.imports.configure({ id, idColumn: 'Email', mapping: [{ column: 'Email', kind: 'ATTRIBUTE', key: 'email' }] });
   */
  configure(input: G.ConfigureImportInput): Promise<G.ConfigureImportMutation['configureImport']>;
  /**
   * Step 3: starts writing (RUNNING); follow it with `progress`.
   *
   * @example
   * const committed = await client.imports.commit({ id });
   */
  commit(input: G.ImportIdInput): Promise<G.CommitImportMutation['commitImport']>;
  /**
   * Stops a running import after the batch in hand.
   *
   * @example
   * await client.imports.cancel({ id });
   */
  cancel(input: G.ImportIdInput): Promise<G.CancelImportMutation['cancelImport']>;
  /**
   * Undoes an ended import from the changes it recorded.
   *
   * @example
   * const reverted = await client.imports.revert({ id, force: false });
   * if (reverted.__typename === 'RevertConflictError') console.log(reverted.conflicts);
   */
  revert(input: G.RevertImportInput): Promise<G.RevertImportMutation['revertImport']>;
  /**
   * One import, or null.
   *
   * @example
   * const imp = await client.imports.get(id);
   */
  get(id: string): Promise<(G.ImportAnalysisFragment & G.ImportStateFragment) | null>;
  /**
   * The team's imports, newest first.
   *
   * @example
   * for await (const imp of client.imports.list()) console.log(imp.fileName, imp.status);
   */
  list(options?: { pageSize?: number }): Paged<G.ImportStateFragment>;
  /**
   * An import's row errors, in file order.
   *
   * @example
   * for await (const e of client.imports.errors(id)) console.log(e.row, e.column, e.code, e.message);
   */
  errors(id: string, options?: { pageSize?: number }): Paged<ImportErrorNode>;
  /**
   * An import's state now, then at every change until it ends (a live dashboard).
   *
   * @example
   * for await (const state of client.imports.progress(id)) bar.update(state.progress.processed);
   */
  progress(id: string): AsyncIterableIterator<G.ImportStateFragment>;
  /**
   * A signed link to the import template (CSV or XLSX).
   *
   * @example
   * const { url } = await client.imports.template('XLSX');
   */
  template(format?: G.ImportFormat): Promise<G.ImportTemplateQuery['importTemplate']>;
}

/** Final statuses: importProgress completes there. */
const ENDED = new Set<G.ImportStatus>(['COMPLETED', 'FAILED', 'CANCELLED', 'REVERTED']);

/** The attributes an import can write (ColumnMappingInput.key in the schema). */
const ATTRIBUTES = new Set([
  'externalId', 'email', 'status', 'role', 'displayName', 'firstName', 'lastName', 'jobTitle', 'phone', 'company', 'note',
  'signedUpAt', 'emailConsent', 'address.line1', 'address.line2', 'address.city', 'address.region', 'address.postalCode',
  'address.country',
]);
const PROPERTY_TYPES = new Set<string>(['STRING', 'NUMBER', 'INTEGER', 'BOOLEAN', 'DATE', 'DATETIME', 'EMAIL', 'URL']);

/**
 * Reads a target string (`email`, `property:plan`, `new:plan:STRING`, `groups`, `skip`…) into a
 * mapping entry for `column`; throws a TypeError for an unreadable one.
 *
 * @example
 * parseColumnTarget('Plan', 'new:plan:STRING'); // { column: 'Plan', kind: 'NEW_PROPERTY', key: 'plan', type: 'STRING' }
 */
export function parseColumnTarget(column: string, target: ColumnTarget): G.ColumnMappingInput {
  const text = target.trim();
  const lower = text.toLowerCase();
  if (lower === 'skip') return { column, kind: 'SKIP' };
  if (lower === 'groups' || lower === 'tags' || lower === 'identities') return { column, kind: lower.toUpperCase() as G.MappingTargetKind };
  const [prefix, ...rest] = text.split(':');
  const tail = rest.join(':');
  if (rest.length && prefix === 'attribute' && tail) return { column, kind: 'ATTRIBUTE', key: tail };
  if (rest.length && prefix === 'property' && tail) return { column, kind: 'PROPERTY', key: tail };
  if (rest.length && prefix === 'new' && rest[0]) {
    const type = rest[1]?.toUpperCase();
    if (type !== undefined && !PROPERTY_TYPES.has(type)) throw new TypeError(`Unknown property type "${rest[1]}" in "${target}"`);
    return { column, kind: 'NEW_PROPERTY', key: rest[0], ...(type ? { type: type as G.PropertyType } : {}) };
  }
  if (rest.length || !text) throw new TypeError(`Cannot read the target "${target}" for column "${column}"`);
  return ATTRIBUTES.has(text) ? { column, kind: 'ATTRIBUTE', key: text } : { column, kind: 'PROPERTY', key: text };
}

const LIST_KINDS = new Set<G.MappingTargetKind>(['GROUPS', 'TAGS', 'IDENTITIES']);
const targetKind = (kind: G.MappingTargetKind) => (kind === 'NEW_PROPERTY' ? 'PROPERTY' : kind);

/** Whether two entries write the same target (each target may be mapped once). */
function sameTarget(a: G.ColumnMappingInput, b: G.ColumnMappingInput): boolean {
  if (a.kind === 'SKIP' || b.kind === 'SKIP' || targetKind(a.kind) !== targetKind(b.kind)) return false;
  return LIST_KINDS.has(a.kind) || (a.key ?? '').toLowerCase() === (b.key ?? '').toLowerCase();
}

/**
 * The suggested mapping with the overrides applied; a target taken by an override is freed elsewhere.
 *
 * @example
 * mergeMapping(imp.suggestedMapping, { 'Work email': 'email' }); // the column suggested as email becomes SKIP
 */
export function mergeMapping(
  suggested: ReadonlyArray<{ column: string; kind: G.MappingTargetKind; key: string | null; type: string | null }>,
  overrides: ImportRunOptions['mapping'],
): G.ColumnMappingInput[] {
  const explicit = Array.isArray(overrides)
    ? overrides
    : Object.entries(overrides ?? {}).map(([column, target]) => parseColumnTarget(column, target));
  const byColumn = new Map(explicit.map((entry) => [entry.column, entry]));
  const base = suggested.map(
    (entry): G.ColumnMappingInput =>
      byColumn.get(entry.column) ?? {
        column: entry.column,
        kind: entry.kind,
        ...(entry.key ? { key: entry.key } : {}),
        ...(entry.type ? { type: entry.type as G.PropertyType } : {}),
      },
  );
  for (const entry of explicit) if (!suggested.some((s) => s.column === entry.column)) base.push(entry);
  return base.map((entry) =>
    !byColumn.has(entry.column) && explicit.some((o) => sameTarget(o, entry)) ? { column: entry.column, kind: 'SKIP' as const } : entry,
  );
}

function toBlob(file: ImportFileInput): { blob: Blob; name: string } {
  if (file instanceof Blob) return { blob: file, name: (file as Blob & { name?: string }).name || 'upload' };
  const data = file.data instanceof Blob ? file.data : new Blob([file.data as BlobPart]);
  return { blob: data, name: file.name };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** How long importProgress may stay silent before the import is read over HTTP. */
const QUIET_MS = 3000;

export function createImports({ transport, live, pageSizes }: { transport: Transport; live: Live; pageSizes: PageSizeMemo }): ImportsApi {
  const send = transport.send;

  const api: ImportsApi = {
    async create(file) {
      const { blob, name } = toBlob(file);
      const data = await send<G.CreateImportMutation>(G.CreateImportDocument, { input: { file: null } }, [
        { path: 'variables.input.file', file: blob, name },
      ]);
      return data.createImport;
    },
    configure: async (input) => (await send<G.ConfigureImportMutation>(G.ConfigureImportDocument, { input })).configureImport,
    commit: async (input) => (await send<G.CommitImportMutation>(G.CommitImportDocument, { input })).commitImport,
    cancel: async (input) => (await send<G.CancelImportMutation>(G.CancelImportDocument, { input })).cancelImport,
    revert: async (input) => (await send<G.RevertImportMutation>(G.RevertImportDocument, { input })).revertImport,
    async get(id) {
      const { node } = await send<G.ImportQuery>(G.ImportDocument, { id });
      return node?.__typename === 'Import' ? node : null;
    },
    list: (options) =>
      paged(async (after, first) => (await send<G.ImportsQuery>(G.ImportsDocument, { first, after })).imports, {
        size: pageSize(options),
        key: 'imports',
        memo: pageSizes,
      }),
    errors: (id, options) =>
      paged(
        async (after, first) => {
          const { node } = await send<G.ImportErrorsQuery>(G.ImportErrorsDocument, { id, first, after });
          return node?.__typename === 'Import' ? node.errors : null;
        },
        { size: pageSize(options), key: 'importErrors', memo: pageSizes },
      ),
    progress(id) {
      const stream = live.subscribe<G.ImportProgressSubscription>(G.ImportProgressDocument, { id });
      const iterator: AsyncIterableIterator<G.ImportStateFragment> = {
        next: async () => {
          const result = await stream.next();
          return result.done ? { value: undefined, done: true } : { value: result.value.importProgress, done: false };
        },
        return: async () => {
          await stream.return?.();
          return { value: undefined, done: true };
        },
        [Symbol.asyncIterator]: () => iterator,
      };
      return iterator;
    },
    template: async (format = 'CSV') => (await send<G.ImportTemplateQuery>(G.ImportTemplateDocument, { format })).importTemplate,

    async run(file, options = {}, hooks = {}) {
      const created = await api.create(file);
      if (created.__typename !== 'Import') return { ...created, stage: 'upload', importId: null };
      const analysis = created;
      hooks.onAnalyzed?.(analysis);
      const id = analysis.id;

      const mapping = mergeMapping(analysis.suggestedMapping, options.mapping);
      const idColumn = options.idColumn ?? defaultIdColumn(analysis, mapping);
      const configured = await api.configure({
        id,
        idColumn,
        mapping,
        conflictPolicy: options.conflictPolicy,
        createMissingGroups: options.createMissingGroups,
        createMissingProperties: options.createMissingProperties,
        skipInvalidRows: options.skipInvalidRows,
      });
      if (configured.__typename !== 'Import') return { ...configured, stage: 'configure', importId: id };
      hooks.onValidated?.(configured);
      if (options.dryRun) return { ...configured, analysis };

      const committed = await api.commit({ id });
      if (committed.__typename !== 'Import') return { ...committed, stage: 'commit', importId: id, state: configured };
      hooks.onProgress?.(committed);

      const onAbort = () => void api.cancel({ id }).catch(() => {});
      options.signal?.addEventListener('abort', onAbort, { once: true });
      try {
        const final = await follow(id, committed, options.follow ?? 'auto', hooks.onProgress);
        return { ...final, __typename: 'Import' as const, analysis };
      } finally {
        options.signal?.removeEventListener('abort', onAbort);
      }
    },
  };

  /** Follows an import until it ends: the subscription, or polling when there is no WebSocket. */
  async function follow(
    id: string,
    last: G.ImportStateFragment,
    mode: 'auto' | 'subscription' | 'poll',
    onProgress: ((state: G.ImportStateFragment) => void) | undefined,
  ): Promise<G.ImportStateFragment> {
    let state = last;
    if (ENDED.has(state.status)) return state;
    if (mode !== 'poll') {
      const stream = api.progress(id);
      try {
        for (;;) {
          const next = stream.next().then(
            (result) => ({ result }),
            (error: unknown) => ({ error }),
          );
          let settled: Awaited<typeof next> | null = null;
          while (!settled) {
            settled = await Promise.race([next, sleep(QUIET_MS).then(() => null)]);
            if (settled) break;
            // A running import is published at least once a second; silence means an event was
            // missed (e.g. the end, between the server's first read and its listening): ask.
            const current = await api.get(id);
            if (current && ENDED.has(current.status)) {
              onProgress?.(current);
              return current;
            }
          }
          if ('error' in settled) throw settled.error;
          if (settled.result.done) break; // completed without a final state: read it below
          state = settled.result.value;
          onProgress?.(state);
          if (ENDED.has(state.status)) return state;
        }
      } catch (error) {
        const noSocket = error instanceof PaviorError && (error.code === 'NO_WEBSOCKET' || error.code === 'NETWORK_ERROR');
        if (!(mode === 'auto' && noSocket)) throw error;
      } finally {
        await stream.return?.();
      }
    }
    for (;;) {
      const current = await api.get(id);
      if (!current) throw new PaviorError('NOT_FOUND', `Import ${id} is gone`);
      state = current;
      onProgress?.(state);
      if (ENDED.has(state.status)) return state;
      await sleep(1000);
    }
  }

  return api;
}

const pageSize = (options?: { pageSize?: number }) => Math.max(1, Math.min(100, Math.floor(options?.pageSize ?? 100)));

/** The id candidate mapped to externalId, else to email, else the first candidate. */
function defaultIdColumn(analysis: G.ImportAnalysisFragment, mapping: readonly G.ColumnMappingInput[]): string {
  const candidates = new Set(analysis.idColumnCandidates);
  for (const key of ['externalId', 'email']) {
    const hit = mapping.find((m) => m.kind === 'ATTRIBUTE' && m.key === key && candidates.has(m.column));
    if (hit) return hit.column;
  }
  return analysis.idColumnCandidates[0] ?? '';
}
