import type { AddressInfo } from 'node:net';
import { parse } from 'graphql';
import { createClient as createWsClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createClient, PaviorError } from '../client/index.ts';
import { schema } from '../schema/index.ts';
import { type App, createApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { operationCost } from '../server/security.ts';
import { type Auth, authHeaders, createTestApp, type TestApp } from './helpers/app.ts';
import { addApiKey, addMember, type SignedUpTeam, signUp } from './helpers/fixtures.ts';

// Cost-based rate limits per credential (server/rate-limit/), through real HTTP and WebSockets.
// With REDIS_URL every instance here keeps its buckets in Redis (and two of them share one);
// without it, each keeps them in memory. Teams are new per test, so Redis keys never collide.

const redisEnv: Record<string, string> = process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {};
/** A budget a test can run out of in a few requests, refilling a few points a second. */
const TIGHT = { RATE_LIMIT_POINTS: '200', RATE_LIMIT_REFILL_PER_SECOND: '5' };

interface Instance {
  app: App;
  /** http://127.0.0.1:port and http://[::1]:port: two client addresses for one server. */
  ipv4: string;
  ipv6: string;
}

let t: TestApp;
let base: string;
let tight: Instance;
const instances: Instance[] = [];

/** Another instance of the app on the test's database, with its own rate-limit settings. */
async function startInstance(env: Record<string, string>): Promise<Instance> {
  const config = loadConfig({ NODE_ENV: 'test', SHUTDOWN_GRACE_MS: '2000', ...redisEnv, ...env });
  const app = createApp({ config, db: t.db, pubsub: t.pubsub });
  await app.start(0, '::');
  const { port } = app.server.address() as AddressInfo;
  const instance = { app, ipv4: `http://127.0.0.1:${port}`, ipv6: `http://[::1]:${port}` };
  instances.push(instance);
  return instance;
}

beforeAll(async () => {
  t = await createTestApp({ ...redisEnv, RATE_LIMIT_REPORT: 'true' });
  base = await t.listen();
  tight = await startInstance(TIGHT);
});
afterAll(async () => {
  await Promise.all(instances.map((instance) => instance.app.stop()));
});

interface Answer {
  status: number;
  retryAfter: string | null;
  body: { data?: any; errors?: { message: string; extensions?: Record<string, any> }[]; extensions?: Record<string, any> };
}

async function post(url: string, query: string, variables: Record<string, unknown> = {}, auth?: Auth): Promise<Answer> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authHeaders(auth) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as Answer['body'] };
}

