import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { addMember, PASSWORD, type SignedUpTeam, signUp } from './helpers/fixtures.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ INVITE_TTL_HOURS: '48' });
});

const INVITE = `mutation($input: InviteMemberInput!) { inviteMember(input: $input) {
  __typename
  ... on InviteMemberPayload { acceptUrl invite { id email role expiresAt invitedBy { id } } }
  ... on Error { code message path }
} }`;
const ACCEPT = `mutation($input: AcceptInviteInput!) { acceptInvite(input: $input) {
  __typename
  ... on SessionPayload { token member { id email role name } }
  ... on Error { code message path }
} }`;
const SET_ROLE = `mutation($input: UpdateMemberRoleInput!) { updateMemberRole(input: $input) {
  __typename ... on MemberPayload { member { id role } } ... on Error { code message path } } }`;
const REMOVE = `mutation($input: RemoveMemberInput!) { removeMember(input: $input) {
  __typename ... on RemoveMemberPayload { removedMemberId } ... on Error { code message path } } }`;

const tokenOf = (acceptUrl: string) => new URL(acceptUrl).searchParams.get('token')!;

describe('invites', () => {
  let team: SignedUpTeam;
  beforeAll(async () => {
    team = await signUp(t);
  });

  it('invites an email with a role, queues the mail, and the link joins and logs in', async () => {
    const email = `new.person@${team.slug}.example`;
    const res = await t.gql(INVITE, { input: { email: ` New.Person@${team.slug}.example `, role: 'ADMIN' } }, { token: team.token });
    const payload = res.data.inviteMember;
    expect(payload.invite).toMatchObject({ email, role: 'ADMIN', invitedBy: { id: team.adminId } });
    expect(payload.acceptUrl).toMatch(/^http:\/\/pavior\.test\/accept-invite\?token=pav_inv_/);
    const hoursLeft = (new Date(payload.invite.expiresAt).getTime() - Date.now()) / 3_600_000;
    expect(hoursLeft).toBeGreaterThan(47.9);

    const mail = await t.db.selectFrom('outbox').selectAll().where('recipient', '=', email).executeTakeFirstOrThrow();
    expect(mail.kind).toBe('invite');
    expect(mail.body).toContain(payload.acceptUrl);
    expect(mail.sentAt).toBeNull();

    const listed = await t.gql(`{ viewer { team { invites { id email } } } }`, {}, { token: team.token });
    expect(listed.data.viewer.team.invites).toContainEqual({ id: payload.invite.id, email });

    const accepted = await t.gql(ACCEPT, { input: { token: tokenOf(payload.acceptUrl), password: PASSWORD, name: 'New Person' } });
    expect(accepted.data.acceptInvite).toMatchObject({ __typename: 'SessionPayload', member: { email, role: 'ADMIN', name: 'New Person' } });
    const viewer = await t.gql(`{ viewer { team { slug } member { email } } }`, {}, { token: accepted.data.acceptInvite.token });
    expect(viewer.data.viewer).toEqual({ team: { slug: team.slug }, member: { email } });

    const after = await t.gql(`{ viewer { team { invites { id } } } }`, {}, { token: team.token });
    expect(after.data.viewer.team.invites.map((i: { id: string }) => i.id)).not.toContain(payload.invite.id);
  });

  it('works once: a used invite answers INVITE_INVALID', async () => {
    const res = await t.gql(INVITE, { input: { email: `once@${team.slug}.example`, role: 'MEMBER' } }, { token: team.token });
    const token = tokenOf(res.data.inviteMember.acceptUrl);
    expect((await t.gql(ACCEPT, { input: { token, password: PASSWORD } })).data.acceptInvite.__typename).toBe('SessionPayload');
    const again = await t.gql(ACCEPT, { input: { token, password: PASSWORD } });
    expect(again.data.acceptInvite).toMatchObject({ __typename: 'ConflictError', code: 'INVITE_INVALID', path: ['input', 'token'] });
  });

  it('expires', async () => {
    const res = await t.gql(INVITE, { input: { email: `late@${team.slug}.example`, role: 'MEMBER' } }, { token: team.token });
    await t.db.updateTable('invites').set({ expiresAt: new Date(Date.now() - 1000) }).where('email', '=', `late@${team.slug}.example`).execute();
    const accepted = await t.gql(ACCEPT, { input: { token: tokenOf(res.data.inviteMember.acceptUrl), password: PASSWORD } });
    expect(accepted.data.acceptInvite.code).toBe('INVITE_INVALID');
  });

  it('answers an unknown token like a used one, and checks the password first', async () => {
    const unknown = await t.gql(ACCEPT, { input: { token: 'pav_inv_nope', password: PASSWORD } });
    expect(unknown.data.acceptInvite.code).toBe('INVITE_INVALID');
    const weak = await t.gql(ACCEPT, { input: { token: 'pav_inv_nope', password: 'short' } });
    expect(weak.data.acceptInvite).toMatchObject({ __typename: 'ValidationError', code: 'PASSWORD_TOO_SHORT', path: ['input', 'password'] });
  });

  it('re-inviting replaces the earlier link', async () => {
    const email = `twice@${team.slug}.example`;
    const first = await t.gql(INVITE, { input: { email, role: 'MEMBER' } }, { token: team.token });
    const second = await t.gql(INVITE, { input: { email, role: 'ADMIN' } }, { token: team.token });
    const old = await t.gql(ACCEPT, { input: { token: tokenOf(first.data.inviteMember.acceptUrl), password: PASSWORD } });
    expect(old.data.acceptInvite.code).toBe('INVITE_INVALID');
    const fresh = await t.gql(ACCEPT, { input: { token: tokenOf(second.data.inviteMember.acceptUrl), password: PASSWORD } });
    expect(fresh.data.acceptInvite.member.role).toBe('ADMIN');
  });

  it('refuses to invite a current member, and an invalid email', async () => {
    const existing = await t.gql(INVITE, { input: { email: team.adminEmail.toUpperCase(), role: 'MEMBER' } }, { token: team.token });
    expect(existing.data.inviteMember).toMatchObject({ __typename: 'ConflictError', code: 'ALREADY_MEMBER', path: ['input', 'email'] });
    const invalid = await t.gql(INVITE, { input: { email: 'not an email', role: 'MEMBER' } }, { token: team.token });
    expect(invalid.data.inviteMember).toMatchObject({ __typename: 'ValidationError', code: 'INVALID_EMAIL', path: ['input', 'email'] });
  });

  it('withdraws an invite; its link stops working; withdrawing twice is NOT_FOUND', async () => {
    const res = await t.gql(INVITE, { input: { email: `gone@${team.slug}.example`, role: 'MEMBER' } }, { token: team.token });
    const id = res.data.inviteMember.invite.id;
    const REVOKE = `mutation($id: ID!) { revokeInvite(input: {id: $id}) { __typename ... on Error { code } } }`;
    expect((await t.gql(REVOKE, { id }, { token: team.token })).data.revokeInvite.__typename).toBe('RevokeInvitePayload');
    expect((await t.gql(REVOKE, { id }, { token: team.token })).data.revokeInvite.code).toBe('NOT_FOUND');
    const accepted = await t.gql(ACCEPT, { input: { token: tokenOf(res.data.inviteMember.acceptUrl), password: PASSWORD } });
    expect(accepted.data.acceptInvite.code).toBe('INVITE_INVALID');
  });
});

