/**
 * Shared pieces of `npm run bench`: settings, a scratch PostgreSQL database, the app on a real
 * port, a GraphQL helper for setup, the load runner (autocannon in a child process) and table
 * formatting. Benchmarks live one per file beside this one and are listed in run.ts.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createApp } from '../server/app.ts';
import { type Config, loadConfig } from '../server/config.ts';
import { createDb } from '../server/db/create-db.ts';
import { migrateToLatest } from '../server/db/migrator.ts';
import type { Db } from '../server/db/types.ts';
import { createAppPubSub } from '../server/pubsub.ts';

// ─── settings ────────────────────────────────────────────────────────────────────────────────

export interface BenchSettings {
  /** Admin connection used to create and drop the scratch database. */
  adminUrl: string;
  durationSec: number;
  warmupSec: number;
  connections: number;
  /** NODE_ENV given to the app's config. */
  nodeEnv: 'production' | 'test';
  /** Where to write the JSON results; stdout only when unset. */
  outPath?: string;
}

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

export function readSettings(env: NodeJS.ProcessEnv): BenchSettings {
  return {
    adminUrl: env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
    durationSec: positiveInt(env, 'BENCH_DURATION', 10),
    warmupSec: positiveInt(env, 'BENCH_WARMUP', 2),
    connections: positiveInt(env, 'BENCH_CONNECTIONS', 50),
    // Production keeps Yoga's logging on (level info; per-request lines are debug, so none print).
    nodeEnv: env.BENCH_NODE_ENV === 'test' ? 'test' : 'production',
    outPath: env.BENCH_OUT || undefined,
  };
}

// ─── scratch database ────────────────────────────────────────────────────────────────────────

/** The URL with its password hidden, for printing. */
export function redactUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

export interface ScratchDatabase {
  name: string;
  url: string;
  /** Leftover scratch databases of dead runs that were dropped on the way. */
  swept: string[];
  drop(): Promise<void>;
}

async function withAdmin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const SCRATCH_PREFIX = 'pavior_bench_';

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Creates `pavior_bench_<pid>` beside the admin database; `drop()` removes it (idempotent).
 * On a local server it also drops scratch databases left by earlier runs whose process is gone
 * (killed with SIGKILL, which no cleanup survives); a remote server's pids are not ours to judge.
 */
