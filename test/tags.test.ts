import { beforeAll, describe, expect, it } from 'vitest';
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

const FAILURE = `... on Error { code message path }`;
const ISSUES = `... on ValidationError { issues { path code } }`;
const TAG_FIELDS = `id name userCount`;
const CREATE_TAG = `mutation($name: String!) { createTag(input: {name: $name}) { __typename ... on TagPayload { tag { ${TAG_FIELDS} } } ${FAILURE} ${ISSUES} } }`;
const RENAME_TAG = `mutation($id: ID!, $name: String!) { renameTag(input: {id: $id, name: $name}) { __typename ... on TagPayload { tag { ${TAG_FIELDS} } } ${FAILURE} ${ISSUES} } }`;
const DELETE_TAG = `mutation($id: ID!) { deleteTag(input: {id: $id}) { __typename ... on DeleteTagPayload { deletedTagId removed } ${FAILURE} } }`;
const TAG_USERS = `mutation($input: TagUsersInput!) { tagUsers(input: $input) {
  __typename ... on TagUsersPayload { added users { id tags { name } } tags { name } createdTags { name } } ${FAILURE} ${ISSUES} } }`;
const UNTAG_USERS = `mutation($input: UntagUsersInput!) { untagUsers(input: $input) {
  __typename ... on UntagUsersPayload { removed users { id tags { name } } tags { name } } ${FAILURE} ${ISSUES} } }`;

const unknownUser = Buffer.from('User:00000000-0000-4000-8000-000000000000').toString('base64');

/** Creates a tag as `token` and returns it (id, name, userCount). */
async function tag(name: string, token = team.token): Promise<{ id: string; name: string }> {
  const res = await t.gql(CREATE_TAG, { name }, { token });
  expect(res.data?.createTag.__typename, JSON.stringify(res)).toBe('TagPayload');
  return res.data.createTag.tag;
}

/** Creates `n` users named `<label>-<i>` as `token`. */
async function people(label: string, n: number, token = team.token): Promise<string[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => createUserVia(t, token, { externalId: `${label}-${i}`, email: `${label}-${i}@tags.example` })));
}

async function tagHistory(userId: string) {
  const res = await t.gql(`query($id: ID!) { user(id: $id) { history(first: 100) { edges { node { field oldValue newValue origin } } } } }`, { id: userId }, { token: team.token });
  return res.data.user.history.edges.map((e: any) => e.node).filter((c: any) => c.field === 'tags');
}

describe('tag definitions', () => {
  it('creates, trims and keeps names unique regardless of case', async () => {
    expect(await tag('  Newsletter  ')).toMatchObject({ name: 'Newsletter', userCount: 0 });
    const clash = await t.gql(CREATE_TAG, { name: 'NEWSLETTER' }, { token: team.token });
    expect(clash.data.createTag).toMatchObject({ __typename: 'ValidationError', code: 'UNIQUE', path: ['input', 'name'] });
    const blank = await t.gql(CREATE_TAG, { name: '' }, { token: team.token });
    expect(blank.data.createTag.issues).toEqual([{ path: ['input', 'name'], code: 'REQUIRED' }]);
    const long = await t.gql(CREATE_TAG, { name: 'n'.repeat(101) }, { token: team.token });
    expect(long.data.createTag.issues).toEqual([{ path: ['input', 'name'], code: 'TOO_LONG' }]);
  });

  it('renames (a change of case included); a taken, blank or unknown one is refused', async () => {
    const trial = await tag('trial');
    await tag('paying');
    const renamed = await t.gql(RENAME_TAG, { id: trial.id, name: 'Trial' }, { token: team.token });
    expect(renamed.data.renameTag.tag).toMatchObject({ id: trial.id, name: 'Trial' });
    const taken = await t.gql(RENAME_TAG, { id: trial.id, name: 'Paying' }, { token: team.token });
    expect(taken.data.renameTag).toMatchObject({ code: 'UNIQUE', path: ['input', 'name'] });
    const blank = await t.gql(RENAME_TAG, { id: trial.id, name: '  ' }, { token: team.token });
    expect(blank.data.renameTag).toMatchObject({ code: 'REQUIRED', path: ['input', 'name'] });
    const unknown = await t.gql(RENAME_TAG, { id: Buffer.from(`Tag:${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`).toString('base64'), name: 'x' }, { token: team.token });
    expect(unknown.data.renameTag).toEqual({ __typename: 'NotFoundError', code: 'NOT_FOUND', message: 'Tag not found', path: ['input', 'id'] });
  });

  it('lists tags by name with search, paging and totalCount', async () => {
    const fresh = await signUp(t);
    for (const name of ['mango', 'Apple', 'kiwi', 'Banana']) await tag(name, fresh.token);
    const LIST = `query($after: String, $search: String) { tags(first: 3, after: $after, search: $search) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { name } } } }`;
    const page1 = await t.gql(LIST, {}, { token: fresh.token });
    expect(page1.data.tags.edges.map((e: any) => e.node.name)).toEqual(['Apple', 'Banana', 'kiwi']);
    const page2 = await t.gql(LIST, { after: page1.data.tags.pageInfo.endCursor }, { token: fresh.token });
    expect(page2.data.tags).toMatchObject({ totalCount: 4, pageInfo: { hasNextPage: false }, edges: [{ node: { name: 'mango' } }] });
    const search = await t.gql(LIST, { search: 'AN' }, { token: fresh.token });
    expect(search.data.tags.edges.map((e: any) => e.node.name)).toEqual(['Banana', 'mango']);
  });
});

