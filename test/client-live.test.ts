// client.activity() and client.subscribe() against a real server on a port: an AsyncIterable over
// graphql-ws that yields events, unsubscribes on break, survives a dropped connection (through a
// TCP proxy whose connections the test cuts) and fails with a typed error on a bad credential.
import { createServer, type Server, type Socket, connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createClient, type PaviorClient, PaviorError } from '../client/index.ts';
import { createTestApp } from './helpers/app.ts';
import { addApiKey, signUp } from './helpers/fixtures.ts';

let base: string;
let secret: string;
let readOnlyUsers: string;
let tracker: PaviorClient;
const clients: PaviorClient[] = [];
const servers: Server[] = [];

beforeAll(async () => {
  const t = await createTestApp();
  base = await t.listen();
  const team = await signUp(t);
  secret = (await addApiKey(t, team, ['users:read', 'users:write', 'events:read', 'events:write'])).secret;
  readOnlyUsers = (await addApiKey(t, team, ['users:read'])).secret;
  tracker = createClient({ url: base, apiKey: secret });
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

function liveClient(url = base, options: Parameters<typeof createClient>[0] = { url }) {
  const client = createClient({ apiKey: secret, webSocketImpl: WebSocket, ...options, url });
  clients.push(client);
  return client;
}

/** A TCP proxy to the server; `cut()` destroys every connection through it (a network drop). */
async function tcpProxy(target: string) {
  const { port } = new URL(target);
  const sockets = new Set<Socket>();
  const server = createServer((downstream) => {
    const upstream = connect(Number(port), '127.0.0.1');
    for (const s of [downstream, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {});
    }
    downstream.pipe(upstream).pipe(downstream);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    cut: () => sockets.forEach((s) => s.destroy()),
  };
}

/**
 * Waits for the iterator's next value while tracking `name` every 100 ms (a subscription is
 * registered asynchronously; events before that are not delivered).
 */
async function nextWhileTracking<T>(iterator: AsyncIterator<T>, name: string, externalId = 'live-user'): Promise<T> {
  let settled = false;
  const next = iterator.next().finally(() => (settled = true));
  const deadline = Date.now() + 15_000;
  while (!settled && Date.now() < deadline) {
    await tracker.track({ user: { externalId }, name, createMissingUser: true });
    await Promise.race([next, new Promise((r) => setTimeout(r, 100))]);
  }
  const result = await next;
  if (result.done) throw new Error('the iterator ended');
  return result.value;
}

describe('client.activity', () => {
  it('yields the team’s events as they are tracked, filtered by name', async () => {
    const client = liveClient();
    const stream = client.activity({ names: ['live-a'] });
    const event = await nextWhileTracking(stream, 'live-a');
    expect(event).toMatchObject({ name: 'live-a', origin: 'SERVER', user: { externalId: 'live-user' } });
    expect(event.id).toBeTruthy();
    await tracker.track({ user: { externalId: 'live-user' }, name: 'other-name' });
    await tracker.track({ user: { externalId: 'live-user' }, name: 'live-a', properties: { n: 2 } });
    // Events named otherwise never arrive; the next live-a does (some may be from the warm-up loop).
    for (;;) {
      const { value } = await stream.next();
      expect(value?.name).toBe('live-a');
      if ((value?.properties as { n?: number })?.n === 2) break;
    }
    await stream.return!();
  });

  it('works with for await and unsubscribes on break', async () => {
    const client = liveClient();
    const names: string[] = [];
    const consume = (async () => {
      for await (const event of client.activity({ names: ['live-b'] })) {
        names.push(event.name);
        if (names.length === 2) break;
      }
    })();
    const deadline = Date.now() + 15_000;
    let finished = false;
    void consume.then(() => (finished = true));
    while (!finished && Date.now() < deadline) {
      await tracker.track({ user: { externalId: 'live-user' }, name: 'live-b' });
      await new Promise((r) => setTimeout(r, 100));
    }
    await consume;
    expect(names).toEqual(['live-b', 'live-b']);
  });

  it('reconnects after the connection drops and keeps yielding', async () => {
    const proxy = await tcpProxy(base);
    let reconnected = 0;
    const client = liveClient(proxy.url, {
      url: proxy.url,
      subscriptions: { maxRetryDelayMs: 200, onReconnected: () => reconnected++ },
    });
    const stream = client.activity({ names: ['live-c'] });
    expect((await nextWhileTracking(stream, 'live-c')).name).toBe('live-c');

    proxy.cut();
    // Drain what arrived before the cut, then wait for a new event after the reconnection.
    const marker = `after-cut-${Date.now()}`;
    const deadline = Date.now() + 20_000;
    let seen = false;
    const reader = (async () => {
      for (;;) {
        const { value, done } = await stream.next();
        if (done) return;
        if ((value.properties as { marker?: string }).marker === marker) return void (seen = true);
      }
    })();
    while (!seen && Date.now() < deadline) {
      await tracker.track({ user: { externalId: 'live-user' }, name: 'live-c', properties: { marker } });
      await Promise.race([reader, new Promise((r) => setTimeout(r, 150))]);
    }
    expect(seen).toBe(true);
    expect(reconnected).toBeGreaterThanOrEqual(1);
    await stream.return!();
  });

  it('fails with a typed error for a refused credential, without retrying forever', async () => {
    const client = liveClient(base, { url: base, apiKey: 'pav_sk_not_a_key' });
    const error = await client.activity().next().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PaviorError);
    expect(error).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('fails with FORBIDDEN when the key lacks events:read', async () => {
    const noRead = liveClient(base, { url: base, apiKey: readOnlyUsers });
    await expect(noRead.activity().next()).rejects.toMatchObject({ name: 'PaviorError', code: 'FORBIDDEN' });
  });

  it('says what to do when no WebSocket implementation is available', async () => {
    const hadGlobal = 'WebSocket' in globalThis;
    const client = createClient({ url: base, apiKey: secret, webSocketImpl: undefined });
    if (hadGlobal) return; // Node ≥ 22 and browsers have one
    await expect(client.activity().next()).rejects.toMatchObject({ code: 'NO_WEBSOCKET' });
  });
});
