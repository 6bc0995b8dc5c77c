import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient as createWsClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { createDb } from '../server/db/create-db.ts';
import { createMigrator, migrateDown, migrateToLatest } from '../server/db/migrator.ts';
import { createAppPubSub } from '../server/pubsub.ts';
import { migrations } from '../migrations/index.ts';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { createTestDb } from './helpers/db.ts';
import { PASSWORD, signUp, uniqueSlug } from './helpers/fixtures.ts';

let t: TestApp;
let base: string;
beforeAll(async () => {
  t = await createTestApp();
  base = await t.listen();
});

describe('HTTP endpoints on a real port', () => {
  it('/health answers without touching the database', async () => {
    const res = await fetch(`${base}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('/ready checks the database (and Redis when configured)', async () => {
    const res = await fetch(`${base}/ready`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ ready: true, database: 'ok' });
    if (process.env.REDIS_URL) expect(body.redis).toBe('ok');
  });

  it('/ready answers 503 when the database is gone', async () => {
    // Nothing listens on port 1: every query fails to connect.
    const db = createDb({ databaseUrl: 'postgres://postgres@127.0.0.1:1/none' });
    const pubsub = createAppPubSub();
    const broken = createApp({ config: loadConfig({ NODE_ENV: 'test' }), db, pubsub });
    const url = await broken.start(0, '127.0.0.1');
    const res = await fetch(`${url}/ready`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ ready: false, database: 'unavailable' });
    await broken.stop();
    await pubsub.close();
    await db.destroy();
  });

  it('answers 503 UNAVAILABLE with Retry-After when the database cannot be reached', async () => {
    const db = createDb({ databaseUrl: 'postgres://postgres@127.0.0.1:1/none' });
    const pubsub = createAppPubSub();
    const broken = createApp({ config: loadConfig({ NODE_ENV: 'test' }), db, pubsub });
    const url = await broken.start(0, '127.0.0.1');
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation($input: LoginInput!) { login(input: $input) { __typename } }',
        variables: { input: { teamSlug: 'acme', email: 'a@example.com', password: PASSWORD } },
      }),
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    const body = await res.json();
    expect(body.errors).toEqual([expect.objectContaining({ message: 'The database is unavailable; retry shortly', extensions: { code: 'UNAVAILABLE' } })]);
    await broken.stop();
    await pubsub.close();
    await db.destroy();
  });

  it('serves POST and GET /graphql', async () => {
    const post = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(await post.json()).toEqual({ data: { __typename: 'Query' } });
    const get = await fetch(`${base}/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: { accept: 'application/json' } });
    expect(await get.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('masks unexpected errors and never leaks SQL', async () => {
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ viewer { scopes } }' }),
    });
    const body = await res.json();
    expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('graphql-ws on the same path', () => {
  it('runs operations over a WebSocket with the session from connectionParams', async () => {
    const team = await signUp(t);
    const client = createWsClient({ url: `${base.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${team.token}` }, lazy: true, retryAttempts: 0 });
    try {
      const result = await new Promise<any>((resolve, reject) => {
        let value: unknown;
        client.subscribe({ query: '{ viewer { team { slug } } }' }, { next: (v) => (value = v), error: reject, complete: () => resolve(value) });
      });
      expect(result.data.viewer.team.slug).toBe(team.slug);
    } finally {
      await client.dispose();
    }
  });

  it('fails only the bad operation on a syntax error; the socket stays open', async () => {
    const team = await signUp(t);
    const client = createWsClient({ url: `${base.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams: { token: team.token }, retryAttempts: 0 });
    try {
      const bad = await new Promise<any>((resolve) => {
        client.subscribe({ query: '{ viewer { ' }, { next: () => {}, error: resolve, complete: () => resolve(null) });
      });
      expect(Array.isArray(bad) ? bad[0].message : String(bad)).toMatch(/Syntax Error/);
      const good = await new Promise<any>((resolve, reject) => {
        let value: unknown;
        client.subscribe({ query: '{ viewer { team { slug } } }' }, { next: (v) => (value = v), error: reject, complete: () => resolve(value) });
      });
      expect(good.data.viewer.team.slug).toBe(team.slug);
    } finally {
      await client.dispose();
    }
  });
});

describe('graceful stop', () => {
  it('finishes an in-flight request, then refuses new connections', async () => {
    const testDb = await createTestDb();
    const config = loadConfig({ NODE_ENV: 'test', SHUTDOWN_GRACE_MS: '5000' });
    const pubsub = createAppPubSub();
    const app = createApp({ config, db: testDb.db, pubsub });
    const url = await app.start(0, '127.0.0.1');
    // A sign-up hashes a password (tens of ms): it is in flight when stop() begins.
    const inFlight = fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `mutation($input: CreateTeamInput!) { createTeam(input: $input) { __typename } }`,
        variables: { input: { slug: uniqueSlug(), name: 'T', admin: { email: 'a@b.example', password: PASSWORD } } },
      }),
    });
    await new Promise((r) => setTimeout(r, 20));
    const stopped = app.stop();
    const res = await inFlight;
    expect((await res.json()).data.createTeam.__typename).toBe('CreateTeamPayload');
    await stopped;
    await expect(fetch(`${url}/health`)).rejects.toThrow();
    await pubsub.close();
    await testDb.destroy();
  });
});

describe('migrations', () => {
  it('migrations/index.ts lists every migration file', () => {
    const files = readdirSync(new URL('../migrations', import.meta.url))
      .filter((f) => f !== 'index.ts' && f.endsWith('.ts'))
      .map((f) => f.replace(/\.ts$/, ''));
    expect(Object.keys(migrations).sort()).toEqual(files.sort());
  });

  it('apply once when two instances start at once, and go down and up again', async () => {
    const testDb = await createTestDb();
    // Start from an empty schema: take every migration down first.
    while ((await migrateDown(testDb.db)).length > 0);
    const status = await createMigrator(testDb.db).getMigrations();
    expect(status.every((m) => !m.executedAt)).toBe(true);

    const second = testDb.url ? createDb({ databaseUrl: testDb.url, poolMax: 2 }) : testDb.db;
    const [a, b] = await Promise.all([migrateToLatest(testDb.db), migrateToLatest(second)]);
    expect([...a, ...b].sort()).toEqual(Object.keys(migrations).sort());
    if (second !== testDb.db) await second.destroy();
    await testDb.destroy();
  });
});

describe('embedded database', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pavior-restart-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps a team across a restart: created before, logs in after', async () => {
    const boot = async () => {
      const db = createDb({ dataDir: dir });
      await migrateToLatest(db);
      const pubsub = createAppPubSub();
      const app = createApp({ config: loadConfig({ NODE_ENV: 'test' }), db, pubsub });
      return { app, close: async () => { await pubsub.close(); await db.destroy(); } };
    };
    const gql = async (app: ReturnType<typeof createApp>, query: string, variables: object) =>
      (await app.yoga.fetch('http://x/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) })).json();

    const slug = uniqueSlug('persist');
    const first = await boot();
    const created = await gql(first.app, `mutation($input: CreateTeamInput!) { createTeam(input: $input) { __typename } }`, {
      input: { slug, name: 'Persist', admin: { email: 'p@persist.example', password: PASSWORD } },
    });
    expect(created.data.createTeam.__typename).toBe('CreateTeamPayload');
    await first.close();

    const second = await boot();
    const login = await gql(second.app, `mutation($input: LoginInput!) { login(input: $input) { __typename } }`, {
      input: { teamSlug: slug, email: 'p@persist.example', password: PASSWORD },
    });
    expect(login.data.login.__typename).toBe('SessionPayload');
    await second.close();
  });
});
