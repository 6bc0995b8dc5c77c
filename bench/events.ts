/**
 * Events at scale, in one run on PostgreSQL:
 *
 * - ingest-sql / ingest-graphql: batches of 1,000 events for 1,000 users (referenced by
 *   externalId, small realistic properties). The baseline inserts the same events with one
 *   hand-written `insert … select … from unnest(…)` per batch through a `pg` pool; the API path
 *   is `trackBatch` with an API key (events:write users:write). Both are driven by
 *   events-ingest-child.ts with the same number of batches in flight for the same time, in
 *   interleaved rounds; every answer must be accepted = 1000, rejected = [] (every insert 1000
 *   rows), and the events stored afterwards must be exactly the sum of both. Target: the API at
 *   ≥ 50 % of the baseline's events/s and ≥ 20,000 events/s. Also CPU per batch on each side:
 *   the app (this process), its PostgreSQL backends (/proc, when the server is local) and the
 *   load generator — steadier than events/s on a shared machine.
 * - event-counts: a second team with 1,000,000 stored events (20 names, Zipf-like popularity,
 *   90 days, 5,000 users) seeded with generate_series; `eventCounts(days: 30, names: [<the most
 *   frequent name>])` one request at a time through HTTP with an events:read key: median and p95
 *   (target median < 50 ms), checked against a hand-written count, plus EXPLAIN (ANALYZE,
 *   BUFFERS) of the SQL that server/modules/events/counts.ts generates (captured from Kysely).
 * - fanout: 500 graphql-ws subscriptions to `activity(filter: {names: ["fanout.ping"]})` (one
 *   per socket by default: 500 live dashboards) with an events:read key; ~50 rounds of one
 *   `track` over HTTP; delay from the track response to the LAST subscription's delivery, p50 and
 *   p99 (target p99 < 250 ms). Subscribers and tracker share one child process, so every
 *   timestamp is on one clock and the server's process only serves. With the in-process pub/sub
 *   the deliveries happen inside the publishing request, so that delay is ≤ 0: the notes add send
 *   → last delivery and the track round trip with and without subscribers.
 * - fanout-redis: the same against a second app instance on the same database whose pub/sub is
 *   Redis (REDIS_URL), as when instances are scaled out; skipped when Redis does not answer.
 * - ingest-quiet / ingest-listened: trackBatch just before the fan-out, then again while the 500
 *   subscriptions are open (their filter excludes the batch): what open dashboards cost ingestion.
 *
 * Environment (besides run.ts's): BENCH_EVENTS_CONCURRENCY (batches in flight, default 4),
 * BENCH_ROUNDS (interleaved ingestion rounds, default 3), BENCH_STORED_EVENTS (default
 * 1000000), BENCH_COUNT_RUNS (default 100), BENCH_FANOUT_SUBSCRIBERS (default 500),
 * BENCH_FANOUT_PER_SOCKET (default 1, at most the server's WS_MAX_SUBSCRIPTIONS),
 * BENCH_FANOUT_ROUNDS (default 50), BENCH_REDIS_URL (default redis://127.0.0.1:6379; `off` skips
 * fanout-redis), BENCH_EVENTS_ONLY (some of ingest, counts, fanout, comma-separated; all by default;
 * ingest-quiet / ingest-listened run with fanout when ingest runs too).
 */
import { fork } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { CamelCasePlugin, type CompiledQuery, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { createApp } from '../server/app.ts';
import type { Database } from '../server/db/types.ts';
import { countEventsPerDay } from '../server/modules/events/counts.ts';
import { createAppPubSub } from '../server/pubsub.ts';
import type { FanoutMessage, FanoutRequest, FanoutResult } from './events-fanout-child.ts';
import { backendsCpuMs } from './events-cpu.ts';
import type { IngestRequest, IngestResult, IngestSqlBatch } from './events-ingest-child.ts';
import {
  authHeaders,
  type Bench,
  type BenchApp,
  createBenchApiKey,
  createBenchTeam,
  formatNumber,
  formatPercent,
  type LoadResult,
  postGraphql,
  redactUrl,
  runLoadChild,
  type ScenarioResult,
  settle,
} from './lib.ts';

const BATCH = 1000;
const INGEST_USERS = 1000;
const COUNT_USERS = 5000;
const COUNT_DAYS = 30;
const STORED_DAYS = 90;
const COUNT_WARMUP_RUNS = 20;
/** Distinct trackBatch bodies (and SQL batches) the load rotates through. */
const DISTINCT_BATCHES = 8;
const FANOUT_NAME = 'fanout.ping';

const TARGET_PERCENT_OF_SQL = 50;
const TARGET_EVENTS_PER_SEC = 20_000;
const TARGET_COUNT_MEDIAN_MS = 50;
const TARGET_FANOUT_P99_MS = 250;

const INGEST_CHILD = fileURLToPath(new URL('./events-ingest-child.ts', import.meta.url));
const FANOUT_CHILD = fileURLToPath(new URL('./events-fanout-child.ts', import.meta.url));

// ─── data ────────────────────────────────────────────────────────────────────────────────────

/** 20 names, most frequent first; popularity ∝ 1/rank (Zipf-like), as product analytics is. */
const EVENT_NAMES = [
  'page.viewed', 'button.clicked', 'screen.viewed', 'search.performed', 'item.viewed', 'feature.used',
  'cart.item_added', 'signed_in', 'form.submitted', 'file.downloaded', 'video.played', 'checkout.started',
  'notification.opened', 'comment.posted', 'settings.changed', 'invite.sent', 'checkout.completed',
  'signed_out', 'subscription.upgraded', 'support.ticket_opened',
];
const NAME_WEIGHTS = EVENT_NAMES.map((_, i) => 1 / (i + 1));
const WEIGHT_SUM = NAME_WEIGHTS.reduce((a, b) => a + b, 0);
/** Lower bound of each name's share of [0, 1), for width_bucket() and for drawing in JS. */
const NAME_THRESHOLDS = NAME_WEIGHTS.map((_, i) => NAME_WEIGHTS.slice(0, i).reduce((a, b) => a + b, 0) / WEIGHT_SUM);

const PATHS = ['/', '/pricing', '/docs', '/docs/getting-started', '/blog', '/dashboard', '/settings', '/billing', '/integrations', '/changelog'];
const SOURCES = ['web', 'ios', 'android'];
const REFERRERS = ['google', 'direct', 'newsletter', 'twitter', 'linkedin', 'partner'];
const BUTTONS = ['signup', 'upgrade', 'export', 'invite', 'save', 'share'];
const QUERIES = ['pricing', 'api key', 'webhooks', 'export csv', 'sso', 'invoice'];

/** Deterministic PRNG (mulberry32), so every run sends the same events. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const externalIdOf = (i: number) => `cus_${String(i).padStart(7, '0')}`;

interface BenchEvent {
  externalId: string;
  name: string;
  properties: Record<string, string | number | boolean>;
}

/** One batch: users uniformly at random, names by popularity, 2–4 small properties. */
function makeBatch(random: () => number): BenchEvent[] {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  return Array.from({ length: BATCH }, () => {
    const r = random();
    let n = NAME_THRESHOLDS.length - 1;
    while (n > 0 && NAME_THRESHOLDS[n]! > r) n--;
    const name = EVENT_NAMES[n]!;
    const source = pick(SOURCES);
    let properties: BenchEvent['properties'];
    if (name === 'page.viewed' || name === 'screen.viewed') properties = { path: pick(PATHS), referrer: pick(REFERRERS), source };
    else if (name === 'button.clicked') properties = { button: pick(BUTTONS), path: pick(PATHS), source };
    else if (name === 'search.performed') properties = { query: pick(QUERIES), results: Math.floor(random() * 40), source };
    else if (name.startsWith('cart.') || name.startsWith('checkout.') || name === 'item.viewed') {
      properties = { sku: `SKU-${1000 + Math.floor(random() * 500)}`, price: Math.round(random() * 20000) / 100, currency: 'EUR', source };
    } else properties = { path: pick(PATHS), source, beta: random() < 0.2 };
    return { externalId: externalIdOf(1 + Math.floor(random() * INGEST_USERS)), name, properties };
  });
}

// ─── helpers ─────────────────────────────────────────────────────────────────────────────────

function positiveIntFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}

