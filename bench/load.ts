/**
 * Load (issue #7), on PostgreSQL, against the app in a server process of its own
 * (load-server-child.ts: its memory and file descriptors are the server's alone):
 *
 * - setup: a team with BENCH_LOAD_USERS users (default 10,000, with groups, tags and properties,
 *   seeded like the users bench) and 20 events each over 30 days; an API key with
 *   users:read/write events:read/write and the admin's session token.
 * - idle subscribers: after a warm-up (a few sockets, one event), BENCH_LOAD_SUBSCRIBERS (default
 *   1,000) graphql-ws sockets, one `activity` subscription each, authenticated alternately with
 *   the session and the key (load-ws-child.ts), held BENCH_LOAD_HOLD seconds (default 20). The
 *   server's RSS, V8 heap, external memory and open descriptors are read (after full GCs) before,
 *   once all are live, at the end of the hold and after they close; per socket = the growth ÷
 *   sockets. Then one `track`, and the time until every subscriber has it.
 * - mixed load: BENCH_LOAD_CLIENTS (default 100) concurrent clients, half with the session, half
 *   with the key, for BENCH_LOAD_DURATION seconds (default 60) after BENCH_WARMUP (run.ts's):
 *   60 % reads (users page of 20 with groups and tags, a user by id, a user's activity), 30 %
 *   writes (updateUser, track, trackBatch of 10, createUser), 10 % heavier (users filtered by tag
 *   and property, eventCounts over 30 days) (load-mix-child.ts). Reported: requests, req/s,
 *   p50/p99 per operation, non-2xx, GraphQL errors and error results. Target: zero 5xx; any
 *   non-2xx, GraphQL error or error result fails the bench (exit code 1), through run.ts.
 *   Before it, the same clients send `{ __typename }` with the same credentials for
 *   BENCH_LOAD_BASELINE_DURATION seconds (default 10): the mix's requests/s is given as a share of
 *   that same-run baseline, and both as CPU per request (server process + PostgreSQL backends,
 *   from /proc), which other work on the machine hardly moves.
 *
 * Rate limits are switched off in the server process (RATE_LIMIT=false): this measures capacity.
 * Environment: BENCH_LOAD_USERS, BENCH_LOAD_CLIENTS, BENCH_LOAD_DURATION, BENCH_LOAD_BASELINE_DURATION,
 * BENCH_LOAD_SUBSCRIBERS, BENCH_LOAD_HOLD (above), and run.ts's BENCH_WARMUP, BENCH_NODE_ENV.
 */
import { type ChildProcess, fork } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { MixRequest, MixResult, OperationStats } from './load-mix-child.ts';
import type { ServerMemory, ServerReply, ServerRequest } from './load-server-child.ts';
import type { WsFired, WsMessage, WsReady, WsReleased, WsRequest } from './load-ws-child.ts';
import {
  type Bench,
  createBenchApiKey,
  createBenchTeam,
  formatNumber,
  formatPercent,
  formatTable,
  runLoadChild,
  type ScenarioResult,
  settle,
} from './lib.ts';
import { canReadBackendCpu, otherBackendPids, processCpuMs } from './cpu.ts';
import { seedTeam } from './users.ts';

const SERVER_CHILD = fileURLToPath(new URL('./load-server-child.ts', import.meta.url));
const WS_CHILD = fileURLToPath(new URL('./load-ws-child.ts', import.meta.url));
const MIX_CHILD = fileURLToPath(new URL('./load-mix-child.ts', import.meta.url));

const TEAM_SLUG = 'bench-load';
const EVENTS_PER_USER = 20;
const EVENT_NAMES = ['page.viewed', 'button.clicked', 'signed_in', 'feature.used', 'search.performed', 'checkout.completed'];
const IDLE_EVENT = 'load.idle';
const SAMPLE_USERS = 2000;
const WARMUP_SOCKETS = 20;

function positiveIntFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const signed = (text: string) => (text.startsWith('-') ? text : `+${text}`);
const loadavg = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
const userGlobalId = (id: string) => Buffer.from(`User:${id}`).toString('base64');

// ─── child processes ─────────────────────────────────────────────────────────────────────────

