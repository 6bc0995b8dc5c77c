import { createHmac, randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Auth, createTestApp, type TestApp } from './helpers/app.ts';
import { addApiKey, addMember, type SignedUpTeam, signUp } from './helpers/fixtures.ts';
import { type Caller, describeTenancy, lazyWorld, type Outcome } from './helpers/tenancy.ts';
import { createUserVia } from './helpers/users.ts';

let t: TestApp;
let team: SignedUpTeam;
let server: Auth; // an API key with users:write
let browser: Auth; // the team's public key
beforeAll(async () => {
  t = await createTestApp();
  team = await signUp(t);
  server = { token: (await addApiKey(t, team, ['users:read', 'users:write'])).secret };
  browser = { publicKey: team.publicKey };
});

const IDENTIFY = `mutation($input: IdentifyInput!) { identify(input: $input) {
  __typename
  ... on IdentifyPayload { created verified userId kind user { ...IdentifiedUser } }
  ... on Error { code message path }
  ... on ValidationError { issues { path code message } } } }
fragment IdentifiedUser on User { id externalId email kind status role displayName firstName company
  address { city country } emailConsent { subscribed } properties signedUpAt lastSeenAt updatedAt }`;

const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;
const hmac = (secret: string, message: string) => createHmac('sha256', secret).update(message).digest('hex');
const rowId = (globalId: string) => Buffer.from(globalId, 'base64').toString('utf8').split(':')[1]!;

async function identify(auth: Auth | undefined, input: Record<string, unknown>) {
  const res = await t.gql(IDENTIFY, { input }, auth);
  expect(res.errors, JSON.stringify(res)).toBeUndefined();
  return res.data.identify;
}

async function identified(auth: Auth | undefined, input: Record<string, unknown>) {
  const result = await identify(auth, input);
  expect(result.__typename, JSON.stringify(result)).toBe('IdentifyPayload');
  if (result.user === null) {
    // The browser is not shown a record it merely claims; read it as the team's admin instead.
    expect(auth?.publicKey && !result.verified, 'only unverified visitors get no user').toBeTruthy();
    const res = await t.gql(`query($id: ID!) { user(id: $id) { ...IdentifiedUser } } ${IDENTIFY.slice(IDENTIFY.indexOf('fragment'))}`, { id: result.userId }, { token: team.token });
    result.user = res.data.user;
  }
  expect(result.user.kind).toBe(result.kind);
  return result as { created: boolean; verified: boolean; user: Record<string, any> };
}

async function identitySecret(of: SignedUpTeam = team): Promise<string> {
  const res = await t.gql(`{ viewer { team { identitySecret } } }`, {}, { token: of.token });
  return res.data.viewer.team.identitySecret;
}

/** A user as the team's admin reads it, with its history (newest first). */
async function readUser(id: string, token = team.token) {
  const res = await t.gql(
    `query($id: ID!) { user(id: $id) { id externalId email kind status role note displayName lastSeenAt updatedAt
       emailConsent { subscribed } history(first: 100) { totalCount edges { node { field newValue origin member { id } apiKeyId } } } } }`,
    { id },
    { token },
  );
  expect(res.errors, JSON.stringify(res)).toBeUndefined();
  return res.data.user;
}

const fields = (user: any) => user.history.edges.map((e: any) => e.node.field);

