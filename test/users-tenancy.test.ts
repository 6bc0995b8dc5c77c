import { beforeAll } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { createUserVia } from './helpers/users.ts';
import { type Caller, describeTenancy, lazyWorld, type Outcome } from './helpers/tenancy.ts';

// The tenancy matrix over every user operation. Reads need users:read, writes users:write; the
// public key never reads or edits users directly; another team's credentials see the home
// team's users as missing.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
const app = () => t;
const world = lazyWorld(app);

const ERR = `__typename ... on Error { code }`;
let counter = 0;
const freshUser = async (token: string) => createUserVia(t, token, { externalId: `tenancy-${++counter}` });

/** An operation on one home-team user: another team answers NOT_FOUND (or null). */
const onHomeUser = (otherTeam: Outcome): Record<Caller, Outcome> => ({
  admin: 'OK',
  member: 'OK',
  otherTeamAdmin: otherTeam,
  keyWithScope: 'OK',
  keyWithoutScope: 'FORBIDDEN',
  otherTeamKey: otherTeam,
  publicKey: 'FORBIDDEN',
  anonymous: 'UNAUTHENTICATED',
});
/** A team-wide operation: another team's caller acts on its own team. */
const teamWide: Record<Caller, Outcome> = onHomeUser('OK');

describeTenancy('users (list)', app, world, {
  scope: 'users:read',
  field: 'users',
  operation: async () => ({ query: `{ users(first: 5) { totalCount } }` }),
  expect: teamWide,
});

describeTenancy('user(id)', app, world, {
  scope: 'users:read',
  field: 'user',
  operation: async (w) => ({ query: `query($id: ID!) { user(id: $id) { id } }`, variables: { id: await freshUser(w.home.token) } }),
  expect: onHomeUser('NULL'),
});

describeTenancy('user(externalId)', app, world, {
  scope: 'users:read',
  field: 'user',
  operation: async (w) => {
    await freshUser(w.home.token);
    return { query: `query($e: String!) { user(externalId: $e) { id } }`, variables: { e: `tenancy-${counter}` } };
  },
  expect: onHomeUser('NULL'),
});

describeTenancy('node(id) of a user', app, world, {
  scope: 'users:read',
  field: 'node',
  operation: async (w) => ({ query: `query($id: ID!) { node(id: $id) { id } }`, variables: { id: await freshUser(w.home.token) } }),
  expect: { ...onHomeUser('NULL'), keyWithoutScope: 'NULL', publicKey: 'NULL', anonymous: 'NULL' },
});

describeTenancy('createUser', app, world, {
  scope: 'users:write',
  field: 'createUser',
  operation: async () => ({ query: `mutation($e: String!) { createUser(input: {externalId: $e}) { ${ERR} } }`, variables: { e: `new-${++counter}` } }),
  expect: teamWide,
});

describeTenancy('updateUser', app, world, {
  scope: 'users:write',
  field: 'updateUser',
  operation: async (w) => ({
    query: `mutation($id: ID!) { updateUser(input: {id: $id, patch: {displayName: "x"}}) { ${ERR} } }`,
    variables: { id: await freshUser(w.home.token) },
  }),
  expect: onHomeUser('NOT_FOUND'),
});

describeTenancy('deleteUsers', app, world, {
  scope: 'users:write',
  field: 'deleteUsers',
  operation: async (w) => ({
    query: `mutation($id: ID!) { deleteUsers(input: {ids: [$id]}) { ${ERR} } }`,
    variables: { id: await freshUser(w.home.token) },
  }),
  expect: onHomeUser('NOT_FOUND'),
});

describeTenancy('setUserStatus', app, world, {
  scope: 'users:write',
  field: 'setUserStatus',
  operation: async (w) => ({
    query: `mutation($id: ID!) { setUserStatus(input: {ids: [$id], status: ARCHIVED}) { ${ERR} } }`,
    variables: { id: await freshUser(w.home.token) },
  }),
  expect: onHomeUser('NOT_FOUND'),
});

describeTenancy('setEmailConsent', app, world, {
  scope: 'users:write',
  field: 'setEmailConsent',
  operation: async (w) => ({
    query: `mutation($id: ID!) { setEmailConsent(input: {userId: $id, subscribed: true}) { ${ERR} } }`,
    variables: { id: await freshUser(w.home.token) },
  }),
  expect: onHomeUser('NOT_FOUND'),
});

describeTenancy('User.history', app, world, {
  scope: 'users:read',
  field: 'user',
  operation: async (w) => ({
    query: `query($id: ID!) { user(id: $id) { history(first: 5) { totalCount } } }`,
    variables: { id: await freshUser(w.home.token) },
  }),
  expect: onHomeUser('NULL'),
});