describe('tagging users', () => {
  it('tags many users at once; tags already there are no-ops', async () => {
    const ids = await people('bulk', 25);
    await tag('Onboarded');
    const res = await t.gql(TAG_USERS, { input: { userIds: ids, tagNames: ['onboarded', 'Onboarded '] } }, { token: team.token });
    expect(res.data.tagUsers).toMatchObject({ added: 25, tags: [{ name: 'Onboarded' }], createdTags: [] });
    expect(res.data.tagUsers.users.map((u: any) => u.id)).toEqual(ids);
    const again = await t.gql(TAG_USERS, { input: { userIds: ids.slice(0, 5), tagNames: ['ONBOARDED'] } }, { token: team.token });
    expect(again.data.tagUsers.added).toBe(0);
    expect(await tagHistory(ids[0]!)).toEqual([{ field: 'tags', oldValue: [], newValue: ['Onboarded'], origin: 'MEMBER' }]);
  });

  it('creates missing tags only when asked; an unknown name otherwise changes nothing', async () => {
    const [u] = await people('missing', 1);
    await tag('Known');
    const refused = await t.gql(TAG_USERS, { input: { userIds: [u], tagNames: ['known', 'Unknown'] } }, { token: team.token });
    expect(refused.data.tagUsers).toMatchObject({ __typename: 'NotFoundError', message: 'Tag "Unknown" not found', path: ['input', 'tagNames', '1'] });
    expect(await tagHistory(u!)).toEqual([]);
    const created = await t.gql(TAG_USERS, { input: { userIds: [u], tagNames: ['known', 'Unknown'], createMissingTags: true } }, { token: team.token });
    expect(created.data.tagUsers).toMatchObject({ added: 2, createdTags: [{ name: 'Unknown' }], users: [{ tags: [{ name: 'Known' }, { name: 'Unknown' }] }] });
  });

  it('is all or nothing over users: an unknown or another team\u2019s user fails at its index', async () => {
    const ids = await people('atomic', 2);
    const other = await signUp(t);
    const theirs = await createUserVia(t, other.token, { externalId: 'theirs' });
    for (const [stranger, index] of [[theirs, '2'], [unknownUser, '2']] as const) {
      const res = await t.gql(TAG_USERS, { input: { userIds: [...ids, stranger], tagNames: ['Atomic'], createMissingTags: true } }, { token: team.token });
      expect(res.data.tagUsers).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND', path: ['input', 'userIds', index] });
    }
    // The tag that would have been created was rolled back with the rest.
    const none = await t.gql(`{ tags(search: "Atomic") { totalCount } }`, {}, { token: team.token });
    expect(none.data.tags.totalCount).toBe(0);
  });

  it('caps each list at 1,000 (LimitError) and validates names', async () => {
    const [u] = await people('caps', 1);
    const names = await t.gql(TAG_USERS, { input: { userIds: [u], tagNames: Array.from({ length: 1001 }, (_, i) => `t${i}`) } }, { token: team.token });
    expect(names.data.tagUsers).toMatchObject({ __typename: 'LimitError', code: 'LIMIT_EXCEEDED', path: ['input', 'tagNames'] });
    const users = await t.gql(UNTAG_USERS, { input: { userIds: Array(1001).fill(unknownUser), tagNames: ['x'] } }, { token: team.token });
    expect(users.data.untagUsers).toMatchObject({ __typename: 'LimitError', path: ['input', 'userIds'] });
    const invalid = await t.gql(UNTAG_USERS, { input: { userIds: [u], tagNames: ['', 'x'.repeat(101)] } }, { token: team.token });
    expect(invalid.data.untagUsers.issues).toEqual([
      { path: ['input', 'tagNames', '0'], code: 'REQUIRED' },
      { path: ['input', 'tagNames', '1'], code: 'TOO_LONG' },
    ]);
  });

  it('untags; users without the tag are no-ops and record nothing', async () => {
    const ids = await people('untag', 3);
    await t.gql(TAG_USERS, { input: { userIds: ids.slice(0, 2), tagNames: ['Stale', 'Fresh'], createMissingTags: true } }, { token: team.token });
    const res = await t.gql(UNTAG_USERS, { input: { userIds: ids, tagNames: ['stale'] } }, { token: team.token });
    expect(res.data.untagUsers).toMatchObject({ removed: 2, tags: [{ name: 'Stale' }] });
    expect(res.data.untagUsers.users.map((u: any) => u.tags)).toEqual([[{ name: 'Fresh' }], [{ name: 'Fresh' }], []]);
    expect(await tagHistory(ids[0]!)).toEqual([
      { field: 'tags', oldValue: ['Fresh', 'Stale'], newValue: ['Fresh'], origin: 'MEMBER' },
      { field: 'tags', oldValue: [], newValue: ['Fresh', 'Stale'], origin: 'MEMBER' },
    ]);
    expect(await tagHistory(ids[2]!)).toEqual([]);
    const unknown = await t.gql(UNTAG_USERS, { input: { userIds: ids, tagNames: ['Never made'] } }, { token: team.token });
    expect(unknown.data.untagUsers).toMatchObject({ code: 'NOT_FOUND', path: ['input', 'tagNames', '0'] });
  });

  it('deleting a tag untags everyone who had it, each with a history entry', async () => {
    const ids = await people('gone', 2);
    await t.gql(TAG_USERS, { input: { userIds: ids, tagNames: ['Ephemeral', 'Lasting'], createMissingTags: true } }, { token: team.token });
    const tags = await t.gql(`{ tags(search: "Ephemeral") { edges { node { id userCount } } } }`, {}, { token: team.token });
    const { id, userCount } = tags.data.tags.edges[0].node;
    expect(userCount).toBe(2);
    const res = await t.gql(DELETE_TAG, { id }, { token: team.token });
    expect(res.data.deleteTag).toEqual({ __typename: 'DeleteTagPayload', deletedTagId: id, removed: 2 });
    const [latest] = await tagHistory(ids[1]!);
    expect(latest).toEqual({ field: 'tags', oldValue: ['Ephemeral', 'Lasting'], newValue: ['Lasting'], origin: 'MEMBER' });
    expect((await t.gql(DELETE_TAG, { id }, { token: team.token })).data.deleteTag.code).toBe('NOT_FOUND');
  });
});

