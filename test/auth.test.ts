import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { addApiKey, addMember, type SignedUpTeam, signUp } from './helpers/fixtures.ts';

let t: TestApp;
let team: SignedUpTeam;
let other: SignedUpTeam;

beforeAll(async () => {
  t = await createTestApp();
  team = await signUp(t);
  other = await signUp(t);
});

const VIEWER = `{ viewer { team { id slug } member { id email role } apiKeyId scopes } }`;

describe('credentials', () => {
  it('answers UNAUTHENTICATED without a credential', async () => {
    const res = await t.gql(VIEWER);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(res.data).toBeNull();
  });

  it.each([
    ['a token that is not Bearer', { authorization: 'Basic abc' }, 'must be "Bearer <token>"'],
    ['an unknown session token', { authorization: 'Bearer pav_st_notarealtoken' }, 'invalid or has expired'],
    ['an unknown secret key', { authorization: 'Bearer pav_sk_notarealkey' }, 'invalid or has been revoked'],
    ['a token of no known kind', { authorization: 'Bearer hello' }, 'Unrecognised token'],
    ['an empty bearer', { authorization: 'Bearer ' }, 'must be "Bearer <token>"'],
    ['an unknown public key', { publicKey: 'pav_pk_nope' }, 'public key is invalid'],
  ])('refuses %s with UNAUTHENTICATED and says why', async (_name, auth, reason) => {
    const res = await t.gql(VIEWER, {}, auth);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(res.errors?.[0]?.message).toContain(reason);
  });

  it('shows a member session its team, member and every scope', async () => {
    const res = await t.gql(VIEWER, {}, { token: team.token });
    expect(res.data.viewer.team).toEqual({ id: team.teamId, slug: team.slug });
    expect(res.data.viewer.member).toMatchObject({ id: team.adminId, role: 'ADMIN' });
    expect(res.data.viewer.apiKeyId).toBeNull();
    expect(res.data.viewer.scopes).toContain('users:write');
  });

  it('shows an API key its team and its own scopes only', async () => {
    const key = await addApiKey(t, team, ['users:read']);
    const res = await t.gql(VIEWER, {}, { token: key.secret });
    expect(res.data.viewer).toMatchObject({ team: { id: team.teamId }, member: null, apiKeyId: key.id, scopes: ['users:read'] });
  });

  it('refuses reads with the public key (FORBIDDEN)', async () => {
    const res = await t.gql(VIEWER, {}, { publicKey: team.publicKey });
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('binds a token to one team: the same email in two teams holds two accounts', async () => {
    const email = `shared-${Date.now()}@example.com`;
    const inA = await addMember(t, team, 'MEMBER', email);
    const inB = await addMember(t, other, 'ADMIN', email);
    expect(inA.id).not.toBe(inB.id);
    const a = await t.gql(VIEWER, {}, { token: inA.token });
    const b = await t.gql(VIEWER, {}, { token: inB.token });
    expect(a.data.viewer.team.id).toBe(team.teamId);
    expect(a.data.viewer.member.role).toBe('MEMBER');
    expect(b.data.viewer.team.id).toBe(other.teamId);
    expect(b.data.viewer.member.role).toBe('ADMIN');
  });
});

describe('node and nodes', () => {
  const NODE = `query($id: ID!) { node(id: $id) { __typename id ... on Member { email } ... on Team { slug } } }`;

  it('loads the viewer\u2019s own objects by global ID', async () => {
    const res = await t.gql(NODE, { id: team.adminId }, { token: team.token });
    expect(res.data.node).toMatchObject({ __typename: 'Member', id: team.adminId, email: team.adminEmail });
    const teamRes = await t.gql(NODE, { id: team.teamId }, { token: team.token });
    expect(teamRes.data.node).toMatchObject({ __typename: 'Team', slug: team.slug });
  });

  it('answers another team\u2019s ID exactly like a missing one', async () => {
    const missingMember = Buffer.from('Member:00000000-0000-4000-8000-000000000000').toString('base64');
    const foreign = await t.gql(NODE, { id: other.adminId }, { token: team.token });
    const missing = await t.gql(NODE, { id: missingMember }, { token: team.token });
    expect(foreign).toEqual(missing);
    expect(foreign.data.node).toBeNull();
    const foreignTeam = await t.gql(NODE, { id: other.teamId }, { token: team.token });
    expect(foreignTeam.data.node).toBeNull();
  });

  it('answers a malformed ID with null, never a server error', async () => {
    const notUuid = Buffer.from('Member:42').toString('base64');
    const res = await t.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: [notUuid, team.adminId] }, { token: team.token });
    expect(res.errors).toBeUndefined();
    expect(res.data.nodes).toEqual([null, { id: team.adminId }]);
  });
});