async function teamIdOf(client: pg.Client, slug: string): Promise<string> {
  const { rows } = await client.query<{ id: string }>('select id from teams where slug = $1', [slug]);
  if (!rows[0]) throw new Error(`team ${slug} not found after createTeam`);
  return rows[0].id;
}

/** `count` users cus_0000001… with a few attributes, in one INSERT … SELECT. */
async function seedUsers(client: pg.Client, teamId: string, count: number): Promise<number> {
  const result = await client.query(
    `insert into users (team_id, external_id, email, display_name, properties, signed_up_at, created_at, updated_at)
     select $1, 'cus_' || lpad(i::text, 7, '0'), 'user' || i || '@example.com', 'User ' || i,
            jsonb_build_object('plan', (array['free', 'pro', 'enterprise'])[1 + (i % 3)]),
            t.at, t.at, t.at
     from generate_series(1, $2::int) as i,
          lateral (select date_trunc('milliseconds', now() - (i % 365) * interval '1 day') as at) as t`,
    [teamId, count],
  );
  return result.rowCount ?? 0;
}

async function eventCount(client: pg.Client, teamId: string): Promise<number> {
  const { rows } = await client.query<{ n: number }>('select count(*)::int as n from events where team_id = $1', [teamId]);
  return rows[0]!.n;
}

async function deadlocks(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ n: string }>('select deadlocks::text as n from pg_stat_database where datname = current_database()');
  return Number(rows[0]?.n ?? 0);
}

/** What the app's PostgreSQL backends are doing, sampled from pg_stat_activity. */
class BackendSampler {
  private readonly states = new Map<string, number>();
  samples = 0;
  private running?: Promise<void>;
  private stop = false;
  constructor(private readonly client: pg.Client) {}

  /**
   * Samples every `everyMs` while `during` runs: per non-idle backend, its state, wait event
   * ("on CPU" when none) and statement, e.g. "active Lock/transactionid: update users …".
   */
  async while<T>(everyMs: number, during: () => Promise<T>): Promise<T> {
    this.stop = false;
    this.running = (async () => {
      while (!this.stop) {
        const { rows } = await this.client.query<{ state: string; wait: string | null; query: string }>(
          `select state, wait_event_type || '/' || wait_event as wait, query from pg_stat_activity
           where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend' and state <> 'idle'`,
        );
        this.samples++;
        for (const row of rows) {
          const statement = row.query.replace(/\s+/g, ' ').trim().slice(0, 60);
          const key =
            row.state === 'active' ? `active ${row.wait ?? '(on CPU)'}: ${statement}` : `${row.state} (after: ${statement})`;
          this.states.set(key, (this.states.get(key) ?? 0) + 1);
        }
        await new Promise((resolve) => setTimeout(resolve, everyMs));
      }
    })();
    try {
      return await during();
    } finally {
      this.stop = true;
      await this.running.catch(() => {});
    }
  }

  top(n: number): [string, number][] {
    return [...this.states].sort((a, b) => b[1] - a[1]).slice(0, n);
  }

  get total(): number {
    return [...this.states.values()].reduce((a, b) => a + b, 0);
  }
}

/** SQL text and parameters of every query a Kysely instance runs (same plugin as the app). */
function capturingDb(databaseUrl: string): { db: Kysely<Database>; captured: CompiledQuery[]; close(): Promise<void> } {
  const captured: CompiledQuery[] = [];
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    plugins: [new CamelCasePlugin({ maintainNestedObjectKeys: true })],
    log: (event) => {
      if (event.level === 'query') captured.push(event.query);
    },
  });
  return { db, captured, close: () => db.destroy() };
}

// ─── 1. ingestion ────────────────────────────────────────────────────────────────────────────

const TRACK_BATCH = `mutation BenchTrackBatch($input: TrackBatchInput!) {
  trackBatch(input: $input) {
    __typename
    ... on TrackBatchPayload { accepted rejected { index code message } }
    ... on Error { code message }
  }
}`;

