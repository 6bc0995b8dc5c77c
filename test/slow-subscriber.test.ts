import { randomUUID } from 'node:crypto';
import { createClient as createWsClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Event } from '../server/db/types.ts';
import { WS_MAX_BUFFERED_BYTES } from '../server/websocket.ts';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { type SignedUpTeam, signUp } from './helpers/fixtures.ts';

// A dashboard that stops reading its socket must not hold the server's memory without bound nor
// hold up the other subscribers: the server drops it once its unsent bytes pass the limit.
// (chaos/slow-subscriber.ts does the same against the real process, with memory figures.)

let t: TestApp;
let wsUrl: string;
let team: SignedUpTeam;
/** The team's row id: the pub/sub channel key (team.teamId is its global ID). */
let teamId: string;

beforeAll(async () => {
  t = await createTestApp();
  wsUrl = `${(await t.listen()).replace('http', 'ws')}/graphql`;
  team = await signUp(t);
  teamId = (await t.db.selectFrom('teams').select('id').where('slug', '=', team.slug).executeTakeFirstOrThrow()).id;
});

const SUBSCRIPTION = 'subscription { activity { id name properties } }';
const PADDING = 'x'.repeat(14 * 1024);

function fakeEvent(n: number): Event {
  const now = new Date();
  return {
    id: randomUUID(),
    teamId,
    userId: randomUUID(),
    name: `e${n}`,
    properties: { n, padding: PADDING },
    occurredAt: now,
    origin: 'SERVER',
    memberId: null,
    apiKeyId: null,
    createdAt: now,
  };
}

/** graphql-transport-ws by hand, to reach the socket and stop reading it. */
async function stalledSubscriber() {
  const socket = new WebSocket(wsUrl, 'graphql-transport-ws');
  let received = 0;
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  socket.on('error', () => undefined);
  await new Promise<void>((resolve) => {
    socket.on('message', (raw) => {
      const message = JSON.parse(String(raw));
      if (message.type === 'connection_ack') socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: SUBSCRIPTION } }));
      if (message.type === 'next') {
        received++;
        resolve();
      }
    });
    socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${team.token}` } })));
  });
  return { socket, closed, received: () => received };
}

describe('a subscriber that stops reading', () => {
  const readers: ReturnType<typeof createWsClient>[] = [];
  afterAll(async () => {
    await Promise.all(readers.map((r) => r.dispose()));
  });

  it('is dropped once its backlog passes the limit, while the others get every event', { timeout: 120_000 }, async () => {
    const fast = Array.from({ length: 2 }, () => {
      const client = createWsClient({ url: wsUrl, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${team.token}` }, retryAttempts: 0, lazy: false });
      readers.push(client);
      const names: string[] = [];
      client.subscribe<{ activity: { name: string } }>({ query: SUBSCRIPTION }, { next: (v) => void names.push(v.data!.activity.name), error: () => undefined, complete: () => undefined });
      return names;
    });
    const slow = stalledSubscriber();
    // Warm-up events until all three subscribers have one: all of them are listening.
    let warm = true;
    void (async () => {
      while (warm) {
        t.pubsub.publish('activity', teamId, { events: [{ ...fakeEvent(0), name: 'warm-up' }] });
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const stalled = await slow;
    while (fast.some((names) => names.length === 0)) await new Promise((r) => setTimeout(r, 20));
    warm = false;
    stalled.socket.pause();
    await new Promise((r) => setTimeout(r, 100));
    const received = (names: string[]) => names.filter((name) => name !== 'warm-up');

    // Enough bytes to pass the limit several times over, one event per publish like `track`;
    // each published once the reading subscribers have the previous one.
    const events = Math.ceil((2 * WS_MAX_BUFFERED_BYTES) / PADDING.length);
    for (let n = 1; n <= events; n++) {
      t.pubsub.publish('activity', teamId, { events: [fakeEvent(n)] });
      while (fast.some((names) => received(names).length < n)) await new Promise((r) => setImmediate(r));
    }

    for (const names of fast) expect(received(names)).toEqual(Array.from({ length: events }, (_, i) => `e${i + 1}`));
    stalled.socket.resume();
    const code = await stalled.closed;
    // 1013 (try again later) when the close frame gets through, 1006 when the socket was cut first.
    expect([1013, 1006]).toContain(code);
    expect(stalled.received()).toBeLessThan(events);
  });
});
