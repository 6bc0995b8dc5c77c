import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { parse } from 'graphql';
import { createClient as createWsClient } from 'graphql-ws';
import { beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { createLogger } from '../server/logging.ts';
import { createAppPubSub } from '../server/pubsub.ts';
import { operationCost } from '../server/security.ts';
import { schema } from '../schema/index.ts';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { createTestDb } from './helpers/db.ts';
import { PASSWORD, type SignedUpTeam, signUp } from './helpers/fixtures.ts';

// Production hardening: query limits (graphql-armor + cost), nodes(ids) cap, introspection and
// suggestions off in production, CSRF on simple POSTs, and the structured request log.

let t: TestApp;
let base: string;
let team: SignedUpTeam;
beforeAll(async () => {
  t = await createTestApp();
  base = await t.listen();
  team = await signUp(t);
});

/** users > edges > node > groups > users > edges > node > … > id: a selection `depth` fields deep. */
const nest = (depth: number) => {
  const chain = ['users', 'edges', 'node', 'groups'];
  const leaf: Record<string, string> = { users: 'totalCount', edges: 'cursor', node: 'id', groups: 'id' };
  const fields = Array.from({ length: depth - 1 }, (_, i) => chain[i % 4]!);
  let query = leaf[fields[fields.length - 1]!]!;
  for (const field of fields.reverse()) query = `${field} { ${query} }`;
  return `{ ${query} }`;
};

describe('query limits', () => {
  it('refuses a query deeper than QUERY_MAX_DEPTH with LIMIT_EXCEEDED', async () => {
    const ok = await t.gql(nest(11), {}, { token: team.token });
    expect(ok.errors).toBeUndefined();
    const res = await t.gql(nest(13), {}, { token: team.token });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'LIMIT_EXCEEDED', limit: 'QUERY_MAX_DEPTH', max: 12 });
    expect(res.errors?.[0]?.message).toMatch(/depth limit of 12 exceeded/);
    expect(res.data).toBeUndefined();
  });

  it('refuses more than QUERY_MAX_ALIASES aliases', async () => {
    const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: viewer { scopes }`).join(' ')} }`;
    expect((await t.gql(aliases(30), {}, { token: team.token })).errors).toBeUndefined();
    const res = await t.gql(aliases(31), {}, { token: team.token });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'LIMIT_EXCEEDED', limit: 'QUERY_MAX_ALIASES', max: 30 });
  });

  it('refuses more than QUERY_MAX_DIRECTIVES directives', async () => {
    const query = `{ __typename ${'@include(if: true) '.repeat(21)} }`;
    const res = await t.gql(query);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'LIMIT_EXCEEDED', limit: 'QUERY_MAX_DIRECTIVES', max: 20 });
  });

  it('refuses a document of more than QUERY_MAX_TOKENS tokens before validating it', async () => {
    const res = await t.gql(`{ ${'__typename '.repeat(5001)} }`);
    expect(res.data).toBeUndefined();
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'LIMIT_EXCEEDED', limit: 'QUERY_MAX_TOKENS', max: 5000 });
  });

  it('refuses an operation over QUERY_MAX_COST, counting first/last also when they are variables', async () => {
    const query = `query($n: Int) { users(first: $n) { edges { node { id email groups { id name users(first: 100) { edges { node { id email } } } } } } } }`;
    const small = await t.gql(query, { n: 1 }, { token: team.token });
    expect(small.errors).toBeUndefined();
    const large = await t.gql(query, { n: 100 }, { token: team.token });
    expect(large.errors?.[0]?.extensions).toMatchObject({ code: 'LIMIT_EXCEEDED', limit: 'QUERY_MAX_COST', max: 10_000 });
    expect(large.errors?.[0]?.message).toMatch(/Cost limit of 10000 exceeded/);
    expect(large.data).toBeUndefined();
  });

  it('every operation of the generated client passes every limit at its largest page size', () => {
    const manifest = JSON.parse(readFileSync(new URL('../client/generated/persisted-documents.json', import.meta.url), 'utf8')) as Record<string, string>;
    const config = loadConfig({ NODE_ENV: 'production' });
    expect(Object.keys(manifest).length).toBeGreaterThan(5);
    for (const [hash, text] of Object.entries(manifest)) {
      const document = parse(text);
      // Every page-size variable at the maximum, 100.
      const variables = Object.fromEntries(
        document.definitions.flatMap((d) => (d.kind === 'OperationDefinition' ? (d.variableDefinitions ?? []) : [])).map((v) => [v.variable.name.value, 100]),
      );
      const { errors, cost } = operationCost(schema, document, variables, config.queryMaxCost);
      expect(errors.map((e) => `${hash}: ${e.message}`)).toEqual([]);
      expect(cost).toBeLessThanOrEqual(config.queryMaxCost);
    }
  });

  it('caps nodes(ids:) at NODES_MAX_IDS (100)', async () => {
    const me = await t.gql('{ viewer { team { id } } }', {}, { token: team.token });
    const id = me.data.viewer.team.id as string;
    const ok = await t.gql('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: Array(100).fill(id) }, { token: team.token });
    expect(ok.errors).toBeUndefined();
    expect(ok.data.nodes).toHaveLength(100);
    const res = await t.gql('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: Array(101).fill(id) }, { token: team.token });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'LIMIT_EXCEEDED', limit: 'NODES_MAX_IDS', max: 100 });
    expect(res.errors?.[0]?.message).toMatch(/at most 100 IDs, got 101/);
  });

  it('applies the same limits over graphql-ws: only the too-deep operation fails, the socket stays open', async () => {
    const closes: unknown[] = [];
    const client = createWsClient({
      url: `${base.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { token: team.token },
      retryAttempts: 0,
      on: { closed: (event) => void closes.push(event) },
    });
    try {
      const run = (query: string) =>
        new Promise<{ value?: any; error?: any }>((resolve) => {
          let value: unknown;
          client.subscribe({ query }, { next: (v) => (value = v), error: (error) => resolve({ error }), complete: () => resolve({ value }) });
        });
      const deep = await run(nest(13));
      const errors = Array.isArray(deep.error) ? deep.error : (deep.value?.errors ?? []);
      expect(errors[0]?.extensions).toMatchObject({ code: 'LIMIT_EXCEEDED', limit: 'QUERY_MAX_DEPTH' });
      const good = await run('{ viewer { team { slug } } }');
      expect(good.value?.data.viewer.team.slug).toBe(team.slug);
      expect(closes).toEqual([]);
    } finally {
      await client.dispose();
    }
  });
});

describe('production defaults', () => {
  let prod: TestApp;
  beforeAll(async () => {
    prod = await createTestApp({ NODE_ENV: 'production' });
  });

  it('turns introspection and GraphiQL off, and hides field suggestions', async () => {
    expect(prod.config.introspection).toBe(false);
    expect(prod.config.graphiql).toBe(false);
    const intro = await prod.gql('{ __schema { queryType { name } } }');
    expect(intro.errors?.[0]?.extensions?.code).toBe('INTROSPECTION_DISABLED');
    const type = await prod.gql('{ __type(name: "User") { name } }');
    expect(type.errors?.[0]?.extensions?.code).toBe('INTROSPECTION_DISABLED');
    expect((await prod.gql('{ __typename }')).data).toEqual({ __typename: 'Query' });
    const typo = await prod.gql('{ viewr { kind } }');
    expect(typo.errors?.[0]?.message).toMatch(/Cannot query field "viewr"/);
    expect(typo.errors?.[0]?.message).not.toMatch(/Did you mean/);
    const page = await prod.app.yoga.fetch('http://pavior.test/graphql', { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toMatch(/graphiql/i);
  });

  it('INTROSPECTION=true enables introspection (and GraphiQL) in production', () => {
    const config = loadConfig({ NODE_ENV: 'production', INTROSPECTION: 'true' });
    expect(config.introspection).toBe(true);
    expect(config.graphiql).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production', INTROSPECTION: 'true', GRAPHIQL: 'false' }).graphiql).toBe(false);
  });

  it('outside production introspection answers and suggestions are shown', async () => {
    expect((await t.gql('{ __schema { queryType { name } } }')).data.__schema.queryType.name).toBe('Query');
    expect((await t.gql('{ viewr { kind } }')).errors?.[0]?.message).toMatch(/Did you mean "viewer"/);
  });
});

describe('CSRF prevention', () => {
  const mutation = 'mutation { login(input: { teamSlug: "x", email: "a@b.example", password: "nope-nope" }) { __typename } }';

  it('refuses a form POST (urlencoded or text/plain) without a preflight header', async () => {
    const form = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ query: mutation }).toString(),
    });
    expect(form.status).toBe(403);
    expect((await form.json()).errors[0].extensions.code).toBe('CSRF_REJECTED');
    const text = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ query: mutation }) });
    expect(text.status).toBe(403);
  });

  it('refuses a multipart POST with neither a credential nor x-pavior-upload, after checking its shape', async () => {
    const form = () => {
      const body = new FormData();
      body.append('operations', JSON.stringify({ query: 'mutation($f: File!) { __typename }', variables: { f: null } }));
      body.append('map', JSON.stringify({ 0: ['variables.f'] }));
      body.append('0', new Blob(['a,b\n1,2\n']), 'x.csv');
      return body;
    };
    const forged = await fetch(`${base}/graphql`, { method: 'POST', body: form() });
    expect(forged.status).toBe(403);
    expect((await forged.json()).errors[0].extensions.code).toBe('CSRF_REJECTED');
    // With the header the request reaches GraphQL (and fails there, as that document is no upload).
    const marked = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'x-pavior-upload': '1' }, body: form() });
    expect(marked.status).not.toBe(403);
  });

  it('lets JSON POSTs, GET queries and preflight-header form POSTs through', async () => {
    const json = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(json.status).toBe(200);
    const get = await fetch(`${base}/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: { accept: 'application/json' } });
    expect(get.status).toBe(200);
    const marked = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'apollo-require-preflight': 'true' },
      body: new URLSearchParams({ query: '{ __typename }' }).toString(),
    });
    expect(marked.status).not.toBe(403);
  });
});

