// The client's transport against real servers on ports: persisted (trusted) documents in both
// server modes, the text fallback, and retries (503/429 from a proxy in front of the server,
// network errors from a fetch that fails) under the rule "only when nothing can happen twice".
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  createClient,
  CreateTagDocument,
  type PaviorClient,
  PaviorError,
  TagsDocument,
  type TypedDocument,
  ViewerDocument,
} from '../client/index.ts';
import { operationKind } from '../client/transport.ts';
import manifest from '../client/generated/persisted-documents.json' with { type: 'json' };
import { createTestApp } from './helpers/app.ts';
import { addApiKey, PASSWORD, signUp, uniqueSlug } from './helpers/fixtures.ts';

interface Sent {
  query?: string;
  extensions?: { persistedQuery?: { sha256Hash: string } };
}

/** A fetch that records each JSON body it sends. */
function recordingFetch(sent: Sent[]): typeof fetch {
  return async (input, init) => {
    if (typeof init?.body === 'string') sent.push(JSON.parse(init.body) as Sent);
    return fetch(input, init);
  };
}

/** A document the manifest does not know, typed like a generated one. */
const customViewer = 'query CustomViewer { viewer { team { slug } } }' as unknown as TypedDocument<{ viewer: { team: { slug: string } } }, {}>;
/** The generated Viewer document with a hash the server has never seen (an older or newer client). */
const unknownHashViewer = Object.assign(new String(ViewerDocument.toString()), {
  __meta__: { hash: 'sha256:0000000000000000000000000000000000000000000000000000000000000000' },
}) as unknown as typeof ViewerDocument;

const servers: Server[] = [];
afterAll(() => Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve)))));

/**
 * An HTTP proxy in front of `target` that answers `status` to the first `failures` requests
 * (counting every request it sees) and forwards the rest.
 */
