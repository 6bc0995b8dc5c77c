/**
 * Scenario "graceful-shutdown": SIGTERM reaches the server process while slow-ish requests are
 * in flight (sign-ups: each hashes a password with argon2, tens to hundreds of ms). Every one of
 * them must complete with 200 and its result written; new connections are refused; the process
 * exits 0 within SHUTDOWN_GRACE_MS. The in-process `stop()` is tested in test/app.test.ts; this is
 * the real process and its signal handling (server/main.ts).
 * Settings: CHAOS_SHUTDOWN_REQUESTS (default 24).
 */
import pg from 'pg';
import { createScratchDatabase } from '../bench/lib.ts';
import { type ChaosResult, type ChaosScenario, gql, request, sleep, waitFor } from './scenario.ts';
import { type ServerProcess, startServer } from './server-process.ts';
import { tcpSockets } from './tcp-sockets.ts';

const GRACE_MS = 8000;
/** How long the server may take to read the requests before the signal (a busy machine is slow). */
const READ_TIMEOUT_MS = 15_000;
/** Beyond the grace: closing the pool and Redis, and the process exiting. */
const EXIT_MARGIN_MS = 3000;

const CREATE_TEAM = `mutation($input: CreateTeamInput!) { createTeam(input: $input) { __typename ... on CreateTeamPayload { team { slug } } ... on Error { code message } } }`;

export const gracefulShutdownScenario: ChaosScenario = {
  name: 'graceful-shutdown',
  description: 'SIGTERM with sign-ups in flight: all complete with 200, new connections refused, exit 0 within the grace time',
  async run({ adminUrl, log }): Promise<ChaosResult> {
    const count = Number(process.env.CHAOS_SHUTDOWN_REQUESTS || 24);
    const problems: string[] = [];
    const database = await createScratchDatabase(adminUrl);
    let server: ServerProcess | undefined;
    try {
      server = await startServer({ DATABASE_URL: database.url, SHUTDOWN_GRACE_MS: String(GRACE_MS) });
      const slugs = Array.from({ length: count }, (_, i) => `chaos-stop-${process.pid}-${i}`);
      let signalAt = Infinity;
      const answeredAt: number[] = [];
      const requests = slugs.map((slug) =>
        gql(server!.graphqlUrl, CREATE_TEAM, { input: { slug, name: slug, admin: { email: `admin@${slug}.example`, password: 'chaos-password-123' } } }, undefined, 30_000).then((reply) => {
          answeredAt.push(performance.now());
          return reply;
        }),
      );
      // In flight = read by the server: every connection to its port accepted, nothing left unread
      // in the kernel. (A request still in the kernel's queues when the server closes its listener
      // and idle connections is reset instead: Node counts a connection idle until it has parsed
      // a request on it. That is a race of the sender's, not a request the server dropped.)
      const port = new URL(server.url).port;
      await waitFor(
        'the server to read every request',
        async () => {
          const sockets = (await tcpSockets(['sport', '=', `:${port}`])).filter((s) => s.state === 'ESTAB');
          return sockets.length >= count && sockets.every((s) => s.recvQ === 0) ? true : undefined;
        },
        READ_TIMEOUT_MS,
        10,
      );
      signalAt = performance.now();
      server.child.kill('SIGTERM');

      // A new connection after the signal is refused at once, not left hanging.
      await sleep(100);
      const late = server.exit() ? undefined : await request(`${server.url}/health`, {}, 3000);
      const replies = await Promise.all(requests);
      const exit = await Promise.race([server.exited, sleep(GRACE_MS + EXIT_MARGIN_MS + 5000).then(() => undefined)]);
      const exitMs = exit ? performance.now() - signalAt : undefined;
      if (!exit) await server.stop('SIGKILL');
      const exitAfterMs = server.exit() ? (exitMs ?? NaN) : NaN;

      const inFlight = answeredAt.filter((at) => at > signalAt).length;
      const ok = replies.filter((r) => r.status === 200 && r.json?.data?.createTeam?.__typename === 'CreateTeamPayload').length;
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      const stored = (await client.query<{ n: number }>(`select count(*)::int as n from teams where slug = any($1)`, [slugs])).rows[0]!.n;
      await client.end();

      const figures: ChaosResult['figures'] = {
        requests: count,
        inFlightAtSignal: inFlight,
        completed200: ok,
        teamsStored: stored,
        newConnection: late === undefined ? 'process gone' : late.status === 0 && !late.timedOut ? 'refused' : late.timedOut ? 'hung' : `answered ${late.status}`,
        exitCode: exit ? String(exit.code ?? exit.signal) : 'none (killed)',
        exitAfterMs: Number.isNaN(exitAfterMs) ? 'never' : exitAfterMs.toFixed(0),
        graceMs: GRACE_MS,
      };
      log(`  ${inFlight} of ${count} requests were answered after the SIGTERM`);
      if (inFlight === 0) problems.push('every request was answered before the signal: nothing was in flight');
      if (ok !== count) {
        const bad = replies.filter((r) => !(r.status === 200 && r.json?.data?.createTeam?.__typename === 'CreateTeamPayload'));
        problems.push(`${count - ok} requests did not complete with 200: ${bad.slice(0, 3).map((r) => `${r.status} ${r.text.slice(0, 120)}`).join('; ')}`);
      }
      if (stored !== ok) problems.push(`${ok} sign-ups answered, ${stored} teams stored`);
      if (late && !(late.status === 0 && !late.timedOut)) problems.push(`a new connection after SIGTERM was ${figures.newConnection}`);
      if (!exit) problems.push(`the process did not exit within ${GRACE_MS + EXIT_MARGIN_MS + 5000} ms of SIGTERM`);
      else if (exit.code !== 0) problems.push(`the process exited ${exit.code ?? exit.signal}: ${server.output().slice(-10).join('\n')}`);
      else if (exitAfterMs > GRACE_MS + EXIT_MARGIN_MS) problems.push(`exit took ${exitAfterMs.toFixed(0)} ms (grace ${GRACE_MS} ms)`);
      return { figures, problems };
    } finally {
      await server?.stop('SIGKILL').catch(() => undefined);
      await database.drop();
    }
  },
};
