import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { TestApp } from './app.ts';

export const PASSWORD = 'correct horse battery';

export interface SignedUpTeam {
  slug: string;
  teamId: string;
  publicKey: string;
  adminId: string;
  adminEmail: string;
  token: string;
}

export function uniqueSlug(prefix = 'team'): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/** Signs a team up through the API and returns what later calls need. */
export async function signUp(t: TestApp, slug = uniqueSlug(), email = `admin@${slug}.example`): Promise<SignedUpTeam> {
  const res = await t.gql(
    `mutation($input: CreateTeamInput!) { createTeam(input: $input) {
       __typename
       ... on CreateTeamPayload { token team { id publicKey } member { id } }
       ... on Error { code message }
     } }`,
    { input: { slug, name: `Team ${slug}`, admin: { email, password: PASSWORD, name: 'Ada Admin' } } },
  );
  expect(res.data?.createTeam.__typename, JSON.stringify(res)).toBe('CreateTeamPayload');
  const payload = res.data.createTeam;
  return { slug, teamId: payload.team.id, publicKey: payload.team.publicKey, adminId: payload.member.id, adminEmail: email, token: payload.token };
}

/** Invites `email` with `role` as the team's admin and accepts; returns the new member's session. */
export async function addMember(
  t: TestApp,
  team: SignedUpTeam,
  role: 'ADMIN' | 'MEMBER' = 'MEMBER',
  email = `m-${randomBytes(3).toString('hex')}@${team.slug}.example`,
): Promise<{ id: string; email: string; token: string }> {
  const invited = await t.gql(
    `mutation($input: InviteMemberInput!) { inviteMember(input: $input) {
       __typename ... on InviteMemberPayload { acceptUrl } ... on Error { code message } } }`,
    { input: { email, role } },
    { token: team.token },
  );
  expect(invited.data?.inviteMember.__typename, JSON.stringify(invited)).toBe('InviteMemberPayload');
  const token = new URL(invited.data.inviteMember.acceptUrl).searchParams.get('token');
  const accepted = await t.gql(
    `mutation($input: AcceptInviteInput!) { acceptInvite(input: $input) {
       __typename ... on SessionPayload { token member { id } } ... on Error { code message } } }`,
    { input: { token, password: PASSWORD, name: 'Mo Member' } },
  );
  expect(accepted.data?.acceptInvite.__typename, JSON.stringify(accepted)).toBe('SessionPayload');
  return { id: accepted.data.acceptInvite.member.id, email, token: accepted.data.acceptInvite.token };
}

/** Creates an API key with `scopes` as the team's admin; returns its secret and global ID. */
export async function addApiKey(t: TestApp, team: SignedUpTeam, scopes: string[], name = 'test key') {
  const res = await t.gql(
    `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) {
       __typename ... on CreateApiKeyPayload { secret apiKey { id prefix scopes } } ... on Error { code message } } }`,
    { input: { name, scopes } },
    { token: team.token },
  );
  expect(res.data?.createApiKey.__typename, JSON.stringify(res)).toBe('CreateApiKeyPayload');
  return { id: res.data.createApiKey.apiKey.id as string, secret: res.data.createApiKey.secret as string };
}
