import { createClient as createWsClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type App, createApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { createLogger } from '../server/logging.ts';
import { createAppPubSub, type PubSub } from '../server/pubsub.ts';
import { createTestDb } from './helpers/db.ts';
import { PASSWORD } from './helpers/fixtures.ts';

// Structured logs (issue #7): every HTTP request and every graphql-ws connection and operation
// is one JSON line with request id, team, operation and duration, captured here from pino
// through a destination stream; credentials, passwords and connectionParams never appear.

type Line = Record<string, any>;
const lines: Line[] = [];
// pino calls write() synchronously with one JSON line per call.
const sink = { write: (chunk: string) => void lines.push(JSON.parse(chunk) as Line) };

let app: App;
let pubsub: PubSub;
let destroyDb: () => Promise<void>;
let base: string;
let token: string;
let teamId: string;
let apiKey: string;
let readOnlyKey: string;
const clients: Client[] = [];

async function post(body: string | Record<string, unknown>, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const byMsg = (msg: string) => lines.filter((l) => l.msg === msg);

beforeAll(async () => {
  const testDb = await createTestDb();
  destroyDb = () => testDb.destroy();
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'info', PUBLIC_URL: 'http://pavior.test', SHUTDOWN_GRACE_MS: '2000' });
  pubsub = createAppPubSub(process.env.REDIS_URL);
  app = createApp({ config, db: testDb.db, pubsub, logger: createLogger(config, sink) });
  base = await app.start(0, '127.0.0.1');

  const slug = `logs-${Date.now().toString(36)}`;
  const created = await post(
    {
      query: `mutation CreateTeam($input: CreateTeamInput!) { createTeam(input: $input) { ... on CreateTeamPayload { token team { id } } } }`,
      variables: { input: { slug, name: 'Logs', admin: { email: `admin@${slug}.example`, password: PASSWORD } } },
    },
    { 'x-request-id': 'setup-create-team' },
  );
  const team = ((await created.json()) as any).data.createTeam;
  token = team.token;
  // The log carries the raw team id; the API answers a global ID ("Team:<uuid>" in base64).
  teamId = Buffer.from(team.team.id as string, 'base64').toString('utf8').replace(/^Team:/, '');
  const key = async (scopes: string[]) => {
    const res = await post(
      { query: `mutation Key($input: CreateApiKeyInput!) { createApiKey(input: $input) { ... on CreateApiKeyPayload { secret } } }`, variables: { input: { name: 'logs', scopes } } },
      { authorization: `Bearer ${token}` },
    );
    return ((await res.json()) as any).data.createApiKey.secret as string;
  };
  apiKey = await key(['events:read', 'events:write', 'users:read', 'users:write']);
  readOnlyKey = await key(['users:read']);
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await app.stop();
  await pubsub.close();
  await destroyDb();
});

describe('HTTP request lines', () => {
  it('logs request id, team, viewer, operation, status and duration; a sign-up line carries the new team', async () => {
    const setup = byMsg('request').find((l) => l.requestId === 'setup-create-team');
    // createTeam signs the caller in while it runs: the line is read after, so it has the team.
    expect(setup).toMatchObject({ operationName: 'CreateTeam', operationType: 'mutation', status: 200, teamId, viewer: 'member', level: 30 });

    const response = await post({ query: 'query Who { viewer { team { id } } }' }, { authorization: `Bearer ${apiKey}`, 'x-request-id': 'who-1' });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('who-1');
    const line = byMsg('request').find((l) => l.requestId === 'who-1');
    expect(line).toMatchObject({ teamId, viewer: 'apiKey', operationName: 'Who', operationType: 'query', method: 'POST', status: 200 });
    expect(line!.durationMs).toBeGreaterThanOrEqual(0);
    expect(line).not.toHaveProperty('errorCodes');
  });

  it('logs requests refused before they run, with a generated id that is also answered', async () => {
    const before = byMsg('request').length;
    const response = await post({ query: 'query Broken { viewer { ', operationName: 'Broken' });
    const requestId = response.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    await until(() => byMsg('request').length > before, 'the request line');
    const line = byMsg('request').find((l) => l.requestId === requestId);
    expect(line).toMatchObject({ operationName: 'Broken', status: response.status });
    expect(line!.errorCodes).toEqual(['GRAPHQL_PARSE_FAILED']);
  });

  it('adds the GraphQL error codes, and replaces an x-request-id that is not an id', async () => {
    const stuffed = `x${'A'.repeat(300)}`;
    const response = await post({ query: 'query Users { users(first: 1) { totalCount } }' }, { 'x-request-id': stuffed });
    const requestId = response.headers.get('x-request-id');
    expect(requestId).not.toBe(stuffed);
    const line = byMsg('request').find((l) => l.requestId === requestId);
    expect(line).toMatchObject({ operationName: 'Users', errorCodes: ['UNAUTHENTICATED'] });
    expect(line!.teamId).toBeUndefined();
    expect(JSON.stringify(lines)).not.toContain(stuffed);
  });
});