describe('reading tags', () => {
  it('a tag\u2019s users and userCount, a user\u2019s tags by name, and users(filter: {tags})', async () => {
    const fresh = await signUp(t);
    const [x, y, z] = await people('reader', 3, fresh.token);
    await t.gql(TAG_USERS, { input: { userIds: [x, y], tagNames: ['gold'], createMissingTags: true } }, { token: fresh.token });
    await t.gql(TAG_USERS, { input: { userIds: [y], tagNames: ['Silver'], createMissingTags: true } }, { token: fresh.token });
    const gold = (await t.gql(`{ tags(search: "gold") { edges { node { id } } } }`, {}, { token: fresh.token })).data.tags.edges[0].node.id;
    const node = await t.gql(
      `query($id: ID!) { node(id: $id) { ... on Tag { name userCount users(orderBy: {field: EMAIL, direction: DESC}) { totalCount edges { node { externalId } } } } } }`,
      { id: gold },
      { token: fresh.token },
    );
    expect(node.data.node).toEqual({ name: 'gold', userCount: 2, users: { totalCount: 2, edges: [{ node: { externalId: 'reader-1' } }, { node: { externalId: 'reader-0' } }] } });
    const mine = await t.gql(`query($id: ID!) { user(id: $id) { tags { name } } }`, { id: y }, { token: fresh.token });
    expect(mine.data.user.tags).toEqual([{ name: 'gold' }, { name: 'Silver' }]);
    const byTag = async (tags: string[]) =>
      (await t.gql(`query($tags: [String!]) { users(filter: {tags: $tags}) { edges { node { id } } } }`, { tags }, { token: fresh.token })).data.users.edges
        .map((e: any) => e.node.id)
        .sort();
    expect(await byTag(['GOLD'])).toEqual([x, y].sort());
    expect(await byTag(['silver', 'nothing'])).toEqual([y]);
    expect(await byTag(['nothing'])).not.toContain(z);
  });

  it('reads the tags of a page of users with the page, and of users reached otherwise in one query', async () => {
    const fresh = await signUp(t);
    const ids = await people('n1', 6, fresh.token);
    await t.gql(TAG_USERS, { input: { userIds: ids, tagNames: ['one', 'two'], createMissingTags: true } }, { token: fresh.token });
    const counting = countingApp(t);
    counting.reset();
    const res = await counting.gql(`{ users(first: 6) { edges { node { tags { name } } } } }`, {}, { token: fresh.token });
    expect(res.data.users.edges.map((e: any) => e.node.tags.length)).toEqual([2, 2, 2, 2, 2, 2]);
    // The tags come with the page, in its statement: none of their own.
    expect(counting.selectsFrom('users')).toBe(1);
    expect(counting.selectsFrom('user_tags') + counting.selectsFrom('tags')).toBe(0);
    // A user reached another way loads them too: one query for all of them.
    counting.reset();
    const byId = await counting.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { ... on User { tags { name } } } }`, { ids: ids.slice(0, 3) }, { token: fresh.token });
    expect(byId.data.nodes.map((n: any) => n.tags.length)).toEqual([2, 2, 2]);
    expect(counting.selectsFrom('user_tags')).toBe(1);
  });

  it('an API key records its own id as the actor', async () => {
    const key = await addApiKey(t, team, ['users:write', 'users:read']);
    const [u] = await people('keyed', 1);
    await t.gql(TAG_USERS, { input: { userIds: [u], tagNames: ['From key'], createMissingTags: true } }, { token: key.secret });
    const res = await t.gql(`query($id: ID!) { user(id: $id) { history(first: 1) { edges { node { field origin apiKeyId } } } } }`, { id: u }, { token: team.token });
    expect(res.data.user.history.edges[0].node).toEqual({ field: 'tags', origin: 'API_KEY', apiKeyId: key.id });
  });
});

// ---------------------------------------------------------------------------------------------
// Tenancy: every tag operation as every caller.

const app = () => t;
const world = lazyWorld(app);
const OUTCOME = `__typename ... on Error { code }`;

const ownTeamList: Record<Caller, Outcome> = {
  admin: 'OK', member: 'OK', otherTeamAdmin: 'OK', keyWithScope: 'OK', keyWithoutScope: 'FORBIDDEN', otherTeamKey: 'OK', publicKey: 'FORBIDDEN', anonymous: 'UNAUTHENTICATED',
};
const homeTarget: Record<Caller, Outcome> = { ...ownTeamList, otherTeamAdmin: 'NOT_FOUND', otherTeamKey: 'NOT_FOUND' };
const homeNode: Record<Caller, Outcome> = {
  admin: 'OK', member: 'OK', otherTeamAdmin: 'NULL', keyWithScope: 'OK', keyWithoutScope: 'NULL', otherTeamKey: 'NULL', publicKey: 'NULL', anonymous: 'NULL',
};

let n = 0;
const fresh = (what: string) => `${what}-${++n}-${Date.now().toString(36)}`;
const homeTag = async (w: TenancyWorld) => (await tag(fresh('tag'), w.home.token)).id;
const tagged = async (w: TenancyWorld) => {
  const user = await createUserVia(t, w.home.token, { externalId: fresh('user') });
  const name = fresh('label');
  await t.gql(TAG_USERS, { input: { userIds: [user], tagNames: [name], createMissingTags: true } }, { token: w.home.token });
  return { user, name };
};

describeTenancy('tags', app, world, {
  scope: 'users:read',
  field: 'tags',
  operation: async () => ({ query: `{ tags { totalCount edges { node { name userCount } } } }` }),
  expect: ownTeamList,
});

describeTenancy('node(id) of a tag, with its users', app, world, {
  scope: 'users:read',
  field: 'node',
  operation: async (w) => ({ query: `query($id: ID!) { node(id: $id) { ... on Tag { name userCount users { totalCount } } } }`, variables: { id: await homeTag(w) } }),
  expect: homeNode,
});

describeTenancy('User.tags', app, world, {
  scope: 'users:read',
  field: 'node',
  operation: async (w) => ({ query: `query($id: ID!) { node(id: $id) { ... on User { tags { name } } } }`, variables: { id: (await tagged(w)).user } }),
  expect: homeNode,
});

describeTenancy('createTag', app, world, {
  scope: 'users:write',
  field: 'createTag',
  operation: async () => ({ query: `mutation($name: String!) { createTag(input: {name: $name}) { ${OUTCOME} } }`, variables: { name: fresh('created') } }),
  expect: { ...homeTarget, otherTeamAdmin: 'OK', otherTeamKey: 'OK' },
});

describeTenancy('renameTag', app, world, {
  scope: 'users:write',
  field: 'renameTag',
  operation: async (w) => ({
    query: `mutation($id: ID!, $name: String!) { renameTag(input: {id: $id, name: $name}) { ${OUTCOME} } }`,
    variables: { id: await homeTag(w), name: fresh('renamed') },
  }),
  expect: homeTarget,
});

describeTenancy('deleteTag', app, world, {
  scope: 'users:write',
  field: 'deleteTag',
  operation: async (w) => ({ query: `mutation($id: ID!) { deleteTag(input: {id: $id}) { ${OUTCOME} } }`, variables: { id: await homeTag(w) } }),
  expect: homeTarget,
});

describeTenancy('tagUsers', app, world, {
  scope: 'users:write',
  field: 'tagUsers',
  operation: async (w) => ({
    query: `mutation($input: TagUsersInput!) { tagUsers(input: $input) { ${OUTCOME} } }`,
    variables: { input: { userIds: [(await tagged(w)).user], tagNames: [fresh('more')], createMissingTags: true } },
  }),
  expect: homeTarget,
});

describeTenancy('untagUsers', app, world, {
  scope: 'users:write',
  field: 'untagUsers',
  operation: async (w) => {
    const { user, name } = await tagged(w);
    // Another team's caller names the home team's tag: unknown to them (NOT_FOUND), like the user.
    return { query: `mutation($input: UntagUsersInput!) { untagUsers(input: $input) { ${OUTCOME} } }`, variables: { input: { userIds: [user], tagNames: [name] } } };
  },
  expect: homeTarget,
});
