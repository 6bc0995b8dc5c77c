import { randomBytes } from 'node:crypto';
import { beforeAll } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { addApiKey, addMember, PASSWORD } from './helpers/fixtures.ts';
import { type Caller, describeTenancy, lazyWorld, type Outcome } from './helpers/tenancy.ts';

// Every operation of teams and access, run as every kind of caller. "otherTeam*" callers hold a
// valid credential of another team: for the home team's IDs they must see NOT_FOUND or null,
// exactly as for IDs that do not exist.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
const app = () => t;
const world = lazyWorld(app);

const ERR = `__typename ... on Error { code }`;

/** Admin-only operations on the home team's objects. */
const adminOnTarget: Record<Caller, Outcome> = {
  admin: 'OK',
  member: 'FORBIDDEN',
  otherTeamAdmin: 'NOT_FOUND',
  keyWithScope: 'FORBIDDEN',
  keyWithoutScope: 'FORBIDDEN',
  otherTeamKey: 'FORBIDDEN',
  publicKey: 'FORBIDDEN',
  anonymous: 'UNAUTHENTICATED',
};
/** Admin-only operations on the caller's own team (no ID): another team's admin acts on theirs. */
const adminOnOwnTeam: Record<Caller, Outcome> = { ...adminOnTarget, otherTeamAdmin: 'OK' };
const everyone: Record<Caller, Outcome> = {
  admin: 'OK', member: 'OK', otherTeamAdmin: 'OK', keyWithScope: 'OK', keyWithoutScope: 'OK', otherTeamKey: 'OK', publicKey: 'OK', anonymous: 'OK',
};

const email = () => `p-${randomBytes(4).toString('hex')}@example.com`;

describeTenancy('viewer', app, world, {
  scope: null,
  field: 'viewer',
  operation: async () => ({ query: `{ viewer { team { slug } } }` }),
  expect: { ...everyone, publicKey: 'FORBIDDEN', anonymous: 'UNAUTHENTICATED' },
});

describeTenancy('node(id) of a member', app, world, {
  scope: 'team:read',
  field: 'node',
  operation: async (w) => ({ query: `query($id: ID!) { node(id: $id) { id } }`, variables: { id: w.homeMember.id } }),
  expect: {
    admin: 'OK', member: 'OK', otherTeamAdmin: 'NULL', keyWithScope: 'OK', keyWithoutScope: 'NULL', otherTeamKey: 'NULL', publicKey: 'NULL', anonymous: 'NULL',
  },
});

describeTenancy('node(id) of the team', app, world, {
  scope: null,
  field: 'node',
  operation: async (w) => ({ query: `query($id: ID!) { node(id: $id) { id } }`, variables: { id: w.home.teamId } }),
  expect: { ...everyone, otherTeamAdmin: 'NULL', otherTeamKey: 'NULL', publicKey: 'NULL', anonymous: 'NULL' },
});

describeTenancy('Team.members', app, world, {
  scope: 'team:read',
  field: 'viewer',
  operation: async () => ({ query: `{ viewer { team { members(first: 5) { totalCount } } } }` }),
  expect: { ...everyone, keyWithoutScope: 'FORBIDDEN', publicKey: 'FORBIDDEN', anonymous: 'UNAUTHENTICATED' },
});

for (const field of ['identitySecret', 'apiKeys { id }', 'invites { id }']) {
  describeTenancy(`Team.${field.split(' ')[0]}`, app, world, {
    scope: null,
    field: 'viewer',
    operation: async () => ({ query: `{ viewer { team { ${field} } } }` }),
    expect: adminOnOwnTeam,
  });
}

describeTenancy('createTeam', app, world, {
  scope: null,
  field: 'createTeam',
  operation: async () => ({
    query: `mutation($input: CreateTeamInput!) { createTeam(input: $input) { ${ERR} } }`,
    variables: { input: { slug: `t-${randomBytes(4).toString('hex')}`, name: 'T', admin: { email: email(), password: PASSWORD } } },
  }),
  expect: everyone,
});

