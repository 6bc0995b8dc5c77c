/**
 * Child process that drives hand-written SQL through a `pg` pool: the baseline a GraphQL scenario
 * is compared with. It plays the part autocannon plays for HTTP — `workers` concurrent loops
 * (like autocannon's connections) for `durationSec` — so both sides are driven at the same
 * concurrency, for the same time, from the same kind of process. `runSqlLoad` in lib.ts forks
 * this file, sends one `SqlLoadRequest` and receives one reply with a `LoadResult`.
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { canReadBackendCpu, processCpuMs } from './cpu.ts';
import type { LoadResult, SqlLoadRequest } from './lib.ts';

type Reply = { ok: true; result: LoadResult } | { ok: false; error: string };

function reply(message: Reply): void {
  process.send?.(message, () => process.exit(0));
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

async function run(request: SqlLoadRequest): Promise<LoadResult> {
  // No idle timeout: the backends whose CPU time is read at the end must be the ones used.
  const pool = new pg.Pool({ connectionString: request.databaseUrl, max: request.poolMax, idleTimeoutMillis: 0 });
  pool.on('error', () => {});
  try {
    // Open the pool's connections before the clock starts, as the app's pool is warm by now.
    const clients = await Promise.all(Array.from({ length: request.poolMax }, () => pool.connect()));
    const backendPids: number[] = [];
    for (const client of clients) {
      backendPids.push((await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid);
      client.release();
    }
    const measureBackends = backendPids.length > 0 && canReadBackendCpu(request.databaseUrl, backendPids[0]!);
    const backendCpu = () => backendPids.reduce((sum, pid) => sum + processCpuMs(pid), 0);
    const databaseCpuStart = measureBackends ? backendCpu() : 0;
    const cpuStart = process.cpuUsage();

    const latencies: number[] = [];
    let errors = 0;
    let mismatches = 0;
    let firstError: unknown;
    const started = performance.now();
    const deadline = started + request.durationSec * 1000;
    // A named statement is parsed and planned once per connection: the best a hand-written
    // data layer can do.
    const query = { name: request.statementName, text: request.text, values: request.values, rowMode: 'array' as const };
    const worker = async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        try {
          const result = await pool.query<unknown[]>(query);
          // The body a server would send: one JSON text, built by PostgreSQL.
          if (result.rows[0]?.[0] !== request.expectBody) mismatches++;
        } catch (error) {
          errors++;
          firstError ??= error;
        }
        latencies.push(performance.now() - t0);
      }
    };
    await Promise.all(Array.from({ length: request.workers }, worker));
    const elapsedSec = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    const databaseMs = measureBackends ? backendCpu() - databaseCpuStart : undefined;
    if (firstError && latencies.length === errors) throw firstError;
    latencies.sort((a, b) => a - b);
    return {
      title: request.title,
      requestsPerSec: latencies.length / elapsedSec,
      totalRequests: latencies.length,
      latencyP50Ms: percentile(latencies, 50),
      latencyP99Ms: percentile(latencies, 99),
      latencyMeanMs: latencies.reduce((sum, ms) => sum + ms, 0) / Math.max(1, latencies.length),
      non2xx: 0,
      errors,
      timeouts: 0,
      mismatches,
      durationSec: elapsedSec,
      ...(databaseMs === undefined ? {} : { cpu: { serverMs: (cpu.user + cpu.system) / 1000, databaseMs, requests: latencies.length } }),
    };
  } finally {
    await pool.end();
  }
}

process.once('message', (request: SqlLoadRequest) => {
  run(request).then(
    (result) => reply({ ok: true, result }),
    (error) => reply({ ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
});

// The parent went away (crash, Ctrl-C): nothing is left to report to.
process.once('disconnect', () => process.exit(1));
