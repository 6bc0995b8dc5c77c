import type { Member } from '../server/db/types.ts';
import { actAsMember, requireMember } from '../server/context.ts';
import { CredentialsError, ValidationError } from '../server/errors.ts';
import { login, logout } from '../server/modules/sessions/service.ts';
import { builder } from './builder.ts';
import { MemberRef } from './member.ts';

const LoginInput = builder.inputType('LoginInput', {
  fields: (t) => ({
    teamSlug: t.string({ required: true }),
    email: t.string({ required: true }),
    password: t.string({ required: true }),
  }),
});

export const SessionPayload = builder.objectRef<{ member: Member; token: string }>('SessionPayload').implement({
  description: 'A new session: send `token` as `Authorization: Bearer <token>`.',
  fields: (t) => ({
    member: t.field({ type: MemberRef, resolve: (p) => p.member }),
    token: t.exposeString('token'),
  }),
});

builder.mutationField('login', (t) =>
  t.field({
    description:
      'Logs a member in to one team. Wrong team, email or password all answer INVALID_CREDENTIALS; ' +
      'repeated failures lock that team+email for a while (TOO_MANY_ATTEMPTS).',
    type: SessionPayload,
    errors: { types: [ValidationError, CredentialsError] },
    args: { input: t.arg({ type: LoginInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const session = await login(ctx.db, ctx.config, input);
      actAsMember(ctx, session);
      return session;
    },
  }),
);

const LogoutPayload = builder.objectRef<{ ok: true }>('LogoutPayload').implement({
  fields: (t) => ({ ok: t.exposeBoolean('ok') }),
});

builder.mutationField('logout', (t) =>
  t.field({
    description: 'Ends the current session; its token stops working at once.',
    type: LogoutPayload,
    authScopes: { member: true },
    resolve: async (_root, _args, ctx) => {
      const viewer = requireMember(ctx);
      await logout(ctx.db, viewer.teamId, viewer.sessionId);
      return { ok: true as const };
    },
  }),
);