describe('structured logs', () => {
  it('writes one JSON line per request with request id, team, operation and duration, and no secrets', async () => {
    const lines: any[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    const testDb = await createTestDb();
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'info' });
    const pubsub = createAppPubSub();
    const app = createApp({ config, db: testDb.db, pubsub, logger: createLogger(config, sink) });
    try {
      const call = (query: string, variables: unknown, headers: Record<string, string> = {}) =>
        app.yoga.fetch('http://pavior.test/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ query, variables }),
        });
      const slug = `log-${Date.now()}`;
      const created = await call(
        `mutation CreateTeam($input: CreateTeamInput!) { createTeam(input: $input) { ... on CreateTeamPayload { token } } }`,
        { input: { slug, name: 'Logs', admin: { email: 'log@b.example', password: PASSWORD } } },
        { 'x-request-id': 'req-123' },
      );
      expect(created.headers.get('x-request-id')).toBe('req-123');
      const token = ((await created.json()) as any).data.createTeam.token as string;
      const viewer = await call('query Who { viewer { team { id } } }', {}, { authorization: `Bearer ${token}` });
      const teamId = ((await viewer.json()) as any).data.viewer.team.id as string;
      await new Promise((r) => setTimeout(r, 20));

      const requests = lines.filter((l) => l.msg === 'request');
      expect(requests).toHaveLength(2);
      expect(requests[0]).toMatchObject({ requestId: 'req-123', operationName: 'CreateTeam', operationType: 'mutation', status: 200, level: 30 });
      expect(requests[1]).toMatchObject({ operationName: 'Who', viewer: 'member', status: 200 });
      expect(typeof requests[1].requestId).toBe('string');
      expect(typeof requests[1].teamId).toBe('string');
      expect(teamId).toBeTruthy();
      for (const line of requests) expect(line.durationMs).toBeGreaterThanOrEqual(0);
      const all = JSON.stringify(lines);
      expect(all).not.toContain(PASSWORD);
      expect(all).not.toContain(token);
    } finally {
      await pubsub.close();
      await testDb.destroy();
    }
  });

  it('is silent under NODE_ENV=test unless LOG_LEVEL says otherwise', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).logLevel).toBe('silent');
    expect(loadConfig({ NODE_ENV: 'production' }).logLevel).toBe('info');
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
  });
});

