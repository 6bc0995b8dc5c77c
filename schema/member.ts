import type { Member } from '../server/db/types.ts';
import { readerTeamId, requireViewer } from '../server/context.ts';
import { ConflictError, NotFoundError } from '../server/errors.ts';
import { uuidsOnly } from '../server/lib/ids.ts';
import { findMembersByIds } from '../server/modules/members/queries.ts';
import { changeMemberRole, removeMember } from '../server/modules/members/service.ts';
import { builder } from './builder.ts';
import { decodeInputId } from './global-id.ts';

export const MemberRoleEnum = builder.enumType('MemberRole', {
  description: 'ADMIN also manages members, invites, API keys and secrets.',
  values: ['ADMIN', 'MEMBER'] as const,
});

export const MemberRef = builder.loadableNode('Member', {
  description: 'A person who works in the team\u2019s dashboard. Readable by members and keys with team:read.',
  id: { resolve: (member: Member) => member.id },
  sort: (member) => member.id,
  load: (ids: string[], ctx) => {
    const teamId = readerTeamId(ctx, 'team:read');
    return teamId ? findMembersByIds(ctx.db, teamId, uuidsOnly(ids)) : Promise.resolve([]);
  },
  fields: (t) => ({
    email: t.exposeString('email'),
    name: t.exposeString('name', { nullable: true }),
    role: t.expose('role', { type: MemberRoleEnum }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const MemberPayload = builder.objectRef<{ member: Member }>('MemberPayload').implement({
  fields: (t) => ({ member: t.field({ type: MemberRef, resolve: (p) => p.member }) }),
});

const UpdateMemberRoleInput = builder.inputType('UpdateMemberRoleInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    role: t.field({ type: MemberRoleEnum, required: true }),
  }),
});

builder.mutationField('updateMemberRole', (t) =>
  t.field({
    description: 'Changes a member\u2019s role. The last ADMIN cannot be demoted (LAST_ADMIN). ADMIN only.',
    type: MemberPayload,
    authScopes: { admin: true },
    errors: { types: [NotFoundError, ConflictError] },
    args: { input: t.arg({ type: UpdateMemberRoleInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const id = decodeInputId(String(input.id), 'Member', ['input', 'id']);
      return { member: await changeMemberRole(ctx.db, requireViewer(ctx).teamId, id, input.role) };
    },
  }),
);

const RemoveMemberInput = builder.inputType('RemoveMemberInput', {
  fields: (t) => ({ id: t.id({ required: true }) }),
});

const RemoveMemberPayload = builder.objectRef<{ removedMemberId: string }>('RemoveMemberPayload').implement({
  fields: (t) => ({ removedMemberId: t.exposeID('removedMemberId') }),
});

builder.mutationField('removeMember', (t) =>
  t.field({
    description: 'Removes a member and ends their sessions. The last ADMIN cannot be removed (LAST_ADMIN). ADMIN only.',
    type: RemoveMemberPayload,
    authScopes: { admin: true },
    errors: { types: [NotFoundError, ConflictError] },
    args: { input: t.arg({ type: RemoveMemberInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const id = decodeInputId(String(input.id), 'Member', ['input', 'id']);
      await removeMember(ctx.db, requireViewer(ctx).teamId, id);
      return { removedMemberId: String(input.id) };
    },
  }),
);
