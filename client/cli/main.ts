// `pavior`, the command line: imports with a progress bar, exports, user listings and tracking,
// for people at a terminal and for scripts (`--json`, exit codes). It is a Node.js program built
// only on the public client (`../index.ts`), so it lives beside it; the SDK never imports it.
import { createWriteStream, openAsBlob } from 'node:fs';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import cliProgress from 'cli-progress';
import WebSocket from 'ws';
import {
  type ConflictPolicy,
  createClient,
  type ImportStateFragment,
  type PaviorClient,
  PaviorError,
  type UserFilter,
  type UserKind,
  type UserRole,
  type UserStatus,
} from '../index.ts';
import type { ImportOutcome } from '../imports.ts';

/** Exit codes: documented in `pavior --help` and the README. */
export const EXIT = { OK: 0, FAILURE: 1, USAGE: 2, INVALID: 3 } as const;

export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: Record<string, string | undefined>;
  /** Aborted on Ctrl-C: a running import is cancelled. */
  signal?: AbortSignal;
}

class UsageError extends Error {}

const HELP = `pavior — the Pavior command line

Usage: pavior <command> [options]

Commands:
  import <file>        Upload a CSV/XLSX, show the preview and errors, import it with a progress bar
  export               Export users (CSV or XLSX) matching filters
  users list           List users matching filters
  track <user> <event> Track an event for a user (an email, else an external ID; --by to choose)

Connection (every command):
  --url URL            Server URL (env PAVIOR_URL)
  --api-key KEY        Secret API key pav_sk_… (env PAVIOR_API_KEY); or --token / PAVIOR_TOKEN for a session
  --json               Machine-readable output on stdout
  -h, --help           Help for a command

import <file>:
  --id-column COL      Column identifying users (default: the one mapped to External ID, else email)
  --map COL=TARGET     Map a column (repeatable). TARGET: an attribute (email, displayName, address.city…),
                       property:KEY, new:KEY[:TYPE], groups, tags, identities or skip
  --on-conflict P      overwrite (default) | keep | fill — for users that exist already
  --create-missing-groups, --create-missing-properties, --skip-invalid
  --dry-run            Configure only: print the preview and the error report, import nothing
  --progress           Show the progress bar even when stderr is not a terminal

export:
  --search S --tag T --status S --kind K --role R --group ID   Filters (--tag/--status/… repeatable)
  --filter JSON        A UserFilter as JSON, merged with the flags
  --column NAME        Columns to write, in order (repeatable; default: the import template's)
  --format csv|xlsx    Default csv
  --out FILE           Write the file there ('-' for stdout); without it, print the signed link

users list:
  --search S --tag T --status S --kind K --role R --group ID --filter JSON   As for export
  --limit N            At most N users

track <user> <event>:
  --prop KEY=VALUE     A property (repeatable); VALUE is read as JSON when it parses (42, true), else text
  --by id|externalId|email   How <user> is given
  --create-user        Create the user when unknown

Exit codes: 0 ok · 1 failure · 2 usage · 3 validation errors found (file, mapping or rows)
`;