/** Messages of a child, one at a time, in order; an exit fails whatever is awaited. */
function inbox<T>(child: ChildProcess, title: string): () => Promise<T> {
  const queue: T[] = [];
  const waiting: { resolve(message: T): void; reject(error: Error): void }[] = [];
  let exited: Error | undefined;
  child.on('message', (message: T) => {
    const next = waiting.shift();
    if (next) next.resolve(message);
    else queue.push(message);
  });
  child.once('exit', (code, signal) => {
    exited = new Error(`${title} exited (${signal ?? code})`);
    for (const w of waiting.splice(0)) w.reject(exited);
  });
  return () => {
    const queued = queue.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (exited) return Promise.reject(exited);
    return new Promise<T>((resolve, reject) => waiting.push({ resolve, reject }));
  };
}

interface ServerProcess {
  url: string;
  pid: number;
  memory(): Promise<ServerMemory>;
  stop(): Promise<void>;
}

async function startServerProcess(databaseUrl: string, nodeEnv: 'production' | 'test'): Promise<ServerProcess> {
  const child = fork(SERVER_CHILD, [], { execArgv: ['--import', 'tsx', '--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = inbox<ServerReply>(child, 'load server process');
  const ask = async <K extends ServerReply['type']>(request: ServerRequest, type: K): Promise<Extract<ServerReply, { type: K }>> => {
    child.send(request);
    const reply = await next();
    if (reply.type === 'error') throw new Error(`load server process: ${reply.error}`);
    if (reply.type !== type) throw new Error(`load server process answered ${reply.type} to ${request.type}`);
    return reply as Extract<ServerReply, { type: K }>;
  };
  try {
    const { url } = await ask({ type: 'start', databaseUrl, nodeEnv }, 'started');
    return {
      url,
      pid: child.pid!,
      memory: async () => (await ask({ type: 'memory' }, 'memory')).memory,
      async stop() {
        if (child.exitCode !== null) return;
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.send({ type: 'stop' } satisfies ServerRequest);
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      },
    };
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}

interface WsRun {
  ready: WsReady;
  fired: WsFired;
  released: WsReleased;
  held: { start: ServerMemory; end: ServerMemory };
}

/**
 * Runs the subscribers child: once every subscription is live, reads the server's memory, holds
 * `holdMs`, reads it again, fires one event and closes the sockets.
 */
async function runSubscribers(request: WsRequest, holdMs: number, readMemory: () => Promise<ServerMemory>): Promise<WsRun> {
  const child = fork(WS_CHILD, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = inbox<WsMessage>(child, 'subscribers process');
  const expect = async <K extends WsMessage['type']>(type: K): Promise<Extract<WsMessage, { type: K }>> => {
    const message = await next();
    if (message.type === 'error') throw new Error(`subscribers: ${message.error}`);
    if (message.type !== type) throw new Error(`subscribers sent ${message.type}, expected ${type}`);
    return message as Extract<WsMessage, { type: K }>;
  };
  try {
    child.send(request);
    const ready = await expect('ready');
    const start = await readMemory();
    await new Promise((resolve) => setTimeout(resolve, holdMs));
    const end = await readMemory();
    child.send({ type: 'fire' });
    const fired = await expect('fired');
    child.send({ type: 'release' });
    const released = await expect('released');
    return { ready, fired, released, held: { start, end } };
  } finally {
    if (child.exitCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
  }
}

// ─── setup ───────────────────────────────────────────────────────────────────────────────────

interface LoadSetup {
  sessionToken: string;
  apiKey: string;
  teamId: string;
  userIds: string[];
  externalIds: string[];
  tags: string[];
  seedLine: string;
}

async function setupLoadBench(graphqlUrl: string, client: pg.Client, users: number, log: (line: string) => void): Promise<LoadSetup> {
  log(`  setup: createTeam "${TEAM_SLUG}" and an API key (users:read users:write events:read events:write) through the API`);
  const sessionToken = await createBenchTeam(graphqlUrl, TEAM_SLUG, 'Bench Load');
  const apiKey = await createBenchApiKey(graphqlUrl, sessionToken, ['users:read', 'users:write', 'events:read', 'events:write']);
  const { rows: team } = await client.query<{ id: string }>('select id from teams where slug = $1', [TEAM_SLUG]);
  const teamId = team[0]!.id;

  const t0 = performance.now();
  await client.query('select setseed(0.07)');
  const seeded = await seedTeam(client, teamId, users);
  const events = await client.query(
    `insert into events (team_id, user_id, name, properties, occurred_at, origin)
     select $1, u.id, ($2::text[])[1 + floor(random() * array_length($2::text[], 1))::int],
            jsonb_build_object('path', (array['/', '/pricing', '/docs', '/dashboard'])[1 + floor(random() * 4)::int], 'source', 'web'),
            date_trunc('milliseconds', now() - random() * interval '30 days'), 'SERVER'
     from users u cross join generate_series(1, $3::int)
     where u.team_id = $1`,
    [teamId, EVENT_NAMES, EVENTS_PER_USER],
  );
  await client.query('vacuum (analyze) users, user_groups, user_tags, groups, tags, property_definitions, events');
  const seedLine =
    `seed: ${formatNumber(seeded.users)} users, ${formatNumber(seeded.userGroups)} group and ${formatNumber(seeded.userTags)} tag memberships, ` +
    `${formatNumber(events.rowCount ?? 0)} events over 30 days in ${((performance.now() - t0) / 1000).toFixed(1)} s`;
  log(`  ${seedLine}`);

  const { rows: sample } = await client.query<{ id: string; external_id: string }>(
    'select id, external_id from users where team_id = $1 order by md5(id::text) limit $2',
    [teamId, SAMPLE_USERS],
  );
  const { rows: tags } = await client.query<{ name: string }>('select name from tags where team_id = $1 order by name', [teamId]);
  return {
    sessionToken,
    apiKey,
    teamId,
    userIds: sample.map((r) => userGlobalId(r.id)),
    externalIds: sample.map((r) => r.external_id),
    tags: tags.map((r) => r.name),
    seedLine,
  };
}

// ─── measuring ───────────────────────────────────────────────────────────────────────────────

interface MeasuredMix {
  mix: MixResult;
  /** CPU time of the server process and of the database's backends over the run, warm-up included. */
  cpu?: { serverMs: number; databaseMs: number; requests: number };
}

/**
 * Runs the mixed-load child and adds the CPU time it cost: the server process's and that of the
 * PostgreSQL backends (read from /proc; local database only). Unlike requests/s, CPU per request
 * hardly moves when other work shares the machine.
 */
async function measureMix(request: MixRequest, serverPid: number, client: pg.Client, databaseUrl: string): Promise<MeasuredMix> {
  const ownPid = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
  const measureBackends = canReadBackendCpu(databaseUrl, ownPid);
  const pids = await otherBackendPids(client);
  const before = new Map(pids.map((pid) => [pid, processCpuMs(pid)]));
  const serverBefore = processCpuMs(serverPid);
  const mix = await runLoadChild<MixRequest, MixResult>(MIX_CHILD, request.baseline ? 'load baseline' : 'mixed load', request);
  await settle();
  const serverMs = processCpuMs(serverPid) - serverBefore;
  if (!measureBackends || serverBefore === 0) return { mix };
  let databaseMs = 0;
  for (const pid of new Set([...pids, ...(await otherBackendPids(client))])) {
    const now = processCpuMs(pid);
    if (now > 0) databaseMs += now - (before.get(pid) ?? 0); // 0: the backend ended, its time is lost
  }
  return { mix, cpu: { serverMs, databaseMs, requests: mix.all.count + mix.warmupRequests } };
}

function cpuLine(label: string, measured: MeasuredMix): string | undefined {
  const cpu = measured.cpu;
  if (!cpu || cpu.requests === 0) return undefined;
  const server = cpu.serverMs / cpu.requests;
  const database = cpu.databaseMs / cpu.requests;
  const cores = os.cpus().length;
  // Bounded by all cores together, and by the one thread of the serving Node.js process.
  const bound = Math.min((cores * 1000) / (server + database), 1000 / server);
  return (
    `${label}: CPU per request (user + system, warm-up included) server ${server.toFixed(2)} + PostgreSQL ${database.toFixed(2)} = ` +
    `${(server + database).toFixed(2)} ms → ≈ ${formatNumber(bound)} req/s on ${cores} otherwise idle cores (load generator aside)`
  );
}

// ─── report ──────────────────────────────────────────────────────────────────────────────────

function memoryLine(label: string, m: ServerMemory): string {
  return (
    `${label}: RSS ${mib(m.rssBytes)}, heap used ${mib(m.heapUsedBytes)} (total ${mib(m.heapTotalBytes)}), ` +
    `external ${mib(m.externalBytes)} (ArrayBuffers ${mib(m.arrayBuffersBytes)}), open fds ${m.openFds}`
  );
}

function perSocketLine(before: ServerMemory, after: ServerMemory, sockets: number): string {
  const growth = (pick: (m: ServerMemory) => number) =>
    `${signed(mib(pick(after) - pick(before)))} (${signed(kib((pick(after) - pick(before)) / sockets))}/socket)`;
  return (
    `RSS ${growth((m) => m.rssBytes)}, heap used ${growth((m) => m.heapUsedBytes)}, ` +
    `external ${growth((m) => m.externalBytes)}, fds ${signed(String(after.openFds - before.openFds))}`
  );
}

function toScenario(stats: OperationStats, durationSec: number, description: string): ScenarioResult {
  return {
    title: stats.name,
    scenario: stats.name,
    description,
    requestsPerSec: stats.count / durationSec,
    totalRequests: stats.count,
    latencyP50Ms: stats.p50Ms,
    latencyP99Ms: stats.p99Ms,
    latencyMeanMs: stats.meanMs,
    non2xx: stats.non2xx,
    errors: stats.networkErrors,
    timeouts: stats.timeouts,
    // A GraphQL error or an error result under load is a failure like a 5xx hidden in a 200.
    mismatches: stats.graphqlErrors + stats.typedErrors,
    durationSec,
  };
}

// ─── the benchmark ───────────────────────────────────────────────────────────────────────────

export const loadBench: Bench = {
  name: 'load',
  description: '100 clients mixing reads/writes for 60 s on 10,000 users; 1,000 idle WebSocket subscribers (memory, fan-out)',
  async run({ app, settings, log }) {
    const users = positiveIntFromEnv('BENCH_LOAD_USERS', 10_000);
    const clients = positiveIntFromEnv('BENCH_LOAD_CLIENTS', 100);
    const durationSec = positiveIntFromEnv('BENCH_LOAD_DURATION', 60);
    const subscribers = positiveIntFromEnv('BENCH_LOAD_SUBSCRIBERS', 1000);
    const holdSec = positiveIntFromEnv('BENCH_LOAD_HOLD', 20);
    const baselineSec = positiveIntFromEnv('BENCH_LOAD_BASELINE_DURATION', 10);
    const notes: string[] = [];

    const client = new pg.Client({ connectionString: app.databaseUrl });
    await client.connect();
    let server: ServerProcess | undefined;
    try {
      const setup = await setupLoadBench(app.graphqlUrl, client, users, log);
      notes.push(`load: ${setup.seedLine}`);

      server = await startServerProcess(app.databaseUrl, settings.nodeEnv);
      const graphqlUrl = `${server.url}/graphql`;
      const wsUrl = `${server.url.replace(/^http/, 'ws')}/graphql`;
      log(`  server process ${server.pid} at ${server.url} (RATE_LIMIT=false, memory read after full GCs)`);

      // ── idle subscribers ──
      const wsRequest = (count: number): WsRequest => ({
        wsUrl,
        graphqlUrl,
        subscriberTokens: [setup.sessionToken, setup.apiKey],
        writerToken: setup.apiKey,
        subscribers: count,
        connectConcurrency: 100,
        externalId: setup.externalIds[0]!,
        name: IDLE_EVENT,
        readyTimeoutMs: 120_000,
        deliveryTimeoutMs: 60_000,
      });
      log(`  subscribers: warm-up with ${WARMUP_SOCKETS} sockets…`);
      await runSubscribers(wsRequest(WARMUP_SOCKETS), 0, () => server!.memory());
      await settle(1000);
      const before = await server.memory();
      log(`  subscribers: ${formatNumber(subscribers)} sockets, held ${holdSec} s (load ${loadavg()})…`);
      const ws = await runSubscribers(wsRequest(subscribers), holdSec * 1000, () => server!.memory());
      await settle(2000);
      const released = await server.memory();
      const { start: held, end: heldEnd } = ws.held;
      const fdLimit = before.maxFds;
      const wsLines = [
        `${formatNumber(ws.ready.sockets)} idle subscribers (one socket and one activity subscription each, session and API key alternating): ` +
          `all open and acknowledged in ${(ws.ready.connectMs / 1000).toFixed(1)} s, all live in ${(ws.ready.readyMs / 1000).toFixed(1)} s ` +
          `(${ws.ready.readyTracks} readiness tracks); load ${loadavg()}`,
        memoryLine('server before', before),
        memoryLine('server with all live', held),
        memoryLine(`server after ${holdSec} s held`, heldEnd),
        `  growth once live: ${perSocketLine(before, held, ws.ready.sockets)}`,
        `  growth at the end of the hold: ${perSocketLine(before, heldEnd, ws.ready.sockets)}`,
        `  change during the ${holdSec} s hold (idle sockets, server pings): heap used ${signed(mib(heldEnd.heapUsedBytes - held.heapUsedBytes))}, ` +
          `RSS ${signed(mib(heldEnd.rssBytes - held.rssBytes))} (RSS moves with V8 returning or taking pages; heap used after full GCs is the held figure)`,
        memoryLine('server after the sockets closed', released),
        `one event tracked → all ${formatNumber(ws.fired.received)} subscribers had it ${ws.fired.lastMs.toFixed(0)} ms after the track was sent ` +
          `(first ${ws.fired.firstMs.toFixed(0)} ms, median ${ws.fired.medianMs.toFixed(0)} ms; the track's own round trip ${ws.fired.trackMs.toFixed(0)} ms)`,
        `file descriptors: one per socket in the server (${held.openFds - before.openFds} for ${ws.ready.sockets}) and one per socket in each client; ` +
          `server limit ${fdLimit ?? 'unknown'} (Node raises the soft limit to the hard one at start, so the hard limit is what counts)` +
          (fdLimit !== null && fdLimit < 4 * subscribers
            ? ` — LOW: raise the hard limit (LimitNOFILE, ulimit -Hn) well above the expected sockets + HTTP connections + the pool`
            : ` (room for ≈ ${formatNumber((fdLimit ?? 0) - before.openFds)} more)`),
        ...(ws.released.problems.length ? [`PROBLEMS while held: ${ws.released.problems.slice(0, 5).join('; ')}`] : []),
        ...(ws.released.heldDeliveries ? [`${ws.released.heldDeliveries} events delivered while held (expected none)`] : []),
      ];
      for (const line of wsLines) log(`  ${line}`);
      notes.push(...wsLines.map((line) => `load: ${line}`));

      // ── mixed load, after its same-run baseline ──
      const mixRequest: MixRequest = {
        graphqlUrl,
        clients,
        warmupSec: settings.warmupSec,
        durationSec,
        credentials: [setup.sessionToken, setup.apiKey],
        userIds: setup.userIds,
        externalIds: setup.externalIds,
        tags: setup.tags,
        eventNames: EVENT_NAMES,
        runId: `${process.pid}-${Date.now().toString(36)}`,
      };
      log(`  baseline: ${clients} clients sending { __typename } with the same credentials, ${baselineSec} s (load ${loadavg()})…`);
      const baseline = await measureMix({ ...mixRequest, durationSec: baselineSec, baseline: true }, server.pid, client, app.databaseUrl);
      const loadBefore = loadavg();
      log(`  mixed: ${clients} clients, warm-up ${settings.warmupSec} s, measuring ${durationSec} s (load ${loadBefore})…`);
      const measured = await measureMix(mixRequest, server.pid, client, app.databaseUrl);
      const mix = measured.mix;
      const loadAfter = loadavg();
      const afterMix = await server.memory();
      const baselineRate = baseline.mix.all.count / baseline.mix.durationSec;
      const mixRate = mix.all.count / mix.durationSec;
      const percentOfBaseline = baselineRate > 0 ? (mixRate / baselineRate) * 100 : undefined;

      const rows = [mix.all, ...mix.operations].map((op) => [
        op.name,
        op.name === 'all' ? '' : op.kind,
        op.name === 'all' ? '100' : String(op.weight),
        formatNumber(op.count),
        formatNumber(op.count / mix.durationSec, 1),
        op.p50Ms.toFixed(1),
        op.p99Ms.toFixed(1),
        op.maxMs.toFixed(0),
        String(op.non2xx),
        String(op.status5xx),
        String(op.graphqlErrors),
        String(op.typedErrors),
        String(op.networkErrors + op.timeouts),
      ]);
      const table = formatTable(
        [
          { header: 'operation' },
          { header: 'kind' },
          { header: '%', align: 'right' },
          { header: 'requests', align: 'right' },
          { header: 'req/s', align: 'right' },
          { header: 'p50 ms', align: 'right' },
          { header: 'p99 ms', align: 'right' },
          { header: 'max ms', align: 'right' },
          { header: 'non-2xx', align: 'right' },
          { header: '5xx', align: 'right' },
          { header: 'gql err', align: 'right' },
          { header: 'err result', align: 'right' },
          { header: 'net err', align: 'right' },
        ],
        rows,
      );
      for (const line of table.split('\n')) log(`    ${line}`);
      const statuses = Object.entries(mix.statuses)
        .map(([status, count]) => `${status}: ${formatNumber(count)}`)
        .join(', ');
      const mixLines = [
        `mixed: ${clients} clients × ${mix.durationSec.toFixed(1)} s: ${formatNumber(mix.all.count)} requests, ${formatNumber(mix.all.count / mix.durationSec)} req/s, ` +
          `p50 ${mix.all.p50Ms.toFixed(1)} ms, p99 ${mix.all.p99Ms.toFixed(1)} ms; HTTP statuses {${statuses}}; ` +
          `non-2xx ${mix.all.non2xx} (5xx ${mix.all.status5xx}), GraphQL errors ${mix.all.graphqlErrors}, error results ${mix.all.typedErrors}, ` +
          `network errors ${mix.all.networkErrors}, timeouts ${mix.all.timeouts} — ${mix.all.status5xx === 0 ? 'zero 5xx: meets the target' : 'MISSES the target (zero 5xx)'}; ` +
          `load average ${loadBefore} before, ${loadAfter} after (${os.cpus().length} cores; the load generator shares them)`,
        `mixed: ${formatPercent(percentOfBaseline)} of the same-run baseline's requests/s (${formatNumber(baselineRate)} req/s of { __typename }, ` +
          `p50 ${baseline.mix.all.p50Ms.toFixed(1)} ms, p99 ${baseline.mix.all.p99Ms.toFixed(1)} ms)`,
        ...[cpuLine('mixed', measured), cpuLine('baseline', baseline)].filter((line): line is string => line !== undefined),
        memoryLine('server after the mixed load', afterMix),
        ...mix.samples.map((s) => `problem: ${s}`),
      ];
      for (const line of mixLines) log(`  ${line}`);
      notes.push(...mixLines.map((line) => `load: ${line}`));

      const scenarios: ScenarioResult[] = [
        { ...toScenario(baseline.mix.all, baseline.mix.durationSec, `{ __typename } with the same credentials, ${clients} clients`), scenario: 'baseline' },
        {
          ...toScenario(mix.all, mix.durationSec, `${clients} clients: 60 % reads, 30 % writes, 10 % heavier`),
          scenario: 'mixed',
          baseline: 'baseline',
          ...(percentOfBaseline === undefined ? {} : { percentOfBaseline }),
        },
        ...mix.operations.map((op) => toScenario(op, mix.durationSec, `${op.kind}, ${op.weight} % of requests`)),
      ];
      return { scenarios, notes };
    } finally {
      await server?.stop();
      await client.end();
    }
  },
};
