/**
 * Scenario "slow-subscriber": several dashboards follow `activity` over graphql-ws; one of them
 * stops reading its socket (the TCP socket is paused: its kernel buffers fill, then the server's
 * writes back up). Events are tracked at a steady rate with large properties. The others must
 * receive every event, promptly; the server must not die, and the memory it holds for the stalled
 * socket must stay bounded (it drops that socket rather than buffering without end).
 *
 * Settings: CHAOS_SLOW_EVENTS (events tracked in batches of 50, default 6000), CHAOS_SLOW_EVENT_KB (size of each
 * event's properties, default 12).
 */
import { createClient as createWsClient } from 'graphql-ws';
import { WebSocket } from 'ws';
import { createBenchTeam, createScratchDatabase } from '../bench/lib.ts';
import { WS_MAX_BUFFERED_BYTES } from '../server/websocket.ts';
import { type ChaosResult, type ChaosScenario, gql, mb, sleep, waitFor } from './scenario.ts';
import { rssOf, type ServerProcess, startServer } from './server-process.ts';
import { tcpSockets } from './tcp-sockets.ts';

const FAST_SUBSCRIBERS = 4;
const TRACK_LOOPS = 4;
/** The slowest a fast subscriber may be behind the tracking call and still count as prompt. */
const PROMPT_MS = 10_000;
/**
 * What one stalled socket may cost the server in RSS beyond the baseline run: its send buffer
 * (WS_MAX_BUFFERED_BYTES) and slack for the garbage collector's timing.
 */
const MEMORY_BOUND_BYTES = WS_MAX_BUFFERED_BYTES + 64 * 1024 * 1024;

const SUBSCRIPTION = `subscription { activity(filter: { names: ["chaos"] }) { properties } }`;
const TRACK_BATCH = `mutation($input: TrackBatchInput!) { trackBatch(input: $input) {
  __typename ... on TrackBatchPayload { accepted rejected { index code message } } ... on Error { code message } } }`;
/** Events per trackBatch call: one publish each, like an integrator's sync. */
const BATCH = 50;

