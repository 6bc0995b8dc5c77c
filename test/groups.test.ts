import { type KyselyPlugin } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../server/app.ts';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { addApiKey, type SignedUpTeam, signUp } from './helpers/fixtures.ts';
import { countingApp } from './helpers/query-count.ts';
import { type Caller, describeTenancy, lazyWorld, type Outcome, type TenancyWorld } from './helpers/tenancy.ts';
import { createUserVia } from './helpers/users.ts';

let t: TestApp;
let team: SignedUpTeam;
beforeAll(async () => {
  t = await createTestApp();
  team = await signUp(t);
});

const ERRORS = `... on Error { code message path } ... on ValidationError { issues { path code message } }`;
const CREATE = `mutation($input: CreateGroupInput!) { createGroup(input: $input) {
  __typename ... on GroupPayload { group { id name description userCount createdAt updatedAt } } ${ERRORS} } }`;
const UPDATE = `mutation($input: UpdateGroupInput!) { updateGroup(input: $input) {
  __typename ... on GroupPayload { group { id name description } } ${ERRORS} } }`;
const DELETE = `mutation($input: DeleteGroupInput!) { deleteGroup(input: $input) {
  __typename ... on DeleteGroupPayload { deletedGroupId removed } ... on Error { code message path } } }`;
const ADD = `mutation($input: AddUsersToGroupsInput!) { addUsersToGroups(input: $input) {
  __typename ... on AddUsersToGroupsPayload { added users { id groups { name } } groups { id name } createdGroups { id name } }
  ${ERRORS} } }`;
const REMOVE = `mutation($input: RemoveUsersFromGroupsInput!) { removeUsersFromGroups(input: $input) {
  __typename ... on RemoveUsersFromGroupsPayload { removed users { id groups { name } } groups { id name } } ${ERRORS} } }`;
const GROUP = `query($id: ID!) { node(id: $id) { ... on Group { name userCount users(first: 100) { totalCount edges { node { id } } } } } }`;
const HISTORY = `query($id: ID!) { user(id: $id) { history(first: 50) { edges { node { field oldValue newValue origin member { id } apiKeyId } } } } }`;

const missingId = (type: string) => Buffer.from(`${type}:00000000-0000-4000-8000-000000000000`).toString('base64');
const rowId = (globalId: string) => Buffer.from(globalId, 'base64').toString('utf8').split(':')[1]!;

async function createGroupVia(token: string, name: string, description?: string): Promise<string> {
  const res = await t.gql(CREATE, { input: { name, description } }, { token });
  expect(res.data?.createGroup.__typename, JSON.stringify(res)).toBe('GroupPayload');
  return res.data.createGroup.group.id;
}

async function usersVia(token: string, prefix: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push(await createUserVia(t, token, { externalId: `${prefix}-${i}` }));
  return ids;
}

async function groupChanges(userId: string, token = team.token) {
  const res = await t.gql(HISTORY, { id: userId }, { token });
  return res.data.user.history.edges.map((e: any) => e.node).filter((c: any) => c.field === 'groups');
}