/** The baseline: the same rows, columns as arrays through unnest, no RETURNING. */
const RAW_INSERT = `insert into events (team_id, user_id, name, properties, occurred_at, origin, api_key_id)
select $1::uuid, u.user_id, u.name, u.properties, u.occurred_at, 'SERVER', $2::uuid
from unnest($3::uuid[], $4::text[], $5::jsonb[], $6::timestamptz[]) as u(user_id, name, properties, occurred_at)`;

interface IngestOutcome {
  sql: IngestResult;
  graphql: IngestResult;
  stored: number;
  expectedStored: number;
  deadlocks: number;
  serverCpuPercent: number;
  backendStates: [string, number][];
  backendSampleTotal: number;
  backendSamples: number;
  cpu: IngestCpu;
  concurrency: number;
  rounds: number;
  /** One more measured trackBatch run (for comparisons later in the bench). */
  runGraphql(title: string, durationSec: number): Promise<IngestResult>;
}

function combine(title: string, runs: IngestResult[]): IngestResult {
  const sum = (pick: (r: IngestResult) => number) => runs.reduce((total, r) => total + pick(r), 0);
  const totalRequests = sum((r) => r.totalRequests);
  const durationSec = sum((r) => r.durationSec);
  const events = sum((r) => r.events);
  const weighted = (pick: (r: IngestResult) => number) => (totalRequests ? sum((r) => pick(r) * r.totalRequests) / totalRequests : 0);
  const firstProblem = runs.find((r) => r.firstProblem)?.firstProblem;
  return {
    title,
    requestsPerSec: durationSec ? totalRequests / durationSec : 0,
    totalRequests,
    latencyP50Ms: weighted((r) => r.latencyP50Ms),
    latencyP99Ms: Math.max(...runs.map((r) => r.latencyP99Ms)),
    latencyMeanMs: weighted((r) => r.latencyMeanMs),
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    timeouts: 0,
    mismatches: sum((r) => r.mismatches),
    durationSec,
    events,
    eventsPerSec: durationSec ? events / durationSec : 0,
    clientCpuMs: sum((r) => r.clientCpuMs),
    ...(runs.every((r) => r.backendCpuMs !== undefined) ? { backendCpuMs: sum((r) => r.backendCpuMs!) } : {}),
    ...(firstProblem ? { firstProblem } : {}),
  };
}

/** CPU so far of each PostgreSQL backend on the database but `client`'s own, by pid. */
async function backendsCpu(client: pg.Client): Promise<Map<number, number>> {
  const { rows } = await client.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()');
  const cpu = new Map<number, number>();
  for (const { pid } of rows) {
    const ms = backendsCpuMs([pid]);
    if (ms !== undefined) cpu.set(pid, ms);
  }
  return cpu;
}