const positive = (name: string, fallback: number) => {
  const value = Number(process.env[name] || fallback);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`);
  return value;
};

/** A dashboard that reads everything, recording when each event id arrived. */
function fastSubscriber(wsUrl: string, token: string) {
  const received = new Map<number, number>();
  let duplicates = 0;
  let failure: string | undefined;
  const client = createWsClient({ url: wsUrl, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0, lazy: false });
  let started!: () => void;
  const ready = new Promise<void>((resolve) => (started = resolve));
  client.on('connected', () => setTimeout(started, 200));
  const unsubscribe = client.subscribe<{ activity: { properties: { n?: number } } }>(
    { query: SUBSCRIPTION },
    {
      next: (value) => {
        const id = value.data?.activity.properties.n;
        if (typeof id !== 'number') return void (failure = `unexpected message ${JSON.stringify(value).slice(0, 200)}`);
        if (received.has(id)) duplicates++;
        received.set(id, performance.now());
      },
      error: (error) => void (failure = `subscription failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`),
      complete: () => void (failure ??= 'subscription completed early'),
    },
  );
  return {
    received,
    ready,
    duplicates: () => duplicates,
    failure: () => failure,
    async close() {
      unsubscribe();
      await client.dispose();
    },
  };
}

/**
 * A dashboard that can stop reading its socket (graphql-transport-ws by hand, to reach the
 * socket); until then it reads and records like the others.
 */
async function stalledSubscriber(wsUrl: string, token: string) {
  const socket = new WebSocket(wsUrl, 'graphql-transport-ws');
  const received = new Map<number, number>();
  let duplicates = 0;
  let closeCode: number | undefined;
  const closed = new Promise<void>((resolve) =>
    socket.once('close', (code) => {
      closeCode = code;
      resolve();
    }),
  );
  socket.on('error', () => undefined);
  const subscribed = new Promise<void>((resolve, reject) => {
    socket.on('message', (raw) => {
      const message = JSON.parse(String(raw));
      if (message.type === 'connection_ack') {
        socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: SUBSCRIPTION } }));
        setTimeout(resolve, 200);
      } else if (message.type === 'next') {
        const n = message.payload?.data?.activity?.properties?.n as number;
        if (received.has(n)) duplicates++;
        received.set(n, performance.now());
      } else if (message.type === 'error') reject(new Error(JSON.stringify(message)));
    });
    socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
    socket.once('close', (code) => reject(new Error(`closed (${code}) before subscribing`)));
  });
  await subscribed;
  const localPort = (socket as unknown as { _socket: import('node:net').Socket })._socket.localPort!;
  return {
    localPort,
    received,
    duplicates: () => duplicates,
    failure: () => (closeCode === undefined ? undefined : `closed (${closeCode})`),
    closeCode: () => closeCode,
    pause: () => socket.pause(),
    async resumeUntilClosed(timeoutMs: number) {
      socket.resume();
      await Promise.race([closed, sleep(timeoutMs)]);
      if (closeCode === undefined) socket.terminate();
    },
    close: () => socket.terminate(),
  };
}

/**
 * The server's side of the stalled client's connection, as the kernel sees it: ESTAB while the
 * server holds it; anything else (FIN-WAIT-1 behind unread data, or gone) once it let go.
 */
async function serverSideState(serverPort: number, clientPort: number): Promise<{ state: string; unsent: number } | undefined> {
  const [socket] = await tcpSockets(['sport', '=', `:${serverPort}`, 'and', 'dport', '=', `:${clientPort}`]);
  return socket ? { state: socket.state, unsent: socket.sendQ } : undefined;
}

interface Phase {
  acknowledged: number;
  eventsPerSec: number;
  lags: number[];
  missing: number;
  problems: string[];
  rssBefore: number;
  rssPeak: number;
  slowReceived: number;
  slowCloseCode: number | undefined;
  /** Events tracked when the server let go of the stalled socket. */
  droppedAfterEvents?: number;
  kernelUnsent: number;
}

/**
 * One server, FAST_SUBSCRIBERS reading subscribers and one more that stalls (or, for the
 * baseline, keeps reading); `events` tracked in batches from TRACK_LOOPS loops.
 */
async function runPhase(adminUrl: string, stall: boolean, events: number, eventKb: number): Promise<Phase> {
  const problems: string[] = [];
  const database = await createScratchDatabase(adminUrl);
  let server: ServerProcess | undefined;
  const fast: ReturnType<typeof fastSubscriber>[] = [];
  try {
    server = await startServer({ DATABASE_URL: database.url });
    const serverPort = Number(new URL(server.url).port);
    const token = await createBenchTeam(server.graphqlUrl, `chaos-slow-${process.pid}`, 'Chaos Slow');
    const wsUrl = server.graphqlUrl.replace('http', 'ws');
    for (let i = 0; i < FAST_SUBSCRIBERS; i++) fast.push(fastSubscriber(wsUrl, token));
    await Promise.all(fast.map((f) => f.ready));
    const slow = await stalledSubscriber(wsUrl, token);
    if (stall) slow.pause();

    const rssBefore = (await rssOf(server.pid))!;
    let rssPeak = rssBefore;
    let droppedAfterEvents: number | undefined;
    let kernelUnsent = 0;
    let sampling = true;
    let tracked = 0;
    const sampler = (async () => {
      while (sampling) {
        rssPeak = Math.max(rssPeak, (await rssOf(server!.pid)) ?? 0);
        if (stall) {
          const state = await serverSideState(serverPort, slow.localPort);
          if (state) kernelUnsent = Math.max(kernelUnsent, state.unsent);
          if (droppedAfterEvents === undefined && state?.state !== 'ESTAB') droppedAfterEvents = tracked;
        }
        await sleep(100);
      }
    })();

    // Track events with large properties from a few loops; remember when each was acknowledged.
    const acknowledged = new Map<number, number>();
    const failures: string[] = [];
    const padding = 'x'.repeat(eventKb * 1024 - 64);
    let next = 0;
    const trackStart = performance.now();
    const loop = async () => {
      while (next < events) {
        const numbers = Array.from({ length: Math.min(BATCH, events - next) }, () => ++next);
        const batch = numbers.map((n) => ({ user: { externalId: `slow-${n % 50}` }, name: 'chaos', properties: { n, padding } }));
        const reply = await gql(server!.graphqlUrl, TRACK_BATCH, { input: { events: batch, createMissingUsers: true } }, token, 60_000);
        const payload = reply.json?.data?.trackBatch;
        if (payload?.accepted === numbers.length) for (const n of numbers) acknowledged.set(n, performance.now());
        else if (failures.length < 5) failures.push(`${reply.status} ${reply.text.slice(0, 160)}`);
        tracked += numbers.length;
        if (server!.exit()) break;
      }
    };
    await Promise.all(Array.from({ length: TRACK_LOOPS }, loop));
    const trackSeconds = (performance.now() - trackStart) / 1000;

    // Every acknowledged event reaches every reading subscriber.
    const readers = stall ? fast : [...fast, slow];
    await waitFor('the reading subscribers to catch up', async () => (readers.every((f) => f.failure() || f.received.size >= acknowledged.size) ? true : undefined), 30_000, 100).catch(() => undefined);
    sampling = false;
    await sampler;
    const lags: number[] = [];
    let missing = 0;
    for (const f of readers) {
      for (const [n, ackAt] of acknowledged) {
        const at = f.received.get(n);
        if (at === undefined) missing++;
        else lags.push(Math.max(0, at - ackAt));
      }
    }
    lags.sort((a, b) => a - b);
    const alive = !server.exit();
    if (stall) await slow.resumeUntilClosed(alive ? 5000 : 100);
    else slow.close();

    if (!alive) problems.push(`the server died: ${JSON.stringify(server.exit())}: ${server.output().slice(-12).join('\n')}`);
    if (failures.length) problems.push(`track failed: ${failures.join('; ')}`);
    for (const [i, f] of readers.entries()) {
      if (f.failure()) problems.push(`subscriber ${i}: ${f.failure()}`);
      if (f.duplicates()) problems.push(`subscriber ${i}: ${f.duplicates()} duplicate events`);
    }
    if (missing) problems.push(`${missing} events missing at the reading subscribers`);
    return {
      acknowledged: acknowledged.size,
      eventsPerSec: acknowledged.size / trackSeconds,
      lags,
      missing,
      problems,
      rssBefore,
      rssPeak,
      slowReceived: slow.received.size,
      slowCloseCode: slow.closeCode(),
      droppedAfterEvents,
      kernelUnsent,
    };
  } finally {
    await Promise.allSettled(fast.map((f) => f.close()));
    await server?.stop('SIGTERM').catch(() => undefined);
    await database.drop();
  }
}

export const slowSubscriberScenario: ChaosScenario = {
  name: 'slow-subscriber',
  description: `${FAST_SUBSCRIBERS} activity subscribers read, 1 stops reading its socket: the others get every event promptly, server memory stays bounded`,
  async run({ adminUrl, log }): Promise<ChaosResult> {
    const events = positive('CHAOS_SLOW_EVENTS', 6000);
    const eventKb = positive('CHAOS_SLOW_EVENT_KB', 12);
    // The same run twice on fresh servers: every subscriber reading (the baseline), then one stalled.
    const base = await runPhase(adminUrl, false, events, eventKb);
    log(`  baseline (all reading): RSS ${mb(base.rssBefore)} → peak ${mb(base.rssPeak)}, ${base.eventsPerSec.toFixed(0)} events/s`);
    const run = await runPhase(adminUrl, true, events, eventKb);
    log(`  one stalled: RSS ${mb(run.rssBefore)} → peak ${mb(run.rssPeak)}; stalled socket read ${run.slowReceived}, dropped after ${run.droppedAfterEvents ?? 'never'} events, close ${run.slowCloseCode}`);
    const p = (q: number) => (run.lags.length ? run.lags[Math.min(run.lags.length - 1, Math.floor(q * run.lags.length))]! : 0);
    const growth = run.rssPeak - run.rssBefore;
    const baseGrowth = base.rssPeak - base.rssBefore;
    const withheld = (run.acknowledged - run.slowReceived) * eventKb * 1024;
    const figures: ChaosResult['figures'] = {
      events,
      eventKB: eventKb,
      eventsPerSec: run.eventsPerSec.toFixed(0),
      lagP50Ms: p(0.5).toFixed(0),
      lagP99Ms: p(0.99).toFixed(0),
      lagMaxMs: p(1).toFixed(0),
      missing: run.missing,
      slowWithheld: mb(Math.max(0, withheld)),
      slowDroppedAfterEvents: run.droppedAfterEvents ?? 'never',
      slowCloseCode: run.slowCloseCode ?? 'none',
      kernelUnsentMax: mb(run.kernelUnsent),
      rssGrowth: mb(growth),
      baselineRssGrowth: mb(baseGrowth),
      extraForStalled: mb(growth - baseGrowth),
    };
    const problems = [...base.problems.map((p) => `baseline: ${p}`), ...run.problems];
    if (p(1) > PROMPT_MS) problems.push(`a reading subscriber was ${p(1).toFixed(0)} ms behind (more than ${PROMPT_MS} ms)`);
    if (run.droppedAfterEvents === undefined) problems.push('the stalled socket was never dropped by the server');
    if (growth - baseGrowth > MEMORY_BOUND_BYTES) problems.push(`the stalled socket cost the server ${mb(growth - baseGrowth)} more than the baseline (bound ${mb(MEMORY_BOUND_BYTES)})`);
    return { figures, problems };
  },
};
