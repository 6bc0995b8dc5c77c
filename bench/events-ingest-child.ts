/**
 * Child process that drives event ingestion for the events bench, so the load generator has its
 * own event loop, heap and GC. Two modes, driven the same way — `concurrency` loops, each with
 * one batch in flight, for `durationSec` — so their events/s compare:
 *
 * - `http`: POSTs `trackBatch` bodies (rotating through the given ones; node:http, kept-alive
 *   connections) and checks every answer is a TrackBatchPayload with `accepted` =
 *   eventsPerRequest and `rejected` = [];
 * - `sql`: the hand-written baseline, one `insert … select … from unnest(…)` of eventsPerRequest
 *   rows per execution through a `pg` pool (a named statement: parsed and planned once per
 *   connection), checking each inserted exactly eventsPerRequest rows.
 *
 * Each reports the CPU it spent itself and, in `sql` mode, what its PostgreSQL backends spent.
 *
 * `runLoadChild` in lib.ts forks this file, sends one `IngestRequest`, receives one reply.
 */
import { Agent, request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { backendsCpuMs } from './events-cpu.ts';
import type { LoadResult } from './lib.ts';

export interface IngestSqlBatch {
  userIds: string[];
  names: string[];
  /** JSON text of each event's properties. */
  properties: string[];
}

export interface IngestRequest {
  mode: 'http' | 'sql';
  title: string;
  concurrency: number;
  durationSec: number;
  eventsPerRequest: number;
  http?: { url: string; headers: Record<string, string>; bodies: string[] };
  sql?: { databaseUrl: string; poolMax: number; statementName: string; text: string; teamId: string; apiKeyId: string; batches: IngestSqlBatch[] };
}

export interface IngestResult extends LoadResult {
  /** Events reported accepted (http) or rows inserted (sql). */
  events: number;
  eventsPerSec: number;
  /** CPU this process (the load generator) spent while driving, ms. */
  clientCpuMs: number;
  /** sql: CPU the pool's PostgreSQL backends spent while driving, ms; undefined when not readable (a remote server). */
  backendCpuMs?: number;
  /** The first answer that was not the expected one, for the error message. */
  firstProblem?: string;
}

type Reply = { ok: true; result: IngestResult } | { ok: false; error: string };

function reply(message: Reply): void {
  process.send?.(message, () => process.exit(0));
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}

interface Tally {
  latencies: number[];
  events: number;
  non2xx: number;
  errors: number;
  mismatches: number;
  firstProblem?: string;
}

/** `concurrency` loops, each sending `once(i)` back to back until the deadline. */
async function drive(request: IngestRequest, once: (i: number, tally: Tally) => Promise<void>): Promise<IngestResult> {
  const tally: Tally = { latencies: [], events: 0, non2xx: 0, errors: 0, mismatches: 0 };
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  const deadline = started + request.durationSec * 1000;
  let sent = 0;
  const loop = async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      await once(sent++, tally);
      tally.latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: request.concurrency }, loop));
  const elapsedSec = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const latencies = tally.latencies.sort((a, b) => a - b);
  return {
    title: request.title,
    requestsPerSec: latencies.length / elapsedSec,
    totalRequests: latencies.length,
    latencyP50Ms: percentile(latencies, 50),
    latencyP99Ms: percentile(latencies, 99),
    latencyMeanMs: latencies.reduce((sum, ms) => sum + ms, 0) / Math.max(1, latencies.length),
    non2xx: tally.non2xx,
    errors: tally.errors,
    timeouts: 0,
    mismatches: tally.mismatches,
    durationSec: elapsedSec,
    events: tally.events,
    eventsPerSec: tally.events / elapsedSec,
    clientCpuMs: (cpu.user + cpu.system) / 1000,
    ...(tally.firstProblem ? { firstProblem: tally.firstProblem } : {}),
  };
}

/**
 * One POST over a kept-alive connection, answered as text. node:http rather than fetch: undici's
 * fetch spent ~2 ms more CPU per 128 KiB request (bench-side CPU that competes with the server
 * on the same cores, as the pg driver's does for the baseline).
 */
function post(url: string, headers: Record<string, string>, body: string, agent: Agent): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) }, agent }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}

async function runHttp(request: IngestRequest): Promise<IngestResult> {
  const http = request.http!;
  const agent = new Agent({ keepAlive: true, maxSockets: request.concurrency });
  try {
    return await drive(request, async (i, tally) => {
      let text = '';
      try {
        const response = await post(http.url, http.headers, http.bodies[i % http.bodies.length]!, agent);
        text = response.text;
        if (response.status < 200 || response.status > 299) {
          tally.non2xx++;
          tally.firstProblem ??= `HTTP ${response.status}: ${text.slice(0, 500)}`;
          return;
        }
        const payload = (JSON.parse(text) as { data?: { trackBatch?: { __typename?: string; accepted?: number; rejected?: unknown[] } } }).data?.trackBatch;
        if (payload?.__typename === 'TrackBatchPayload' && payload.accepted === request.eventsPerRequest && payload.rejected?.length === 0) {
          tally.events += payload.accepted;
        } else {
          tally.mismatches++;
          tally.firstProblem ??= `unexpected answer: ${text.slice(0, 500)}`;
        }
      } catch (error) {
        tally.errors++;
        tally.firstProblem ??= `request failed: ${error instanceof Error ? error.message : String(error)} ${text.slice(0, 300)}`;
      }
    });
  } finally {
    agent.destroy();
  }
}

async function runSql(request: IngestRequest): Promise<IngestResult> {
  const sql = request.sql!;
  const pool = new pg.Pool({ connectionString: sql.databaseUrl, max: sql.poolMax });
  pool.on('error', () => {});
  try {
    // Open the pool's connections before the clock starts, as the app's pool is warm by now.
    const clients = await Promise.all(Array.from({ length: sql.poolMax }, () => pool.connect()));
    const pids = await Promise.all(clients.map(async (client) => (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid));
    for (const client of clients) client.release();
    const cpuBefore = backendsCpuMs(pids);
    const result = await drive(request, async (i, tally) => {
      const batch = sql.batches[i % sql.batches.length]!;
      // Like the API without occurredAt: every event happens now (the client's clock here).
      const now = new Date().toISOString();
      const occurredAt = batch.names.map(() => now);
      try {
        const result = await pool.query({
          name: sql.statementName,
          text: sql.text,
          values: [sql.teamId, sql.apiKeyId, batch.userIds, batch.names, batch.properties, occurredAt],
        });
        if (result.rowCount === request.eventsPerRequest) tally.events += result.rowCount;
        else {
          tally.mismatches++;
          tally.firstProblem ??= `inserted ${result.rowCount} rows, expected ${request.eventsPerRequest}`;
        }
      } catch (error) {
        tally.errors++;
        tally.firstProblem ??= `insert failed: ${error instanceof Error ? error.message : String(error)}`;
      }
    });
    const cpuAfter = backendsCpuMs(pids);
    return cpuBefore === undefined || cpuAfter === undefined ? result : { ...result, backendCpuMs: cpuAfter - cpuBefore };
  } finally {
    await pool.end();
  }
}

process.once('message', (request: IngestRequest) => {
  (request.mode === 'http' ? runHttp(request) : runSql(request)).then(
    (result) => reply({ ok: true, result }),
    (error) => reply({ ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
});

// The parent went away (crash, Ctrl-C): nothing is left to report to.
process.once('disconnect', () => process.exit(1));