/** What the backends of `after` spent since `before` (a backend opened in between: all of it). */
function cpuSince(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

/** CPU per batch of 1,000, ms: who spends it, on each side. */
interface IngestCpu {
  sql: { postgres?: number; loadGenerator: number };
  graphql: { app: number; postgres?: number; loadGenerator: number };
}

async function measureIngestion(
  app: BenchApp,
  client: pg.Client,
  teamId: string,
  writerKey: string,
  settings: { durationSec: number; warmupSec: number },
  log: (line: string) => void,
): Promise<IngestOutcome> {
  const concurrency = positiveIntFromEnv('BENCH_EVENTS_CONCURRENCY', 4);
  const rounds = positiveIntFromEnv('BENCH_ROUNDS', 3);
  const random = prng(2026);
  const batches = Array.from({ length: DISTINCT_BATCHES }, () => makeBatch(random));
  const headers = authHeaders(writerKey);
  const bodies = batches.map((events) =>
    JSON.stringify({ query: TRACK_BATCH, variables: { input: { events: events.map((e) => ({ user: { externalId: e.externalId }, name: e.name, properties: e.properties })) } } }),
  );
  const { rows: users } = await client.query<{ id: string; external_id: string }>('select id, external_id from users where team_id = $1', [teamId]);
  const idOf = new Map(users.map((u) => [u.external_id, u.id]));
  const sqlBatches: IngestSqlBatch[] = batches.map((events) => ({
    userIds: events.map((e) => idOf.get(e.externalId)!),
    names: events.map((e) => e.name),
    properties: events.map((e) => JSON.stringify(e.properties)),
  }));
  const { rows: keys } = await client.query<{ id: string }>(`select id from api_keys where team_id = $1 and scopes @> array['events:write']`, [teamId]);
  const apiKeyId = keys[0]!.id;
  const distinctUsers = new Set(batches[0]!.map((e) => e.externalId)).size;
  log(
    `  ingest: ${DISTINCT_BATCHES} distinct batches of ${BATCH} events (~${formatNumber(Buffer.byteLength(bodies[0]!) / 1024)} KiB JSON each, ` +
      `${distinctUsers} distinct users of ${INGEST_USERS} per batch), ${concurrency} batches in flight`,
  );

  // One batch first, by hand: the answer must be the one the load checks for, and it must land.
  const before = await eventCount(client, teamId);
  const first = await postGraphql(app.graphqlUrl, bodies[0]!, headers);
  const payload = first.json.data?.trackBatch;
  if (first.status !== 200 || payload?.__typename !== 'TrackBatchPayload' || payload.accepted !== BATCH || payload.rejected.length !== 0) {
    throw new Error(`trackBatch answered ${first.status}: ${first.text.slice(0, 500)}`);
  }
  if ((await eventCount(client, teamId)) !== before + BATCH) throw new Error('trackBatch answered accepted = 1000 but did not store 1000 events');
  log(`  checked: trackBatch answers accepted = ${BATCH}, rejected = [] and stores ${BATCH} events`);

  const request = (mode: 'http' | 'sql', title: string, durationSec: number): IngestRequest => ({
    mode,
    title,
    concurrency,
    durationSec,
    eventsPerRequest: BATCH,
    ...(mode === 'http'
      ? { http: { url: app.graphqlUrl, headers, bodies } }
      : { sql: { databaseUrl: app.databaseUrl, poolMax: concurrency, statementName: 'bench_events_raw_insert', text: RAW_INSERT, teamId, apiKeyId, batches: sqlBatches } }),
  });
  let stored = BATCH;
  const run = async (mode: 'http' | 'sql', title: string, durationSec: number) => {
    const result = await runLoadChild<IngestRequest, IngestResult>(INGEST_CHILD, `ingest (${title})`, request(mode, title, durationSec));
    stored += result.events;
    await settle();
    return result;
  };
  const deadlocksBefore = await deadlocks(client);
  log(`  ingest-sql: warm-up ${settings.warmupSec}s…`);
  await run('sql', 'ingest-sql (warm-up)', settings.warmupSec);
  log(`  ingest-graphql: warm-up ${settings.warmupSec}s…`);
  await run('http', 'ingest-graphql (warm-up)', settings.warmupSec);
  const sliceSec = Math.max(1, Math.ceil(settings.durationSec / rounds));
  log(`  measuring ingest-sql / ingest-graphql in ${rounds} interleaved round(s) of ${sliceSec}s each…`);
  const sqlRuns: IngestResult[] = [];
  const httpRuns: IngestResult[] = [];
  let cpuMicros = 0;
  let httpWallMs = 0;
  // The app's backends, read around each GraphQL slice (a local server only; see events-cpu.ts).
  let appBackendsMs: number | undefined = 0;
  const sampler = new BackendSampler(client);
  for (let round = 1; round <= rounds; round++) {
    const sqlResult = await run('sql', `ingest-sql (round ${round})`, sliceSec);
    sqlRuns.push(sqlResult);
    const backends0 = await backendsCpu(client);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    // Only the GraphQL slices are sampled: the profile is the app's.
    const httpResult = await sampler.while(50, () => run('http', `ingest-graphql (round ${round})`, sliceSec));
    httpWallMs += performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const backends1 = await backendsCpu(client);
    appBackendsMs = backends1.size && appBackendsMs !== undefined ? appBackendsMs + cpuSince(backends0, backends1) : undefined;
    cpuMicros += cpu.user + cpu.system;
    httpRuns.push(httpResult);
    log(
      `    round ${round}: sql ${formatNumber(sqlResult.eventsPerSec)} events/s (p50 ${sqlResult.latencyP50Ms.toFixed(0)} ms/batch), ` +
        `graphql ${formatNumber(httpResult.eventsPerSec)} events/s (p50 ${httpResult.latencyP50Ms.toFixed(0)} ms/batch)`,
    );
  }
  const deadlocksAfter = await deadlocks(client);
  const expectedStored = before + stored;
  const sql = combine('ingest-sql', sqlRuns);
  const graphql = combine('ingest-graphql', httpRuns);
  const perBatch = (ms: number, result: IngestResult) => ms / Math.max(1, result.events / BATCH);
  const cpu: IngestCpu = {
    sql: {
      ...(sql.backendCpuMs === undefined ? {} : { postgres: perBatch(sql.backendCpuMs, sql) }),
      loadGenerator: perBatch(sql.clientCpuMs, sql),
    },
    graphql: {
      app: perBatch(cpuMicros / 1000, graphql),
      ...(appBackendsMs === undefined ? {} : { postgres: perBatch(appBackendsMs, graphql) }),
      loadGenerator: perBatch(graphql.clientCpuMs, graphql),
    },
  };
  return {
    sql,
    graphql,
    cpu,
    stored: await eventCount(client, teamId),
    expectedStored,
    deadlocks: deadlocksAfter - deadlocksBefore,
    serverCpuPercent: httpWallMs ? (cpuMicros / 1000 / httpWallMs) * 100 : 0,
    backendStates: sampler.top(12),
    backendSampleTotal: sampler.total,
    backendSamples: sampler.samples,
    concurrency,
    rounds,
    runGraphql: (title, durationSec) => run('http', title, durationSec),
  };
}

/**
 * "CPU per batch of 1,000: raw INSERT 35 ms (PostgreSQL 31 + load generator 4); trackBatch 60 ms
 * (app 18 + PostgreSQL 35 + load generator 7)": CPU time, unlike events/s, hardly moves with the
 * machine's other load, so it shows what a change saved when throughput is noisy.
 */
function describeIngestCpu(cpu: IngestCpu): string {
  const ms = (value: number | undefined) => (value === undefined ? 'n/a' : value.toFixed(1));
  const total = (parts: (number | undefined)[]) => (parts.some((p) => p === undefined) ? undefined : parts.reduce<number>((a, b) => a + b!, 0));
  const sql = total([cpu.sql.postgres, cpu.sql.loadGenerator]);
  const graphql = total([cpu.graphql.app, cpu.graphql.postgres, cpu.graphql.loadGenerator]);
  return (
    `CPU per batch of ${formatNumber(BATCH)} (ms): raw INSERT ${ms(sql)} (PostgreSQL ${ms(cpu.sql.postgres)} + load generator ${ms(cpu.sql.loadGenerator)}); ` +
    `trackBatch ${ms(graphql)} (app ${ms(cpu.graphql.app)} + PostgreSQL ${ms(cpu.graphql.postgres)} + load generator ${ms(cpu.graphql.loadGenerator)})`
  );
}

// ─── 2. eventCounts ──────────────────────────────────────────────────────────────────────────

/**
 * `total` events for one team in one INSERT … SELECT: user drawn with a skew (some users far
 * more active), name by popularity via width_bucket, occurred_at uniform over 90 days.
 * Foreign-key triggers are skipped for this session (session_replication_role = replica): every
 * user_id is drawn from the team's own users, and checking 1,000,000 rows one by one would
 * dominate the seed time.
 */
async function seedStoredEvents(client: pg.Client, teamId: string, total: number): Promise<number> {
  await client.query('select setseed(0.2026)');
  await client.query('set session_replication_role = replica');
  try {
    const result = await client.query(
      `insert into events (team_id, user_id, name, properties, occurred_at, origin)
       select $1, u.ids[1 + floor(power(random(), 2) * u.n)::int],
              ($2::text[])[width_bucket(random(), $3::float8[])],
              jsonb_build_object('path', ($4::text[])[1 + floor(random() * array_length($4::text[], 1))::int],
                                 'source', ($5::text[])[1 + floor(random() * array_length($5::text[], 1))::int]),
              date_trunc('milliseconds', now() - random() * interval '${STORED_DAYS} days'),
              case when random() < 0.7 then 'SERVER' else 'CLIENT' end
       from (select array_agg(id order by external_id) as ids, count(*)::int as n from users where team_id = $1) as u,
            generate_series(1, $6::int)`,
      [teamId, EVENT_NAMES, NAME_THRESHOLDS, PATHS, SOURCES, total],
    );
    return result.rowCount ?? 0;
  } finally {
    await client.query('set session_replication_role = origin');
  }
}

/**
 * The replica role skipped the events triggers too, so the seed rebuilds the team's hourly
 * counts as the migration's backfill does (eventCounts reads them; its check compares them
 * with a hand-written count over the events).
 */
async function rebuildHourlyCounts(client: pg.Client, teamId: string): Promise<void> {
  await client.query('delete from event_hourly_counts where team_id = $1', [teamId]);
  await client.query(
    `insert into event_hourly_counts (team_id, name, hour, count)
     select team_id, name, date_trunc('hour', occurred_at, 'UTC'), count(*) from events where team_id = $1 group by 1, 2, 3`,
    [teamId],
  );
}

interface CountsOutcome {
  result: LoadResult;
  p95Ms: number;
  name: string;
  nameShare: number;
  counted: number;
  seedLine: string;
  sqlMedianMs: number;
  explain: string[];
  sql: string;
  parameters: readonly unknown[];
}

async function measureCounts(app: BenchApp, client: pg.Client, log: (line: string) => void): Promise<CountsOutcome> {
  const total = positiveIntFromEnv('BENCH_STORED_EVENTS', 1_000_000);
  const runs = positiveIntFromEnv('BENCH_COUNT_RUNS', 100);
  log('  setup: createTeam "bench-events-counts" (+ API key, events:read) through the API');
  const session = await createBenchTeam(app.graphqlUrl, 'bench-events-counts', 'Bench Event Counts');
  const readerKey = await createBenchApiKey(app.graphqlUrl, session, ['events:read']);
  const teamId = await teamIdOf(client, 'bench-events-counts');
  log(`  seed: ${formatNumber(COUNT_USERS)} users, ${formatNumber(total)} events over ${STORED_DAYS} days, ${EVENT_NAMES.length} names (generate_series)…`);
  const t0 = performance.now();
  await seedUsers(client, teamId, COUNT_USERS);
  const inserted = await seedStoredEvents(client, teamId, total);
  await rebuildHourlyCounts(client, teamId);
  const insertedMs = performance.now() - t0;
  // VACUUM as well as ANALYZE: it sets the visibility map, as autovacuum does after a bulk load
  // of an insert-only table, so the count can be an index-only scan and does not drift mid-run.
  await client.query('vacuum (analyze) events, users, event_hourly_counts');
  const seedMs = performance.now() - t0;
  const { rows: sizes } = await client.query<{ table: string; indexes: string }>(
    `select pg_size_pretty(pg_table_size('events')) as table, pg_size_pretty(pg_indexes_size('events')) as indexes`,
  );
  const seedLine =
    `seed: ${formatNumber(inserted)} events + ${formatNumber(COUNT_USERS)} users in ${(seedMs / 1000).toFixed(1)} s ` +
    `(inserts ${(insertedMs / 1000).toFixed(1)} s, VACUUM ANALYZE ${((seedMs - insertedMs) / 1000).toFixed(1)} s); ` +
    `events table ${sizes[0]!.table} + indexes ${sizes[0]!.indexes} (all teams)`;
  log(`  ${seedLine}`);

  const name = EVENT_NAMES[0]!;
  const { rows: expected } = await client.query<{ all: number; recent: number }>(
    `select count(*)::int as all,
            count(*) filter (where occurred_at >= ((now() at time zone 'UTC')::date - ${COUNT_DAYS - 1})::timestamp at time zone 'UTC')::int as recent
     from events where team_id = $1 and name = $2`,
    [teamId, name],
  );
  const nameShare = expected[0]!.all / inserted;
  const body = JSON.stringify({ query: `{ eventCounts(days: ${COUNT_DAYS}, names: [${JSON.stringify(name)}]) { date count } }` });
  const headers = authHeaders(readerKey);
  const check = await postGraphql(app.graphqlUrl, body, headers);
  const days = check.json.data?.eventCounts as { date: string; count: number }[] | undefined;
  if (check.status !== 200 || check.json.errors?.length || !days) throw new Error(`eventCounts answered ${check.status}: ${check.text.slice(0, 500)}`);
  const counted = days.reduce((sum, d) => sum + d.count, 0);
  if (days.length !== COUNT_DAYS || counted !== expected[0]!.recent) {
    throw new Error(`eventCounts: ${days.length} days summing to ${counted}; the hand-written count over ${COUNT_DAYS} days is ${expected[0]!.recent}`);
  }
  log(`  checked: eventCounts(days: ${COUNT_DAYS}, names: ["${name}"]) = ${COUNT_DAYS} days, ${formatNumber(counted)} events, as the hand-written count`);

  log(`  event-counts: ${COUNT_WARMUP_RUNS} warm-up + ${runs} sequential requests…`);
  const latencies: number[] = [];
  let failures = 0;
  for (let i = 0; i < COUNT_WARMUP_RUNS + runs; i++) {
    const start = performance.now();
    const response = await fetch(app.graphqlUrl, { method: 'POST', headers, body });
    const text = await response.text();
    const ms = performance.now() - start;
    if (i < COUNT_WARMUP_RUNS) continue;
    latencies.push(ms);
    // The body can only change if a day boundary passes mid-run; count that as a failure too.
    if (response.status !== 200 || text !== check.text) failures++;
  }
  latencies.sort((a, b) => a - b);
  const totalMs = latencies.reduce((sum, ms) => sum + ms, 0);

  // The SQL counts.ts generates for this call, captured from Kysely, then explained and timed.
  const capture = capturingDb(app.databaseUrl);
  let query: CompiledQuery;
  try {
    await countEventsPerDay(capture.db, teamId, { days: COUNT_DAYS, names: [name] });
    query = capture.captured[0]!;
  } finally {
    await capture.close();
  }
  const { rows: plan } = await client.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${query.sql}`, [...query.parameters]);
  const sqlTimes: number[] = [];
  for (let i = 0; i < COUNT_WARMUP_RUNS + runs; i++) {
    const start = performance.now();
    await client.query(query.sql, [...query.parameters]);
    if (i >= COUNT_WARMUP_RUNS) sqlTimes.push(performance.now() - start);
  }
  sqlTimes.sort((a, b) => a - b);

  return {
    result: {
      title: 'event-counts',
      requestsPerSec: (latencies.length / totalMs) * 1000,
      totalRequests: latencies.length,
      latencyP50Ms: percentile(latencies, 50),
      latencyP99Ms: percentile(latencies, 99),
      latencyMeanMs: totalMs / latencies.length,
      non2xx: 0,
      errors: 0,
      timeouts: 0,
      mismatches: failures,
      durationSec: totalMs / 1000,
    },
    p95Ms: percentile(latencies, 95),
    name,
    nameShare,
    counted,
    seedLine,
    sqlMedianMs: percentile(sqlTimes, 50),
    explain: plan.map((r) => r['QUERY PLAN']),
    sql: query.sql,
    parameters: query.parameters,
  };
}

// ─── 3. fan-out ──────────────────────────────────────────────────────────────────────────────

/**
 * Forks the fan-out child (not through runLoadChild: it talks twice). When it reports that it
 * holds its subscriptions, `whileHeld` runs, then the child is released and reports.
 */
function runFanoutChild(request: FanoutRequest, whileHeld: () => Promise<void>): Promise<FanoutResult> {
  return new Promise((resolve, reject) => {
    const child = fork(FANOUT_CHILD, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
    };
    // Ctrl-C of the bench: run.ts exits, the IPC channel closes, and the child exits on 'disconnect'.
    child.on('message', (message: FanoutMessage) => {
      if (message.type === 'holding') {
        whileHeld().then(
          () => child.send({ type: 'release' }),
          (error) => {
            child.kill('SIGTERM');
            settle(() => reject(error));
          },
        );
        return;
      }
      settle(() => (message.ok ? resolve(message.result) : reject(new Error(`fanout: ${message.error}`))));
    });
    child.once('error', (error) => settle(() => reject(error)));
    child.once('exit', (code, signal) => settle(() => reject(new Error(`fanout child exited early (${signal ?? code})`))));
    child.send(request);
  });
}

async function measureFanout(
  app: BenchApp,
  graphqlUrl: string,
  label: string,
  readerKey: string,
  writerKey: string,
  log: (line: string) => void,
  whileHeld?: () => Promise<void>,
) {
  const subscribers = positiveIntFromEnv('BENCH_FANOUT_SUBSCRIBERS', 500);
  const perSocket = positiveIntFromEnv('BENCH_FANOUT_PER_SOCKET', 1);
  const rounds = positiveIntFromEnv('BENCH_FANOUT_ROUNDS', 50);
  if (perSocket > app.config.wsMaxSubscriptions) {
    throw new Error(`BENCH_FANOUT_PER_SOCKET ${perSocket} exceeds the server's WS_MAX_SUBSCRIPTIONS ${app.config.wsMaxSubscriptions}`);
  }
  const sockets = Math.ceil(subscribers / perSocket);
  log(`  ${label}: ${subscribers} subscriptions on ${sockets} socket(s) (${perSocket} per socket), ${rounds} rounds…`);
  const request: FanoutRequest = {
    wsUrl: graphqlUrl.replace(/^http/, 'ws'),
    graphqlUrl,
    subscriberToken: readerKey,
    writerToken: writerKey,
    subscribers,
    perSocket,
    rounds,
    externalId: externalIdOf(1),
    name: FANOUT_NAME,
    pauseMs: 100,
    roundTimeoutMs: 10_000,
    readyTimeoutMs: 60_000,
    hold: whileHeld !== undefined,
  };
  const result = await runFanoutChild(request, whileHeld ?? (async () => {}));
  await settle();
  log(
    `  ${label}: ${result.sockets} sockets acknowledged in ${formatNumber(result.connectMs)} ms; all ${result.subscriptions} subscriptions live ` +
      `${formatNumber(result.readyMs)} ms after subscribing (${result.readyTracks} readiness track(s))`,
  );
  if (result.heldDeliveries !== 0) throw new Error(`${label}: ${result.heldDeliveries} deliveries of events the filter excludes`);
  const last = result.rounds.map((r) => r.lastDelayMs).sort((a, b) => a - b);
  const first = result.rounds.map((r) => r.firstDelayMs).sort((a, b) => a - b);
  const trackMs = result.rounds.map((r) => r.trackMs).sort((a, b) => a - b);
  const sendToLast = result.rounds.map((r) => r.sendToLastMs).sort((a, b) => a - b);
  const idleTrackMs = [...result.idleTrackMs].sort((a, b) => a - b);
  const totalMs = result.rounds.reduce((sum, r) => sum + r.trackMs + Math.max(0, r.lastDelayMs), 0);
  const loadResult: LoadResult = {
    title: label,
    requestsPerSec: totalMs ? (result.rounds.length / totalMs) * 1000 : 0,
    totalRequests: result.rounds.length,
    latencyP50Ms: percentile(last, 50),
    latencyP99Ms: percentile(last, 99),
    latencyMeanMs: last.reduce((a, b) => a + b, 0) / Math.max(1, last.length),
    non2xx: 0,
    errors: result.problems.length,
    timeouts: 0,
    mismatches: 0,
    durationSec: totalMs / 1000,
  };
  return { result: loadResult, raw: result, last, first, trackMs, sendToLast, idleTrackMs, sockets, perSocket };
}