describe('server API', () => {
  it('creates a verified user, then updates it (created true, then false), recording every change', async () => {
    const externalId = unique('srv');
    const first = await identified(server, {
      externalId,
      email: `${externalId}@Example.com`,
      traits: { displayName: 'Ada', company: 'Engines', status: 'ARCHIVED', role: 'ADMIN', note: 'VIP', emailConsent: true, address: { city: 'London' } },
    });
    expect(first).toMatchObject({ created: true, verified: true });
    expect(first.user).toMatchObject({
      externalId, email: `${externalId}@example.com`, kind: 'USER', status: 'ARCHIVED', role: 'ADMIN', displayName: 'Ada', company: 'Engines',
      address: { city: 'London', country: null }, emailConsent: { subscribed: true },
    });

    const member = await addMember(t, team);
    const second = await identified({ token: member.token }, { externalId, traits: { displayName: 'Ada L.', company: null } });
    expect(second).toMatchObject({ created: false, verified: true });
    expect(second.user).toMatchObject({ id: first.user.id, displayName: 'Ada L.', company: null, status: 'ARCHIVED', email: `${externalId}@example.com` });

    const user = await readUser(first.user.id);
    expect(user.note).toBe('VIP');
    const changes = user.history.edges.map((e: any) => e.node);
    expect(changes.find((c: any) => c.field === 'created')).toMatchObject({ origin: 'API_KEY' });
    expect(changes.filter((c: any) => c.origin === 'MEMBER').map((c: any) => [c.field, c.newValue, c.member.id])).toEqual(
      expect.arrayContaining([['displayName', 'Ada L.', member.id], ['company', null, member.id]]),
    );
  });

  it('identifies by email alone: the externalId defaults to it, and the email matches in any case', async () => {
    const email = `${unique('mail')}@example.com`;
    const first = await identified(server, { email, traits: { firstName: 'Grace' } });
    expect(first.user).toMatchObject({ externalId: email, email, firstName: 'Grace' });
    const again = await identified(server, { email: `  ${email.toUpperCase()} `, traits: { firstName: 'G.' } });
    expect(again).toMatchObject({ created: false, user: { id: first.user.id, firstName: 'G.' } });
  });

  it('refuses another email for an externalId (EMAIL_IMMUTABLE), but gives an email to a user without one', async () => {
    const externalId = unique('imm');
    const created = await identified(server, { externalId, email: `${externalId}@example.com` });
    const other = await identify(server, { externalId, email: `other-${externalId}@example.com`, traits: { displayName: 'x' } });
    expect(other).toMatchObject({ __typename: 'ValidationError', code: 'EMAIL_IMMUTABLE', path: ['input', 'email'] });
    expect((await readUser(created.user.id)).displayName).toBeNull();

    const bare = unique('bare');
    await identified(server, { externalId: bare });
    const given = await identified(server, { externalId: bare, email: `${bare}@example.com` });
    expect(given).toMatchObject({ created: false, user: { email: `${bare}@example.com` } });
  });

  it('answers UNIQUE for an email another user holds, and creates nothing', async () => {
    const holder = unique('holder');
    await identified(server, { externalId: holder, email: `${holder}@example.com` });
    const externalId = unique('taker');
    const res = await identify(server, { externalId, email: `${holder}@example.com` });
    expect(res).toMatchObject({ __typename: 'ValidationError', code: 'UNIQUE', path: ['input', 'email'] });
    const read = await t.gql(`query($e: String) { user(externalId: $e) { id } }`, { e: externalId }, { token: team.token });
    expect(read.data.user).toBeNull();
  });

  it('sets lastSeenAt on every call, without an edit: no history entry and the same updatedAt', async () => {
    const externalId = unique('seen');
    const first = await identified(server, { externalId, traits: { displayName: 'Seen' } });
    expect(first.user.lastSeenAt).toBeTruthy();
    const before = await readUser(first.user.id);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const again = await identified(server, { externalId, traits: { displayName: 'Seen' } });
    expect(new Date(again.user.lastSeenAt).getTime()).toBeGreaterThan(new Date(first.user.lastSeenAt).getTime());
    const after = await readUser(first.user.id);
    expect(after.updatedAt).toBe(before.updatedAt);
    expect(after.history.totalCount).toBe(before.history.totalCount);
    expect(fields(after)).not.toContain('lastSeenAt');
  });

  it('concurrent identifies of the same new externalId end with one user', async () => {
    for (const auth of [server, browser]) {
      const externalId = unique('race');
      const email = `${externalId}@race.example`;
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) => identified(auth, { externalId, email, traits: { displayName: `Racer ${i}` } })),
      );
      expect(new Set(results.map((r) => r.user.id)).size).toBe(1);
      expect(results.filter((r) => r.created)).toHaveLength(1);
      const listed = await t.gql(`query($s: String) { users(filter: {search: $s}) { totalCount } }`, { s: email }, { token: team.token });
      expect(listed.data.users.totalCount).toBe(1);
    }
  });
});

