import type { Member, Team } from '../server/db/types.ts';
import { actAsMember, readerTeamId, requireMember, requireViewer } from '../server/context.ts';
import { ConflictError, ValidationError } from '../server/errors.ts';
import { uuidsOnly } from '../server/lib/ids.ts';
import { countMembers, listMembers } from '../server/modules/members/queries.ts';
import { findTeamsByIds } from '../server/modules/teams/queries.ts';
import { createTeam, renameTeam, rotateIdentitySecret } from '../server/modules/teams/service.ts';
import { builder } from './builder.ts';
import { MemberRef } from './member.ts';
import { keysetConnection } from './pagination.ts';

export const TeamRef = builder.loadableNode('Team', {
  description: 'A company using Pavior: its members, keys and (in later domains) its users.',
  id: { resolve: (team: Team) => team.id },
  sort: (team) => team.id,
  // Only the viewer's own team can ever load.
  load: (ids: string[], ctx) => {
    const teamId = readerTeamId(ctx);
    return teamId && uuidsOnly(ids).includes(teamId) ? findTeamsByIds(ctx.db, [teamId]) : Promise.resolve([]);
  },
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'The unique team id chosen at sign-up (used to log in).' }),
    name: t.exposeString('name'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    publicKey: t.exposeString('publicKey', {
      description: 'The public key (`pav_pk_…`) a website\u2019s browser code sends as `X-Pavior-Key`. Not a secret.',
    }),
    identitySecret: t.exposeString('identitySecret', {
      authScopes: { admin: true },
      description:
        'HMAC-SHA256 key for identity verification: your server computes `userHash` = hex HMAC of the ' +
        'visitor\u2019s externalId (or email). ADMIN only; rotate with `rotateIdentitySecret`.',
    }),
    members: t.connection({
      type: MemberRef,
      authScopes: { scope: 'team:read' },
      resolve: (team, args, ctx) =>
        keysetConnection(
          args,
          (page) => listMembers(ctx.db, team.id, page),
          () => countMembers(ctx.db, team.id),
        ),
    }),
  }),
});

builder.globalConnectionField('totalCount', (t) =>
  t.int({ resolve: (connection) => connection.totalCount() }),
);

const CreateTeamAdminInput = builder.inputType('CreateTeamAdminInput', {
  fields: (t) => ({
    email: t.string({ required: true }),
    password: t.string({ required: true, description: '8 to 256 characters, never truncated.' }),
    name: t.string(),
  }),
});

const CreateTeamInput = builder.inputType('CreateTeamInput', {
  fields: (t) => ({
    slug: t.string({
      required: true,
      description: '3–40 lowercase letters, digits and hyphens; unique; a few words (api, www, admin…) are reserved.',
    }),
    name: t.string({ required: true }),
    admin: t.field({ type: CreateTeamAdminInput, required: true }),
  }),
});

const CreateTeamPayload = builder
  .objectRef<{ team: Team; member: Member; token: string }>('CreateTeamPayload')
  .implement({
    fields: (t) => ({
      team: t.field({ type: TeamRef, resolve: (p) => p.team }),
      member: t.field({ type: MemberRef, resolve: (p) => p.member }),
      token: t.exposeString('token', { description: 'Session token for `Authorization: Bearer`.' }),
    }),
  });

builder.mutationField('createTeam', (t) =>
  t.field({
    description: 'Signs a team up. The creator becomes its first ADMIN and is logged in.',
    type: CreateTeamPayload,
    errors: { types: [ValidationError, ConflictError] },
    args: { input: t.arg({ type: CreateTeamInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const session = await createTeam(ctx.db, ctx.config, input);
      actAsMember(ctx, session);
      return session;
    },
  }),
);

const UpdateTeamInput = builder.inputType('UpdateTeamInput', {
  fields: (t) => ({ name: t.string({ required: true }) }),
});

const TeamPayload = builder.objectRef<{ team: Team }>('TeamPayload').implement({
  fields: (t) => ({ team: t.field({ type: TeamRef, resolve: (p) => p.team }) }),
});

builder.mutationField('updateTeam', (t) =>
  t.field({
    description: 'Renames the viewer\u2019s team. ADMIN only.',
    type: TeamPayload,
    authScopes: { admin: true },
    errors: { types: [ValidationError] },
    args: { input: t.arg({ type: UpdateTeamInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({ team: await renameTeam(ctx.db, requireViewer(ctx).teamId, input.name) }),
  }),
);

const RotateIdentitySecretPayload = builder
  .objectRef<{ secret: string }>('RotateIdentitySecretPayload')
  .implement({ fields: (t) => ({ secret: t.exposeString('secret') }) });

builder.mutationField('rotateIdentitySecret', (t) =>
  t.field({
    description: 'Replaces the identity secret; hashes made with the old one stop verifying at once. ADMIN only.',
    type: RotateIdentitySecretPayload,
    authScopes: { admin: true },
    resolve: async (_root, _args, ctx) => ({ secret: await rotateIdentitySecret(ctx.db, requireMember(ctx).teamId) }),
  }),
);