describe('createGroup and updateGroup', () => {
  it('creates a group with a trimmed name and description', async () => {
    const res = await t.gql(CREATE, { input: { name: '  Beta testers ', description: ' Early access ' } }, { token: team.token });
    expect(res.data.createGroup.group).toMatchObject({ name: 'Beta testers', description: 'Early access', userCount: 0 });
    const node = await t.gql(GROUP, { id: res.data.createGroup.group.id }, { token: team.token });
    expect(node.data.node).toMatchObject({ name: 'Beta testers', userCount: 0, users: { totalCount: 0 } });
  });

  it('refuses blank and too long names and descriptions, reporting each', async () => {
    const blank = await t.gql(CREATE, { input: { name: '   ' } }, { token: team.token });
    expect(blank.data.createGroup).toMatchObject({ __typename: 'ValidationError', code: 'REQUIRED', path: ['input', 'name'] });
    const long = await t.gql(CREATE, { input: { name: 'x'.repeat(101), description: 'd'.repeat(1001) } }, { token: team.token });
    expect(long.data.createGroup.issues.map((i: any) => [i.path.join('.'), i.code])).toEqual([
      ['input.name', 'TOO_LONG'],
      ['input.description', 'TOO_LONG'],
    ]);
    const exactly = await t.gql(CREATE, { input: { name: 'y'.repeat(100) } }, { token: team.token });
    expect(exactly.data.createGroup.__typename).toBe('GroupPayload');
  });

  it('keeps names unique per team regardless of case (UNIQUE), but not across teams', async () => {
    await createGroupVia(team.token, 'VIP');
    const again = await t.gql(CREATE, { input: { name: ' vip ' } }, { token: team.token });
    expect(again.data.createGroup).toMatchObject({ __typename: 'ValidationError', code: 'UNIQUE', path: ['input', 'name'] });
    const other = await signUp(t);
    await createGroupVia(other.token, 'vip');
  });

  it('renames, clears the description, allows a change of case, and refuses a taken name', async () => {
    const id = await createGroupVia(team.token, 'Churn risk', 'watch these');
    await createGroupVia(team.token, 'Champions');
    const renamed = await t.gql(UPDATE, { input: { id, name: 'At risk', description: null } }, { token: team.token });
    expect(renamed.data.updateGroup.group).toEqual({ id, name: 'At risk', description: null });
    const recased = await t.gql(UPDATE, { input: { id, name: 'AT RISK' } }, { token: team.token });
    expect(recased.data.updateGroup.group.name).toBe('AT RISK');
    const taken = await t.gql(UPDATE, { input: { id, name: 'champions' } }, { token: team.token });
    expect(taken.data.updateGroup).toMatchObject({ code: 'UNIQUE', path: ['input', 'name'] });
    const cleared = await t.gql(UPDATE, { input: { id, name: null } }, { token: team.token });
    expect(cleared.data.updateGroup).toMatchObject({ code: 'REQUIRED', path: ['input', 'name'] });
    const kept = await t.gql(UPDATE, { input: { id, description: 'only this' } }, { token: team.token });
    expect(kept.data.updateGroup.group).toEqual({ id, name: 'AT RISK', description: 'only this' });
  });

  it('answers a missing, malformed or wrong-type ID with NOT_FOUND', async () => {
    const userId = await createUserVia(t, team.token, { externalId: 'not-a-group' });
    for (const id of [missingId('Group'), 'garbage', userId]) {
      const res = await t.gql(UPDATE, { input: { id, name: 'x' } }, { token: team.token });
      expect(res.data.updateGroup).toEqual({ __typename: 'NotFoundError', code: 'NOT_FOUND', message: 'Group not found', path: ['input', 'id'] });
    }
  });
});