describe('client API (public key)', () => {
  it('a correct userHash identifies a verified USER, in lower- or upper-case hex, recorded as CLIENT', async () => {
    const secret = await identitySecret();
    const externalId = unique('web');
    const userHash = hmac(secret, externalId);
    const first = await identified(browser, { externalId, email: `${externalId}@example.com`, userHash, traits: { displayName: 'Web' } });
    expect(first).toMatchObject({ created: true, verified: true, user: { kind: 'USER', displayName: 'Web' } });
    const upper = await identified(browser, { externalId, userHash: userHash.toUpperCase(), traits: { displayName: 'Web 2' } });
    expect(upper).toMatchObject({ created: false, verified: true, user: { id: first.user.id, kind: 'USER', displayName: 'Web 2' } });

    const user = await readUser(first.user.id);
    expect(new Set(user.history.edges.map((e: any) => e.node.origin))).toEqual(new Set(['CLIENT']));
    expect(fields(user)).toEqual(expect.arrayContaining(['created', 'displayName']));
  });

  it('without an externalId the hash signs the email', async () => {
    const secret = await identitySecret();
    const email = `${unique('hashmail')}@example.com`;
    const res = await identified(browser, { email, userHash: hmac(secret, email) });
    expect(res).toMatchObject({ verified: true, user: { kind: 'USER', externalId: email } });
    const signedWrongValue = await identified(browser, { email, userHash: hmac(secret, 'someone-else') });
    expect(signedWrongValue).toMatchObject({ verified: false, user: { kind: 'LEAD' } });
  });

  it('a wrong or missing userHash makes the visitor a LEAD, found again by externalId or email', async () => {
    const externalId = unique('lead');
    const wrong = await identified(browser, { externalId, email: `${externalId}@example.com`, userHash: 'ab'.repeat(32), traits: { displayName: 'Lead' } });
    expect(wrong).toMatchObject({ created: true, verified: false, user: { kind: 'LEAD', externalId, displayName: 'Lead' } });
    const missing = await identified(browser, { externalId, traits: { company: 'Co' } });
    expect(missing).toMatchObject({ created: false, verified: false, user: { id: wrong.user.id, kind: 'LEAD', company: 'Co' } });
    const byEmail = await identified(browser, { email: `${externalId}@example.com`, userHash: 'not hex at all' });
    expect(byEmail).toMatchObject({ created: false, verified: false, user: { id: wrong.user.id } });
  });

  it('a lead claiming a verified user\u2019s externalId or email writes only the lead; the user is untouched', async () => {
    const externalId = unique('vip');
    const email = `${externalId}@example.com`;
    const userId = await createUserVia(t, team.token, { externalId, email, displayName: 'The Real One', company: 'Real Co' });
    const before = await readUser(userId);

    const claim = await identified(browser, { externalId, email, traits: { displayName: 'Impostor', company: 'Fake Co' } });
    expect(claim).toMatchObject({ created: true, verified: false, user: { kind: 'LEAD', externalId, email, displayName: 'Impostor' } });
    expect(claim.user.id).not.toBe(userId);
    const byEmail = await identified(browser, { email, userHash: 'deadbeef', traits: { firstName: 'Mallory' } });
    expect(byEmail).toMatchObject({ created: false, user: { id: claim.user.id, kind: 'LEAD', firstName: 'Mallory' } });

    const after = await readUser(userId);
    expect(after).toEqual(before);
    const asServer = await t.gql(`query($e: String) { user(externalId: $e) { id kind displayName } }`, { e: externalId }, { token: team.token });
    expect(asServer.data.user).toEqual({ id: userId, kind: 'USER', displayName: 'The Real One' });
  });

  it('rotating the identity secret invalidates hashes made with the old one', async () => {
    const externalId = unique('rot');
    const oldHash = hmac(await identitySecret(), externalId);
    expect(await identified(browser, { externalId, userHash: oldHash })).toMatchObject({ verified: true, created: true });
    const rotated = await t.gql(`mutation { rotateIdentitySecret { secret } }`, {}, { token: team.token });
    const newSecret = rotated.data.rotateIdentitySecret.secret;
    expect(await identified(browser, { externalId, userHash: oldHash })).toMatchObject({ verified: false, user: { kind: 'LEAD' } });
    expect(await identified(browser, { externalId, userHash: hmac(newSecret, externalId) })).toMatchObject({
      verified: true, created: false, user: { kind: 'USER' },
    });
  });

  it('updates lastSeenAt for leads and verified users alike, without history', async () => {
    const externalId = unique('cseen');
    const lead = await identified(browser, { externalId });
    const before = await readUser(lead.user.id);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const leadAgain = await identified(browser, { externalId });
    expect(new Date(leadAgain.user.lastSeenAt).getTime()).toBeGreaterThan(new Date(lead.user.lastSeenAt).getTime());
    const after = await readUser(lead.user.id);
    expect(after.history.totalCount).toBe(before.history.totalCount);
    expect(fields(after)).not.toContain('lastSeenAt');

    const userHash = hmac(await identitySecret(), externalId);
    const user = await identified(browser, { externalId, userHash });
    expect(user.user.lastSeenAt).toBeTruthy();
    expect(user.user.id).not.toBe(lead.user.id);
  });

  it('refuses the server-only traits (FORBIDDEN_FIELD), even with a valid hash, and writes nothing', async () => {
    const externalId = unique('forbid');
    const userHash = hmac(await identitySecret(), externalId);
    for (const hash of [undefined, userHash]) {
      const res = await identify(browser, {
        externalId, userHash: hash, traits: { displayName: 'ok', status: 'DISABLED', role: 'ADMIN', note: 'x', emailConsent: true },
      });
      expect(res.__typename).toBe('ValidationError');
      expect(res.issues.map((i: any) => [i.path.join('.'), i.code])).toEqual([
        ['input.traits.status', 'FORBIDDEN_FIELD'],
        ['input.traits.role', 'FORBIDDEN_FIELD'],
        ['input.traits.note', 'FORBIDDEN_FIELD'],
        ['input.traits.emailConsent', 'FORBIDDEN_FIELD'],
      ]);
    }
    const nulls = await identify(browser, { externalId, traits: { status: null } });
    expect(nulls).toMatchObject({ code: 'FORBIDDEN_FIELD', path: ['input', 'traits', 'status'] });
    const read = await t.gql(`query($e: String) { user(externalId: $e) { id } }`, { e: externalId }, { token: team.token });
    expect(read.data.user).toBeNull();
  });

  it('the public key may not create, update or read users (FORBIDDEN)', async () => {
    const id = await createUserVia(t, team.token, { externalId: unique('ro') });
    const calls: [string, string, Record<string, unknown>][] = [
      ['createUser', `mutation { createUser(input: {externalId: "pk-create"}) { __typename } }`, {}],
      ['updateUser', `mutation($id: ID!) { updateUser(input: {id: $id, patch: {displayName: "x"}}) { __typename } }`, { id }],
      ['users', `{ users { totalCount } }`, {}],
      ['user', `query($id: ID!) { user(id: $id) { id } }`, { id }],
    ];
    for (const [field, query, variables] of calls) {
      const res = await t.gql(query, variables, browser);
      expect(res.errors?.[0]?.extensions?.code, `${field}: ${JSON.stringify(res)}`).toBe('FORBIDDEN');
      expect(res.data?.[field] ?? null).toBeNull();
    }
  });
});

