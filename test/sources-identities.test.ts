import { beforeAll, describe, expect, it } from 'vitest';
import { parseIdentityList } from '../server/modules/sources/identity-list.ts';
import { checkIdentitySources, resolveSources } from '../server/modules/sources/service.ts';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { addApiKey, type SignedUpTeam, signUp } from './helpers/fixtures.ts';
import { countingApp } from './helpers/query-count.ts';
import { describeTenancy, lazyWorld } from './helpers/tenancy.ts';
import { adminOnOwnTeam, nodeOfHomeObject, onHomeObject } from './helpers/tenancy-outcomes.ts';
import { createUserVia } from './helpers/users.ts';

let t: TestApp;
let team: SignedUpTeam;
beforeAll(async () => {
  t = await createTestApp();
  team = await signUp(t);
});

const ERROR = `... on Error { code message path }`;
const ISSUES = `${ERROR} ... on ValidationError { issues { path code message } }`;
const SOURCES = `{ viewer { team { sources { key name enabled } } } }`;
const SET_SOURCE = (name: 'enableSource' | 'disableSource') =>
  `mutation($key: String!) { ${name}(input: {key: $key}) { __typename ... on SourcePayload { source { key name enabled } } ${ERROR} } }`;
const ADD = `mutation($input: AddIdentityInput!) { addIdentity(input: $input) {
  __typename ... on IdentityPayload { identity { id source username createdAt user { id } } user { id identities { id source username } } }
  ${ISSUES} } }`;
const REMOVE = `mutation($id: ID!) { removeIdentity(input: {id: $id}) {
  __typename ... on RemoveIdentityPayload { removedIdentityId user { id identities { source username } } } ${ERROR} } }`;
const HISTORY = `query($id: ID!) { user(id: $id) { history(first: 50) { edges { node { field oldValue newValue origin member { id } apiKeyId } } } } }`;

const globalId = (type: string, id = '00000000-0000-4000-8000-000000000000') => Buffer.from(`${type}:${id}`).toString('base64');
const rowId = (id: string) => Buffer.from(id, 'base64').toString().split(':')[1]!;

let counter = 0;
const newUser = (token = team.token) => createUserVia(t, token, { externalId: `ident-${++counter}` });

async function add(userId: string, source: string, username: string, token = team.token) {
  return (await t.gql(ADD, { input: { userId, source, username } }, { token })).data.addIdentity;
}

async function identityChanges(userId: string, token = team.token) {
  const res = await t.gql(HISTORY, { id: userId }, { token });
  return res.data.user.history.edges.map((e: any) => e.node).filter((c: any) => c.field === 'identities');
}

