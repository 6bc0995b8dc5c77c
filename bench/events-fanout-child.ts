/**
 * Child process for the events bench's fan-out scenario. It holds every WebSocket subscriber AND
 * sends the `track` requests, so every timestamp (track response, each delivery) is taken on one
 * clock (this process's performance.now()), and the server's process does nothing but serve.
 *
 * Subscribers are graphql-ws clients over `ws`, `perSocket` subscriptions on each socket, to
 * `activity(filter: {names: [name]}) { name occurredAt }`. Readiness: `track` is sent every
 * 200 ms until every subscription has received one event (a subscription is registered
 * asynchronously after `subscribe` returns). Then, per round, one `track` with a unique
 * occurredAt; the round ends when every subscription has received that event. Delay = time of
 * the LAST subscription's delivery − time the track response (its body) arrived.
 *
 * With `hold`, after the rounds it sends `{ type: 'holding' }` and keeps every subscription
 * open until the parent sends `{ type: 'release' }` (the parent measures ingestion meanwhile).
 *
 * events.ts forks this file, sends one `FanoutRequest` and receives `{ type: 'result', … }`.
 */
import { performance } from 'node:perf_hooks';
import type { Client } from 'graphql-ws';
import { openSubscriberSocket } from './ws-sockets.ts';

export interface FanoutRequest {
  wsUrl: string;
  graphqlUrl: string;
  /** Key (or session token) with events:read, for the subscribers. */
  subscriberToken: string;
  /** Key with events:write, for `track`. */
  writerToken: string;
  subscribers: number;
  perSocket: number;
  rounds: number;
  /** externalId of an existing user of the team. */
  externalId: string;
  name: string;
  /** Pause between rounds, so one round's deliveries never overlap the next's. */
  pauseMs: number;
  roundTimeoutMs: number;
  readyTimeoutMs: number;
  hold: boolean;
}

export interface FanoutRound {
  /** Send of `track` → its response body read. */
  trackMs: number;
  /** Track response → first / last subscription delivery (negative: before the response). */
  firstDelayMs: number;
  lastDelayMs: number;
  /** Send of `track` → last subscription delivery. */
  sendToLastMs: number;
}

export interface FanoutResult {
  sockets: number;
  subscriptions: number;
  /** Round trips of `track` before any socket is open (warm-up excluded), for comparison. */
  idleTrackMs: number[];
  /** All sockets open and acknowledged (connection_ack). */
  connectMs: number;
  /** subscribe() of every subscription → every one has received a first event. */
  readyMs: number;
  readyTracks: number;
  rounds: FanoutRound[];
  /** Events delivered to the subscriptions while held (none should match the filter). */
  heldDeliveries: number;
  /** Subscription errors, unexpected completions and socket closes while measuring. */
  problems: string[];
}

export type FanoutMessage = { type: 'holding' } | { type: 'result'; ok: true; result: FanoutResult } | { type: 'result'; ok: false; error: string };

function reply(message: FanoutMessage): void {
  process.send?.(message, () => process.exit(0));
}

