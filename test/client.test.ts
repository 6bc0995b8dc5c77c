// The generated client against a real server on a port: typed results, typed mutation errors as
// values, transport errors as PaviorError.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ApiKeysDocument,
  createClient,
  CreateTeamDocument,
  InviteMemberDocument,
  type PaviorClient,
  PaviorError,
  TeamMembersDocument,
} from '../client/index.ts';
import { createTestApp } from './helpers/app.ts';
import { PASSWORD, uniqueSlug } from './helpers/fixtures.ts';

let base: string;
let anonymous: PaviorClient;
let admin: PaviorClient;
let slug: string;
let adminEmail: string;

beforeAll(async () => {
  const t = await createTestApp();
  base = await t.listen();
  anonymous = createClient({ url: base });
  slug = uniqueSlug('client');
  adminEmail = `admin@${slug}.example`;
  const created = await anonymous.createTeam({
    slug,
    name: 'Client Co',
    admin: { email: adminEmail, password: PASSWORD, name: 'Ada' },
  });
  if (created.__typename !== 'CreateTeamPayload') throw new Error(`createTeam: ${JSON.stringify(created)}`);
  admin = createClient({ url: base, token: created.token });
});

describe('createClient', () => {
  it('signs a team up and reads the viewer with the session token', async () => {
    const viewer = await admin.viewer();
    expect(viewer.team).toMatchObject({ slug, name: 'Client Co' });
    expect(viewer.team.publicKey).toMatch(/^pav_pk_/);
    expect(viewer.member).toMatchObject({ email: adminEmail, role: 'ADMIN', name: 'Ada' });
    expect(viewer.apiKeyId).toBeNull();
    expect(viewer.scopes).toContain('users:write');
  });

  it('accepts the base URL or the /graphql URL', () => {
    expect(createClient({ url: base }).endpoint).toBe(`${base}/graphql`);
    expect(createClient({ url: `${base}/` }).endpoint).toBe(`${base}/graphql`);
    expect(createClient({ url: `${base}/graphql` }).endpoint).toBe(`${base}/graphql`);
    expect(createClient({ url: 'https://example.com/pavior/' }).endpoint).toBe('https://example.com/pavior/graphql');
  });

  it('returns typed mutation errors as values', async () => {
    const taken = await anonymous.createTeam({ slug, name: 'Again', admin: { email: 'x@example.com', password: PASSWORD } });
    expect(taken).toMatchObject({ __typename: 'ConflictError', code: 'SLUG_TAKEN', path: ['input', 'slug'] });

    const invalid = await anonymous.createTeam({ slug: 'X', name: 'Bad', admin: { email: 'nope', password: 'short' } });
    expect(invalid.__typename).toBe('ValidationError');
    if (invalid.__typename !== 'ValidationError') return;
    expect(invalid.issues.map((issue) => issue.code)).toEqual(
      expect.arrayContaining(['INVALID_SLUG', 'INVALID_EMAIL', 'PASSWORD_TOO_SHORT']),
    );
  });

  it('answers a wrong password with a CredentialsError value, not a throw', async () => {
    const wrong = await anonymous.login({ teamSlug: slug, email: adminEmail, password: 'not the password' });
    expect(wrong).toMatchObject({ __typename: 'CredentialsError', code: 'INVALID_CREDENTIALS' });

    const right = await anonymous.login({ teamSlug: slug, email: adminEmail, password: PASSWORD });
    expect(right.__typename).toBe('SessionPayload');
    if (right.__typename !== 'SessionPayload') return;
    const session = createClient({ url: `${base}/graphql`, token: right.token });
    expect((await session.viewer()).member?.email).toBe(adminEmail);
  });

  it('creates an API key whose client sees only the key’s scopes', async () => {
    const created = await admin.createApiKey({ name: 'sync', scopes: ['team:read', 'users:read'] });
    expect(created.__typename).toBe('CreateApiKeyPayload');
    if (created.__typename !== 'CreateApiKeyPayload') return;
    expect(created.secret).toMatch(/^pav_sk_/);
    expect(created.apiKey).toMatchObject({ name: 'sync', revokedAt: null, createdBy: { email: adminEmail } });

    const integration = createClient({ url: base, apiKey: created.secret });
    const viewer = await integration.viewer();
    expect(viewer).toMatchObject({ member: null, apiKeyId: created.apiKey.id, team: { slug } });
    expect([...viewer.scopes].sort()).toEqual(['team:read', 'users:read']);

    const members = await integration.request(TeamMembersDocument, { first: 10 });
    expect(members.viewer.team.members.totalCount).toBe(1);
    expect(members.viewer.team.members.edges[0]?.node.email).toBe(adminEmail);

    const keys = await admin.request(ApiKeysDocument);
    expect(keys.viewer.team.apiKeys.map((key) => key.id)).toContain(created.apiKey.id);
  });

  it('rejects an unknown API key scope as a ValidationError value', async () => {
    const result = await admin.createApiKey({ name: 'bad', scopes: ['everything'] });
    expect(result).toMatchObject({ __typename: 'ValidationError', code: 'INVALID_SCOPE' });
  });

  it('runs any generated document with request()', async () => {
    const invited = await admin.request(InviteMemberDocument, { input: { email: `new@${slug}.example`, role: 'MEMBER' } });
    expect(invited.inviteMember.__typename).toBe('InviteMemberPayload');
  });

  it('throws PaviorError UNAUTHENTICATED without credentials', async () => {
    const error = await anonymous.viewer().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PaviorError);
    expect(error).toMatchObject({ name: 'PaviorError', code: 'UNAUTHENTICATED' });
    expect((error as PaviorError).message).toBeTruthy();
  });

  it('throws PaviorError for a revoked or unknown credential and for a forbidden call', async () => {
    const unknown = createClient({ url: base, apiKey: 'pav_sk_notarealkey' });
    await expect(unknown.viewer()).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });

    const key = await admin.createApiKey({ name: 'reader', scopes: ['users:read'] });
    if (key.__typename !== 'CreateApiKeyPayload') throw new Error(JSON.stringify(key));
    const reader = createClient({ url: base, apiKey: key.secret });
    await expect(reader.createApiKey({ name: 'escalate', scopes: ['users:write'] })).rejects.toMatchObject({
      name: 'PaviorError',
      code: 'FORBIDDEN',
    });
  });

  it('throws NETWORK_ERROR when the server cannot be reached', async () => {
    const failing = createClient({ url: base, fetch: () => Promise.reject(new Error('connection refused')) });
    await expect(failing.viewer()).rejects.toMatchObject({ name: 'PaviorError', code: 'NETWORK_ERROR' });
  });

  it('refuses more than one credential', () => {
    expect(() => createClient({ url: base, token: 'a', apiKey: 'b' })).toThrow(TypeError);
    expect(() => createClient({ url: base, apiKey: 'b', publicKey: 'c' })).toThrow(TypeError);
  });

  it('types variables from the document', () => {
    // Compile-time checks (tsc --noEmit); the calls are never awaited against the server.
    const typecheck = () => {
      // @ts-expect-error createTeam requires its input
      void admin.request(CreateTeamDocument);
      // @ts-expect-error `first` is an Int
      void admin.request(TeamMembersDocument, { first: 'ten' });
      void admin.request(TeamMembersDocument);
    };
    expect(typecheck).toBeTypeOf('function');
  });
});