describe('graphql-ws lines', () => {
  const wsUrl = () => `${base.replace('http', 'ws')}/graphql`;
  const SECRET_PARAM = 'connection-param-value-never-logged';

  function connect(connectionParams: Record<string, unknown>) {
    const closes: number[] = [];
    const client = createWsClient({
      url: wsUrl(),
      webSocketImpl: WebSocket,
      connectionParams,
      retryAttempts: 0,
      lazy: false,
      // The refused socket's close is expected; graphql-ws would print it to stderr otherwise.
      onNonLazyError: () => {},
      on: { closed: (event) => void closes.push((event as { code: number }).code) },
    });
    client.on('error', () => {});
    clients.push(client);
    return { client, closes };
  }

  it('logs open and close per connection, start and end per operation with outcome, never connectionParams', async () => {
    const { client } = connect({ authorization: `Bearer ${apiKey}`, note: SECRET_PARAM });

    // A subscription, cancelled by the client after one event.
    const events: unknown[] = [];
    const dispose = client.subscribe(
      { query: 'subscription Live { activity(filter: {names: ["log.ping"]}) { name } }', operationName: 'Live' },
      { next: (v) => void events.push(v), error: () => {}, complete: () => {} },
    );
    const trackBody = {
      query: 'mutation Track($input: TrackInput!) { track(input: $input) { __typename } }',
      variables: { input: { user: { externalId: 'log-1' }, name: 'log.ping', createMissingUser: true } },
    };
    // Subscriptions register asynchronously: track until the first event arrives.
    const start = Date.now();
    while (events.length === 0) {
      if (Date.now() - start > 5000) throw new Error('no event received');
      await post(trackBody, { authorization: `Bearer ${apiKey}` });
      await new Promise((r) => setTimeout(r, 50));
    }
    dispose();
    await until(() => byMsg('ws operation end').some((l) => l.operationName === 'Live'), 'the subscription end line');

    // A query over the socket: completed by the server.
    const answer = await new Promise<unknown>((resolve, reject) => {
      client.subscribe({ query: 'query Me { viewer { scopes } }', operationName: 'Me' }, { next: resolve, error: reject, complete: () => {} });
    });
    expect(answer).toHaveProperty('data.viewer.scopes');
    // A broken document: refused before it runs, the socket stays open.
    const refused = await new Promise<unknown>((resolve) => {
      client.subscribe({ query: 'subscription { activity {' }, { next: () => {}, error: resolve, complete: () => {} });
    });
    expect(refused).toBeTruthy();
    await until(() => byMsg('ws operation end').some((l) => l.operationName === 'Me'), 'the query end line');
    await client.dispose();
    await until(() => byMsg('ws close').some((l) => l.teamId === teamId && l.operations === 2), 'the close line');

    const open = byMsg('ws open').find((l) => l.teamId === teamId && l.viewer === 'apiKey');
    expect(open).toMatchObject({ accepted: true, level: 30 });
    const connectionId = open!.connectionId as string;
    expect(connectionId).toMatch(/^[0-9a-f-]{36}$/);
    const mine = lines.filter((l) => l.connectionId === connectionId);

    const liveStart = mine.find((l) => l.msg === 'ws operation start' && l.operationName === 'Live');
    expect(liveStart).toMatchObject({ teamId, viewer: 'apiKey', operationType: 'subscription' });
    expect(typeof liveStart!.requestId).toBe('string');
    const liveEnd = mine.find((l) => l.msg === 'ws operation end' && l.operationName === 'Live');
    expect(liveEnd).toMatchObject({ id: liveStart!.id, requestId: liveStart!.requestId, teamId, outcome: 'cancelled', operationType: 'subscription' });
    expect(liveEnd!.events).toBeGreaterThanOrEqual(1);
    expect(liveEnd!.durationMs).toBeGreaterThan(0);

    const meEnd = mine.find((l) => l.msg === 'ws operation end' && l.operationName === 'Me');
    expect(meEnd).toMatchObject({ outcome: 'completed', operationType: 'query', events: 1, teamId });
    // The socket's syntax errors carry HTTP's code (test/websocket-errors.test.ts).
    expect(mine.find((l) => l.msg === 'ws operation rejected')).toMatchObject({ errorCodes: ['GRAPHQL_PARSE_FAILED'], teamId });

    const close = mine.find((l) => l.msg === 'ws close');
    expect(close).toMatchObject({ code: 1000, teamId, viewer: 'apiKey', operations: 2 });
    expect(close!.durationMs).toBeGreaterThan(0);

    const all = JSON.stringify(lines);
    expect(all).not.toContain(SECRET_PARAM);
    expect(all).not.toContain(apiKey);
  });

  it('logs a refused credential (4403), an operation the key may not run, and a socket closed mid-subscription', async () => {
    const refused = connect({ authorization: 'Bearer pav_sk_not-a-real-key-0000000000000000' });
    await until(() => refused.closes.length > 0, 'the 4403 close');
    expect(refused.closes).toEqual([4403]);
    await until(() => byMsg('ws close').some((l) => l.code === 4403), 'the 4403 close line');
    const refusedOpen = byMsg('ws open').find((l) => l.accepted === false);
    expect(refusedOpen).toBeDefined();
    expect(byMsg('ws close').find((l) => l.connectionId === refusedOpen!.connectionId)).toMatchObject({ code: 4403, operations: 0 });

    // users:read only: activity needs events:read, so the operation ends in an error.
    const { client } = connect({ token: readOnlyKey });
    const denied = await new Promise<any>((resolve) => {
      client.subscribe(
        { query: 'subscription Denied { activity { name } }', operationName: 'Denied' },
        { next: resolve, error: resolve, complete: () => {} },
      );
    });
    expect(JSON.stringify(denied)).toContain('FORBIDDEN');
    await until(() => byMsg('ws operation end').some((l) => l.operationName === 'Denied'), 'the denied end line');
    expect(byMsg('ws operation end').find((l) => l.operationName === 'Denied')).toMatchObject({ outcome: 'error', errorCodes: ['FORBIDDEN'], teamId });

    // A subscription still running when the socket goes away ends as `closed`.
    let started = false;
    const { client: reader } = connect({ authorization: `Bearer ${apiKey}` });
    reader.subscribe({ query: 'subscription Held { activity { name } }', operationName: 'Held' }, { next: () => void (started = true), error: () => {}, complete: () => {} });
    await until(() => byMsg('ws operation start').some((l) => l.operationName === 'Held'), 'the held start line');
    await reader.dispose();
    await until(() => byMsg('ws operation end').some((l) => l.operationName === 'Held'), 'the held end line');
    expect(byMsg('ws operation end').find((l) => l.operationName === 'Held')).toMatchObject({ outcome: 'closed', teamId });
    expect(started).toBe(false);

    const all = JSON.stringify(lines);
    for (const secret of [readOnlyKey, apiKey, token, PASSWORD, 'pav_sk_not-a-real-key']) expect(all).not.toContain(secret);
  });
});