describe('sources', () => {
  it('lists the catalogue, every source enabled by default', async () => {
    const fresh = await signUp(t);
    const res = await t.gql(SOURCES, {}, { token: fresh.token });
    expect(res.data.viewer.team.sources).toEqual([
      { key: 'email', name: 'Email', enabled: true },
      { key: 'phone', name: 'Phone', enabled: true },
      { key: 'slack', name: 'Slack', enabled: true },
      { key: 'teams', name: 'Microsoft Teams', enabled: true },
      { key: 'whatsapp', name: 'WhatsApp', enabled: true },
      { key: 'zendesk', name: 'Zendesk', enabled: true },
      { key: 'intercom', name: 'Intercom', enabled: true },
      { key: 'github', name: 'GitHub', enabled: true },
    ]);
  });

  it('disables and re-enables a source for the team only; keys match case-insensitively', async () => {
    const fresh = await signUp(t);
    const other = await signUp(t);
    const off = await t.gql(SET_SOURCE('disableSource'), { key: ' WhatsApp ' }, { token: fresh.token });
    expect(off.data.disableSource).toEqual({ __typename: 'SourcePayload', source: { key: 'whatsapp', name: 'WhatsApp', enabled: false } });
    const enabled = async (token: string) =>
      Object.fromEntries((await t.gql(SOURCES, {}, { token })).data.viewer.team.sources.map((s: any) => [s.key, s.enabled]));
    expect(await enabled(fresh.token)).toMatchObject({ whatsapp: false, slack: true });
    expect((await enabled(other.token)).whatsapp).toBe(true);

    const twice = await t.gql(SET_SOURCE('disableSource'), { key: 'whatsapp' }, { token: fresh.token });
    expect(twice.data.disableSource.source.enabled).toBe(false);
    const on = await t.gql(SET_SOURCE('enableSource'), { key: 'whatsapp' }, { token: fresh.token });
    expect(on.data.enableSource.source).toEqual({ key: 'whatsapp', name: 'WhatsApp', enabled: true });
    expect((await enabled(fresh.token)).whatsapp).toBe(true);
  });

  it('answers an unknown source key with NOT_FOUND at input.key', async () => {
    for (const name of ['enableSource', 'disableSource'] as const) {
      for (const key of ['myspace', '', 'slack:ada']) {
        const res = await t.gql(SET_SOURCE(name), { key }, { token: team.token });
        expect(res.data[name]).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND', path: ['input', 'key'] });
      }
    }
  });

  it('resolves and checks sources for the import (direct)', async () => {
    const fresh = await signUp(t);
    await t.gql(SET_SOURCE('disableSource'), { key: 'zendesk' }, { token: fresh.token });
    const teamId = rowId(fresh.teamId);
    const resolved = await resolveSources(t.db, teamId, ['Slack', 'zendesk', 'myspace']);
    expect([...resolved.values()]).toEqual([
      { key: 'slack', name: 'Slack', enabled: true },
      { key: 'zendesk', name: 'Zendesk', enabled: false },
    ]);
    const issues = await checkIdentitySources(t.db, teamId, [
      { source: 'slack', username: 'ada' },
      { source: 'zendesk', username: '123' },
      { source: 'myspace', username: 'tom' },
    ]);
    expect(issues.map((i) => [i.path, i.code])).toEqual([
      [['1'], 'SOURCE_DISABLED'],
      [['2'], 'UNKNOWN_SOURCE'],
    ]);
    // Another team's choice is not this one's.
    expect(await checkIdentitySources(t.db, rowId(team.teamId), [{ source: 'zendesk' }])).toEqual([]);
  });
});

describe('parseIdentityList', () => {
  it('reads the import column format: comma-separated source:username', () => {
    expect(parseIdentityList('slack:ada, zendesk:123')).toEqual({
      pairs: [{ source: 'slack', username: 'ada' }, { source: 'zendesk', username: '123' }],
      issues: [],
    });
    expect(parseIdentityList(' Slack : Ada ,teams:29:abc,')).toEqual({
      pairs: [{ source: 'slack', username: 'Ada' }, { source: 'teams', username: '29:abc' }],
      issues: [],
    });
    expect(parseIdentityList('slack:ada, SLACK:ADA')).toEqual({ pairs: [{ source: 'slack', username: 'ada' }], issues: [] });
    expect(parseIdentityList('')).toEqual({ pairs: [], issues: [] });
    expect(parseIdentityList(null)).toEqual({ pairs: [], issues: [] });
  });

  it('reports each bad item at its index', () => {
    const { pairs, issues } = parseIdentityList(`ada, :ada, slack:, github:${'x'.repeat(201)}, email:a@b.c`, ['row', '3']);
    expect(pairs).toEqual([{ source: 'email', username: 'a@b.c' }]);
    expect(issues.map((i) => [i.path.join('.'), i.code])).toEqual([
      ['row.3.0', 'INVALID_IDENTITY'],
      ['row.3.1', 'INVALID_IDENTITY'],
      ['row.3.2', 'REQUIRED'],
      ['row.3.3', 'TOO_LONG'],
    ]);
    expect(issues[0]!.message).toContain('"ada"');
  });
});

