/**
 * Scenario "postgres-restart": PostgreSQL goes away and comes back while the server is under
 * load. During the outage every request must fail cleanly (a JSON GraphQL error, /ready 503 —
 * never a hang past the client's timeout, a dropped connection or a crash), and once the
 * database is back the same server process must answer correctly again, by itself.
 *
 * It runs on a private PostgreSQL (chaos/private-postgres.ts): the shared one is never touched.
 * Phases: load → `pg_ctl stop -m fast` → outage → `pg_ctl start` → recovery → `pg_ctl restart
 * -m fast` → recovery → stop the load, check every acknowledged write is stored.
 * Settings: CHAOS_LOAD_WORKERS (default 8), CHAOS_OUTAGE_MS (default 4000).
 */
import pg from 'pg';
import { createBenchTeam } from '../bench/lib.ts';
import { type Sample, startLoadLoops, tally } from './load-loops.ts';
import { startPrivatePostgres } from './private-postgres.ts';
import { type ChaosResult, type ChaosScenario, gql, sleep } from './scenario.ts';
import { type ServerProcess, startServer } from './server-process.ts';

/** The client's patience: an answer slower than this during the outage is a hang. */
const REQUEST_TIMEOUT_MS = 10_000;
/** How long the server may take to answer correctly again once PostgreSQL accepts connections. */
const RECOVERY_LIMIT_MS = 20_000;
const STEADY_MS = 3000;