describe('validation', () => {
  it('needs an externalId or an email (REQUIRED at input.externalId); blanks do not count', async () => {
    for (const auth of [server, browser]) {
      for (const input of [{}, { externalId: '  ', email: '' }, { traits: { displayName: 'Nobody' } }]) {
        expect(await identify(auth, input)).toMatchObject({ __typename: 'ValidationError', code: 'REQUIRED', path: ['input', 'externalId'] });
      }
    }
  });

  it('refuses an invalid email, for both callers', async () => {
    for (const auth of [server, browser]) {
      expect(await identify(auth, { email: 'not-an-email' })).toMatchObject({ code: 'INVALID_EMAIL', path: ['input', 'email'] });
      expect(await identify(auth, { externalId: unique('bad'), email: 'still@not' })).toMatchObject({ code: 'INVALID_EMAIL', path: ['input', 'email'] });
    }
  });

  it('refuses unknown properties and properties that are not an object, on create and on update', async () => {
    const existing = unique('props');
    await identified(server, { externalId: existing });
    for (const externalId of [unique('props-new'), existing]) {
      for (const auth of [server, browser]) {
        expect(await identify(auth, { externalId, properties: { plan: 'pro' } })).toMatchObject({
          code: 'UNKNOWN_PROPERTY', path: ['input', 'properties', 'plan'],
        });
        for (const properties of [[1, 2], 'plan=pro', 42]) {
          expect(await identify(auth, { externalId, properties })).toMatchObject({ code: 'TYPE', path: ['input', 'properties'] });
        }
      }
    }
  });

  it('reports every over-long trait at once, under input.traits, on create and on update', async () => {
    const existing = unique('long');
    await identified(server, { externalId: existing });
    for (const externalId of [unique('long-new'), existing]) {
      const res = await identify(browser, {
        externalId,
        traits: { displayName: 'x'.repeat(201), phone: '1'.repeat(51), address: { city: 'c'.repeat(201) } },
      });
      expect(res.__typename).toBe('ValidationError');
      expect(res.issues.map((i: any) => [i.path.join('.'), i.code])).toEqual([
        ['input.traits.displayName', 'TOO_LONG'],
        ['input.traits.phone', 'TOO_LONG'],
        ['input.traits.address.city', 'TOO_LONG'],
      ]);
    }
    expect(await identify(server, { externalId: 'e'.repeat(256) })).toMatchObject({ code: 'TOO_LONG', path: ['input', 'externalId'] });
  });

  it('validates properties with the one validator: required on create, patch on update', async () => {
    // A fresh team, so its required property does not reach the other tests. The definition is
    // written directly: defining properties is another domain's API.
    const own = await signUp(t);
    const key = { token: (await addApiKey(t, own, ['users:write'])).secret };
    await t.db
      .insertInto('propertyDefinitions')
      .values({ teamId: rowId(own.teamId), key: 'plan', label: 'Plan', type: 'ENUM', required: true, options: ['free', 'pro'] })
      .execute();
    const externalId = unique('plan');
    expect(await identify(key, { externalId })).toMatchObject({ code: 'REQUIRED', path: ['input', 'properties', 'plan'] });
    expect(await identify(key, { externalId, properties: { plan: 'gold' } })).toMatchObject({ code: 'OPTION', path: ['input', 'properties', 'plan'] });
    const created = await identified(key, { externalId, properties: { plan: 'free' } });
    expect(created.user.properties).toEqual({ plan: 'free' });
    const patched = await identified({ publicKey: own.publicKey }, { externalId, userHash: hmac(await identitySecret(own), externalId), traits: { displayName: 'P' } });
    expect(patched).toMatchObject({ created: false, user: { displayName: 'P', properties: { plan: 'free' } } });
    expect(await identify(key, { externalId, properties: { plan: 'gold' } })).toMatchObject({ code: 'OPTION', path: ['input', 'properties', 'plan'] });
    expect(await identify(key, { externalId, properties: { plan: null } })).toMatchObject({ code: 'REQUIRED', path: ['input', 'properties', 'plan'] });
  });
});

