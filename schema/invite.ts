import type { Invite } from '../server/db/types.ts';
import { actAsMember, readerTeamId, requireMember } from '../server/context.ts';
import { ConflictError, NotFoundError, ValidationError } from '../server/errors.ts';
import { uuidsOnly } from '../server/lib/ids.ts';
import { findInvitesByIds, listPendingInvites } from '../server/modules/invites/queries.ts';
import { acceptInvite, inviteMember, withdrawInvite } from '../server/modules/invites/service.ts';
import { builder } from './builder.ts';
import { decodeInputId } from './global-id.ts';
import { MemberRef, MemberRoleEnum } from './member.ts';
import { SessionPayload } from './session.ts';
import { TeamRef } from './team.ts';

export const InviteRef = builder.loadableNode('Invite', {
  description: 'An open invitation to join the team. ADMIN only.',
  id: { resolve: (invite: Invite) => invite.id },
  sort: (invite) => invite.id,
  load: (ids: string[], ctx) => {
    const teamId = readerTeamId(ctx, 'admin');
    return teamId ? findInvitesByIds(ctx.db, teamId, uuidsOnly(ids)) : Promise.resolve([]);
  },
  fields: (t) => ({
    email: t.exposeString('email'),
    role: t.expose('role', { type: MemberRoleEnum }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
    invitedBy: t.field({ type: MemberRef, nullable: true, resolve: (invite) => invite.invitedBy }),
  }),
});

builder.objectField(TeamRef, 'invites', (t) =>
  t.field({
    description: 'Open invites (not accepted, withdrawn or expired), newest first. ADMIN only.',
    type: [InviteRef],
    authScopes: { admin: true },
    resolve: (team, _args, ctx) => listPendingInvites(ctx.db, team.id),
  }),
);

const InviteMemberInput = builder.inputType('InviteMemberInput', {
  fields: (t) => ({
    email: t.string({ required: true }),
    role: t.field({ type: MemberRoleEnum, required: true }),
  }),
});

const InviteMemberPayload = builder
  .objectRef<{ invite: Invite; acceptUrl: string }>('InviteMemberPayload')
  .implement({
    fields: (t) => ({
      invite: t.field({ type: InviteRef, resolve: (p) => p.invite }),
      acceptUrl: t.exposeString('acceptUrl', {
        description: 'The link the invitation mail carries; it works once and expires.',
      }),
    }),
  });

builder.mutationField('inviteMember', (t) =>
  t.field({
    description:
      'Invites an email with a role and queues the invitation mail. Inviting again replaces the earlier link; ' +
      'inviting a current member answers ALREADY_MEMBER. ADMIN only.',
    type: InviteMemberPayload,
    authScopes: { admin: true },
    errors: { types: [ValidationError, ConflictError] },
    args: { input: t.arg({ type: InviteMemberInput, required: true }) },
    resolve: (_root, { input }, ctx) => {
      const viewer = requireMember(ctx);
      return inviteMember(ctx.db, ctx.config, { teamId: viewer.teamId, invitedBy: viewer.memberId, ...input });
    },
  }),
);

const RevokeInviteInput = builder.inputType('RevokeInviteInput', {
  fields: (t) => ({ id: t.id({ required: true }) }),
});

const RevokeInvitePayload = builder.objectRef<{ invite: Invite }>('RevokeInvitePayload').implement({
  fields: (t) => ({ invite: t.field({ type: InviteRef, resolve: (p) => p.invite }) }),
});

builder.mutationField('revokeInvite', (t) =>
  t.field({
    description: 'Withdraws an open invite. ADMIN only.',
    type: RevokeInvitePayload,
    authScopes: { admin: true },
    errors: { types: [NotFoundError] },
    args: { input: t.arg({ type: RevokeInviteInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const id = decodeInputId(String(input.id), 'Invite', ['input', 'id'], 'Open invite');
      return { invite: await withdrawInvite(ctx.db, requireMember(ctx).teamId, id) };
    },
  }),
);

const AcceptInviteInput = builder.inputType('AcceptInviteInput', {
  fields: (t) => ({
    token: t.string({ required: true, description: 'The `token` parameter of the accept link.' }),
    password: t.string({ required: true }),
    name: t.string(),
  }),
});

builder.mutationField('acceptInvite', (t) =>
  t.field({
    description:
      'Joins the team an invite is for, with a new password, and logs in. An unknown, expired, withdrawn ' +
      'or used invite answers INVITE_INVALID.',
    type: SessionPayload,
    errors: { types: [ValidationError, ConflictError] },
    args: { input: t.arg({ type: AcceptInviteInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const session = await acceptInvite(ctx.db, ctx.config, input);
      actAsMember(ctx, session);
      return session;
    },
  }),
);
