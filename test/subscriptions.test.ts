import { createClient as createWsClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { createAppPubSub } from '../server/pubsub.ts';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { addApiKey, type SignedUpTeam, signUp } from './helpers/fixtures.ts';

let t: TestApp;
let base: string;
let team: SignedUpTeam;
let writer: string;
const clients: Client[] = [];

beforeAll(async () => {
  t = await createTestApp({ WS_MAX_SUBSCRIPTIONS: '3', WS_INIT_TIMEOUT_MS: '500' });
  base = await t.listen();
  team = await signUp(t);
  writer = (await addApiKey(t, team, ['events:write', 'users:write'])).secret;
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
});

const wsUrl = (httpBase: string) => `${httpBase.replace('http', 'ws')}/graphql`;

function connect(connectionParams: Record<string, unknown> | undefined, url = wsUrl(base)) {
  const closes: { code: number; reason: string }[] = [];
  const client = createWsClient({
    url,
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
    lazy: false,
    on: { closed: (event) => closes.push(event as { code: number; reason: string }) },
  });
  client.on('error', () => {});
  clients.push(client);
  return { client, closes };
}

/** Subscribes and collects results; `ready` resolves once the server has accepted it. */
function collect(client: Client, query: string, variables?: Record<string, unknown>) {
  const items: any[] = [];
  const errors: unknown[] = [];
  let done = false;
  const dispose = client.subscribe({ query, variables }, {
    next: (value) => void items.push(value),
    error: (error) => void errors.push(error),
    complete: () => void (done = true),
  });
  return { items, errors, dispose, isDone: () => done };
}

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const track = (token: string, name: string, externalId = 'live-1', url?: string) => {
  const body = JSON.stringify({
    query: `mutation($input: TrackInput!) { track(input: $input) { __typename ... on Error { code } } }`,
    variables: { input: { user: { externalId }, name, createMissingUser: true } },
  });
  if (url) return fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body }).then((r) => r.json());
  return t.gql(`mutation($input: TrackInput!) { track(input: $input) { __typename ... on Error { code } } }`, { input: { user: { externalId }, name, createMissingUser: true } }, { token });
};

