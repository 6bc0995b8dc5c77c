import { auditServer } from 'graphql-http';
import { beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { type SignedUpTeam, signUp } from './helpers/fixtures.ts';

// Protocol compliance on a real port: the GraphQL-over-HTTP audit of graphql-http, and the
// graphql-transport-ws protocol as a raw socket sees it.

let t: TestApp;
let base: string;
let team: SignedUpTeam;
beforeAll(async () => {
  t = await createTestApp({ WS_INIT_TIMEOUT_MS: '500' });
  base = await t.listen();
  team = await signUp(t);
});

describe('GraphQL over HTTP (graphql-http auditServer)', () => {
  it('passes every MUST audit', async () => {
    const results = await auditServer({ url: `${base}/graphql` });
    const failures = results.filter((r) => r.status === 'error');
    const warnings = results.filter((r) => r.status === 'warn');
    const notices = results.filter((r) => r.status === 'notice');
    console.log(
      `graphql-http audit: ${results.length} audits, ${results.filter((r) => r.status === 'ok').length} ok, ` +
        `${failures.length} MUST failures, ${warnings.length} SHOULD warnings, ${notices.length} notices` +
        warnings.map((w) => `\n  warn ${w.id}: ${w.name}`).join(''),
    );
    expect(failures.map((f) => `${f.id} ${f.name}: ${'reason' in f ? f.reason : ''}`)).toEqual([]);
  });
});

/** A raw graphql-transport-ws socket that records messages and the close event. */
async function rawSocket() {
  const socket = new WebSocket(`${base.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
  const messages: any[] = [];
  let closed: { code: number; reason: string } | null = null;
  socket.on('message', (data) => messages.push(JSON.parse(String(data))));
  socket.on('close', (code, reason) => (closed = { code, reason: String(reason) }));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const send = (message: unknown) => socket.send(JSON.stringify(message));
  const waitFor = async (check: () => boolean, ms = 5000) => {
    const start = Date.now();
    while (!check()) {
      if (Date.now() - start > ms) throw new Error('timed out waiting');
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  const init = async () => {
    send({ type: 'connection_init', payload: { token: team.token } });
    await waitFor(() => messages.some((m) => m.type === 'connection_ack'));
  };
  return { socket, messages, send, waitFor, init, closed: () => closed as { code: number; reason: string } | null };
}

describe('graphql-transport-ws protocol', () => {
  it('closes with 4408 when connection_init does not come in time', async () => {
    const ws = await rawSocket();
    await ws.waitFor(() => ws.closed() !== null, 3000);
    expect(ws.closed()?.code).toBe(4408);
  });

  it('closes with 4403 on bad credentials', async () => {
    const ws = await rawSocket();
    ws.send({ type: 'connection_init', payload: { token: 'pav_not-a-real-token' } });
    await ws.waitFor(() => ws.closed() !== null);
    expect(ws.closed()?.code).toBe(4403);
  });

  it('answers ping with pong (echoing the payload)', async () => {
    const ws = await rawSocket();
    await ws.init();
    ws.send({ type: 'ping', payload: { n: 1 } });
    await ws.waitFor(() => ws.messages.some((m) => m.type === 'pong'));
    expect(ws.messages.find((m) => m.type === 'pong')).toEqual({ type: 'pong', payload: { n: 1 } });
    ws.socket.close();
  });

  it('closes with 4409 when a subscription id is reused while it runs', async () => {
    const ws = await rawSocket();
    await ws.init();
    const subscribe = { id: 'same', type: 'subscribe', payload: { query: 'subscription { activity { name } }' } };
    ws.send(subscribe);
    // Give the first one time to be registered, then reuse its id.
    await new Promise((r) => setTimeout(r, 200));
    expect(ws.closed()).toBeNull();
    ws.send(subscribe);
    await ws.waitFor(() => ws.closed() !== null);
    expect(ws.closed()?.code).toBe(4409);
  });

  it('fails a bad subscription alone: the socket and its other subscriptions stay', async () => {
    const ws = await rawSocket();
    await ws.init();
    ws.send({ id: 'live', type: 'subscribe', payload: { query: 'subscription { activity { name } }' } });
    ws.send({ id: 'bad', type: 'subscribe', payload: { query: 'subscription { nope }' } });
    await ws.waitFor(() => ws.messages.some((m) => m.id === 'bad' && m.type === 'error'));
    ws.send({ id: 'next', type: 'subscribe', payload: { query: '{ viewer { team { slug } } }' } });
    await ws.waitFor(() => ws.messages.some((m) => m.id === 'next' && m.type === 'complete'));
    expect(ws.messages.find((m) => m.id === 'next' && m.type === 'next').payload.data.viewer.team.slug).toBe(team.slug);
    expect(ws.messages.some((m) => m.id === 'live' && (m.type === 'error' || m.type === 'complete'))).toBe(false);
    expect(ws.closed()).toBeNull();
    ws.socket.close();
  });
});