async function flakyProxy(target: string, failures: number, status = 503, headers: Record<string, string> = {}) {
  const seen: string[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    seen.push(body);
    if (seen.length <= failures) {
      res.writeHead(status, { 'content-type': 'text/plain', ...headers });
      res.end('try later');
      return;
    }
    const forwarded = await fetch(`${target}${req.url}`, {
      method: req.method,
      headers: Object.fromEntries(Object.entries(req.headers).filter(([k]) => !['host', 'content-length', 'connection'].includes(k))) as Record<string, string>,
      body: req.method === 'POST' ? body : undefined,
    });
    res.writeHead(forwarded.status, { 'content-type': forwarded.headers.get('content-type') ?? 'application/json' });
    res.end(Buffer.from(await forwarded.arrayBuffer()));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

const fast = { baseDelayMs: 5, maxDelayMs: 50 };

describe('persisted documents, server accepting any document (default)', () => {
  let base: string;
  let secret: string;

  beforeAll(async () => {
    const t = await createTestApp();
    base = await t.listen();
    const team = await signUp(t);
    secret = (await addApiKey(t, team, ['team:read', 'users:read', 'users:write'])).secret;
  });

  it('codegen gives every generated document a hash that the manifest maps to its text', () => {
    const hash = (ViewerDocument as unknown as { __meta__: { hash: string } }).__meta__.hash;
    expect(hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    const text = (manifest as Record<string, string>)[hash];
    expect(text).toContain('query Viewer');
    expect(text).toContain('fragment TeamFields');
  });

  it('sends hashes, not text, and the server runs them', async () => {
    const sent: Sent[] = [];
    const client = createClient({ url: base, apiKey: secret, fetch: recordingFetch(sent) });
    expect((await client.viewer()).scopes).toContain('users:read');
    const created = await client.tags.create({ name: 'persisted' });
    expect(created.__typename).toBe('TagPayload');
    expect(sent).toHaveLength(2);
    for (const body of sent) {
      expect(body.query).toBeUndefined();
      expect(body.extensions?.persistedQuery?.sha256Hash).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('falls back to the text once for a hash the server does not know, then sends text for it', async () => {
    const sent: Sent[] = [];
    const client = createClient({ url: base, apiKey: secret, fetch: recordingFetch(sent) });
    expect((await client.request(unknownHashViewer)).viewer.team.slug).toBeTruthy();
    expect(sent.map((b) => (b.query ? 'text' : 'hash'))).toEqual(['hash', 'text']);
    await client.request(unknownHashViewer);
    expect(sent.map((b) => (b.query ? 'text' : 'hash'))).toEqual(['hash', 'text', 'text']);
  });

  it('sends documents without a hash as text, and everything as text with persistedDocuments: false', async () => {
    const sent: Sent[] = [];
    const client = createClient({ url: base, apiKey: secret, fetch: recordingFetch(sent) });
    expect((await client.request(customViewer)).viewer.team.slug).toBeTruthy();
    const plain = createClient({ url: base, apiKey: secret, fetch: recordingFetch(sent), persistedDocuments: false });
    await plain.request(TagsDocument, { first: 1 });
    expect(sent.map((b) => (b.query ? 'text' : 'hash'))).toEqual(['text', 'text']);
  });
});

describe('persisted documents only (PERSISTED_DOCUMENTS_ONLY=true)', () => {
  let base: string;
  let secret: string;
  let client: PaviorClient;

  beforeAll(async () => {
    const t = await createTestApp({ PERSISTED_DOCUMENTS_ONLY: 'true' });
    base = await t.listen();
    // The fixtures send text, which this server refuses: sign up with the client, by hash.
    const anonymous = createClient({ url: base });
    const team = await anonymous.createTeam({ slug: uniqueSlug('trusted'), name: 'Trusted', admin: { email: 'a@trusted.example', password: PASSWORD } });
    if (team.__typename !== 'CreateTeamPayload') throw new Error(JSON.stringify(team));
    const admin = createClient({ url: base, token: team.token });
    const key = await admin.createApiKey({ name: 'k', scopes: ['users:read', 'users:write', 'events:read', 'events:write'] });
    if (key.__typename !== 'CreateApiKeyPayload') throw new Error(JSON.stringify(key));
    secret = key.secret;
    client = createClient({ url: base, apiKey: secret, webSocketImpl: WebSocket });
  });
  afterAll(() => client.close());

  it('runs the generated client’s documents by hash', async () => {
    expect((await client.viewer()).apiKeyId).toBeTruthy();
    expect((await client.request(CreateTagDocument, { input: { name: 'trusted' } })).createTag.__typename).toBe('TagPayload');
  });

  it('refuses any other document, over HTTP and over the WebSocket', async () => {
    const error = await client.request(customViewer).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PaviorError);
    expect(error).toMatchObject({ code: 'CANNOT_SEND_PQ_ID_AND_BODY', message: 'PersistedQueryOnly' });

    const raw = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
      body: JSON.stringify({ query: '{ viewer { scopes } }' }),
    }).then((r) => r.json());
    expect(raw.errors[0].extensions.code).toBe('CANNOT_SEND_PQ_ID_AND_BODY');

    // A hash the server does not know cannot fall back to text here.
    await expect(client.request(unknownHashViewer)).rejects.toMatchObject({ code: 'CANNOT_SEND_PQ_ID_AND_BODY' });

    const subscription = client.subscribe(
      'subscription { activity { id } }' as unknown as TypedDocument<{ activity: { id: string } }, {}>,
    );
    await expect(subscription.next()).rejects.toMatchObject({ code: 'CANNOT_SEND_PQ_ID_AND_BODY' });
  });

  it('runs a generated subscription by hash over the WebSocket', async () => {
    const stream = client.activity({ names: ['trusted-live'] });
    const first = stream.next();
    const tracker = createClient({ url: base, apiKey: secret });
    const deadline = Date.now() + 10_000;
    let received: Awaited<typeof first> | undefined;
    void first.then((r) => (received = r));
    while (!received && Date.now() < deadline) {
      await tracker.track({ user: { externalId: 'live-1' }, name: 'trusted-live', createMissingUser: true });
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(received?.value).toMatchObject({ name: 'trusted-live', user: { externalId: 'live-1' } });
    await stream.return!();
  });
});

describe('retries', () => {
  let base: string;
  let secret: string;

  beforeAll(async () => {
    const t = await createTestApp();
    base = await t.listen();
    const team = await signUp(t);
    secret = (await addApiKey(t, team, ['team:read', 'users:read', 'users:write'])).secret;
  });

  it('retries a query on 503 with backoff and succeeds', async () => {
    const proxy = await flakyProxy(base, 2, 503);
    const retries: number[] = [];
    const client = createClient({ url: proxy.url, apiKey: secret, retry: { ...fast, onRetry: (r) => retries.push(r.attempt) } });
    expect((await client.viewer()).scopes).toContain('users:read');
    expect(proxy.seen).toHaveLength(3);
    expect(retries).toEqual([1, 2]);
  });

  it('retries a mutation on 503 and 429 (the server did not handle it) and creates it once', async () => {
    const proxy = await flakyProxy(base, 1, 503);
    const client = createClient({ url: proxy.url, apiKey: secret, retry: fast });
    const created = await client.tags.create({ name: 'retried-503' });
    expect(created.__typename).toBe('TagPayload');
    expect(proxy.seen).toHaveLength(2);

    const limited = await flakyProxy(base, 1, 429, { 'retry-after': '0' });
    const again = createClient({ url: limited.url, apiKey: secret, retry: fast });
    expect((await again.tags.create({ name: 'retried-429' })).__typename).toBe('TagPayload');
    expect(limited.seen).toHaveLength(2);

    const tags = await createClient({ url: base, apiKey: secret }).tags.list({ search: 'retried' }).toArray();
    expect(tags.map((t) => t.name).sort()).toEqual(['retried-429', 'retried-503']);
  });

  it('gives up after the bounded number of attempts with a typed error', async () => {
    const proxy = await flakyProxy(base, 100, 503);
    const client = createClient({ url: proxy.url, apiKey: secret, retry: { ...fast, attempts: 3 } });
    const error = await client.viewer().catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'PaviorError', code: 'UNAVAILABLE', status: 503, attempts: 3 });
    expect(proxy.seen).toHaveLength(3);

    const limited = await flakyProxy(base, 100, 429);
    const noRetry = createClient({ url: limited.url, apiKey: secret, retry: false });
    await expect(noRetry.viewer()).rejects.toMatchObject({ code: 'RATE_LIMITED', attempts: 1 });
    expect(limited.seen).toHaveLength(1);
  });

  it('does not retry a mutation on 502 (it may have been handled), but retries a query', async () => {
    const proxy = await flakyProxy(base, 1, 502);
    const client = createClient({ url: proxy.url, apiKey: secret, retry: fast });
    await expect(client.tags.create({ name: 'maybe-twice' })).rejects.toMatchObject({ code: 'HTTP_ERROR', status: 502 });
    expect(proxy.seen).toHaveLength(1);
    expect((await client.viewer()).scopes).toBeTruthy(); // the proxy now forwards
    const again = await flakyProxy(base, 1, 502);
    expect((await createClient({ url: again.url, apiKey: secret, retry: fast }).viewer()).scopes).toBeTruthy();
    expect(again.seen).toHaveLength(2);
  });

  /** A fetch whose first `failures` calls fail with a network error of `code`. */
  function failingFetch(failures: number, code: string) {
    let calls = 0;
    const fetchImpl: typeof fetch = async (input, init) => {
      calls++;
      if (calls <= failures) throw new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) });
      return fetch(input, init);
    };
    return { fetch: fetchImpl, calls: () => calls };
  }

  it('retries a mutation when the connection was refused (never sent), not when it was reset', async () => {
    const refused = failingFetch(2, 'ECONNREFUSED');
    const client = createClient({ url: base, apiKey: secret, fetch: refused.fetch, retry: fast });
    expect((await client.tags.create({ name: 'after-refused' })).__typename).toBe('TagPayload');
    expect(refused.calls()).toBe(3);

    const reset = failingFetch(1, 'ECONNRESET');
    const resetClient = createClient({ url: base, apiKey: secret, fetch: reset.fetch, retry: fast });
    await expect(resetClient.tags.create({ name: 'after-reset' })).rejects.toMatchObject({ code: 'NETWORK_ERROR', attempts: 1 });
    expect(reset.calls()).toBe(1);

    const resetRead = failingFetch(1, 'ECONNRESET');
    const readClient = createClient({ url: base, apiKey: secret, fetch: resetRead.fetch, retry: fast });
    expect((await readClient.viewer()).scopes).toBeTruthy();
    expect(resetRead.calls()).toBe(2);
  });

  it('does not retry GraphQL errors (they are answers, not failures)', async () => {
    const proxy = await flakyProxy(base, 0);
    const client = createClient({ url: proxy.url, apiKey: 'pav_sk_unknown', retry: fast });
    await expect(client.viewer()).rejects.toMatchObject({ code: 'UNAUTHENTICATED', attempts: 1 });
    expect(proxy.seen).toHaveLength(1);
  });
});

