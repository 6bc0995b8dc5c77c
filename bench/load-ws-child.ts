/**
 * Child process of the load bench: `subscribers` idle live dashboards, each its own WebSocket
 * (graphql-ws over `ws`) authenticated in connectionParams, each with one
 * `activity(filter: {names: [name]})` subscription. It also sends the `track` requests, so every
 * timestamp (track sent, each delivery) is on one clock, and the server's process only serves.
 *
 * Protocol (IPC), driven by load.ts:
 *   parent → `WsRequest`                 child opens the sockets (in waves of `connectConcurrency`),
 *                                        subscribes, and sends `track` every 250 ms until every
 *                                        subscription has received one event (a subscription is
 *                                        registered asynchronously after `subscribe`)
 *   child  → { type: 'ready', … }        parent reads the server's memory, holds, reads it again
 *   parent → { type: 'fire' }            child tracks ONE event (unique occurredAt) and waits
 *                                        until every subscription has it
 *   child  → { type: 'fired', … }
 *   parent → { type: 'release' }         child closes every socket
 *   child  → { type: 'released', … }     and exits
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Client } from 'graphql-ws';
import { openSubscriberSocket } from './ws-sockets.ts';

export interface WsRequest {
  wsUrl: string;
  graphqlUrl: string;
  /** Credentials for the subscribers (events:read); socket i uses tokens[i % length]. */
  subscriberTokens: string[];
  /** Credential with events:write, for `track`. */
  writerToken: string;
  subscribers: number;
  connectConcurrency: number;
  /** externalId of an existing user of the team. */
  externalId: string;
  name: string;
  readyTimeoutMs: number;
  deliveryTimeoutMs: number;
}

export interface WsReady {
  type: 'ready';
  sockets: number;
  /** Every socket opened and acknowledged (connection_ack). */
  connectMs: number;
  /** subscribe() of every subscription → every one has received a first event. */
  readyMs: number;
  readyTracks: number;
}

export interface WsFired {
  type: 'fired';
  /** track sent → its response read. */
  trackMs: number;
  /** track sent → first / median / last subscription's delivery. */
  firstMs: number;
  medianMs: number;
  lastMs: number;
  received: number;
}

export interface WsReleased {
  type: 'released';
  /** Sockets closed, subscriptions failed or completed while held (should be none). */
  problems: string[];
  /** Events delivered while held (none should match the filter: idle). */
  heldDeliveries: number;
}

export type WsMessage = WsReady | WsFired | WsReleased | { type: 'error'; error: string };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function softFdLimit(): number | null {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    const soft = line?.split(/\s{2,}/)[1];
    return soft && /^\d+$/.test(soft) ? Number(soft) : null;
  } catch {
    return null;
  }
}