// Subscriptions are registered asynchronously; a tracked event is only delivered once the
// subscription is live, so tests track repeatedly until the first one arrives.
async function trackUntilReceived(items: any[], token: string, name: string, url?: string) {
  const start = Date.now();
  while (items.length === 0) {
    if (Date.now() - start > 5000) throw new Error('no event received');
    await track(token, name, 'live-1', url);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('activity over graphql-ws', () => {
  it('streams the team\u2019s events to a member, filtered by name', async () => {
    const { client } = connect({ authorization: `Bearer ${team.token}` });
    const sub = collect(client, `subscription { activity(filter: {names: ["live.ping"]}) { name origin user { externalId } } }`);
    await trackUntilReceived(sub.items, writer, 'live.ping');
    await track(writer, 'other.name');
    await track(writer, 'live.ping');
    await until(() => sub.items.length >= 2);
    expect(sub.items.every((i) => i.data.activity.name === 'live.ping')).toBe(true);
    expect(sub.items[0].data.activity).toEqual({ name: 'live.ping', origin: 'SERVER', user: { externalId: 'live-1' } });
    sub.dispose();
  });

  it('never delivers another team\u2019s events', async () => {
    const other = await signUp(t);
    const otherWriter = (await addApiKey(t, other, ['events:write', 'users:write'])).secret;
    const { client: mine } = connect({ token: team.token });
    const { client: theirs } = connect({ token: other.token });
    const a = collect(mine, `subscription { activity { name } }`);
    const b = collect(theirs, `subscription { activity { name } }`);
    await trackUntilReceived(b.items, otherWriter, 'theirs.only');
    await trackUntilReceived(a.items, writer, 'mine.only');
    expect(a.items.map((i) => i.data.activity.name)).not.toContain('theirs.only');
    expect(b.items.map((i) => i.data.activity.name)).not.toContain('mine.only');
    a.dispose();
    b.dispose();
  });

  it('closes a connection without credentials, or with bad ones, with 4403', async () => {
    for (const params of [undefined, { token: 'pav_st_nope' }, { authorization: 'Bearer pav_sk_nope' }]) {
      const { closes } = connect(params);
      await until(() => closes.length > 0);
      expect(closes[0]!.code).toBe(4403);
    }
  });

  it('fails only the subscription when the scope is missing or the query is bad; the socket stays', async () => {
    const key = (await addApiKey(t, team, ['users:read'])).secret;
    const { client, closes } = connect({ apiKey: key });
    const forbidden = collect(client, `subscription { activity { name } }`);
    await until(() => forbidden.errors.length + forbidden.items.length > 0);
    const first = forbidden.items[0] ?? forbidden.errors[0];
    expect(JSON.stringify(first)).toContain('FORBIDDEN');
    const syntax = collect(client, `subscription { activity { `);
    await until(() => syntax.errors.length > 0);
    expect(JSON.stringify(syntax.errors[0])).toContain('Syntax Error');
    const fine = collect(client, `{ viewer { scopes } }`);
    await until(() => fine.isDone());
    expect(fine.items[0].data.viewer.scopes).toEqual(['users:read']);
    expect(closes).toEqual([]);
  });

  it('limits operations per socket (LIMIT_EXCEEDED) without closing it', async () => {
    const { client, closes } = connect({ token: team.token });
    const subs = [1, 2, 3].map(() => collect(client, `subscription { activity { name } }`));
    await trackUntilReceived(subs[2]!.items, writer, 'fill');
    const fourth = collect(client, `subscription { activity { name } }`);
    await until(() => fourth.errors.length > 0);
    expect(JSON.stringify(fourth.errors[0])).toContain('LIMIT_EXCEEDED');
    subs[0]!.dispose();
    await new Promise((r) => setTimeout(r, 100));
    const again = collect(client, `{ viewer { scopes } }`);
    await until(() => again.isDone());
    expect(again.items[0].data.viewer.scopes.length).toBeGreaterThan(0);
    expect(closes).toEqual([]);
    subs.forEach((s) => s.dispose());
  });

  it('gives each of a team\u2019s subscriptions exactly its own events, in order, and one leaving does not stop the others', async () => {
    // One listener per team and instance serves them all (server/modules/events/live.ts).
    const fresh = await signUp(t);
    const key = (await addApiKey(t, fresh, ['events:write', 'users:write'])).secret;
    const { client } = connect({ token: fresh.token });
    const { client: second } = connect({ token: fresh.token });
    const pings = collect(client, `subscription { activity(filter: {names: ["hub.ping"]}) { name properties } }`);
    const both = collect(client, `subscription { activity(filter: {names: ["hub.ping", "hub.pong"], origins: [SERVER]}) { name properties } }`);
    const all = collect(second, `subscription { activity { name properties } }`);
    const leaving = collect(second, `subscription { activity(filter: {names: ["hub.pong"]}) { name } }`);
    const BATCH = `mutation($input: TrackBatchInput!) { trackBatch(input: $input) { __typename ... on TrackBatchPayload { accepted } } }`;
    const start = Date.now();
    while ([pings, both, all, leaving].some((sub) => sub.items.length === 0)) {
      if (Date.now() - start > 5000) throw new Error('subscriptions not live');
      await t.gql(BATCH, { input: { createMissingUsers: true, events: [{ user: { externalId: 'hub-1' }, name: 'hub.ping' }, { user: { externalId: 'hub-1' }, name: 'hub.pong' }] } }, { token: key });
      await new Promise((r) => setTimeout(r, 50));
    }
    leaving.dispose();
    for (const sub of [pings, both, all]) sub.items.length = 0;
    const events = ['hub.pong', 'hub.ping', 'other', 'hub.ping', 'hub.pong', 'hub.ping'].map((name, i) => ({ user: { externalId: 'hub-1' }, name, properties: { i } }));
    await t.gql(BATCH, { input: { events } }, { token: key });
    const names = (sub: { items: any[] }) => sub.items.map((i) => `${i.data.activity.name}#${i.data.activity.properties.i}`);
    await until(() => all.items.length >= 6 && both.items.length >= 5 && pings.items.length >= 3);
    await new Promise((r) => setTimeout(r, 100));
    expect(names(pings)).toEqual(['hub.ping#1', 'hub.ping#3', 'hub.ping#5']);
    expect(names(both)).toEqual(['hub.pong#0', 'hub.ping#1', 'hub.ping#3', 'hub.pong#4', 'hub.ping#5']);
    expect(names(all)).toEqual(['hub.pong#0', 'hub.ping#1', 'other#2', 'hub.ping#3', 'hub.pong#4', 'hub.ping#5']);
    expect(leaving.errors).toEqual([]);
    for (const sub of [pings, both, all]) sub.dispose();
  });

  it('closes a socket that never sends connection_init with 4408', async () => {
    const socket = new WebSocket(wsUrl(base), 'graphql-transport-ws');
    const code = await new Promise<number>((resolve) => socket.on('close', (c) => resolve(c)));
    expect(code).toBe(4408);
  });
});

describe('Server-Sent Events', () => {
  it('serves the same subscription over SSE for clients without WebSockets', async () => {
    const controller = new AbortController();
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${team.token}` },
      body: JSON.stringify({ query: `subscription { activity(filter: {names: ["sse.ping"]}) { name } }` }),
      signal: controller.signal,
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    const received: string[] = [];
    const reading = (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value);
        for (const match of buffer.matchAll(/data: (\{.*\})/g)) received.push(match[1]!);
        buffer = buffer.slice(buffer.lastIndexOf('\n') + 1);
      }
    })().catch(() => {});
    const start = Date.now();
    while (!received.some((r) => r.includes('sse.ping'))) {
      if (Date.now() - start > 5000) throw new Error('no SSE event');
      await track(writer, 'sse.ping');
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(JSON.parse(received.find((r) => r.includes('sse.ping'))!)).toEqual({ data: { activity: { name: 'sse.ping' } } });
    controller.abort();
    await reading;
  });
});

describe('scale-out through Redis', () => {
  it.runIf(process.env.REDIS_URL)('a subscriber on instance A receives an event tracked through instance B', async () => {
    // Instance B: a second app on the same database with its own Redis connections.
    const config = loadConfig({ NODE_ENV: 'test' });
    const pubsubB = createAppPubSub(process.env.REDIS_URL);
    const appB = createApp({ config, db: t.db, pubsub: pubsubB });
    const baseB = await appB.start(0, '127.0.0.1');
    try {
      const { client } = connect({ token: team.token }, wsUrl(base));
      const sub = collect(client, `subscription { activity(filter: {names: ["via.b"]}) { name } }`);
      await trackUntilReceived(sub.items, writer, 'via.b', baseB);
      expect(sub.items[0].data.activity.name).toBe('via.b');
      sub.dispose();
    } finally {
      await appB.stop();
      await pubsubB.close();
    }
  });
});