/** Sends `send(0)`, `send(1)`… until one is refused with 429; returns the accepted answers and the refusal. */
async function exhaust(send: (i: number) => Promise<Answer>) {
  const accepted: Answer[] = [];
  for (let i = 0; i < 500; i++) {
    const answer = await send(i);
    if (answer.status === 429) return { accepted, refused: answer };
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    accepted.push(answer);
  }
  throw new Error('the budget never ran out');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const USERS_PAGE = `{ users(first: 5) { totalCount edges { node { id externalId email } } } }`;
const CREATE_USER = `mutation($e: String!) { createUser(input: {externalId: $e}) { __typename ... on UserPayload { user { id } } } }`;
const IDENTIFY = `mutation($input: IdentifyInput!) { identify(input: $input) {
  __typename ... on IdentifyPayload { created kind user { id externalId email displayName firstName lastName } } } }`;
/** 30 aliases (QUERY_MAX_ALIASES) of __typename: something an anonymous caller may run that costs 30. */
const ANONYMOUS_30 = `{ ${Array.from({ length: 30 }, (_, i) => `a${i}: __typename`).join(' ')} }`;

const VIEWER = `{ viewer { scopes } }`;
const RICH_ACTIVITY = `subscription { activity { name origin occurredAt properties
  user { id externalId email displayName firstName lastName jobTitle company groups { id name } tags { id name } } } }`;

const costOf = (query: string, variables: Record<string, unknown> = {}) => operationCost(schema, parse(query), variables, 10_000).cost;

function expectRateLimited(answer: Answer) {
  expect(answer.status).toBe(429);
  expect(answer.body.data).toBeUndefined();
  const error = answer.body.errors?.[0];
  expect(error?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
  expect(error?.extensions).not.toHaveProperty('http');
  const retryAfter = error?.extensions?.retryAfter;
  expect(Number.isInteger(retryAfter) && retryAfter >= 1, `retryAfter ${retryAfter}`).toBe(true);
  expect(answer.retryAfter).toBe(String(retryAfter));
  const cost = answer.body.extensions?.cost;
  expect(cost).toMatchObject({ limit: 200, refillPerSecond: 5 });
  expect(cost.remaining).toBeLessThan(cost.requested);
  return retryAfter as number;
}

describe('cost report', () => {
  it('reports the cost of every query and mutation, the budget left and when it is full again', async () => {
    const team = await signUp(t);
    const cost = costOf(USERS_PAGE);
    expect(cost).toBeGreaterThan(1);

    const read = await post(base, USERS_PAGE, {}, { token: team.token });
    expect(read.status).toBe(200);
    // The member's bucket was full: the default budget less this operation's cost.
    const { rateLimitPoints, rateLimitRefillPerSecond } = t.config;
    expect(rateLimitPoints).toBe(loadConfig({}).rateLimitPoints);
    expect(read.body.extensions?.cost).toEqual({
      requested: cost,
      limit: rateLimitPoints,
      remaining: rateLimitPoints - cost,
      refillPerSecond: rateLimitRefillPerSecond,
      resetAt: expect.any(String),
    });
    expect(Number.isNaN(Date.parse(read.body.extensions!.cost.resetAt))).toBe(false);

    const write = await post(base, CREATE_USER, { e: 'costed' }, { token: team.token });
    expect(write.body.data.createUser.__typename).toBe('UserPayload');
    expect(write.body.extensions?.cost).toMatchObject({ requested: costOf(CREATE_USER), limit: rateLimitPoints });
  });

  it('RATE_LIMIT=false lifts the limits and still reports the cost', async () => {
    const off = await startInstance({ RATE_LIMIT: 'false', RATE_LIMIT_POINTS: '1' });
    const team = await signUp(t);
    const answer = await post(off.ipv4, USERS_PAGE, {}, { token: team.token });
    expect(answer.status).toBe(200);
    expect(answer.body.extensions?.cost).toEqual({ requested: costOf(USERS_PAGE) });
  });

  it('RATE_LIMIT_REPORT=false leaves the report out; the limits still apply', async () => {
    const quiet = await startInstance({ ...TIGHT, RATE_LIMIT_REPORT: 'false' });
    const team = await signUp(t);
    const first = await post(quiet.ipv4, USERS_PAGE, {}, { token: team.token });
    expect(first.status).toBe(200);
    expect(first.body.extensions).toBeUndefined();
    const { refused } = await exhaust(() => post(quiet.ipv4, USERS_PAGE, {}, { token: team.token }));
    expect(refused.status).toBe(429);
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfter: expect.any(Number) });
    expect(refused.body.extensions).toBeUndefined();
  });
});

describe('over budget', () => {
  it('answers 429 RATE_LIMITED with a retry time, and a refused mutation writes nothing', async () => {
    const team = await signUp(t);
    const key = (await addApiKey(t, team, ['users:write'])).secret;
    const { accepted, refused } = await exhaust((i) => post(tight.ipv4, CREATE_USER, { e: `rl-${i}` }, { token: key }));
    expect(accepted.length).toBeGreaterThan(0);
    expectRateLimited(refused);
    expect(refused.body.extensions?.cost.requested).toBe(costOf(CREATE_USER));

    // Read back through the member (a budget of its own): exactly the accepted users exist.
    const refusedId = `rl-${accepted.length}`;
    const check = await post(
      base,
      `query($e: String!) { users(first: 1) { totalCount } user(externalId: $e) { id } }`,
      { e: refusedId },
      { token: team.token },
    );
    expect(check.body.data).toEqual({ users: { totalCount: accepted.length }, user: null });
  });

  it('refills over time: a refused caller is served again once its bucket holds the cost', async () => {
    const team = await signUp(t);
    const key = (await addApiKey(t, team, ['users:write'])).secret;
    const { accepted, refused } = await exhaust((i) => post(tight.ipv4, CREATE_USER, { e: `refill-${i}` }, { token: key }));
    const retryAfter = expectRateLimited(refused);

    // Wait as told, then poll: the bucket refills at 5 points a second.
    await sleep(retryAfter * 1000);
    let again: Answer | undefined;
    for (let attempt = 0; attempt < 60 && again?.status !== 200; attempt++) {
      if (attempt > 0) await sleep(250);
      again = await post(tight.ipv4, CREATE_USER, { e: 'refill-after' }, { token: key });
    }
    expect(again?.status).toBe(200);
    expect(again?.body.data.createUser.__typename).toBe('UserPayload');
    expect(again?.body.extensions?.cost.remaining).toBeLessThan(200);
    expect(accepted.length).toBeGreaterThan(0);
  });
});