describe('roles and removal', () => {
  it('lists members with keyset pagination and a total count', async () => {
    const team = await signUp(t);
    for (let i = 0; i < 4; i++) await addMember(t, team);
    const PAGE = `query($after: String) { viewer { team { members(first: 2, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { id email role } } } } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const res: any = await t.gql(PAGE, { after }, { token: team.token });
      const members = res.data.viewer.team.members;
      expect(members.totalCount).toBe(5);
      seen.push(...members.edges.map((e: { node: { id: string } }) => e.node.id));
      after = members.pageInfo.hasNextPage ? members.pageInfo.endCursor : null;
      pages++;
    } while (after);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(5);
    expect(seen[0]).toBe(team.adminId); // oldest first
  });

  it('refuses page sizes outside 1..100 and foreign cursors', async () => {
    const team = await signUp(t);
    const big = await t.gql(`{ viewer { team { members(first: 101) { totalCount } } } }`, {}, { token: team.token });
    expect(big.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const bad = await t.gql(`{ viewer { team { members(after: "garbage") { totalCount } } } }`, {}, { token: team.token });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('promotes and demotes; the last ADMIN can be neither demoted nor removed', async () => {
    const team = await signUp(t);
    const demoteSelf = await t.gql(SET_ROLE, { input: { id: team.adminId, role: 'MEMBER' } }, { token: team.token });
    expect(demoteSelf.data.updateMemberRole).toMatchObject({ __typename: 'ConflictError', code: 'LAST_ADMIN' });
    const removeSelf = await t.gql(REMOVE, { input: { id: team.adminId } }, { token: team.token });
    expect(removeSelf.data.removeMember).toMatchObject({ __typename: 'ConflictError', code: 'LAST_ADMIN' });

    const other = await addMember(t, team, 'MEMBER');
    const promoted = await t.gql(SET_ROLE, { input: { id: other.id, role: 'ADMIN' } }, { token: team.token });
    expect(promoted.data.updateMemberRole.member).toEqual({ id: other.id, role: 'ADMIN' });
    // Now two admins: the first may step down, and the role change applies to live sessions at once.
    const stepDown = await t.gql(SET_ROLE, { input: { id: team.adminId, role: 'MEMBER' } }, { token: team.token });
    expect(stepDown.data.updateMemberRole.member.role).toBe('MEMBER');
    const nowForbidden = await t.gql(SET_ROLE, { input: { id: other.id, role: 'MEMBER' } }, { token: team.token });
    expect(nowForbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('two admins demoting each other at once leave one admin', async () => {
    const team = await signUp(t);
    const second = await addMember(t, team, 'ADMIN');
    const results = await Promise.all([
      t.gql(SET_ROLE, { input: { id: second.id, role: 'MEMBER' } }, { token: team.token }),
      t.gql(SET_ROLE, { input: { id: team.adminId, role: 'MEMBER' } }, { token: second.token }),
    ]);
    const outcomes = results.map((r) => r.data?.updateMemberRole?.__typename ?? r.errors?.[0]?.extensions?.code).sort();
    expect(outcomes).toContain('MemberPayload');
    const admins = await t.db.selectFrom('members').select('id').where('role', '=', 'ADMIN')
      .where('teamId', '=', Buffer.from(team.teamId, 'base64').toString().split(':')[1]!).execute();
    expect(admins).toHaveLength(1);
  });

  it('removing a member ends their sessions', async () => {
    const team = await signUp(t);
    const member = await addMember(t, team);
    const res = await t.gql(REMOVE, { input: { id: member.id } }, { token: team.token });
    expect(res.data.removeMember).toEqual({ __typename: 'RemoveMemberPayload', removedMemberId: member.id });
    const after = await t.gql(`{ viewer { scopes } }`, {}, { token: member.token });
    expect(after.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const again = await t.gql(REMOVE, { input: { id: member.id } }, { token: team.token });
    expect(again.data.removeMember.code).toBe('NOT_FOUND');
  });

  it('answers malformed and wrong-type IDs as NOT_FOUND', async () => {
    const team = await signUp(t);
    for (const id of ['garbage', team.teamId, Buffer.from('Member:1').toString('base64')]) {
      const res = await t.gql(SET_ROLE, { input: { id, role: 'ADMIN' } }, { token: team.token });
      expect(res.data.updateMemberRole).toMatchObject({ code: 'NOT_FOUND', path: ['input', 'id'] });
    }
  });
});