describe('addIdentity', () => {
  it('adds an identity, lists it on the user and records the change with its actor', async () => {
    const userId = await newUser();
    const first = await add(userId, 'slack', '  Ada.L  ');
    expect(first).toMatchObject({
      __typename: 'IdentityPayload',
      identity: { source: 'slack', username: 'Ada.L', user: { id: userId } },
      user: { id: userId, identities: [{ source: 'slack', username: 'Ada.L' }] },
    });
    const second = await add(userId, 'GitHub', 'ada');
    expect(second.identity.source).toBe('github');
    expect(second.user.identities.map((i: any) => `${i.source}:${i.username}`)).toEqual(['github:ada', 'slack:Ada.L']);

    const changes = await identityChanges(userId);
    expect(changes).toEqual([
      { field: 'identities', oldValue: ['slack:Ada.L'], newValue: ['github:ada', 'slack:Ada.L'], origin: 'MEMBER', member: { id: team.adminId }, apiKeyId: null },
      { field: 'identities', oldValue: [], newValue: ['slack:Ada.L'], origin: 'MEMBER', member: { id: team.adminId }, apiKeyId: null },
    ]);

    const node = await t.gql(`query($id: ID!) { node(id: $id) { ... on Identity { username user { id } } } }`, { id: first.identity.id }, { token: team.token });
    expect(node.data.node).toEqual({ username: 'Ada.L', user: { id: userId } });
  });

  it('records an API key as the actor', async () => {
    const key = await addApiKey(t, team, ['users:read', 'users:write']);
    const userId = await newUser();
    expect((await add(userId, 'intercom', 'u-1', key.secret)).__typename).toBe('IdentityPayload');
    const [change] = await identityChanges(userId);
    expect(change).toMatchObject({ origin: 'API_KEY', apiKeyId: key.id, member: null });
  });

  it('is a no-op for the user\u2019s own identity again, in any letter case', async () => {
    const userId = await newUser();
    const first = await add(userId, 'zendesk', '123-abc');
    const again = await add(userId, 'zendesk', '123-abc');
    const otherCase = await add(userId, 'Zendesk', '123-ABC');
    expect(again).toEqual(first);
    expect(otherCase.identity).toEqual(first.identity);
    expect(await identityChanges(userId)).toHaveLength(1);
  });

  it('refuses an identity another user holds (UNIQUE), case-insensitively; other sources and teams are free', async () => {
    const holder = await newUser();
    const other = await newUser();
    await add(holder, 'slack', 'grace');
    for (const username of ['grace', 'GRACE', ' Grace ']) {
      const res = await add(other, 'slack', username);
      expect(res).toMatchObject({ __typename: 'ValidationError', code: 'UNIQUE', path: ['input', 'username'] });
    }
    expect((await add(other, 'github', 'grace')).__typename).toBe('IdentityPayload');
    const otherTeam = await signUp(t);
    const foreignUser = await newUser(otherTeam.token);
    expect((await add(foreignUser, 'slack', 'grace', otherTeam.token)).__typename).toBe('IdentityPayload');
    const listed = await t.gql(`query($id: ID!) { user(id: $id) { identities { source username } } }`, { id: other }, { token: team.token });
    expect(listed.data.user.identities).toEqual([{ source: 'github', username: 'grace' }]);
  });

  it('lets exactly one of two concurrent claims on the same identity win', async () => {
    const [a, b] = [await newUser(), await newUser()];
    const results = await Promise.all([add(a, 'teams', 'race'), add(b, 'teams', 'RACE')]);
    expect(results.map((r) => r.__typename).sort()).toEqual(['IdentityPayload', 'ValidationError']);
    expect(results.find((r) => r.__typename === 'ValidationError')).toMatchObject({ code: 'UNIQUE', path: ['input', 'username'] });
    // The same user twice at once: one identity, one history entry.
    const c = await newUser();
    const same = await Promise.all([add(c, 'teams', 'twice'), add(c, 'teams', 'twice')]);
    expect(same[0].identity).toEqual(same[1].identity);
    expect(await identityChanges(c)).toHaveLength(1);
  });

  it('refuses unknown and disabled sources, blank and too long usernames, all at once', async () => {
    const fresh = await signUp(t);
    const userId = await newUser(fresh.token);
    await t.gql(SET_SOURCE('disableSource'), { key: 'phone' }, { token: fresh.token });
    const cases: [string, string, [string, string][]][] = [
      ['myspace', 'tom', [['input.source', 'UNKNOWN_SOURCE']]],
      ['phone', '+1 555', [['input.source', 'SOURCE_DISABLED']]],
      ['  ', 'tom', [['input.source', 'REQUIRED']]],
      ['slack', '   ', [['input.username', 'REQUIRED']]],
      ['slack', 'x'.repeat(201), [['input.username', 'TOO_LONG']]],
      ['myspace', '', [['input.source', 'UNKNOWN_SOURCE'], ['input.username', 'REQUIRED']]],
    ];
    for (const [source, username, expected] of cases) {
      const res = await add(userId, source, username, fresh.token);
      expect(res.__typename, JSON.stringify(res)).toBe('ValidationError');
      expect(res.issues.map((i: any) => [i.path.join('.'), i.code])).toEqual(expected);
    }
    expect((await add(userId, 'slack', 'x'.repeat(200), fresh.token)).__typename).toBe('IdentityPayload');
    // Disabling keeps what exists: the identity stays, only new ones are refused.
    await t.gql(SET_SOURCE('disableSource'), { key: 'slack' }, { token: fresh.token });
    const kept = await t.gql(`query($id: ID!) { user(id: $id) { identities { source } } }`, { id: userId }, { token: fresh.token });
    expect(kept.data.user.identities).toEqual([{ source: 'slack' }]);
    expect(await identityChanges(userId, fresh.token)).toHaveLength(1);
  });

  it('answers a missing, malformed, other-type or other team\u2019s user with NOT_FOUND at input.userId', async () => {
    const otherTeam = await signUp(t);
    const foreign = await newUser(otherTeam.token);
    for (const userId of [globalId('User'), 'not-an-id', otherTeam.teamId, foreign]) {
      const res = await add(userId, 'slack', `nobody-${++counter}`);
      expect(res).toEqual({ __typename: 'NotFoundError', code: 'NOT_FOUND', message: 'User not found', path: ['input', 'userId'] });
    }
    const foreignIdentities = await t.gql(`query($id: ID!) { user(id: $id) { identities { id } } }`, { id: foreign }, { token: otherTeam.token });
    expect(foreignIdentities.data.user.identities).toEqual([]);
  });
});

