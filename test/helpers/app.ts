import { afterAll } from 'vitest';
import { type App, createApp } from '../../server/app.ts';
import { type Config, loadConfig } from '../../server/config.ts';
import type { Db } from '../../server/db/types.ts';
import { createLogger } from '../../server/logging.ts';
import { createAppPubSub, type PubSub } from '../../server/pubsub.ts';
import { createTestDb } from './db.ts';

export interface Auth {
  token?: string;
  publicKey?: string;
  /** Raw Authorization header, for malformed-credential tests. */
  authorization?: string;
}

export interface GqlResponse<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } & Record<string, unknown> }[];
}

export interface TestApp {
  app: App;
  db: Db;
  config: Config;
  pubsub: PubSub;
  /** POSTs one operation to /graphql through `yoga.fetch` (no port needed). */
  gql<T = any>(query: string, variables?: Record<string, unknown>, auth?: Auth): Promise<GqlResponse<T>>;
  /** Starts the app on a free port and returns its base URL (for WebSockets and real HTTP). */
  listen(): Promise<string>;
}

export function authHeaders(auth?: Auth): Record<string, string> {
  const headers: Record<string, string> = {};
  if (auth?.authorization) headers.authorization = auth.authorization;
  if (auth?.token) headers.authorization = `Bearer ${auth.token}`;
  if (auth?.publicKey) headers['x-pavior-key'] = auth.publicKey;
  return headers;
}

// Apps are made inside beforeAll, where an afterAll registered on the spot never runs (its
// database was left behind on PostgreSQL); this one, registered when a test file imports the
// helper, tears down every app the file made, newest first. One failing does not spare the rest.
const teardowns: (() => Promise<void>)[] = [];
afterAll(async () => {
  const failures: unknown[] = [];
  for (const teardown of teardowns.splice(0).reverse()) await teardown().catch((error: unknown) => failures.push(error));
  if (failures.length > 0) throw new AggregateError(failures, 'test app teardown failed');
});

/**
 * An app on a fresh migrated database (PGlite, or PostgreSQL with TEST_DATABASE_URL), with Redis
 * pub/sub when REDIS_URL is set. Torn down after the file's tests.
 */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const testDb = await createTestDb();
  const config = loadConfig({
    NODE_ENV: 'test',
    PUBLIC_URL: 'http://pavior.test',
    SHUTDOWN_GRACE_MS: '2000',
    // Rate limits apply at their defaults, but answers leave out `extensions.cost` (a budget that
    // changes with every request) so tests may compare whole answers; rate-limit.test.ts shows it.
    RATE_LIMIT_REPORT: 'false',
    ...env,
  });
  // A failed Redis command is caught by the pub/sub (it would otherwise end the process): show it.
  const pubsub = createAppPubSub(process.env.REDIS_URL, createLogger({ logLevel: 'warn' }));
  const app = createApp({ config, db: testDb.db, pubsub });
  let listening = false;

  teardowns.push(async () => {
    try {
      if (listening) await app.stop();
      await pubsub.close();
    } finally {
      await testDb.destroy();
    }
  });

  return {
    app,
    db: testDb.db,
    config,
    pubsub,
    async gql(query, variables, auth) {
      const response = await app.yoga.fetch('http://pavior.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...authHeaders(auth) },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, ...((await response.json()) as object) };
    },
    async listen() {
      listening = true;
      return app.start(0, '127.0.0.1');
    },
  };
}
