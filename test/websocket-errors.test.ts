import { createClient as createWsClient, type Client } from 'graphql-ws';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type App, createApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import type { Db } from '../server/db/types.ts';
import { createLogger } from '../server/logging.ts';
import { createAppPubSub, type PubSub } from '../server/pubsub.ts';
import { createTestDb } from './helpers/db.ts';
import { PASSWORD, uniqueSlug } from './helpers/fixtures.ts';

// The same refusal reads the same over HTTP and graphql-ws (syntax and validation errors carry
// Yoga's codes on both), and the line logged for a masked error carries the id of the request
// or WebSocket operation it came from, so an operator can join it with that request's line.

type Line = Record<string, any>;
const lines: Line[] = [];
// pino calls write() synchronously with one JSON line per call.
const sink = { write: (chunk: string) => void lines.push(JSON.parse(chunk) as Line) };
const byMsg = (msg: string) => lines.filter((l) => l.msg === msg);

let app: App;
let db: Db;
let pubsub: PubSub;
let destroyDb: () => Promise<void>;
let base: string;
let token: string;
const clients: Client[] = [];

async function post(body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

async function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function connect(): Client {
  const client = createWsClient({
    url: `${base.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
  });
  clients.push(client);
  return client;
}

/** One operation over the socket: its results, or the errors of an `error` message. */
function overSocket(client: Client, payload: { query: string; operationName?: string }): Promise<{ results: any[]; errors?: any[] }> {
  return new Promise((resolve, reject) => {
    const results: any[] = [];
    client.subscribe(payload, {
      next: (value) => void results.push(value),
      error: (error) => (Array.isArray(error) ? resolve({ results, errors: error }) : reject(error)),
      complete: () => resolve({ results }),
    });
  });
}

beforeAll(async () => {
  const testDb = await createTestDb();
  db = testDb.db;
  destroyDb = () => testDb.destroy();
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'info', PUBLIC_URL: 'http://pavior.test', SHUTDOWN_GRACE_MS: '2000', RATE_LIMIT_REPORT: 'false' });
  pubsub = createAppPubSub(process.env.REDIS_URL);
  app = createApp({ config, db, pubsub, logger: createLogger(config, sink) });
  base = await app.start(0, '127.0.0.1');
  const slug = uniqueSlug('wserr');
  const created = await post({
    query: `mutation($input: CreateTeamInput!) { createTeam(input: $input) { ... on CreateTeamPayload { token } } }`,
    variables: { input: { slug, name: 'WS errors', admin: { email: `admin@${slug}.example`, password: PASSWORD } } },
  });
  token = created.body.data.createTeam.token;
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await app.stop();
  await pubsub.close();
  await destroyDb();
});

describe('refusals before running answer the same over HTTP and graphql-ws', () => {
  const cases = [
    { what: 'a syntax error', query: '{ viewer { ', code: 'GRAPHQL_PARSE_FAILED' },
    { what: 'a validation error', query: '{ viewer { noSuchField } }', code: 'GRAPHQL_VALIDATION_FAILED' },
  ];
  for (const { what, query, code } of cases) {
    it(`${what}: ${code} on both, the socket stays open`, async () => {
      // The socket first: Yoga caches a parsed (or failed) document, and its HTTP plugins write
      // the code into the cached error, which a later socket operation would then read.
      const client = connect();
      const first = await overSocket(client, { query });
      expect(first.results).toEqual([]);
      expect(first.errors).toHaveLength(1);
      expect(first.errors![0].extensions).toEqual({ code });

      const http = await post({ query });
      expect(http.body.errors).toHaveLength(1);
      expect(http.body.errors[0].extensions).toEqual({ code });
      // Message, locations and extensions alike; HTTP's status (extensions.http) in neither.
      expect(first.errors).toEqual(http.body.errors);
      const again = await overSocket(client, { query });
      expect(again.errors).toEqual(http.body.errors);

      const after = await overSocket(client, { query: '{ __typename }' });
      expect(after.results).toEqual([{ data: { __typename: 'Query' } }]);
    });
  }
});

/** Renames `table` away for the enclosing describe block and back after it. */
function moveTableAwayDuringBlock(table: 'users' | 'reminders'): void {
  beforeAll(async () => {
    await sql`alter table ${sql.table(table)} rename to ${sql.raw(`${table}_moved_away`)}`.execute(db);
  });
  afterAll(async () => {
    await sql`alter table ${sql.raw(`${table}_moved_away`)} rename to ${sql.table(table)}`.execute(db);
  });
}

describe('the masked-error line carries the request id', () => {
  // A table gone from under the API: the query fails with an error the API does not expect.
  moveTableAwayDuringBlock('users');

  it('over HTTP: the same requestId as the request line', async () => {
    const http = await post({ query: 'query Broken { users(first: 1) { totalCount } }' }, { 'x-request-id': 'masked-http-1' });
    expect(http.body.errors[0]).toMatchObject({ message: 'Unexpected error.' });
    await until(() => byMsg('request').some((l) => l.requestId === 'masked-http-1'), 'the request line');

    const masked = byMsg('unexpected error (masked)').filter((l) => l.requestId === 'masked-http-1');
    expect(masked).toHaveLength(1);
    expect(masked[0]).toMatchObject({ level: 50, path: ['users'] });
    expect(byMsg('request').find((l) => l.requestId === 'masked-http-1')).toMatchObject({ operationName: 'Broken', errorCodes: ['INTERNAL_SERVER_ERROR'] });
  });

  it('over graphql-ws: the same requestId as the ws operation start and end lines', async () => {
    const client = connect();
    const ws = await overSocket(client, { query: 'query BrokenWs { users(first: 1) { totalCount } }', operationName: 'BrokenWs' });
    expect(ws.results[0].errors[0]).toMatchObject({ message: 'Unexpected error.' });
    await until(() => byMsg('ws operation end').some((l) => l.operationName === 'BrokenWs'), 'the operation end line');

    const start = byMsg('ws operation start').find((l) => l.operationName === 'BrokenWs');
    const end = byMsg('ws operation end').find((l) => l.operationName === 'BrokenWs');
    expect(typeof start!.requestId).toBe('string');
    expect(end).toMatchObject({ requestId: start!.requestId, outcome: 'error', errorCodes: ['INTERNAL_SERVER_ERROR'] });
    const masked = byMsg('unexpected error (masked)').filter((l) => l.requestId === start!.requestId);
    expect(masked).toHaveLength(1);
    expect(masked[0]).toMatchObject({ level: 50, path: ['users'] });
  });
});

describe('the masked-error line of a subscription event', () => {
  // The events still arrive (tracking never reads reminders); resolving one fails unexpectedly.
  moveTableAwayDuringBlock('reminders');

  it('carries the requestId of the ws operation lines', async () => {
    const client = connect();
    const events: any[] = [];
    const dispose = client.subscribe(
      { query: 'subscription Stream { activity(filter: {names: ["masked.ping"]}) { name user { reminders { id } } } }', operationName: 'Stream' },
      { next: (value) => void events.push(value), error: () => {}, complete: () => {} },
    );
    const track = {
      query: 'mutation Track($input: TrackInput!) { track(input: $input) { __typename } }',
      variables: { input: { user: { externalId: 'masked-1' }, name: 'masked.ping', createMissingUser: true } },
    };
    // Subscriptions register asynchronously: track until the first event arrives.
    const begun = Date.now();
    while (events.length === 0) {
      if (Date.now() - begun > 5000) throw new Error('no event received');
      expect((await post(track)).body.data.track.__typename).toBe('EventPayload');
      await new Promise((r) => setTimeout(r, 50));
    }
    dispose();
    expect(events[0]).toMatchObject({ data: null, errors: [{ message: 'Unexpected error.' }] });
    await until(() => byMsg('ws operation end').some((l) => l.operationName === 'Stream'), 'the operation end line');

    const start = byMsg('ws operation start').find((l) => l.operationName === 'Stream');
    expect(typeof start!.requestId).toBe('string');
    expect(byMsg('ws operation end').find((l) => l.operationName === 'Stream')).toMatchObject({ requestId: start!.requestId });
    const masked = byMsg('unexpected error (masked)').filter((l) => l.requestId === start!.requestId);
    expect(masked.length).toBeGreaterThanOrEqual(1);
    expect(masked[0]).toMatchObject({ level: 50, path: ['activity', 'user', 'reminders'] });
  });
});
