import type { ColumnMapping, Import, ImportColumn } from '../server/db/types.ts';
import { readerTeamId, requireViewer } from '../server/context.ts';
import { uuidsOnly } from '../server/lib/ids.ts';
import { countImportErrors, countImports, findImportsByIds, listImportErrors, listImports } from '../server/modules/imports/queries.ts';
import { builder } from './builder.ts';
import { MemberRef } from './member.ts';
import { badCursor, checkPageSize, DEFAULT_PAGE_SIZE, keysetConnection, MAX_PAGE_SIZE } from './pagination.ts';
import { resolveCursorConnection, type ResolveCursorConnectionArgs } from '@pothos/plugin-relay';

// The Import node: what every step of the import flow (upload, configure, commit, revert) reads
// and returns. The steps add their mutations in schema/import-*.ts.

export const ImportStatusEnum = builder.enumType('ImportStatus', {
  description:
    'ANALYZED (uploaded and analysed) → VALIDATED (configured: errors and preview ready) → RUNNING → COMPLETED, or ' +
    'FAILED (with the checkpoint it reached) or CANCELLED; a completed import can be REVERTED.',
  values: ['ANALYZED', 'VALIDATED', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED', 'REVERTED'] as const,
});
export const ImportFormatEnum = builder.enumType('ImportFormat', { values: ['CSV', 'XLSX'] as const });
export const ConflictPolicyEnum = builder.enumType('ConflictPolicy', {
  description: 'For users that exist already: OVERWRITE their values, KEEP_EXISTING ones, or FILL_EMPTY fields only.',
  values: ['OVERWRITE', 'KEEP_EXISTING', 'FILL_EMPTY'] as const,
});
export const MappingTargetKindEnum = builder.enumType('MappingTargetKind', {
  description:
    'ATTRIBUTE: a default attribute (key e.g. email, displayName, status); PROPERTY: an existing custom property; ' +
    'NEW_PROPERTY: a property to create (with createMissingProperties); GROUPS, TAGS: comma-separated names; ' +
    'IDENTITIES: comma-separated source:username; SKIP: ignore the column.',
  values: ['ATTRIBUTE', 'PROPERTY', 'NEW_PROPERTY', 'GROUPS', 'TAGS', 'IDENTITIES', 'SKIP'] as const,
});

export const ImportColumnRef = builder.objectRef<ImportColumn>('ImportColumn').implement({
  fields: (t) => ({
    name: t.exposeString('name'),
    index: t.exposeInt('index', { description: '0-based position in the file.' }),
    filled: t.exposeInt('filled', { description: 'Rows with a value in this column.' }),
    unique: t.exposeBoolean('unique', { description: 'No two rows share a value.' }),
    samples: t.exposeStringList('samples', { description: 'A few values, as found.' }),
  }),
});

export const ColumnMappingRef = builder.objectRef<ColumnMapping>('ColumnMapping').implement({
  fields: (t) => ({
    column: t.exposeString('column'),
    kind: t.field({ type: MappingTargetKindEnum, resolve: (m) => m.target.kind }),
    key: t.string({ nullable: true, resolve: (m) => ('key' in m.target ? m.target.key : null) }),
    type: t.string({ nullable: true, description: 'For NEW_PROPERTY: the PropertyType to create.', resolve: (m) => (m.target.kind === 'NEW_PROPERTY' ? m.target.type : null) }),
  }),
});

const ImportCountsRef = builder
  .objectRef<{ create: number; update: number; unchanged: number; invalid: number }>('ImportPreview')
  .implement({
    description: 'What committing would do.',
    fields: (t) => ({
      create: t.exposeInt('create'),
      update: t.exposeInt('update'),
      unchanged: t.exposeInt('unchanged'),
      invalid: t.exposeInt('invalid'),
    }),
  });

const ImportResultRef = builder
  .objectRef<{ created: number; updated: number; unchanged: number; failed: number }>('ImportResult')
  .implement({
    fields: (t) => ({
      created: t.exposeInt('created'),
      updated: t.exposeInt('updated'),
      unchanged: t.exposeInt('unchanged'),
      failed: t.exposeInt('failed'),
    }),
  });

const ImportProgressRef = builder.objectRef<Import>('ImportProgress').implement({
  fields: (t) => ({
    processed: t.exposeInt('processed', { description: 'Rows committed so far (the checkpoint).' }),
    total: t.exposeInt('rowCount'),
    percent: t.float({ resolve: (i) => (i.rowCount ? Math.round((i.processed / i.rowCount) * 1000) / 10 : 0) }),
    rowsPerSecond: t.float({
      nullable: true,
      resolve: (i) => {
        if (!i.startedAt || i.processed === 0) return null;
        const end = i.finishedAt ?? i.heartbeatAt ?? new Date();
        const seconds = (end.getTime() - i.startedAt.getTime()) / 1000;
        return seconds > 0 ? Math.round(i.processed / seconds) : null;
      },
    }),
  }),
});

const ImportErrorRef = builder
  .objectRef<{ id: string; rowNumber: number; column: string | null; value: string | null; code: string; message: string; phase: string }>('ImportError')
  .implement({
    description: 'A problem with one row (and column) of the file.',
    fields: (t) => ({
      row: t.exposeInt('rowNumber', { description: 'The row number as a spreadsheet shows it (the header is row 1).' }),
      column: t.exposeString('column', { nullable: true }),
      value: t.exposeString('value', { nullable: true }),
      code: t.exposeString('code'),
      message: t.exposeString('message'),
      phase: t.exposeString('phase', { description: 'VALIDATION or COMMIT.' }),
    }),
  });

export const ImportRef = builder.loadableNode('Import', {
  description: 'A bulk import of users from a CSV or XLSX file. Readable with imports:read.',
  id: { resolve: (i: Import) => i.id },
  sort: (i) => i.id,
  load: (ids: string[], ctx) => {
    const teamId = readerTeamId(ctx, 'imports:read');
    return teamId ? findImportsByIds(ctx.db, teamId, uuidsOnly(ids)) : Promise.resolve([]);
  },
  fields: (t) => ({
    status: t.expose('status', { type: ImportStatusEnum }),
    fileName: t.exposeString('fileName'),
    format: t.expose('format', { type: ImportFormatEnum }),
    rowCount: t.exposeInt('rowCount', { description: 'Data rows (the header and blank lines excluded).' }),
    columns: t.field({ type: [ImportColumnRef], resolve: (i) => i.columns }),
    idColumnCandidates: t.stringList({
      description: 'Columns whose values are present on every row and unique: the only ones that can identify users.',
      resolve: (i) => i.columns.filter((c) => c.unique && c.filled === i.rowCount && i.rowCount > 0).map((c) => c.name),
    }),
    idColumn: t.exposeString('idColumn', { nullable: true }),
    mapping: t.field({ type: [ColumnMappingRef], nullable: true, resolve: (i) => i.mapping }),
    conflictPolicy: t.expose('conflictPolicy', { type: ConflictPolicyEnum, nullable: true }),
    createMissingGroups: t.exposeBoolean('createMissingGroups'),
    createMissingProperties: t.exposeBoolean('createMissingProperties'),
    skipInvalidRows: t.exposeBoolean('skipInvalidRows'),
    preview: t.field({ type: ImportCountsRef, nullable: true, resolve: (i) => i.preview }),
    progress: t.field({ type: ImportProgressRef, resolve: (i) => i }),
    result: t.field({ type: ImportResultRef, nullable: true, resolve: (i) => i.result }),
    failure: t.exposeString('failure', { nullable: true, description: 'Why a FAILED import stopped; it can resume from `progress.processed`.' }),
    errors: t.connection({
      type: ImportErrorRef,
      description: 'Problems found, in file order.',
      resolve: async (i, args, ctx) => {
        checkPageSize(args.first, 'first');
        if (args.last != null || args.before != null) checkPageSize(args.last, 'last');
        const connection = await resolveCursorConnection(
          { args, toCursor: (e) => Buffer.from(`${e.rowNumber}|${e.id}`).toString('base64url'), defaultSize: DEFAULT_PAGE_SIZE, maxSize: MAX_PAGE_SIZE },
          ({ after, limit, inverted }: ResolveCursorConnectionArgs) => {
            if (inverted) throw badCursor('before');
            let afterRow: number | undefined;
            let afterId: string | undefined;
            if (after) {
              const [row, id] = Buffer.from(after, 'base64url').toString('utf8').split('|');
              afterRow = Number(row);
              afterId = id;
              if (!Number.isInteger(afterRow) || !uuidsOnly([afterId]).length) throw badCursor('after');
            }
            return listImportErrors(ctx.db, i.id, { afterRow, afterId, limit });
          },
        );
        return { ...connection, totalCount: () => countImportErrors(ctx.db, i.id) };
      },
    }),
    createdBy: t.field({ type: MemberRef, nullable: true, resolve: (i) => i.createdByMemberId }),
    startedAt: t.expose('startedAt', { type: 'DateTime', nullable: true }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

builder.queryField('imports', (t) =>
  t.connection({
    description: 'The team\u2019s imports, newest first. Requires imports:read.',
    type: ImportRef,
    authScopes: { scope: 'imports:read' },
    resolve: (_root, args, ctx) => {
      const teamId = requireViewer(ctx).teamId;
      return keysetConnection(args, (page) => listImports(ctx.db, teamId, page), () => countImports(ctx.db, teamId));
    },
  }),
);