describeTenancy('login', app, world, {
  scope: null,
  field: 'login',
  operation: async (w) => ({
    query: `mutation($input: LoginInput!) { login(input: $input) { ${ERR} } }`,
    variables: { input: { teamSlug: w.home.slug, email: w.home.adminEmail, password: PASSWORD } },
  }),
  expect: everyone,
});

describeTenancy('inviteMember', app, world, {
  scope: null,
  field: 'inviteMember',
  operation: async () => ({
    query: `mutation($input: InviteMemberInput!) { inviteMember(input: $input) { ${ERR} } }`,
    variables: { input: { email: email(), role: 'MEMBER' } },
  }),
  expect: adminOnOwnTeam,
});

describeTenancy('revokeInvite', app, world, {
  scope: null,
  field: 'revokeInvite',
  operation: async (w) => {
    const invited = await t.gql(
      `mutation($input: InviteMemberInput!) { inviteMember(input: $input) { ... on InviteMemberPayload { invite { id } } } }`,
      { input: { email: email(), role: 'MEMBER' } },
      { token: w.home.token },
    );
    return {
      query: `mutation($id: ID!) { revokeInvite(input: {id: $id}) { ${ERR} } }`,
      variables: { id: invited.data.inviteMember.invite.id },
    };
  },
  expect: adminOnTarget,
});

describeTenancy('acceptInvite', app, world, {
  scope: null,
  field: 'acceptInvite',
  operation: async (w) => {
    const invited = await t.gql(
      `mutation($input: InviteMemberInput!) { inviteMember(input: $input) { ... on InviteMemberPayload { acceptUrl } } }`,
      { input: { email: email(), role: 'MEMBER' } },
      { token: w.home.token },
    );
    const token = new URL(invited.data.inviteMember.acceptUrl).searchParams.get('token');
    return { query: `mutation($input: AcceptInviteInput!) { acceptInvite(input: $input) { ${ERR} } }`, variables: { input: { token, password: PASSWORD } } };
  },
  expect: everyone,
});

describeTenancy('updateMemberRole', app, world, {
  scope: null,
  field: 'updateMemberRole',
  operation: async (w) => {
    const target = await addMember(t, w.home);
    return {
      query: `mutation($id: ID!) { updateMemberRole(input: {id: $id, role: ADMIN}) { ${ERR} } }`,
      variables: { id: target.id },
    };
  },
  expect: adminOnTarget,
});

describeTenancy('removeMember', app, world, {
  scope: null,
  field: 'removeMember',
  operation: async (w) => {
    const target = await addMember(t, w.home);
    return { query: `mutation($id: ID!) { removeMember(input: {id: $id}) { ${ERR} } }`, variables: { id: target.id } };
  },
  expect: adminOnTarget,
});

describeTenancy('createApiKey', app, world, {
  scope: null,
  field: 'createApiKey',
  operation: async () => ({
    query: `mutation { createApiKey(input: {name: "k", scopes: ["users:read"]}) { ${ERR} } }`,
  }),
  expect: adminOnOwnTeam,
});

describeTenancy('revokeApiKey', app, world, {
  scope: null,
  field: 'revokeApiKey',
  operation: async (w) => {
    const key = await addApiKey(t, w.home, ['users:read'], 'to revoke');
    return { query: `mutation($id: ID!) { revokeApiKey(input: {id: $id}) { ${ERR} } }`, variables: { id: key.id } };
  },
  expect: adminOnTarget,
});

describeTenancy('rotateIdentitySecret', app, world, {
  scope: null,
  field: 'rotateIdentitySecret',
  operation: async () => ({ query: `mutation { rotateIdentitySecret { secret } }` }),
  expect: adminOnOwnTeam,
});

describeTenancy('updateTeam', app, world, {
  scope: null,
  field: 'updateTeam',
  operation: async () => ({ query: `mutation { updateTeam(input: {name: "Renamed"}) { ${ERR} } }` }),
  expect: adminOnOwnTeam,
});