describe('groups query', () => {
  it('lists by name regardless of case, pages both ways, searches and counts', async () => {
    const fresh = await signUp(t);
    for (const name of ['delta', 'Alpha', 'charlie', 'Bravo', 'echo']) await createGroupVia(fresh.token, name);
    const LIST = `query($first: Int, $after: String, $last: Int, $before: String, $search: String) {
      groups(first: $first, after: $after, last: $last, before: $before, search: $search) {
        totalCount pageInfo { hasNextPage hasPreviousPage endCursor startCursor } edges { node { name } } } }`;
    const names = (res: any) => res.data.groups.edges.map((e: any) => e.node.name);
    const first = await t.gql(LIST, { first: 2 }, { token: fresh.token });
    expect(names(first)).toEqual(['Alpha', 'Bravo']);
    expect(first.data.groups).toMatchObject({ totalCount: 5, pageInfo: { hasNextPage: true } });
    const second = await t.gql(LIST, { first: 2, after: first.data.groups.pageInfo.endCursor }, { token: fresh.token });
    expect(names(second)).toEqual(['charlie', 'delta']);
    const back = await t.gql(LIST, { last: 2, before: second.data.groups.pageInfo.endCursor }, { token: fresh.token });
    expect(names(back)).toEqual(['Bravo', 'charlie']);
    const last = await t.gql(LIST, { last: 1 }, { token: fresh.token });
    expect(names(last)).toEqual(['echo']);
    const searched = await t.gql(LIST, { search: 'HA' }, { token: fresh.token });
    expect(names(searched)).toEqual(['Alpha', 'charlie']);
    expect(searched.data.groups.totalCount).toBe(2);
    const literal = await t.gql(LIST, { search: '%' }, { token: fresh.token });
    expect(literal.data.groups.totalCount).toBe(0);
    const bad = await t.gql(LIST, { after: 'not-a-cursor' }, { token: fresh.token });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('memberships', () => {
  it('adds many users to many groups in a constant number of statements, and re-adding is a no-op', async () => {
    const [a, b] = [await createGroupVia(team.token, 'Bulk A'), await createGroupVia(team.token, 'Bulk B')];
    const few = await usersVia(team.token, 'few', 2);
    const many = await usersVia(team.token, 'many', 30);
    const counted = statementCounter(t);
    const small = await counted.gql(ADD, { input: { userIds: few, groupIds: [a, b] } }, { token: team.token });
    expect(small.data.addUsersToGroups.added).toBe(4);
    const smallStatements = counted.take();
    const large = await counted.gql(ADD, { input: { userIds: many, groupIds: [a, b] } }, { token: team.token });
    expect(large.data.addUsersToGroups.added).toBe(60);
    expect(counted.take()).toBe(smallStatements);
    expect(large.data.addUsersToGroups.users.map((u: any) => u.id)).toEqual(many);
    expect(large.data.addUsersToGroups.users[0].groups).toEqual([{ name: 'Bulk A' }, { name: 'Bulk B' }]);

    const again = await t.gql(ADD, { input: { userIds: [...few, ...many], groupIds: [a] } }, { token: team.token });
    expect(again.data.addUsersToGroups.added).toBe(0);
    expect(await groupChanges(few[0]!)).toHaveLength(1);
    const node = await t.gql(GROUP, { id: a }, { token: team.token });
    expect(node.data.node.userCount).toBe(32);
    expect(node.data.node.users.totalCount).toBe(32);
  });

  it('records one groups change per changed user, names sorted before → after, with the actor', async () => {
    const [u] = await usersVia(team.token, 'hist', 1);
    const key = await addApiKey(t, team, ['users:read', 'users:write']);
    const zeta = await createGroupVia(team.token, 'zeta');
    await t.gql(ADD, { input: { userIds: [u], groupIds: [zeta] } }, { token: team.token });
    const res = await t.gql(ADD, { input: { userIds: [u], groupNames: ['Alpha group', 'zeta'], createMissingGroups: true } }, { token: key.secret });
    expect(res.data.addUsersToGroups).toMatchObject({ added: 1, createdGroups: [{ name: 'Alpha group' }] });
    await t.gql(REMOVE, { input: { userIds: [u], groupIds: [zeta] } }, { token: team.token });
    const changes = await groupChanges(u!);
    expect(changes).toEqual([
      { field: 'groups', oldValue: ['Alpha group', 'zeta'], newValue: ['Alpha group'], origin: 'MEMBER', member: { id: team.adminId }, apiKeyId: null },
      { field: 'groups', oldValue: ['zeta'], newValue: ['Alpha group', 'zeta'], origin: 'API_KEY', member: null, apiKeyId: key.id },
      { field: 'groups', oldValue: [], newValue: ['zeta'], origin: 'MEMBER', member: { id: team.adminId }, apiKeyId: null },
    ]);
  });

  it('creates missing groups inline (once per name, whatever the case), and only when asked', async () => {
    const [u] = await usersVia(team.token, 'inline', 1);
    const existing = await createGroupVia(team.token, 'Existing');
    const refused = await t.gql(ADD, { input: { userIds: [u], groupNames: ['existing', 'Brand new'] } }, { token: team.token });
    expect(refused.data.addUsersToGroups).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND', path: ['input', 'groupNames', '1'] });
    expect(refused.data.addUsersToGroups.message).toBe('Group "Brand new" not found');
    const res = await t.gql(
      ADD,
      { input: { userIds: [u], groupIds: [existing], groupNames: [' Brand new ', 'BRAND NEW', 'existing'], createMissingGroups: true } },
      { token: team.token },
    );
    const payload = res.data.addUsersToGroups;
    expect(payload.createdGroups.map((g: any) => g.name)).toEqual(['Brand new']);
    expect(payload.groups.map((g: any) => g.name)).toEqual(['Existing', 'Brand new']);
    expect(payload.users[0].groups).toEqual([{ name: 'Brand new' }, { name: 'Existing' }]);
  });

  it('validates names given to look groups up', async () => {
    const [u] = await usersVia(team.token, 'names', 1);
    const res = await t.gql(ADD, { input: { userIds: [u], groupNames: ['ok', ' ', 'z'.repeat(101)], createMissingGroups: true } }, { token: team.token });
    expect(res.data.addUsersToGroups.issues.map((i: any) => [i.path.join('.'), i.code])).toEqual([
      ['input.groupNames.1', 'REQUIRED'],
      ['input.groupNames.2', 'TOO_LONG'],
    ]);
    const none = await t.gql(`{ groups(search: "ok") { totalCount } }`, {}, { token: team.token });
    expect(none.data.groups.totalCount).toBe(0);
  });

  it('is all or nothing: one foreign or unknown ID changes nothing', async () => {
    const users = await usersVia(team.token, 'aon', 3);
    const group = await createGroupVia(team.token, 'All or nothing');
    const other = await signUp(t);
    const foreignUser = await createUserVia(t, other.token, { externalId: 'foreign' });
    const foreignGroup = await createGroupVia(other.token, 'Foreign group');
    const cases = [
      [{ userIds: [...users.slice(0, 2), foreignUser], groupIds: [group] }, ['input', 'userIds', '2']],
      [{ userIds: users, groupIds: [group, missingId('Group')] }, ['input', 'groupIds', '1']],
      [{ userIds: users, groupIds: [foreignGroup] }, ['input', 'groupIds', '0']],
      [{ userIds: [users[0], 'garbage'], groupIds: [group] }, ['input', 'userIds', '1']],
      [{ userIds: users, groupIds: [group], groupNames: ['Foreign group'] }, ['input', 'groupNames', '0']],
    ] as const;
    for (const [input, path] of cases) {
      const res = await t.gql(ADD, { input }, { token: team.token });
      expect(res.data.addUsersToGroups, JSON.stringify(input)).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND', path });
    }
    const node = await t.gql(GROUP, { id: group }, { token: team.token });
    expect(node.data.node.userCount).toBe(0);
    expect(await groupChanges(users[0]!)).toEqual([]);

    await t.gql(ADD, { input: { userIds: users, groupIds: [group] } }, { token: team.token });
    const removal = await t.gql(REMOVE, { input: { userIds: [...users, foreignUser], groupIds: [group] } }, { token: team.token });
    expect(removal.data.removeUsersFromGroups).toMatchObject({ code: 'NOT_FOUND', path: ['input', 'userIds', '3'] });
    expect((await t.gql(GROUP, { id: group }, { token: team.token })).data.node.userCount).toBe(3);
  });

  it('refuses more than 1,000 IDs or names per list (LimitError)', async () => {
    const group = await createGroupVia(team.token, 'Limits');
    const tooMany = Array.from({ length: 1001 }, () => missingId('User'));
    const users = await t.gql(ADD, { input: { userIds: tooMany, groupIds: [group] } }, { token: team.token });
    expect(users.data.addUsersToGroups).toMatchObject({ __typename: 'LimitError', code: 'LIMIT_EXCEEDED', path: ['input', 'userIds'] });
    const names = await t.gql(REMOVE, { input: { userIds: [], groupNames: Array.from({ length: 1001 }, (_, i) => `g${i}`) } }, { token: team.token });
    expect(names.data.removeUsersFromGroups).toMatchObject({ __typename: 'LimitError', path: ['input', 'groupNames'] });
  });

  it('removes memberships; removing a non-member is a no-op that records nothing', async () => {
    const users = await usersVia(team.token, 'rm', 3);
    const [g1, g2] = [await createGroupVia(team.token, 'Remove one'), await createGroupVia(team.token, 'Remove two')];
    await t.gql(ADD, { input: { userIds: users.slice(0, 2), groupIds: [g1, g2] } }, { token: team.token });
    const res = await t.gql(REMOVE, { input: { userIds: users, groupIds: [g1], groupNames: ['remove TWO'] } }, { token: team.token });
    expect(res.data.removeUsersFromGroups).toMatchObject({ removed: 4, groups: [{ name: 'Remove one' }, { name: 'Remove two' }] });
    expect(res.data.removeUsersFromGroups.users.map((u: any) => u.groups)).toEqual([[], [], []]);
    expect(await groupChanges(users[2]!)).toEqual([]);
    expect(await groupChanges(users[0]!)).toHaveLength(2);
    const again = await t.gql(REMOVE, { input: { userIds: users, groupIds: [g1] } }, { token: team.token });
    expect(again.data.removeUsersFromGroups.removed).toBe(0);
    expect(await groupChanges(users[0]!)).toHaveLength(2);
  });
});

describe('reading memberships', () => {
  it('serves a group\u2019s users, a user\u2019s groups by name, and the users filter', async () => {
    const fresh = await signUp(t);
    const [ann, bob, cat] = [
      await createUserVia(t, fresh.token, { externalId: 'ann' }),
      await createUserVia(t, fresh.token, { externalId: 'bob' }),
      await createUserVia(t, fresh.token, { externalId: 'cat' }),
    ];
    const [red, blue] = [await createGroupVia(fresh.token, 'red'), await createGroupVia(fresh.token, 'Blue')];
    await t.gql(ADD, { input: { userIds: [ann, bob], groupIds: [red] } }, { token: fresh.token });
    await t.gql(ADD, { input: { userIds: [bob, cat], groupIds: [blue] } }, { token: fresh.token });

    const members = await t.gql(
      `query($id: ID!) { node(id: $id) { ... on Group { users(first: 1, orderBy: {field: EMAIL, direction: ASC}) { totalCount pageInfo { hasNextPage } edges { node { externalId groups { name } } } } } } }`,
      { id: red },
      { token: fresh.token },
    );
    expect(members.data.node.users).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: true } });
    const bobGroups = await t.gql(`query($id: ID!) { user(id: $id) { groups { id name } } }`, { id: bob }, { token: fresh.token });
    expect(bobGroups.data.user.groups).toEqual([{ id: blue, name: 'Blue' }, { id: red, name: 'red' }]);

    const FILTER = `query($groups: [ID!]) { users(filter: {groups: $groups}) { totalCount edges { node { externalId } } } }`;
    const filtered = async (groups: string[]) =>
      (await t.gql(FILTER, { groups }, { token: fresh.token })).data.users.edges.map((e: any) => e.node.externalId).sort();
    expect(await filtered([red])).toEqual(['ann', 'bob']);
    expect(await filtered([red, blue])).toEqual(['ann', 'bob', 'cat']);
    expect(await filtered([missingId('Group')])).toEqual([]);
  });

  it('reads the groups of a page of users with the page, and the counts of a page of groups in one query', async () => {
    const fresh = await signUp(t);
    const users = await usersVia(fresh.token, 'batch', 5);
    const groups = [await createGroupVia(fresh.token, 'b1'), await createGroupVia(fresh.token, 'b2'), await createGroupVia(fresh.token, 'b3')];
    await t.gql(ADD, { input: { userIds: users, groupIds: groups } }, { token: fresh.token });
    const counting = countingApp(t);
    counting.reset();
    const page = await counting.gql(`{ users(first: 10) { edges { node { groups { name userCount } } } } }`, {}, { token: fresh.token });
    expect(page.data.users.edges.every((e: any) => e.node.groups.length === 3)).toBe(true);
    expect(page.data.users.edges[0].node.groups[0].userCount).toBe(5);
    // The users' groups come with the page (a subquery of its statement); then the groups' counts.
    expect(counting.selectsFrom('users')).toBe(1);
    expect(counting.selectsFrom('user_groups')).toBe(1);
    counting.reset();
    const list = await counting.gql(`{ groups(first: 10) { edges { node { name userCount } } } }`, {}, { token: fresh.token });
    expect(list.data.groups.edges.map((e: any) => e.node.userCount)).toEqual([5, 5, 5]);
    expect(counting.selectsFrom('user_groups')).toBe(1);
  });

  it('a group\u2019s users need users:read, even in a mutation payload', async () => {
    const key = await addApiKey(t, team, ['users:write']);
    const res = await t.gql(
      `mutation { createGroup(input: {name: "Write only"}) { ... on GroupPayload { group { name userCount users { totalCount } } } } }`,
      {},
      { token: key.secret },
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('deleteGroup', () => {
  it('deletes the group and its memberships, recording the change for each member', async () => {
    const users = await usersVia(team.token, 'del', 3);
    const [doomed, kept] = [await createGroupVia(team.token, 'Doomed'), await createGroupVia(team.token, 'Kept')];
    await t.gql(ADD, { input: { userIds: users.slice(0, 2), groupIds: [doomed, kept] } }, { token: team.token });
    const res = await t.gql(DELETE, { input: { id: doomed } }, { token: team.token });
    expect(res.data?.deleteGroup, JSON.stringify(res)).toEqual({ __typename: 'DeleteGroupPayload', deletedGroupId: doomed, removed: 2 });
    expect((await t.gql(GROUP, { id: doomed }, { token: team.token })).data.node).toBeNull();
    for (const user of users.slice(0, 2)) {
      const [latest] = await groupChanges(user);
      expect(latest).toMatchObject({ oldValue: ['Doomed', 'Kept'], newValue: ['Kept'], origin: 'MEMBER' });
    }
    expect(await groupChanges(users[2]!)).toEqual([]);
    const links = await t.db.selectFrom('userGroups').select('userId').where('groupId', '=', rowId(doomed)).execute();
    expect(links).toEqual([]);
    const again = await t.gql(DELETE, { input: { id: doomed } }, { token: team.token });
    expect(again.data.deleteGroup).toMatchObject({ __typename: 'NotFoundError', path: ['input', 'id'] });
  });
});

/** A second app on the test database that counts every statement it runs. */
function statementCounter(app: TestApp) {
  let statements = 0;
  const counter: KyselyPlugin = {
    transformQuery: ({ node }) => {
      statements++;
      return node;
    },
    transformResult: async ({ result }) => result,
  };
  const counted = createApp({ config: app.config, db: app.db.withPlugin(counter), pubsub: app.pubsub });
  return {
    async gql(query: string, variables: Record<string, unknown>, auth: { token: string }) {
      const response = await counted.yoga.fetch('http://pavior.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${auth.token}` },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as any;
    },
    take() {
      const n = statements;
      statements = 0;
      return n;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Tenancy: every operation, as every caller.

const app = () => t;
const world = lazyWorld(app);
const ERR = `__typename ... on Error { code }`;

const readHome: Record<Caller, Outcome> = {
  admin: 'OK', member: 'OK', otherTeamAdmin: 'NULL', keyWithScope: 'OK', keyWithoutScope: 'NULL', otherTeamKey: 'NULL', publicKey: 'NULL', anonymous: 'NULL',
};
const listOwn: Record<Caller, Outcome> = {
  admin: 'OK', member: 'OK', otherTeamAdmin: 'OK', keyWithScope: 'OK', keyWithoutScope: 'FORBIDDEN', otherTeamKey: 'OK', publicKey: 'FORBIDDEN', anonymous: 'UNAUTHENTICATED',
};
const writeHome: Record<Caller, Outcome> = { ...listOwn, otherTeamAdmin: 'NOT_FOUND', otherTeamKey: 'NOT_FOUND' };

let serial = 0;
const uniqueName = (prefix: string) => `${prefix} ${++serial} ${Math.random().toString(36).slice(2, 8)}`;
const homeGroup = async (w: TenancyWorld) => createGroupVia(w.home.token, uniqueName('tenancy'));
const homeUser = async (w: TenancyWorld) => createUserVia(t, w.home.token, { externalId: uniqueName('tenant') });

describeTenancy('groups', app, world, {
  scope: 'users:read',
  field: 'groups',
  operation: async () => ({ query: `{ groups(first: 5) { totalCount edges { node { name } } } }` }),
  expect: listOwn,
});

describeTenancy('node(id) of a group, with userCount and users', app, world, {
  scope: 'users:read',
  field: 'node',
  operation: async (w) => ({ query: `query($id: ID!) { node(id: $id) { ... on Group { name userCount users { totalCount } } } }`, variables: { id: await homeGroup(w) } }),
  expect: readHome,
});

describeTenancy('User.groups', app, world, {
  scope: 'users:read',
  field: 'node',
  operation: async (w) => {
    const [user, group] = [await homeUser(w), await homeGroup(w)];
    await t.gql(ADD, { input: { userIds: [user], groupIds: [group] } }, { token: w.home.token });
    return { query: `query($id: ID!) { node(id: $id) { ... on User { groups { name userCount } } } }`, variables: { id: user } };
  },
  expect: readHome,
});

describeTenancy('createGroup', app, world, {
  scope: 'users:write',
  field: 'createGroup',
  operation: async () => ({ query: `mutation($name: String!) { createGroup(input: {name: $name}) { ${ERR} } }`, variables: { name: uniqueName('new') } }),
  expect: { ...writeHome, otherTeamAdmin: 'OK', otherTeamKey: 'OK' },
});

describeTenancy('updateGroup', app, world, {
  scope: 'users:write',
  field: 'updateGroup',
  operation: async (w) => ({
    query: `mutation($id: ID!, $name: String!) { updateGroup(input: {id: $id, name: $name}) { ${ERR} } }`,
    variables: { id: await homeGroup(w), name: uniqueName('renamed') },
  }),
  expect: writeHome,
});

describeTenancy('deleteGroup', app, world, {
  scope: 'users:write',
  field: 'deleteGroup',
  operation: async (w) => ({ query: `mutation($id: ID!) { deleteGroup(input: {id: $id}) { ${ERR} } }`, variables: { id: await homeGroup(w) } }),
  expect: writeHome,
});

describeTenancy('addUsersToGroups', app, world, {
  scope: 'users:write',
  field: 'addUsersToGroups',
  operation: async (w) => ({
    query: `mutation($input: AddUsersToGroupsInput!) { addUsersToGroups(input: $input) { ${ERR} } }`,
    variables: { input: { userIds: [await homeUser(w)], groupIds: [await homeGroup(w)] } },
  }),
  expect: writeHome,
});

describeTenancy('removeUsersFromGroups', app, world, {
  scope: 'users:write',
  field: 'removeUsersFromGroups',
  operation: async (w) => ({
    query: `mutation($input: RemoveUsersFromGroupsInput!) { removeUsersFromGroups(input: $input) { ${ERR} } }`,
    variables: { input: { userIds: [await homeUser(w)], groupIds: [await homeGroup(w)] } },
  }),
  expect: writeHome,
});