describe('removeIdentity', () => {
  it('removes an identity and records the change; a second removal is NOT_FOUND', async () => {
    const userId = await newUser();
    const slack = await add(userId, 'slack', 'rm-ada');
    await add(userId, 'email', 'rm-ada@example.com');
    const res = await t.gql(REMOVE, { id: slack.identity.id }, { token: team.token });
    expect(res.data.removeIdentity).toEqual({
      __typename: 'RemoveIdentityPayload',
      removedIdentityId: slack.identity.id,
      user: { id: userId, identities: [{ source: 'email', username: 'rm-ada@example.com' }] },
    });
    const [latest] = await identityChanges(userId);
    expect(latest).toMatchObject({ oldValue: ['email:rm-ada@example.com', 'slack:rm-ada'], newValue: ['email:rm-ada@example.com'] });
    const again = await t.gql(REMOVE, { id: slack.identity.id }, { token: team.token });
    expect(again.data.removeIdentity).toEqual({ __typename: 'NotFoundError', code: 'NOT_FOUND', message: 'Identity not found', path: ['input', 'id'] });
    // The username is free again.
    expect((await add(await newUser(), 'slack', 'rm-ada')).__typename).toBe('IdentityPayload');
  });

  it('answers a malformed, other-type or other team\u2019s identity with NOT_FOUND and removes nothing', async () => {
    const otherTeam = await signUp(t);
    const foreignUser = await newUser(otherTeam.token);
    const foreign = await add(foreignUser, 'github', 'foreign', otherTeam.token);
    for (const id of [foreign.identity.id, globalId('Identity'), 'junk', foreignUser]) {
      const res = await t.gql(REMOVE, { id }, { token: team.token });
      expect(res.data.removeIdentity).toMatchObject({ __typename: 'NotFoundError', path: ['input', 'id'] });
    }
    const still = await t.gql(`query($id: ID!) { user(id: $id) { identities { username } } }`, { id: foreignUser }, { token: otherTeam.token });
    expect(still.data.user.identities).toEqual([{ username: 'foreign' }]);
    const node = await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: foreign.identity.id }, { token: team.token });
    expect(node.data.node).toBeNull();
  });
});