describe('buckets', () => {
  let teamA: SignedUpTeam;
  let teamB: SignedUpTeam;
  beforeAll(async () => {
    teamA = await signUp(t);
    teamB = await signUp(t);
  });

  it('are separate per credential and per team: one exhausted key leaves every other caller its budget', async () => {
    const keyA1 = (await addApiKey(t, teamA, ['users:read'])).secret;
    const keyA2 = (await addApiKey(t, teamA, ['users:read'])).secret;
    const keyB = (await addApiKey(t, teamB, ['users:read'])).secret;
    const memberA = await addMember(t, teamA);

    const { refused } = await exhaust(() => post(tight.ipv4, USERS_PAGE, {}, { token: keyA1 }));
    expectRateLimited(refused);

    for (const token of [keyA2, teamA.token, memberA.token, keyB, teamB.token]) {
      const answer = await post(tight.ipv4, USERS_PAGE, {}, { token });
      expect(answer.status).toBe(200);
      expect(answer.body.extensions?.cost.remaining).toBe(200 - costOf(USERS_PAGE));
    }
    expectRateLimited(await post(tight.ipv4, USERS_PAGE, {}, { token: keyA1 }));
  });

  it('a member\u2019s sessions share one budget: logging in again buys none', async () => {
    const team = await signUp(t);
    const login = await post(
      base,
      `mutation($input: LoginInput!) { login(input: $input) { ... on SessionPayload { token } } }`,
      { input: { teamSlug: team.slug, email: team.adminEmail, password: 'correct horse battery' } },
    );
    const second = login.body.data.login.token as string;
    expectRateLimited((await exhaust(() => post(tight.ipv4, USERS_PAGE, {}, { token: team.token }))).refused);
    expectRateLimited(await post(tight.ipv4, USERS_PAGE, {}, { token: second }));
  });

  it('a public key has one bucket per client address; anonymous callers are limited per address', async () => {
    const identify = (url: string, i: number) =>
      post(url, IDENTIFY, { input: { externalId: `visitor-${i}` } }, { publicKey: teamA.publicKey });
    expect(costOf(IDENTIFY)).toBeGreaterThan(10);
    expectRateLimited((await exhaust((i) => identify(tight.ipv4, i))).refused);
    // The same key from another address (::1) has its own budget.
    const other = await identify(tight.ipv6, 1000);
    expect(other.status).toBe(200);
    expect(other.body.extensions?.cost.remaining).toBe(200 - costOf(IDENTIFY));
    expectRateLimited(await identify(tight.ipv4, 1001));

    // Without a credential: per address too.
    expectRateLimited((await exhaust(() => post(tight.ipv4, ANONYMOUS_30))).refused);
    expect((await post(tight.ipv6, ANONYMOUS_30)).status).toBe(200);
  });

  it.runIf(process.env.REDIS_URL)('live in Redis: two instances on one Redis share a budget', async () => {
    const second = await startInstance(TIGHT);
    const key = (await addApiKey(t, teamB, ['users:read'])).secret;
    // Half the budget through one instance, the rest through the other, alternating.
    const { accepted, refused } = await exhaust((i) => post(i % 2 === 0 ? tight.ipv4 : second.ipv4, USERS_PAGE, {}, { token: key }));
    expectRateLimited(refused);
    // Each instance alone would have let 200 / cost operations through; together they did.
    expect(accepted.length).toBeLessThanOrEqual(Math.floor(200 / costOf(USERS_PAGE)) + 1);
    expectRateLimited(await post(tight.ipv4, USERS_PAGE, {}, { token: key }));
    expectRateLimited(await post(second.ipv4, USERS_PAGE, {}, { token: key }));
  });
});