describe('tenancy', () => {
  it('another team\u2019s key identifying the same externalId writes only in its own team', async () => {
    const externalId = unique('shared');
    const homeUser = await identified(server, { externalId, traits: { displayName: 'Home' } });
    const other = await signUp(t);
    const otherKey = { token: (await addApiKey(t, other, ['users:read', 'users:write'])).secret };
    const foreign = await identified(otherKey, { externalId, traits: { displayName: 'Other' } });
    expect(foreign).toMatchObject({ created: true, user: { externalId, displayName: 'Other' } });
    expect(foreign.user.id).not.toBe(homeUser.user.id);
    expect((await readUser(homeUser.user.id)).displayName).toBe('Home');
    const seenFromOther = await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: homeUser.user.id }, otherKey);
    expect(seenFromOther.data.node).toBeNull();
    const otherPublic = await identified({ publicKey: other.publicKey }, { externalId, userHash: hmac(await identitySecret(other), externalId) });
    expect(otherPublic).toMatchObject({ created: false, verified: true, user: { id: foreign.user.id } });
    // The home team's hash does not verify in the other team.
    const crossHash = await identify({ publicKey: other.publicKey }, { externalId, userHash: hmac(await identitySecret(), externalId) });
    expect(crossHash).toMatchObject({ verified: false, kind: 'LEAD', user: null });
  });
});

const app = () => t;
const world = lazyWorld(app);
const expectIdentify: Record<Caller, Outcome> = {
  admin: 'OK',
  member: 'OK',
  otherTeamAdmin: 'OK', // writes in its own team: nothing names the home team
  keyWithScope: 'OK',
  keyWithoutScope: 'FORBIDDEN',
  otherTeamKey: 'OK',
  publicKey: 'OK',
  anonymous: 'UNAUTHENTICATED',
};

describeTenancy('identify', app, world, {
  scope: 'users:write',
  field: 'identify',
  operation: async () => ({
    query: `mutation($input: IdentifyInput!) { identify(input: $input) { __typename ... on Error { code } } }`,
    variables: { input: { externalId: unique('matrix'), traits: { displayName: 'M' } } },
  }),
  expect: expectIdentify,
});

describeTenancy('identify of an existing home user', app, world, {
  scope: 'users:write',
  field: 'identify',
  operation: async (w) => {
    const externalId = unique('matrix-existing');
    await createUserVia(t, w.home.token, { externalId });
    return {
      query: `mutation($input: IdentifyInput!) { identify(input: $input) { __typename ... on Error { code } } }`,
      variables: { input: { externalId, traits: { displayName: 'M' } } },
    };
  },
  expect: expectIdentify,
});