async function track(request: WsRequest, occurredAt?: string): Promise<void> {
  const response = await fetch(request.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${request.writerToken}` },
    body: JSON.stringify({
      query: 'mutation LoadWsTrack($input: TrackInput!) { track(input: $input) { __typename ... on Error { code message } } }',
      variables: { input: { user: { externalId: request.externalId }, name: request.name, ...(occurredAt ? { occurredAt } : {}) } },
    }),
  });
  const text = await response.text();
  if (response.status !== 200 || !text.includes('"__typename":"EventPayload"')) throw new Error(`track answered ${response.status}: ${text.slice(0, 300)}`);
}

/** Resolves once the message is handed to the IPC channel (before an exit may follow). */
function send(message: WsMessage): Promise<void> {
  return new Promise((resolve) => (process.send ? process.send(message, () => resolve()) : resolve()));
}

let onParent: ((message: { type: 'fire' | 'release' }) => void) | undefined;
const nextMessage = (type: 'fire' | 'release') =>
  new Promise<void>((resolve) => {
    onParent = (message) => {
      if (message.type === type) resolve();
    };
  });

async function run(request: WsRequest): Promise<void> {
  const limit = softFdLimit();
  // Each socket is a file descriptor here and one in the server: say so before failing mid-way.
  if (limit !== null && limit < request.subscribers + 64) {
    throw new Error(`open-file limit ${limit} is too low for ${request.subscribers} sockets (raise it with ulimit -n)`);
  }
  const problems: string[] = [];
  const clients: Client[] = [];
  let holding = false;
  try {
    // ── sockets, in waves ──
    const connectStart = performance.now();
    for (let first = 0; first < request.subscribers; first += request.connectConcurrency) {
      const wave: Promise<void>[] = [];
      for (let s = first; s < Math.min(request.subscribers, first + request.connectConcurrency); s++) {
        wave.push(
          openSubscriberSocket(
            {
              wsUrl: request.wsUrl,
              token: request.subscriberTokens[s % request.subscriberTokens.length]!,
              index: s,
              onLateClose: (problem) => void (holding && problems.push(problem)),
            },
            clients,
          ),
        );
      }
      await Promise.all(wave);
    }
    const connectMs = performance.now() - connectStart;

    // ── one subscription per socket ──
    const total = request.subscribers;
    const seen = new Uint8Array(total);
    let seenCount = 0;
    const arrivals = new Float64Array(total);
    let firedAt = Number.NaN; // occurredAt (epoch ms) of the fired event
    let firedCount = 0;
    let firedDone: (() => void) | undefined;
    let deliveries = 0;
    const query = 'subscription LoadIdle($names: [String!]) { activity(filter: {names: $names}) { id name occurredAt } }';
    const subscribeStart = performance.now();
    clients.forEach((client, i) => {
      client.subscribe<{ activity: { occurredAt: string } }>({ query, variables: { names: [request.name] }, operationName: 'LoadIdle' }, {
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
          if (Date.parse(event.occurredAt) === firedAt && arrivals[i] === 0) {
            arrivals[i] = t;
            if (++firedCount === total) firedDone?.();
          }
        },
        error: (error) => void problems.push(`subscription ${i} failed: ${JSON.stringify(error).slice(0, 300)}`),
        complete: () => void (holding && problems.push(`subscription ${i} completed while held`)),
      });
    });
    let readyTracks = 0;
    const readyDeadline = performance.now() + request.readyTimeoutMs;
    while (seenCount < total) {
      if (problems.length) throw new Error(`subscribing failed: ${problems.slice(0, 3).join('; ')}`);
      if (performance.now() > readyDeadline) throw new Error(`only ${seenCount} of ${total} subscriptions live after ${request.readyTimeoutMs} ms`);
      await track(request);
      readyTracks++;
      await sleep(250);
    }
    const readyMs = performance.now() - subscribeStart;
    await sleep(500); // the readiness events drain
    holding = true;
    const heldFrom = deliveries;
    const fire = nextMessage('fire');
    await send({ type: 'ready', sockets: clients.length, connectMs, readyMs, readyTracks });

    // ── hold (the parent measures), then one event to all ──
    await fire;
    const heldDeliveries = deliveries - heldFrom;
    firedAt = Date.now() - 1000; // unique, in the past, ms precision
    const done = new Promise<void>((resolve) => (firedDone = resolve));
    const t0 = performance.now();
    await track(request, new Date(firedAt).toISOString());
    const trackMs = performance.now() - t0;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      done.then(() => false),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), request.deliveryTimeoutMs))),
    ]);
    clearTimeout(timer);
    if (timedOut) throw new Error(`only ${firedCount} of ${total} subscriptions received the event within ${request.deliveryTimeoutMs} ms`);
    const delays = Array.from(arrivals, (t) => t - t0).sort((a, b) => a - b);
    const release = nextMessage('release');
    await send({ type: 'fired', trackMs, firstMs: delays[0]!, medianMs: delays[Math.floor(delays.length / 2)]!, lastMs: delays[delays.length - 1]!, received: firedCount });

    await release;
    holding = false;
    await Promise.allSettled(clients.map((c) => c.dispose()));
    clients.length = 0;
    await send({ type: 'released', problems, heldDeliveries });
  } finally {
    holding = false;
    await Promise.allSettled(clients.map((c) => c.dispose()));
  }
}

process.on('message', (message: WsRequest | { type: 'fire' | 'release' }) => {
  if ('type' in message) {
    onParent?.(message);
    return;
  }
  run(message).then(
    () => process.exit(0),
    (error) => void send({ type: 'error', error: error instanceof Error ? error.message : String(error) }).then(() => process.exit(1)),
  );
});

// The parent went away (crash, Ctrl-C): nothing is left to report to.
process.once('disconnect', () => process.exit(1));