export async function createScratchDatabase(adminUrl: string): Promise<ScratchDatabase> {
  const name = `${SCRATCH_PREFIX}${process.pid}`;
  const swept: string[] = [];
  const host = new URL(adminUrl).hostname;
  const local = ['', '127.0.0.1', 'localhost', '[::1]'].includes(host);
  await withAdmin(adminUrl, async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE '${SCRATCH_PREFIX}%'`,
    );
    for (const { datname } of rows) {
      const pid = Number(datname.slice(SCRATCH_PREFIX.length));
      if (!Number.isInteger(pid)) continue;
      // Our own name can only be a leftover of an earlier process that had the same pid.
      const stale = pid === process.pid || (local && !isRunning(pid));
      if (!stale) continue;
      await client.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
      if (pid !== process.pid) swept.push(datname);
    }
    await client.query(`CREATE DATABASE ${name}`);
  });
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    name,
    swept,
    url: url.toString(),
    async drop() {
      if (dropped) return;
      dropped = true;
      await withAdmin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/** Time for requests cut off at the end of a load run to finish before anything else starts. */
export const SETTLE_MS = 500;

export function settle(ms = SETTLE_MS): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// ─── the app ─────────────────────────────────────────────────────────────────────────────────

export interface BenchApp {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  graphqlUrl: string;
  /** The scratch database the app runs on (for seeding and hand-written SQL baselines). */
  databaseUrl: string;
  config: Config;
  /** For benchmarks that seed large data sets directly (set-based inserts). */
  db: Db;
  stop(): Promise<void>;
}

/**
 * Migrates the database, then starts the real app on a free port of 127.0.0.1. `extraEnv` adds
 * configuration variables, or overrides the ones below (a benchmark that needs a setting of its own).
 */
export async function startBenchApp(
  databaseUrl: string,
  nodeEnv: BenchSettings['nodeEnv'],
  extraEnv: Record<string, string | undefined> = {},
): Promise<BenchApp> {
  const config = loadConfig({
    NODE_ENV: nodeEnv,
    DATABASE_URL: databaseUrl,
    HOST: '127.0.0.1',
    SHUTDOWN_GRACE_MS: '2000',
    // One JSON line per request would flood the report; BENCH_LOG_LEVEL=info measures with them.
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL || 'warn',
    // Load runs drive one credential far past any real caller's budget, and compare exact bodies
    // (a changing `extensions.cost.remaining` would not match): rate limits off unless BENCH_RATE_LIMIT=true.
    RATE_LIMIT: process.env.BENCH_RATE_LIMIT || 'false',
    ...extraEnv,
  });
  const db = createDb({ databaseUrl, poolMax: config.databasePoolMax });
  try {
    await migrateToLatest(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  const pubsub = createAppPubSub(config.redisUrl);
  const app = createApp({ config, db, pubsub });
  const url = await app.start(0, '127.0.0.1');
  return {
    url,
    graphqlUrl: `${url}/graphql`,
    databaseUrl,
    config,
    db,
    async stop() {
      await app.stop();
      // app.stop() resolves once the sockets are closed, but requests whose client went away
      // (autocannon cuts its connections at the end of a run) may still be awaiting the pool.
      await settle();
      await pubsub.close();
      await db.destroy();
    },
  };
}

// ─── GraphQL over HTTP ───────────────────────────────────────────────────────────────────────

export const GRAPHQL_HEADERS: Record<string, string> = {
  'content-type': 'application/json',
  accept: 'application/graphql-response+json',
};

export function authHeaders(token?: string): Record<string, string> {
  return token ? { ...GRAPHQL_HEADERS, authorization: `Bearer ${token}` } : { ...GRAPHQL_HEADERS };
}

/** One request, exactly as the load runner will send it; returns the raw body. */
export async function postGraphql(
  url: string,
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; text: string; json: { data?: any; errors?: unknown[] } }> {
  const response = await fetch(url, { method: 'POST', headers, body });
  const text = await response.text();
  let json: { data?: any; errors?: unknown[] };
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    throw new Error(`Non-JSON response (${response.status}) from ${url}: ${text.slice(0, 300)}`);
  }
  return { status: response.status, text, json };
}

/** Setup helper: runs an operation and returns `data`, throwing on any error. */
export async function graphql<T = any>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<T> {
  const { status, json, text } = await postGraphql(url, JSON.stringify({ query, variables }), authHeaders(token));
  if (status !== 200 || json.errors?.length || !json.data) throw new Error(`GraphQL request failed (${status}): ${text.slice(0, 500)}`);
  return json.data as T;
}

const CREATE_TEAM = /* GraphQL */ `
  mutation BenchCreateTeam($input: CreateTeamInput!) {
    createTeam(input: $input) {
      __typename
      ... on CreateTeamPayload { token }
      ... on Error { code message }
    }
  }
`;

const CREATE_API_KEY = /* GraphQL */ `
  mutation BenchCreateApiKey($input: CreateApiKeyInput!) {
    createApiKey(input: $input) {
      __typename
      ... on CreateApiKeyPayload { secret }
      ... on Error { code message }
    }
  }
`;

/** Setup helper: a team created through the API; returns its admin's session token. */
export async function createBenchTeam(graphqlUrl: string, slug: string, name: string): Promise<string> {
  const data = await graphql(graphqlUrl, CREATE_TEAM, {
    input: { slug, name, admin: { email: `admin@${slug}.example.com`, password: 'bench-password-123', name: 'Bench' } },
  });
  if (data.createTeam.__typename !== 'CreateTeamPayload') throw new Error(`createTeam answered ${JSON.stringify(data.createTeam)}`);
  return data.createTeam.token as string;
}

/** Setup helper: a secret API key (pav_sk_…) with `scopes`, made by the session's member. */
export async function createBenchApiKey(graphqlUrl: string, sessionToken: string, scopes: string[]): Promise<string> {
  const data = await graphql(graphqlUrl, CREATE_API_KEY, { input: { name: 'bench', scopes } }, sessionToken);
  if (data.createApiKey.__typename !== 'CreateApiKeyPayload') throw new Error(`createApiKey answered ${JSON.stringify(data.createApiKey)}`);
  const secret = data.createApiKey.secret as string;
  if (!secret.startsWith('pav_sk_')) throw new Error('createApiKey did not return a pav_sk_ secret');
  return secret;
}

// ─── load runner ─────────────────────────────────────────────────────────────────────────────

export interface LoadRequest {
  title: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  connections: number;
  durationSec: number;
  /** Exact body every response must have; anything else counts as a mismatch. */
  expectBody?: string;
}

export interface LoadResult {
  title: string;
  /** Mean of the per-second request counts. */
  requestsPerSec: number;
  totalRequests: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMeanMs: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  mismatches: number;
  durationSec: number;
  /**
   * CPU time (user + system) spent serving the load, when measured: the process answering
   * (the app, or the SQL baseline's client) and the PostgreSQL backends it used. Unlike
   * requests/s, CPU per request hardly moves when other work shares the machine.
   */
  cpu?: {
    serverMs: number;
    databaseMs: number;
    /** Requests that CPU time served: the measured ones plus any finished after the run was cut. */
    requests: number;
  };
}

export type LoadReply = { ok: true; result: LoadResult } | { ok: false; error: string };

const LOAD_CHILD = fileURLToPath(new URL('./load-child.ts', import.meta.url));

const loadChildren = new Set<ChildProcess>();

/** Ends every running load child (an interrupted run must not keep hammering a closing app). */
export function stopLoad(): void {
  for (const child of loadChildren) child.kill('SIGTERM');
}

/**
 * Forks `file` (a TypeScript module run through tsx) as a load generator with its own event
 * loop, heap and GC, sends it `request` over IPC and resolves with the one reply it sends back:
 * `{ ok: true, result }` or `{ ok: false, error }`. `stopLoad()` ends it.
 */
export function runLoadChild<Request, Result>(file: string, title: string, request: Request): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = fork(file, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    loadChildren.add(child);
    child.once('exit', () => loadChildren.delete(child));
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
    };
    child.once('message', (reply: { ok: true; result: Result } | { ok: false; error: string }) =>
      settle(() => (reply.ok ? resolve(reply.result) : reject(new Error(`${title}: ${reply.error}`)))),
    );
    child.once('error', (error) => settle(() => reject(error)));
    child.once('exit', (code, signal) => settle(() => reject(new Error(`load child for "${title}" exited early (${signal ?? code})`))));
    child.send(request as object);
  });
}

/** Runs autocannon in a child process (own event loop and GC) against `request.url`. */
export function runLoad(request: LoadRequest): Promise<LoadResult> {
  return runLoadChild<LoadRequest, LoadResult>(LOAD_CHILD, `autocannon (${request.title})`, request);
}

const SQL_LOAD_CHILD = fileURLToPath(new URL('./sql-load-child.ts', import.meta.url));

/** A hand-written SQL baseline, driven like autocannon drives HTTP (see sql-load-child.ts). */
export interface SqlLoadRequest {
  title: string;
  databaseUrl: string;
  /** Size of the child's `pg` pool: give it the app's pool size for a fair comparison. */
  poolMax: number;
  /** Concurrent query loops: give it the HTTP scenario's connection count. */
  workers: number;
  durationSec: number;
  /** Prepared statement name (one parse and plan per connection). */
  statementName: string;
  text: string;
  values: unknown[];
  /** Exact text every execution's first column of the first row must have. */
  expectBody: string;
}

/** Runs a SQL baseline in a child process; its result has the shape of an autocannon one. */
export function runSqlLoad(request: SqlLoadRequest): Promise<LoadResult> {
  return runLoadChild<SqlLoadRequest, LoadResult>(SQL_LOAD_CHILD, `SQL load (${request.title})`, request);
}

export interface Scenario {
  /** Short name, shown in the table. */
  name: string;
  description: string;
  headers: Record<string, string>;
  body: string;
  /** Exact expected response body (captured and checked before the run). */
  expectBody?: string;
  /** Name of another scenario of the same bench that this one is compared with. */
  baseline?: string;
}

export interface ScenarioResult extends LoadResult {
  scenario: string;
  description: string;
  baseline?: string;
  /** requests/s as a percentage of the baseline's, when there is one. */
  percentOfBaseline?: number;
}

/** Warm-up then measurement for each scenario in turn; adds the baseline ratios. */
export async function measureScenarios(
  url: string,
  scenarios: Scenario[],
  settings: Pick<BenchSettings, 'connections' | 'durationSec' | 'warmupSec'>,
  log: (line: string) => void,
): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  for (const scenario of scenarios) {
    const common = {
      url,
      headers: scenario.headers,
      body: scenario.body,
      connections: settings.connections,
      ...(scenario.expectBody === undefined ? {} : { expectBody: scenario.expectBody }),
    };
    log(`  ${scenario.name}: warm-up ${settings.warmupSec}s…`);
    await runLoad({ ...common, title: `${scenario.name} (warm-up)`, durationSec: settings.warmupSec });
    await settle();
    log(`  ${scenario.name}: measuring ${settings.durationSec}s…`);
    const result = await runLoad({ ...common, title: scenario.name, durationSec: settings.durationSec });
    await settle();
    results.push({
      ...result,
      scenario: scenario.name,
      description: scenario.description,
      ...(scenario.baseline ? { baseline: scenario.baseline } : {}),
    });
  }
  for (const result of results) {
    if (!result.baseline) continue;
    const base = results.find((r) => r.scenario === result.baseline);
    if (base && base.requestsPerSec > 0) result.percentOfBaseline = (result.requestsPerSec / base.requestsPerSec) * 100;
  }
  return results;
}

/** Reasons a result cannot be trusted (any non-2xx, socket error, timeout or wrong body). */
export function resultProblems(result: ScenarioResult): string[] {
  const problems: string[] = [];
  if (result.non2xx) problems.push(`${result.non2xx} non-2xx responses`);
  if (result.errors) problems.push(`${result.errors} connection errors`);
  if (result.timeouts) problems.push(`${result.timeouts} timeouts`);
  if (result.mismatches) problems.push(`${result.mismatches} responses with an unexpected body`);
  if (result.totalRequests === 0) problems.push('no request completed');
  return problems;
}

// ─── formatting ──────────────────────────────────────────────────────────────────────────────

export function formatNumber(value: number, fractionDigits = 0): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits });
}

export function formatPercent(value: number | undefined): string {
  return value === undefined ? '—' : `${value.toFixed(1)} %`;
}

/** A plain text table; columns whose `align` is 'right' are right-aligned (numbers). */
export function formatTable(columns: { header: string; align?: 'left' | 'right' }[], rows: string[][]): string {
  const widths = columns.map((column, i) => Math.max(column.header.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (columns[i]?.align === 'right' ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

// ─── benchmark shape ─────────────────────────────────────────────────────────────────────────

export interface BenchContext {
  app: BenchApp;
  settings: BenchSettings;
  log(line: string): void;
}

export interface BenchReport {
  scenarios: ScenarioResult[];
  /** Lines printed under the summary table (derived figures such as the cost of auth). */
  notes: string[];
}

/** One benchmark: a file in bench/ exporting one of these, registered in run.ts. */
export interface Bench {
  name: string;
  description: string;
  run(context: BenchContext): Promise<BenchReport>;
}