/**
 * A second instance of the app on the same database with its pub/sub through Redis (as when
 * instances are scaled out), or null when Redis does not answer.
 */
async function startRedisInstance(app: BenchApp, redisUrl: string): Promise<{ graphqlUrl: string; stop(): Promise<void> } | null> {
  const probe = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 2000 });
  probe.on('error', () => {});
  try {
    await probe.connect();
    await probe.ping();
  } catch {
    return null;
  } finally {
    probe.disconnect();
  }
  const pubsub = createAppPubSub(redisUrl);
  const instance = createApp({ config: { ...app.config, redisUrl }, db: app.db, pubsub });
  const url = await instance.start(0, '127.0.0.1');
  return {
    graphqlUrl: `${url}/graphql`,
    async stop() {
      await instance.stop();
      await pubsub.close();
    },
  };
}

/** BENCH_EVENTS_ONLY: some of ingest, counts, fanout (comma-separated); all by default. */
function benchParts(): Set<string> {
  const all = ['ingest', 'counts', 'fanout'];
  const raw = process.env.BENCH_EVENTS_ONLY;
  if (!raw) return new Set(all);
  const parts = raw.split(',').map((p) => p.trim()).filter(Boolean);
  const unknown = parts.filter((p) => !all.includes(p));
  if (unknown.length || !parts.length) throw new Error(`BENCH_EVENTS_ONLY takes some of ${all.join(', ')}; got "${raw}"`);
  return new Set(parts);
}