const positive = (name: string, fallback: number) => {
  const value = Number(process.env[name] || fallback);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`);
  return value;
};

/** Milliseconds from `since` until a read, a write and /ready have each succeeded; undefined if not all did. */
function recoveryMs(samples: Sample[], since: number): number | undefined {
  const firstOk = (kind: Sample['kind']) => samples.find((s) => s.kind === kind && s.outcome === 'ok' && s.at >= since)?.at;
  const times = [firstOk('read'), firstOk('write'), firstOk('ready')];
  if (times.some((t) => t === undefined)) return undefined;
  return Math.max(...(times as number[])) - since;
}

async function waitForRecovery(samples: Sample[], since: number): Promise<number | undefined> {
  const deadline = since + RECOVERY_LIMIT_MS;
  while (performance.now() < deadline) {
    const ms = recoveryMs(samples, since);
    if (ms !== undefined) return ms;
    await sleep(50);
  }
  return recoveryMs(samples, since);
}

export const postgresRestartScenario: ChaosScenario = {
  name: 'postgres-restart',
  description: 'stop, start and restart a private PostgreSQL under read/write load: clean failures, recovery without a server restart',
  async run({ log }): Promise<ChaosResult> {
    const workers = positive('CHAOS_LOAD_WORKERS', 8);
    const outageMs = positive('CHAOS_OUTAGE_MS', 4000);
    const problems: string[] = [];
    const figures: ChaosResult['figures'] = { workers };
    const postgres = await startPrivatePostgres();
    let server: ServerProcess | undefined;
    const client = new pg.Client({ connectionString: postgres.url });
    try {
      server = await startServer({ DATABASE_URL: postgres.url });
      const pid = server.pid;
      const token = await createBenchTeam(server.graphqlUrl, `chaos-pg-${process.pid}`, 'Chaos PG');
      const load = startLoadLoops({ url: server.url, token, workers, timeoutMs: REQUEST_TIMEOUT_MS, prefix: `pg-${process.pid}` });
      const t0 = performance.now();
      await sleep(STEADY_MS);

      const stopAt = performance.now();
      await postgres.stop();
      log(`  PostgreSQL stopped (${(performance.now() - stopAt).toFixed(0)} ms); outage ${outageMs} ms`);
      await sleep(outageMs);
      await postgres.start();
      const upAt = performance.now();
      const recovered = await waitForRecovery(load.samples, upAt);
      log(`  PostgreSQL started; server answering again after ${recovered?.toFixed(0) ?? 'never'} ms`);
      await sleep(STEADY_MS);

      const restartAt = performance.now();
      await postgres.restart();
      const restartedAt = performance.now();
      const recoveredAfterRestart = await waitForRecovery(load.samples, restartedAt);
      log(`  PostgreSQL restarted (${(restartedAt - restartAt).toFixed(0)} ms); server answering again after ${recoveredAfterRestart?.toFixed(0) ?? 'never'} ms`);
      await sleep(STEADY_MS);
      await load.stop();
      const end = performance.now();

      const before = tally(load.samples, t0, stopAt);
      const outage = tally(load.samples, stopAt, upAt);
      const all = tally(load.samples);
      Object.assign(figures, {
        requests: load.samples.length,
        ok: all.ok,
        failedClean: all.clean,
        failedUnclean: all.unclean,
        outageOk: outage.ok,
        outageFailed: outage.clean + outage.unclean,
        outageSlowestMs: Math.max(0, ...load.samples.filter((s) => s.at >= stopAt && s.at < upAt).map((s) => s.ms)).toFixed(0),
        recoverMs: recovered === undefined ? 'never' : recovered.toFixed(0),
        recoverAfterRestartMs: recoveredAfterRestart === undefined ? 'never' : recoveredAfterRestart.toFixed(0),
        reqPerSec: (load.samples.length / ((end - t0) / 1000)).toFixed(0),
      });

      if (server.exit()) problems.push(`the server process died: ${JSON.stringify(server.exit())}; last output:\n${server.output().slice(-40).join('\n')}`);
      else if (server.pid !== pid) problems.push('the server process was replaced');
      if (before.clean + before.unclean) problems.push(`${before.clean + before.unclean} requests failed before the outage`);
      if (outage.clean + outage.unclean === 0) problems.push('no request failed during the outage: it was not exercised');
      if (all.unclean) {
        const kinds = new Map<string, number>();
        for (const s of load.samples) if (s.outcome === 'unclean') kinds.set(`${s.kind}: ${s.detail}`, (kinds.get(`${s.kind}: ${s.detail}`) ?? 0) + 1);
        problems.push(`${all.unclean} unclean failures: ${[...kinds].slice(0, 5).map(([k, n]) => `${n}× ${k}`).join('; ')}`);
      }
      if (recovered === undefined) problems.push(`not answering correctly ${RECOVERY_LIMIT_MS} ms after PostgreSQL started`);
      if (recoveredAfterRestart === undefined) problems.push(`not answering correctly ${RECOVERY_LIMIT_MS} ms after PostgreSQL restarted`);
      const cleanKinds = new Map<string, number>();
      for (const s of load.samples) if (s.outcome === 'clean') cleanKinds.set(`${s.kind}: ${s.detail}`, (cleanKinds.get(`${s.kind}: ${s.detail}`) ?? 0) + 1);
      log(`  clean failures: ${[...cleanKinds].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([k, n]) => `${n}× ${k}`).join('\n                  ') || 'none'}`);

      // Every acknowledged write is stored, once; the API agrees with the database.
      if (!server.exit()) {
        await client.connect();
        const ids = [...load.acknowledged];
        const stored = (await client.query<{ n: number }>(`select count(distinct external_id)::int as n from users where external_id = any($1)`, [ids])).rows[0]!.n;
        const teamUsers = (await client.query<{ n: number }>(`select count(*)::int as n from users u join teams t on t.id = u.team_id where t.slug = $1`, [`chaos-pg-${process.pid}`])).rows[0]!.n;
        const api = await gql(server.graphqlUrl, `{ users(first: 1) { totalCount } }`, {}, token);
        figures.acknowledgedWrites = ids.length;
        figures.storedUsers = teamUsers;
        if (stored !== ids.length) problems.push(`${ids.length - stored} acknowledged writes are not stored`);
        if (api.json?.data?.users?.totalCount !== teamUsers) problems.push(`the API counts ${api.text.slice(0, 100)} users, the database ${teamUsers}`);
      }
      return { figures, problems };
    } finally {
      await server?.stop('SIGTERM').catch(() => undefined);
      await client.end().catch(() => undefined);
      await postgres.destroy();
    }
  },
};