let release: (() => void) | undefined;
const released = new Promise<void>((resolve) => (release = resolve));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function track(request: FanoutRequest, occurredAt?: string): Promise<void> {
  const response = await fetch(request.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${request.writerToken}` },
    body: JSON.stringify({
      query: 'mutation FanoutTrack($input: TrackInput!) { track(input: $input) { __typename ... on Error { code message } } }',
      variables: { input: { user: { externalId: request.externalId }, name: request.name, ...(occurredAt ? { occurredAt } : {}) } },
    }),
  });
  const text = await response.text();
  if (response.status !== 200 || !text.includes('"__typename":"EventPayload"')) throw new Error(`track answered ${response.status}: ${text.slice(0, 300)}`);
}

async function run(request: FanoutRequest): Promise<FanoutResult> {
  const problems: string[] = [];
  const socketCount = Math.ceil(request.subscribers / request.perSocket);
  const clients: Client[] = [];
  let measuring = false;
  try {
    // ── track alone, nobody listening ──
    const idleTrackMs: number[] = [];
    for (let i = 0; i < 25; i++) {
      const t0 = performance.now();
      await track(request);
      if (i >= 5) idleTrackMs.push(performance.now() - t0);
    }

    // ── sockets ──
    const connectStart = performance.now();
    const connected = Array.from({ length: socketCount }, (_, s) =>
      openSubscriberSocket(
        { wsUrl: request.wsUrl, token: request.subscriberToken, index: s, onLateClose: (problem) => void (measuring && problems.push(problem)) },
        clients,
      ),
    );
    await Promise.all(connected);
    const connectMs = performance.now() - connectStart;

    // ── subscriptions ──
    const total = request.subscribers;
    const seen = new Uint8Array(total); // a first event arrived (readiness)
    const arrivals = new Float64Array(total); // delivery time of the current round's event
    let seenCount = 0;
    let roundAt = Number.NaN; // occurredAt (epoch ms) of the current round's event
    let roundCount = 0;
    let roundDone: (() => void) | undefined;
    let deliveries = 0;
    const query = `subscription Fanout($names: [String!]) { activity(filter: {names: $names}) { name occurredAt } }`;
    const subscribeStart = performance.now();
    for (let i = 0; i < total; i++) {
      const client = clients[Math.floor(i / request.perSocket)]!;
      client.subscribe<{ activity: { name: string; occurredAt: string } }>({ query, variables: { names: [request.name] } }, {
        next: (value) => {
          const t = performance.now();
          deliveries++;
          const event = value.data?.activity;
          if (!event) {
            problems.push(`subscription ${i}: ${JSON.stringify(value).slice(0, 300)}`);
            return;
          }
          if (!seen[i]) {
            seen[i] = 1;
            seenCount++;
          }
          if (Date.parse(event.occurredAt) === roundAt && arrivals[i] === 0) {
            arrivals[i] = t;
            if (++roundCount === total) roundDone?.();
          }
        },
        error: (error) => void problems.push(`subscription ${i} failed: ${JSON.stringify(error).slice(0, 300)}`),
        complete: () => void (measuring && problems.push(`subscription ${i} completed early`)),
      });
    }
    let readyTracks = 0;
    const readyDeadline = performance.now() + request.readyTimeoutMs;
    while (seenCount < total) {
      if (problems.length) throw new Error(`subscribing failed: ${problems.slice(0, 3).join('; ')}`);
      if (performance.now() > readyDeadline) throw new Error(`only ${seenCount} of ${total} subscriptions live after ${request.readyTimeoutMs} ms`);
      await track(request);
      readyTracks++;
      await sleep(200);
    }
    const readyMs = performance.now() - subscribeStart;
    await sleep(500); // let the readiness events drain

    // ── rounds ──
    measuring = true;
    const rounds: FanoutRound[] = [];
    let lastAt = 0;
    for (let r = 0; r < request.rounds; r++) {
      // A unique, past occurredAt (ms precision) names this round's event.
      const at = Math.max(Date.now() - 1000, lastAt + 1);
      lastAt = at;
      arrivals.fill(0);
      roundCount = 0;
      roundAt = at;
      const done = new Promise<void>((resolve) => (roundDone = resolve));
      const t0 = performance.now();
      await track(request, new Date(at).toISOString());
      const tResponse = performance.now();
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        done.then(() => false),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), request.roundTimeoutMs))),
      ]);
      clearTimeout(timer);
      if (timedOut) throw new Error(`round ${r + 1}: only ${roundCount} of ${total} subscriptions received the event within ${request.roundTimeoutMs} ms`);
      let first = Number.POSITIVE_INFINITY;
      let last = 0;
      for (const t of arrivals) {
        if (t < first) first = t;
        if (t > last) last = t;
      }
      rounds.push({ trackMs: tResponse - t0, firstDelayMs: first - tResponse, lastDelayMs: last - tResponse, sendToLastMs: last - t0 });
      await sleep(request.pauseMs);
    }
    let heldDeliveries = 0;
    if (request.hold) {
      const before = deliveries;
      process.send?.({ type: 'holding' } satisfies FanoutMessage);
      await released;
      heldDeliveries = deliveries - before;
    }
    measuring = false;
    return { sockets: socketCount, subscriptions: total, heldDeliveries, idleTrackMs, connectMs, readyMs, readyTracks, rounds, problems };
  } finally {
    measuring = false;
    await Promise.allSettled(clients.map((c) => c.dispose()));
  }
}

process.on('message', (message: FanoutRequest | { type: 'release' }) => {
  if ('type' in message) {
    release?.();
    return;
  }
  run(message).then(
    (result) => reply({ type: 'result', ok: true, result }),
    (error) => reply({ type: 'result', ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
});

// The parent went away (crash, Ctrl-C): nothing is left to report to.
process.once('disconnect', () => process.exit(1));