const CONNECTION = {
  url: { type: 'string' },
  'api-key': { type: 'string' },
  token: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

const FILTERS = {
  search: { type: 'string' },
  tag: { type: 'string', multiple: true },
  status: { type: 'string', multiple: true },
  kind: { type: 'string', multiple: true },
  role: { type: 'string', multiple: true },
  group: { type: 'string', multiple: true },
  filter: { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

function parse<O extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: O) {
  try {
    return parseArgs({ args, options: { ...CONNECTION, ...options }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

type Values = Record<string, string | boolean | string[] | boolean[] | undefined>;

function connect(values: Values, io: Io): PaviorClient {
  const url = (values.url as string | undefined) ?? io.env.PAVIOR_URL;
  if (!url) throw new UsageError('No server: pass --url or set PAVIOR_URL');
  const apiKey = (values['api-key'] as string | undefined) ?? io.env.PAVIOR_API_KEY;
  const token = (values.token as string | undefined) ?? io.env.PAVIOR_TOKEN;
  if (!apiKey && !token) throw new UsageError('No credential: pass --api-key or set PAVIOR_API_KEY');
  try {
    return createClient({ url, ...(apiKey ? { apiKey } : { token }), webSocketImpl: WebSocket });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

const upper = <T extends string>(list: unknown, allowed: readonly T[], flag: string): T[] | undefined => {
  if (!Array.isArray(list) || list.length === 0) return undefined;
  return list.map((item) => {
    const value = String(item).toUpperCase();
    if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${flag} must be one of ${allowed.join(', ').toLowerCase()}, got "${item}"`);
    return value as T;
  });
};

function userFilter(values: Values): UserFilter {
  let filter: UserFilter = {};
  if (typeof values.filter === 'string') {
    try {
      filter = JSON.parse(values.filter) as UserFilter;
    } catch {
      throw new UsageError('--filter must be a JSON object (a UserFilter)');
    }
    if (!filter || typeof filter !== 'object' || Array.isArray(filter)) throw new UsageError('--filter must be a JSON object (a UserFilter)');
  }
  const flags: UserFilter = {
    search: values.search as string | undefined,
    tags: (values.tag as string[] | undefined)?.length ? (values.tag as string[]) : undefined,
    groups: (values.group as string[] | undefined)?.length ? (values.group as string[]) : undefined,
    status: upper<UserStatus>(values.status, ['ACTIVE', 'ARCHIVED', 'DISABLED'], 'status'),
    kind: upper<UserKind>(values.kind, ['USER', 'LEAD'], 'kind'),
    role: upper<UserRole>(values.role, ['USER', 'ADMIN', 'SUPERVISOR'], 'role'),
  };
  for (const [key, value] of Object.entries(flags)) if (value !== undefined) (filter as Record<string, unknown>)[key] = value;
  return filter;
}

const print = (stream: NodeJS.WritableStream, text = '') => void stream.write(`${text}\n`);
const json = (io: Io, value: unknown) => print(io.stdout, JSON.stringify(value, null, 2));
const count = (n: number) => n.toLocaleString('en-US');

// ---------------------------------------------------------------------------------------------
// import

const POLICIES: Record<string, ConflictPolicy> = { overwrite: 'OVERWRITE', keep: 'KEEP_EXISTING', fill: 'FILL_EMPTY' };
const ERRORS_SHOWN = 20;
const ERRORS_IN_JSON = 100;

async function importCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    'id-column': { type: 'string' },
    map: { type: 'string', multiple: true },
    'on-conflict': { type: 'string' },
    'create-missing-groups': { type: 'boolean' },
    'create-missing-properties': { type: 'boolean' },
    'skip-invalid': { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    progress: { type: 'boolean' },
  });
  if (values.help) return help(io);
  const [path, ...extra] = positionals;
  if (!path || extra.length) throw new UsageError('import takes one file: pavior import <file>');
  const mapping: Record<string, string> = {};
  for (const entry of values.map ?? []) {
    const at = entry.lastIndexOf('=');
    if (at <= 0 || at === entry.length - 1) throw new UsageError(`--map needs COLUMN=TARGET, got "${entry}"`);
    mapping[entry.slice(0, at)] = entry.slice(at + 1);
  }
  const policy = values['on-conflict'] === undefined ? undefined : POLICIES[values['on-conflict'].toLowerCase()];
  if (values['on-conflict'] !== undefined && !policy) throw new UsageError('--on-conflict must be overwrite, keep or fill');
  const client = connect(values, io);

  let blob: Blob;
  try {
    blob = await openAsBlob(path);
  } catch (error) {
    print(io.stderr, `error: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    return EXIT.FAILURE;
  }

  const asJson = !!values.json;
  const showBar = !asJson && (values.progress || io.stderr.isTTY);
  let bar: cliProgress.SingleBar | undefined;
  const out = asJson ? io.stderr : io.stdout;

  try {
    let outcome: ImportOutcome;
    try {
      outcome = await client.imports.run(
        { data: blob, name: basename(path) },
        {
          idColumn: values['id-column'],
          mapping,
          conflictPolicy: policy,
          createMissingGroups: values['create-missing-groups'],
          createMissingProperties: values['create-missing-properties'],
          skipInvalidRows: values['skip-invalid'],
          dryRun: values['dry-run'],
          signal: io.signal,
        },
        {
          onAnalyzed: (a) => {
            if (asJson) return;
            print(out, `${a.fileName}: ${count(a.rowCount)} rows, ${a.columns.length} columns (${a.format}${a.encoding ? `, ${a.encoding}` : ''})`);
          },
          onValidated: (state) => {
            if (asJson) return;
            print(out, 'Mapping:');
            for (const m of state.mapping ?? []) print(out, `  ${m.column} → ${describeTarget(m)}${m.column === state.idColumn ? '  (identifies users)' : ''}`);
            const p = state.preview;
            if (p) print(out, `Preview: ${count(p.create)} to create, ${count(p.update)} to update, ${count(p.unchanged)} unchanged, ${count(p.invalid)} invalid`);
          },
          onProgress: (state) => {
            if (!showBar) return;
            bar ??= startBar(io, state);
            bar.setTotal(state.progress.total);
            bar.update(state.progress.processed, progressPayload(state));
          },
        },
      );
    } finally {
      if (bar) {
        bar.stop();
      }
    }

    if (outcome.__typename === 'Import') {
      const errors = await firstErrors(client, outcome.id, outcome.preview?.invalid ?? 0);
      const invalid = outcome.preview?.invalid ?? 0;
      if (asJson) {
        json(io, { ok: outcome.status === 'COMPLETED' || outcome.status === 'VALIDATED', dryRun: !!values['dry-run'], import: strip(outcome), errors });
      } else {
        if (errors.length) printErrors(io, errors, invalid, outcome.errorReportUrl);
        if (outcome.status === 'VALIDATED') print(io.stdout, `Dry run: nothing imported (import ${outcome.id}).`);
        else printResult(io, outcome);
      }
      if (outcome.status === 'VALIDATED') return invalid > 0 ? EXIT.INVALID : EXIT.OK;
      return outcome.status === 'COMPLETED' ? EXIT.OK : EXIT.FAILURE;
    }

    // A step refused: the file, the mapping, or rows with errors.
    const errors = outcome.stage === 'commit' && outcome.code === 'HAS_ERRORS' ? await firstErrors(client, outcome.importId, 1) : [];
    if (asJson) {
      json(io, { ok: false, stage: outcome.stage, error: strip(outcome), errors });
    } else {
      print(io.stderr, `error (${outcome.stage}): ${outcome.code}: ${outcome.message}`);
      if (outcome.__typename === 'ValidationError') for (const issue of outcome.issues) print(io.stderr, `  ${issue.path.join('.')}: ${issue.code}: ${issue.message}`);
      if (errors.length && outcome.stage === 'commit') {
        printErrors(io, errors, outcome.state.preview?.invalid ?? errors.length, outcome.state.errorReportUrl);
        print(io.stderr, 'Fix the file, or pass --skip-invalid to import the valid rows only.');
      }
    }
    const invalid = outcome.__typename === 'ValidationError' || (outcome.stage === 'commit' && outcome.code === 'HAS_ERRORS');
    return invalid ? EXIT.INVALID : EXIT.FAILURE;
  } finally {
    await client.close();
  }
}

function describeTarget(m: { kind: string; key: string | null; type?: string | null }): string {
  switch (m.kind) {
    case 'ATTRIBUTE':
      return m.key ?? '?';
    case 'PROPERTY':
      return `property ${m.key}`;
    case 'NEW_PROPERTY':
      return `new property ${m.key}${m.type ? ` (${m.type})` : ''}`;
    default:
      return m.kind.toLowerCase();
  }
}

function startBar(io: Io, state: ImportStateFragment): cliProgress.SingleBar {
  const bar = new cliProgress.SingleBar(
    {
      stream: io.stderr,
      format: 'Importing |{bar}| {percentage}% | {value}/{total} rows | {rate} rows/s | {eta}',
      hideCursor: true,
      noTTYOutput: !io.stderr.isTTY,
      notTTYSchedule: 1000,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(state.progress.total, state.progress.processed, progressPayload(state));
  return bar;
}

/** Rate and time left from the server's rowsPerSecond (the bar's own estimate starts from zero). */
function progressPayload(state: ImportStateFragment): { rate: string; eta: string } {
  const { processed, total, rowsPerSecond } = state.progress;
  if (state.status !== 'RUNNING') return { rate: rowsPerSecond ? rowsPerSecond.toFixed(0) : '-', eta: state.status.toLowerCase() };
  if (!rowsPerSecond) return { rate: '…', eta: 'starting' };
  const seconds = Math.ceil((total - processed) / rowsPerSecond);
  const eta = seconds >= 60 ? `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s left` : `${seconds}s left`;
  return { rate: rowsPerSecond.toFixed(0), eta };
}

type ErrorRow = { row: number; column: string | null; value: string | null; code: string; message: string };

async function firstErrors(client: PaviorClient, id: string, expected: number): Promise<ErrorRow[]> {
  if (expected <= 0) return [];
  const page = await client.imports.errors(id, { pageSize: ERRORS_IN_JSON }).first();
  return page.items.map(({ row, column, value, code, message }) => ({ row, column, value, code, message }));
}

function printErrors(io: Io, errors: ErrorRow[], invalidRows: number, reportUrl: string | null) {
  print(io.stderr, `Errors (${count(invalidRows)} invalid rows):`);
  for (const e of errors.slice(0, ERRORS_SHOWN)) {
    print(io.stderr, `  row ${e.row}${e.column ? `, ${e.column}` : ''}: ${e.code}: ${e.message}${e.value ? ` (${JSON.stringify(e.value)})` : ''}`);
  }
  if (errors.length > ERRORS_SHOWN || invalidRows > errors.length) print(io.stderr, '  …');
  if (reportUrl) print(io.stderr, `Full error report (CSV): ${reportUrl}`);
}

function printResult(io: Io, state: ImportStateFragment) {
  const r = state.result;
  const summary = r ? `${count(r.created)} created, ${count(r.updated)} updated, ${count(r.unchanged)} unchanged, ${count(r.failed)} failed` : '';
  if (state.status === 'COMPLETED') print(io.stdout, `Imported: ${summary} (import ${state.id}).`);
  else print(io.stderr, `Import ${state.status}${state.failure ? `: ${state.failure}` : ''}${summary ? ` — ${summary}` : ''} (import ${state.id}).`);
}

/** Drops the `analysis` (bulky column samples) from JSON output. */
function strip<T extends object>(value: T): Omit<T, 'analysis'> {
  const { analysis: _analysis, ...rest } = value as T & { analysis?: unknown };
  return rest;
}

// ---------------------------------------------------------------------------------------------
// export

async function exportCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    ...FILTERS,
    column: { type: 'string', multiple: true },
    format: { type: 'string' },
    out: { type: 'string' },
  });
  if (values.help) return help(io);
  if (positionals.length) throw new UsageError(`export takes no arguments, got "${positionals[0]}"`);
  const format = (values.format ?? 'csv').toUpperCase();
  if (format !== 'CSV' && format !== 'XLSX') throw new UsageError('--format must be csv or xlsx');
  const filter = userFilter(values);
  const client = connect(values, io);
  const result = await client.exports.users({ filter, format, columns: values.column?.length ? values.column : undefined });
  if (result.__typename !== 'DownloadPayload') {
    if (values.json) json(io, { ok: false, error: result });
    else {
      print(io.stderr, `error: ${result.code}: ${result.message}`);
      if (result.__typename === 'ValidationError') for (const issue of result.issues) print(io.stderr, `  ${issue.path.join('.')}: ${issue.code}: ${issue.message}`);
    }
    return result.__typename === 'ValidationError' ? EXIT.INVALID : EXIT.FAILURE;
  }
  if (!values.out) {
    if (values.json) json(io, { ok: true, url: result.url, expiresAt: result.expiresAt });
    else print(io.stdout, result.url);
    return EXIT.OK;
  }
  const response = await fetch(result.url);
  if (!response.ok || !response.body) {
    print(io.stderr, `error: the download answered HTTP ${response.status}`);
    return EXIT.FAILURE;
  }
  const body = Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>);
  let bytes = 0;
  body.on('data', (chunk: Buffer) => (bytes += chunk.length));
  if (values.out === '-') {
    await pipeline(body, io.stdout, { end: false });
    return EXIT.OK;
  }
  await pipeline(body, createWriteStream(values.out));
  if (values.json) json(io, { ok: true, file: values.out, bytes, format });
  else print(io.stdout, `Wrote ${count(bytes)} bytes to ${values.out}`);
  return EXIT.OK;
}

// ---------------------------------------------------------------------------------------------
// users list

async function usersCommand(args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h') return help(io);
  if (sub !== 'list') throw new UsageError(`Unknown users command "${sub}" (try: pavior users list)`);
  const { values, positionals } = parse(rest, { ...FILTERS, limit: { type: 'string' } });
  if (values.help) return help(io);
  if (positionals.length) throw new UsageError(`users list takes no arguments, got "${positionals[0]}"`);
  const limit = values.limit === undefined ? Infinity : Number(values.limit);
  if (!Number.isInteger(limit) && limit !== Infinity) throw new UsageError('--limit must be a whole number');
  if (limit < 0) throw new UsageError('--limit must be a whole number');
  const filter = userFilter(values);
  const client = connect(values, io);

  let shown = 0;
  let opened = false;
  for await (const user of client.users.list(filter, { pageSize: Math.min(100, Math.max(1, limit === Infinity ? 100 : limit)) })) {
    if (shown >= limit) break;
    // The array opens with the first user, so a failure before it prints only the error object.
    if (values.json && !opened) io.stdout.write('[');
    opened = true;
    if (values.json) io.stdout.write(`${shown ? ',' : ''}\n  ${JSON.stringify(user)}`);
    else {
      const tags = user.tags.map((t) => t.name).join(', ');
      print(io.stdout, [user.externalId, user.email ?? '-', user.displayName ?? '-', user.status, user.kind, tags].join('\t'));
    }
    shown++;
  }
  if (values.json) io.stdout.write(opened ? '\n]\n' : '[]\n');
  else print(io.stderr, `${count(shown)} user${shown === 1 ? '' : 's'}`);
  return EXIT.OK;
}

// ---------------------------------------------------------------------------------------------
// track

function propertyValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

async function trackCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    prop: { type: 'string', multiple: true },
    by: { type: 'string' },
    'create-user': { type: 'boolean' },
  });
  if (values.help) return help(io);
  const [user, name, ...extra] = positionals;
  if (!user || !name || extra.length) throw new UsageError('track takes a user and an event name: pavior track <user> <event>');
  const by = values.by ?? (user.includes('@') ? 'email' : 'externalId');
  if (!['id', 'externalId', 'email'].includes(by)) throw new UsageError('--by must be id, externalId or email');
  const properties: Record<string, unknown> = {};
  for (const entry of values.prop ?? []) {
    const at = entry.indexOf('=');
    if (at <= 0) throw new UsageError(`--prop needs KEY=VALUE, got "${entry}"`);
    properties[entry.slice(0, at)] = propertyValue(entry.slice(at + 1));
  }
  const client = connect(values, io);
  const result = await client.track({ user: { [by]: user }, name, properties, createMissingUser: values['create-user'] });
  if (values.json) json(io, { ok: result.__typename === 'EventPayload', result });
  if (result.__typename === 'EventPayload') {
    if (!values.json) print(io.stdout, `Tracked ${name} for ${user} (${result.event.id}).`);
    return EXIT.OK;
  }
  if (!values.json) {
    print(io.stderr, `error: ${result.code}: ${result.message}`);
    if (result.__typename === 'NotFoundError') print(io.stderr, 'Pass --create-user to create an unknown user.');
  }
  return result.__typename === 'ValidationError' ? EXIT.INVALID : EXIT.FAILURE;
}

// ---------------------------------------------------------------------------------------------

function help(io: Io): number {
  io.stdout.write(HELP);
  return EXIT.OK;
}

const COMMANDS: Record<string, (args: string[], io: Io) => Promise<number>> = {
  import: importCommand,
  export: exportCommand,
  users: usersCommand,
  track: trackCommand,
};

/**
 * Runs the command line with `argv` (without `node` and the script) and returns its exit code.
 *
 * @example
 * const code = await run(['users', 'list', '--tag', 'vip', '--json'], { stdout: process.stdout, stderr: process.stderr, env: process.env });
 */
export async function run(argv: string[], io: Io): Promise<number> {
  const [command, ...args] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') return help(io);
  if (command === '--version' || command === 'version') {
    print(io.stdout, '0.1.0');
    return EXIT.OK;
  }
  const handler = COMMANDS[command];
  try {
    if (!handler) throw new UsageError(`Unknown command "${command}"`);
    return await handler(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      print(io.stderr, `pavior: ${error.message}`);
      print(io.stderr, 'Run `pavior --help` for usage.');
      return EXIT.USAGE;
    }
    if (error instanceof PaviorError) {
      const json = argv.includes('--json');
      if (json) print(io.stdout, JSON.stringify({ ok: false, error: { code: error.code, message: error.message, status: error.status ?? null } }));
      print(io.stderr, `error: ${error.code}: ${error.message}`);
      return EXIT.FAILURE;
    }
    print(io.stderr, `error: ${(error as Error)?.stack ?? String(error)}`);
    return EXIT.FAILURE;
  }
}