describe('lists under the server’s cost limit (QUERY_MAX_COST)', () => {
  it('asks a refused page again smaller, and remembers the size that fits', async () => {
    const t = await createTestApp({ QUERY_MAX_COST: '1000' });
    const url = await t.listen();
    const team = await signUp(t);
    const key = (await addApiKey(t, team, ['users:read', 'users:write'])).secret;
    const sent: Sent[] = [];
    const client = createClient({ url, apiKey: key, fetch: recordingFetch(sent) });
    for (let i = 0; i < 12; i++) await client.users.create({ externalId: `cost-${i}` });
    sent.length = 0;

    const all = await client.users.list().toArray();
    expect(all).toHaveLength(12);
    const sizes = sent.map((body) => (body as { variables?: { first?: number } }).variables?.first);
    expect(sizes[0]).toBe(100); // refused: a page of 100 users costs far more than 1000
    const fitting = sizes[1]!;
    expect(fitting).toBeLessThan(100);
    expect(sizes.slice(1).every((size) => size === fitting)).toBe(true);

    sent.length = 0;
    await client.users.list().first();
    expect(sent.map((body) => (body as { variables?: { first?: number } }).variables?.first)).toEqual([fitting]);
  });
});

describe('operationKind', () => {
  it('reads the operation type of a document, fragments and comments aside', () => {
    expect(operationKind('query A { a }')).toBe('query');
    expect(operationKind('{ a }')).toBe('query');
    expect(operationKind('# mutation in a comment\nquery A { a }')).toBe('query');
    expect(operationKind('fragment F on T { mutation } mutation M { m { ...F } }')).toBe('mutation');
    expect(operationKind('\n    subscription S { s }')).toBe('subscription');
    expect(operationKind(CreateTagDocument.toString())).toBe('mutation');
  });
});