// ─── the benchmark ───────────────────────────────────────────────────────────────────────────

export const eventsBench: Bench = {
  name: 'events',
  description: 'trackBatch ingestion vs raw unnest INSERT; eventCounts over 1,000,000 events; activity fan-out to 500 subscribers',
  async run({ app, settings, log }) {
    const parts = benchParts();
    const client = new pg.Client({ connectionString: app.databaseUrl });
    await client.connect();
    try {
      log('  setup: createTeam "bench-events" (+ API keys: events:write users:write; events:read) through the API');
      const session = await createBenchTeam(app.graphqlUrl, 'bench-events', 'Bench Events');
      const writerKey = await createBenchApiKey(app.graphqlUrl, session, ['events:write', 'users:write']);
      const readerKey = await createBenchApiKey(app.graphqlUrl, session, ['events:read']);
      const teamId = await teamIdOf(client, 'bench-events');
      const seeded = await seedUsers(client, teamId, INGEST_USERS);
      await client.query('vacuum (analyze) users');
      log(`  seed: ${formatNumber(seeded)} users (generate_series)`);

      const scenarios: ScenarioResult[] = [];
      const notes: string[] = [];
      const verdict = (ok: boolean) => (ok ? 'meets the target' : 'MISSES the target');

      // ── 1 ──
      let ingest: IngestOutcome | undefined;
      if (parts.has('ingest')) {
        const loadBefore = os.loadavg()[0] ?? 0;
        ingest = await measureIngestion(app, client, teamId, writerKey, settings, log);
        const loadAfter = os.loadavg()[0] ?? 0;
        if (ingest.stored !== ingest.expectedStored) {
          throw new Error(`events stored for the team: ${ingest.stored}, expected ${ingest.expectedStored} (answers and rows disagree)`);
        }
        log(`  checked: ${formatNumber(ingest.stored)} events stored = every accepted event and every baseline row; deadlocks during ingestion: ${ingest.deadlocks}`);
        log(
          `  the app's PostgreSQL backends during the measured trackBatch slices: ${ingest.backendSamples} samples of pg_stat_activity every 50 ms, ` +
            `${ingest.backendSampleTotal} non-idle backend-samples (${(ingest.backendSampleTotal / Math.max(1, ingest.backendSamples)).toFixed(1)} busy backends on average); top:`,
        );
        for (const [state, n] of ingest.backendStates) log(`      ${String(n).padStart(6)}  ${((n / Math.max(1, ingest.backendSampleTotal)) * 100).toFixed(1).padStart(5)} %  ${state}`);
        log(`  server process CPU during the GraphQL slices: ${ingest.serverCpuPercent.toFixed(0)} % of one core`);
        const cpuLine = describeIngestCpu(ingest.cpu);
        log(`  ${cpuLine}`);
        const percentOfSql = ingest.sql.eventsPerSec > 0 ? (ingest.graphql.eventsPerSec / ingest.sql.eventsPerSec) * 100 : undefined;
        scenarios.push(
          {
            ...ingest.sql,
            scenario: 'ingest-sql',
            description: `raw unnest INSERT, ${BATCH} rows/statement via pg, ${ingest.concurrency} in flight = ${formatNumber(ingest.sql.eventsPerSec)} events/s (req = batch)`,
          },
          {
            ...ingest.graphql,
            scenario: 'ingest-graphql',
            description: `trackBatch of ${BATCH} events, API key, ${ingest.concurrency} in flight = ${formatNumber(ingest.graphql.eventsPerSec)} events/s (req = batch)`,
            baseline: 'ingest-sql',
            ...(percentOfSql === undefined ? {} : { percentOfBaseline: percentOfSql }),
          },
        );
        notes.push(
          `events: ingestion: trackBatch ${formatNumber(ingest.graphql.eventsPerSec)} events/s vs raw unnest INSERT ${formatNumber(ingest.sql.eventsPerSec)} events/s = ` +
            `${formatPercent(percentOfSql)} (targets ≥ ${TARGET_PERCENT_OF_SQL} %: ${verdict((percentOfSql ?? 0) >= TARGET_PERCENT_OF_SQL)}; ` +
            `≥ ${formatNumber(TARGET_EVENTS_PER_SEC)} events/s: ${verdict(ingest.graphql.eventsPerSec >= TARGET_EVENTS_PER_SEC)}); ` +
            `${ingest.concurrency} batches in flight, ${ingest.rounds} interleaved rounds; deadlocks ${ingest.deadlocks}; ` +
            `1-min load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after (${os.cpus().length} cores)`,
          `events: ingestion ${cpuLine}`,
        );
      }

      // ── 2 ──
      if (parts.has('counts')) {
        const loadBefore = os.loadavg()[0] ?? 0;
        const counts = await measureCounts(app, client, log);
        const loadAfter = os.loadavg()[0] ?? 0;
        log(`  EXPLAIN (ANALYZE, BUFFERS) — countEventsPerDay(days: ${COUNT_DAYS}, names: ["${counts.name}"]) (server/modules/events/counts.ts):`);
        log(`    ${counts.sql.replace(/\s+/g, ' ').trim()}`);
        log(`    parameters: ${JSON.stringify(counts.parameters)}`);
        for (const line of counts.explain) log(`      ${line}`);
        scenarios.push({
          ...counts.result,
          scenario: 'event-counts',
          description: `eventCounts(days: ${COUNT_DAYS}, names: ["${counts.name}"]) over ${formatNumber(positiveIntFromEnv('BENCH_STORED_EVENTS', 1_000_000))} events, 1 at a time; p95 ${counts.p95Ms.toFixed(1)} ms`,
        });
        notes.push(
          `events: eventCounts(days: ${COUNT_DAYS}, names: ["${counts.name}"]) — ${formatPercent(counts.nameShare * 100)} of the team's events, ${formatNumber(counts.counted)} counted — ` +
            `${counts.result.totalRequests} sequential requests: median ${counts.result.latencyP50Ms.toFixed(1)} ms, p95 ${counts.p95Ms.toFixed(1)} ms ` +
            `(target median < ${TARGET_COUNT_MEDIAN_MS} ms: ${verdict(counts.result.latencyP50Ms < TARGET_COUNT_MEDIAN_MS)}); the SQL alone: median ${counts.sqlMedianMs.toFixed(1)} ms; ` +
            `1-min load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after`,
          `events: ${counts.seedLine}`,
        );
      }

      // ── 3 ── (and, after the ingestion, trackBatch while the subscriptions are open: every batch is published to them)
      if (parts.has('fanout')) {
        const loadBefore = os.loadavg()[0] ?? 0;
        let quiet: IngestResult | undefined;
        let listened: IngestResult | undefined;
        if (ingest) {
          log(`  ingest-quiet: trackBatch ${settings.durationSec}s, nobody subscribed (the comparison for ingest-listened)…`);
          quiet = await ingest.runGraphql('ingest-quiet', settings.durationSec);
        }
        const fanout = await measureFanout(app, app.graphqlUrl, 'fanout', readerKey, writerKey, log, ingest ? async () => {
          log(`  ingest-listened: trackBatch ${settings.durationSec}s while every subscription stays open (their filter excludes these events)…`);
          listened = await ingest.runGraphql('ingest-listened', settings.durationSec);
        } : undefined);

        // ── 3b ── the same fan-out through Redis: a second instance of the app whose pub/sub is Redis.
        const redisUrl = process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379';
        let redisFanout: Awaited<ReturnType<typeof measureFanout>> | undefined;
        const redisInstance = redisUrl === 'off' ? null : await startRedisInstance(app, redisUrl);
        if (redisInstance) {
          try {
            redisFanout = await measureFanout(app, redisInstance.graphqlUrl, 'fanout-redis', readerKey, writerKey, log);
          } finally {
            await redisInstance.stop();
          }
        } else log(`  fanout-redis: skipped (${redisUrl === 'off' ? 'BENCH_REDIS_URL=off' : `no Redis answers at ${redactUrl(redisUrl)}`})`);
        const loadAfter = os.loadavg()[0] ?? 0;

        if (quiet && listened) {
          const listenedPercent = quiet.eventsPerSec > 0 ? (listened.eventsPerSec / quiet.eventsPerSec) * 100 : undefined;
          scenarios.push(
            {
              ...quiet,
              scenario: 'ingest-quiet',
              description: `trackBatch as ingest-graphql, just before the fan-out, no subscriber = ${formatNumber(quiet.eventsPerSec)} events/s`,
            },
            {
              ...listened,
              scenario: 'ingest-listened',
              description: `trackBatch while ${fanout.raw.subscriptions} activity subscriptions are open (none matches) = ${formatNumber(listened.eventsPerSec)} events/s`,
              baseline: 'ingest-quiet',
              ...(listenedPercent === undefined ? {} : { percentOfBaseline: listenedPercent }),
            },
          );
          notes.push(
            `events: trackBatch while ${fanout.raw.subscriptions} subscriptions are open (none matching): ${formatNumber(listened.eventsPerSec)} events/s vs ${formatNumber(quiet.eventsPerSec)} events/s ` +
              `just before with nobody subscribed = ${formatPercent(listenedPercent)}; p50 ${listened.latencyP50Ms.toFixed(0)} vs ${quiet.latencyP50Ms.toFixed(0)} ms per batch`,
          );
        } else if (ingest) throw new Error('fanout: the ingestion under subscriptions did not run');
        scenarios.push({
          ...fanout.result,
          scenario: 'fanout',
          description: `track → LAST of ${fanout.raw.subscriptions} subscriptions (${fanout.sockets} sockets), in-process pub/sub; p50/p99 are that delay per round`,
        });
        if (redisFanout) {
          scenarios.push({
            ...redisFanout.result,
            scenario: 'fanout-redis',
            description: `the same through Redis pub/sub (a second app instance with REDIS_URL); p50/p99 are that delay per round`,
          });
        }
        notes.push(
          ...[['in-process', fanout] as const, ...(redisFanout ? [['Redis', redisFanout] as const] : [])].map(
            ([kind, f]) =>
              `events: fan-out (${kind} pub/sub) to ${f.raw.subscriptions} subscriptions on ${f.sockets} sockets, ${f.last.length} rounds: track response → last delivery ` +
              `p50 ${percentile(f.last, 50).toFixed(1)} ms, p99 ${percentile(f.last, 99).toFixed(1)} ms, max ${(f.last.at(-1) ?? 0).toFixed(1)} ms ` +
              `(target p99 < ${TARGET_FANOUT_P99_MS} ms: ${verdict(percentile(f.last, 99) < TARGET_FANOUT_P99_MS)}); → first delivery p50 ${percentile(f.first, 50).toFixed(1)} ms; ` +
              `send → last delivery p50 ${percentile(f.sendToLast, 50).toFixed(1)} ms, p99 ${percentile(f.sendToLast, 99).toFixed(1)} ms; ` +
              `track round trip p50 ${percentile(f.trackMs, 50).toFixed(1)} ms with the subscribers vs ${percentile(f.idleTrackMs, 50).toFixed(1)} ms with nobody listening; ` +
              `1-min load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after`,
          ),
        );
      }
      const firstProblem = scenarios.map((r) => (r as Partial<IngestResult>).firstProblem).find(Boolean);
      if (firstProblem) log(`  first unexpected ingestion answer: ${firstProblem}`);
      return { scenarios, notes };
    } finally {
      await client.end();
    }
  },
};