describe('reading identities', () => {
  it('filters users by hasIdentityOn', async () => {
    const fresh = await signUp(t);
    const onSlack = await newUser(fresh.token);
    const onBoth = await newUser(fresh.token);
    const onNone = await newUser(fresh.token);
    await add(onSlack, 'slack', 'f-1', fresh.token);
    await add(onBoth, 'slack', 'f-2', fresh.token);
    await add(onBoth, 'github', 'f-2', fresh.token);
    const ids = async (hasIdentityOn: string[]) => {
      const res = await t.gql(
        `query($on: [String!]) { users(first: 10, filter: {hasIdentityOn: $on}, orderBy: {field: CREATED_AT, direction: ASC}) { totalCount edges { node { id } } } }`,
        { on: hasIdentityOn },
        { token: fresh.token },
      );
      expect(res.data.users.totalCount).toBe(res.data.users.edges.length);
      return res.data.users.edges.map((e: any) => e.node.id);
    };
    expect(await ids(['slack'])).toEqual([onSlack, onBoth]);
    expect(await ids(['github'])).toEqual([onBoth]);
    expect(await ids(['github', 'slack'])).toEqual([onSlack, onBoth]);
    expect(await ids(['zendesk'])).toEqual([]);
    expect(await ids([])).toEqual([onSlack, onBoth, onNone]);
  });

  it('loads the identities of a page of users in one query', async () => {
    const fresh = await signUp(t);
    for (let i = 0; i < 5; i++) {
      const userId = await newUser(fresh.token);
      if (i !== 2) await add(userId, 'slack', `batch-${i}`, fresh.token);
      if (i === 4) await add(userId, 'github', `batch-${i}`, fresh.token);
    }
    const counted = countingApp(t);
    counted.reset();
    const res = await counted.gql(
      `{ users(first: 10, orderBy: {field: CREATED_AT, direction: ASC}) { edges { node { identities { source username } } } } }`,
      {},
      { token: fresh.token },
    );
    expect(res.data.users.edges.map((e: any) => e.node.identities.map((i: any) => `${i.source}:${i.username}`))).toEqual([
      ['slack:batch-0'], ['slack:batch-1'], [], ['slack:batch-3'], ['github:batch-4', 'slack:batch-4'],
    ]);
    expect(counted.selectsFrom('identities')).toBe(1);
  });
});

// ---------------------------------------------------------------------------------------------
// Tenancy matrices

const app = () => t;
const world = lazyWorld(app);
const ERR = `__typename ... on Error { code }`;

const homeIdentity = async (token: string) => {
  const userId = await newUser(token);
  return { userId, identity: (await add(userId, 'slack', `tenancy-${++counter}`, token)).identity.id as string };
};

describeTenancy('Team.sources', app, world, {
  scope: 'users:read',
  field: 'viewer',
  operation: async () => ({ query: `{ viewer { team { sources { key enabled } } } }` }),
  expect: onHomeObject('OK'),
});

for (const name of ['enableSource', 'disableSource']) {
  describeTenancy(name, app, world, {
    scope: null,
    field: name,
    operation: async () => ({ query: `mutation { ${name}(input: {key: "intercom"}) { ${ERR} } }` }),
    expect: adminOnOwnTeam,
  });
}

describeTenancy('addIdentity', app, world, {
  scope: 'users:write',
  field: 'addIdentity',
  operation: async (w) => ({
    query: `mutation($userId: ID!, $u: String!) { addIdentity(input: {userId: $userId, source: "github", username: $u}) { ${ERR} } }`,
    variables: { userId: await newUser(w.home.token), u: `t-${++counter}` },
  }),
  expect: onHomeObject('NOT_FOUND'),
});

describeTenancy('removeIdentity', app, world, {
  scope: 'users:write',
  field: 'removeIdentity',
  operation: async (w) => ({
    query: `mutation($id: ID!) { removeIdentity(input: {id: $id}) { ${ERR} } }`,
    variables: { id: (await homeIdentity(w.home.token)).identity },
  }),
  expect: onHomeObject('NOT_FOUND'),
});

describeTenancy('User.identities', app, world, {
  scope: 'users:read',
  field: 'user',
  operation: async (w) => ({
    query: `query($id: ID!) { user(id: $id) { identities { id source username } } }`,
    variables: { id: (await homeIdentity(w.home.token)).userId },
  }),
  expect: onHomeObject('NULL'),
});

describeTenancy('node(id) of an identity', app, world, {
  scope: 'users:read',
  field: 'node',
  operation: async (w) => ({
    query: `query($id: ID!) { node(id: $id) { id ... on Identity { username } } }`,
    variables: { id: (await homeIdentity(w.home.token)).identity },
  }),
  expect: nodeOfHomeObject,
});