describe('over graphql-ws', () => {
  it('a subscribe over budget fails alone: the socket and its other subscriptions stay', async () => {
    const team = await signUp(t);
    const writer = (await addApiKey(t, team, ['events:write', 'users:write'])).secret;
    const closes: unknown[] = [];
    const client = createWsClient({
      url: `${tight.ipv4.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { token: team.token },
      retryAttempts: 0,
      lazy: false,
      on: { closed: (event) => void closes.push(event) },
    });
    client.on('error', () => {});
    try {
      const subscribe = (query: string) => {
        const items: any[] = [];
        const errors: any[] = [];
        let done = false;
        const dispose = client.subscribe({ query }, {
          next: (value) => void items.push(value),
          error: (error) => void errors.push(error),
          complete: () => void (done = true),
        });
        return { items, errors, dispose, isDone: () => done };
      };
      // Tracked through the generous instance (same database and pub/sub), with the writer's budget.
      const track = (name: string) =>
        post(base, `mutation($input: TrackInput!) { track(input: $input) { __typename } }`, {
          input: { user: { externalId: 'ws-1' }, name, createMissingUser: true },
        }, { token: writer });
      const first = subscribe(`subscription { activity(filter: {names: ["ws.kept"]}) { name } }`);
      for (let i = 0; i < 100 && first.items.length === 0; i++) {
        await track('ws.kept');
        await sleep(50);
      }
      expect(first.items[0]?.data.activity.name).toBe('ws.kept');

      // The member spends their budget over HTTP, down to less than 3 points (the cheap query's
      // cost); a new subscription costing 24 is refused (the refill is 5 points a second).
      expectRateLimited((await exhaust(() => post(tight.ipv4, USERS_PAGE, {}, { token: team.token }))).refused);
      expectRateLimited((await exhaust(() => post(tight.ipv4, VIEWER, {}, { token: team.token }))).refused);
      expect(costOf(RICH_ACTIVITY) - costOf(VIEWER)).toBeGreaterThan(20);
      const refused = subscribe(RICH_ACTIVITY);
      for (let i = 0; i < 200 && !refused.isDone() && refused.errors.length === 0; i++) await sleep(25);
      const errors = refused.errors[0] ?? refused.items[0]?.errors;
      const error = Array.isArray(errors) ? errors[0] : errors;
      expect(error?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
      expect(error?.extensions.retryAfter).toBeGreaterThanOrEqual(1);
      expect(error?.extensions).not.toHaveProperty('http');

      // The first subscription still delivers, and the socket was never closed.
      const before = first.items.length;
      for (let i = 0; i < 100 && first.items.length === before; i++) {
        await track('ws.kept');
        await sleep(50);
      }
      expect(first.items.length).toBeGreaterThan(before);
      expect(closes).toEqual([]);
      first.dispose();
    } finally {
      await client.dispose();
    }
  });
});

describe('the typed client', () => {
  it('throws PaviorError RATE_LIMITED without retries; with them, waits as Retry-After says and is served', async () => {
    const team = await signUp(t);
    const key = (await addApiKey(t, team, ['users:write'])).secret;
    const strict = createClient({ url: tight.ipv4, apiKey: key, retry: false });
    let refusal: unknown;
    for (let i = 0; i < 500 && !refusal; i++) {
      await strict.users.create({ externalId: `client-${i}` }).catch((error: unknown) => void (refusal = error));
    }
    expect(refusal).toBeInstanceOf(PaviorError);
    expect(refusal).toMatchObject({ code: 'RATE_LIMITED', status: 429 });

    const retries: { delayMs: number; reason: string }[] = [];
    const patient = createClient({ url: tight.ipv4, apiKey: key, retry: { attempts: 10, maxDelayMs: 30_000, onRetry: (info) => void retries.push(info) } });
    const created = await patient.users.create({ externalId: 'client-patient' });
    expect(created.__typename).toBe('UserPayload');
    expect(retries[0]?.reason).toBe('HTTP 429');
    // The first wait is the server's Retry-After (whole seconds), not the 250 ms backoff base.
    expect(retries[0]?.delayMs).toBeGreaterThanOrEqual(1000);
  }, 60_000); // the client waits out the refill (its CreateUser costs more than the refill's 5 points a second)
});