describe('typed methods per domain', () => {
  let integrator: PaviorClient;

  beforeAll(async () => {
    const key = await admin.createApiKey({ name: 'domains', scopes: ['team:read', 'users:read', 'users:write', 'events:read', 'events:write'] });
    if (key.__typename !== 'CreateApiKeyPayload') throw new Error(JSON.stringify(key));
    integrator = createClient({ url: base, apiKey: key.secret });
  });

  it('users: create, get, update, list every page, history, status, delete', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const created = await integrator.users.create({ externalId: `page-${i}`, email: `page-${i}@example.com`, displayName: `Page ${i}` });
      expect(created.__typename).toBe('UserPayload');
      if (created.__typename === 'UserPayload') ids.push(created.user.id);
    }
    const invalid = await integrator.users.create({ email: 'not an email' });
    expect(invalid).toMatchObject({ __typename: 'ValidationError' });

    const updated = await integrator.users.update({ id: ids[0]!, patch: { jobTitle: 'CTO' } });
    expect(updated).toMatchObject({ __typename: 'UserPayload', user: { jobTitle: 'CTO' } });
    expect(await integrator.users.get({ externalId: 'page-0' })).toMatchObject({ id: ids[0], jobTitle: 'CTO' });
    expect(await integrator.users.get({ email: 'nobody@example.com' })).toBeNull();

    // Pages of 3: the iterator fetches three pages and yields every user once, oldest last.
    const listed = integrator.users.list({ search: 'page' }, { pageSize: 3 });
    const pages = [];
    for await (const page of listed.pages()) pages.push(page);
    expect(pages.map((p) => p.items.length)).toEqual([3, 3, 1]);
    expect(pages[0]?.totalCount).toBe(7);
    const all: string[] = [];
    for await (const user of listed) all.push(user.externalId);
    expect(all).toEqual(['page-6', 'page-5', 'page-4', 'page-3', 'page-2', 'page-1', 'page-0']);
    const byEmail = await integrator.users.list({ search: 'page' }, { orderBy: { field: 'EMAIL', direction: 'ASC' } }).toArray();
    expect(byEmail[0]?.email).toBe('page-0@example.com');

    const history = await integrator.users.history(ids[0]!).toArray();
    expect(history.map((c) => c.field)).toEqual(expect.arrayContaining(['jobTitle', 'created']));
    expect(history[0]).toMatchObject({ field: 'jobTitle', origin: 'API_KEY', newValue: 'CTO' });

    expect(await integrator.users.setStatus({ ids: [ids[1]!], status: 'ARCHIVED' })).toMatchObject({ __typename: 'UsersPayload', users: [{ status: 'ARCHIVED' }] });
    expect(await integrator.users.setEmailConsent({ userId: ids[1]!, subscribed: true })).toMatchObject({ __typename: 'UserPayload' });
    expect(await integrator.users.delete({ ids: [ids[6]!] })).toEqual({ __typename: 'DeleteUsersPayload', deletedUserIds: [ids[6]] });
    expect(await integrator.users.delete({ ids: [ids[6]!] })).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
  });

  it('groups and tags', async () => {
    const group = await integrator.groups.create({ name: 'Beta' });
    if (group.__typename !== 'GroupPayload') throw new Error(JSON.stringify(group));
    expect(await integrator.groups.create({ name: 'beta' })).toMatchObject({ __typename: 'ValidationError', code: 'UNIQUE' });
    const user = await integrator.users.get({ externalId: 'page-2' });
    expect(await integrator.groups.addUsers({ userIds: [user!.id], groupIds: [group.group.id] })).toMatchObject({ added: 1 });
    expect((await integrator.groups.list().toArray()).map((g) => [g.name, g.userCount])).toEqual([['Beta', 1]]);
    expect(await integrator.tags.tagUsers({ userIds: [user!.id], tagNames: ['vip'], createMissingTags: true })).toMatchObject({ added: 1 });
    expect((await integrator.users.list({ tags: ['vip'], groups: [group.group.id] }).toArray()).map((u) => u.externalId)).toEqual(['page-2']);
    expect(await integrator.groups.removeUsers({ userIds: [user!.id], groupNames: ['beta'] })).toMatchObject({ removed: 1 });
    const [tag] = await integrator.tags.list({ search: 'vip' }).toArray();
    expect(await integrator.tags.rename({ id: tag!.id, name: 'VIP' })).toMatchObject({ __typename: 'TagPayload', tag: { name: 'VIP' } });
    expect(await integrator.tags.delete({ id: tag!.id })).toMatchObject({ __typename: 'DeleteTagPayload', removed: 1 });
    expect(await integrator.groups.delete({ id: group.group.id })).toMatchObject({ __typename: 'DeleteGroupPayload' });
  });

  it('identify, track, trackBatch, events and counts', async () => {
    const identified = await integrator.identify({ externalId: 'ev-1', email: 'ev1@example.com', traits: { displayName: 'Eve' } });
    expect(identified).toMatchObject({ __typename: 'IdentifyPayload', created: true, verified: true, user: { displayName: 'Eve' } });
    const tracked = await integrator.track({ user: { externalId: 'ev-1' }, name: 'checkout', properties: { total: 42 } });
    expect(tracked).toMatchObject({ __typename: 'EventPayload', event: { name: 'checkout' } });
    expect(await integrator.track({ user: { externalId: 'ghost' }, name: 'checkout' })).toMatchObject({ __typename: 'NotFoundError' });
    const batch = await integrator.trackBatch({ events: [{ user: { externalId: 'ev-1' }, name: 'login' }, { user: { externalId: 'ev-1' }, name: 'bad name!' }] });
    expect(batch).toMatchObject({ __typename: 'TrackBatchPayload', accepted: 1, rejected: [{ index: 1, code: 'INVALID_NAME' }] });

    const user = await integrator.users.get({ externalId: 'ev-1' });
    const events = await integrator.events.list({ userId: user!.id, origins: ['SERVER'] }).toArray();
    expect(events.map((e) => e.name)).toEqual(['login', 'checkout']);
    expect(events[1]).toMatchObject({ properties: { total: 42 }, user: { externalId: 'ev-1' }, actor: null });
    const counts = await integrator.events.counts({ days: 2, names: ['checkout'] });
    expect(counts.at(-1)?.count).toBe(1);
    expect(await integrator.events.delete({ id: events[0]!.id })).toMatchObject({ __typename: 'DeleteEventPayload' });
    const exported = await integrator.events.export({ userId: user!.id });
    expect(exported).toMatchObject({ __typename: 'DownloadPayload' });
  });

  it('the public key: identify and track from a browser, and nothing else', async () => {
    const { team } = await admin.viewer();
    const browser = createClient({ url: base, publicKey: team.publicKey });
    const lead = await browser.identify({ externalId: 'visitor-1', traits: { displayName: 'Visitor' } });
    expect(lead).toMatchObject({ __typename: 'IdentifyPayload', verified: false, kind: 'LEAD', user: null });
    expect(await browser.track({ user: { externalId: 'visitor-1' }, name: 'page_view' })).toMatchObject({ __typename: 'EventPayload' });
    await expect(browser.users.list().first()).rejects.toMatchObject({ name: 'PaviorError' });
  });

  it('properties, identities, reminders and the team', async () => {
    const defined = await admin.properties.define({ key: 'plan', label: 'Plan', type: 'ENUM', options: ['free', 'pro'] });
    expect(defined).toMatchObject({ __typename: 'PropertyDefinitionPayload', definition: { key: 'plan' } });
    expect((await integrator.properties.list()).map((d) => d.key)).toEqual(['plan']);
    const user = await integrator.users.get({ externalId: 'ev-1' });
    expect(await integrator.users.update({ id: user!.id, patch: { properties: { plan: 'gold' } } })).toMatchObject({
      __typename: 'ValidationError',
      issues: [{ code: 'OPTION', path: ['input', 'patch', 'properties', 'plan'] }],
    });
    expect(await integrator.identities.add({ userId: user!.id, source: 'slack', username: 'eve' })).toMatchObject({ __typename: 'IdentityPayload' });
    expect((await integrator.identities.list(user!.id))?.map((i) => `${i.source}:${i.username}`)).toEqual(['slack:eve']);
    expect((await integrator.identities.sources()).find((s) => s.key === 'slack')?.enabled).toBe(true);
    const reminder = await admin.reminders.create({ userId: user!.id, dueAt: '2030-01-01T09:00:00.000Z', text: 'Call back' });
    expect(reminder).toMatchObject({ __typename: 'ReminderPayload' });
    expect((await integrator.reminders.list(user!.id))?.map((r) => r.text)).toEqual(['Call back']);
    expect((await admin.team.members().toArray()).map((m) => m.email)).toEqual([adminEmail]);
    expect((await admin.team.apiKeys()).length).toBeGreaterThan(0);
    expect(await admin.team.update({ name: 'Client Co 2' })).toMatchObject({ __typename: 'TeamPayload', team: { name: 'Client Co 2' } });
    expect((await integrator.exports.columns()).some((c) => c.name === 'Primary Email')).toBe(true);
  });
});

