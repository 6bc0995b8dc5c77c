import type { Identity, User } from '../server/db/types.ts';
import { readerTeamId, requireViewer } from '../server/context.ts';
import { NotFoundError, ValidationError } from '../server/errors.ts';
import { uuidsOnly } from '../server/lib/ids.ts';
import { actorOf } from '../server/modules/history/actor.ts';
import { IDENTITY_USERNAME_MAX } from '../server/modules/sources/identity-list.ts';
import { identitiesByUserIds } from '../server/modules/sources/loaders.ts';
import { findIdentitiesByIds } from '../server/modules/sources/queries.ts';
import { addIdentity, removeIdentity } from '../server/modules/sources/service.ts';
import { builder } from './builder.ts';
import { decodeInputId } from './global-id.ts';
import { UserRef } from './user.ts';

export const IdentityRef = builder.loadableNode('Identity', {
  description: 'A user\u2019s username on a source (slack:ada). Unique per team and source, case-insensitively.',
  id: { resolve: (identity: Identity) => identity.id },
  sort: (identity) => identity.id,
  load: (ids: string[], ctx) => {
    const teamId = readerTeamId(ctx, 'users:read');
    return teamId ? findIdentitiesByIds(ctx.db, teamId, uuidsOnly(ids)) : Promise.resolve([]);
  },
  fields: (t) => ({
    source: t.exposeString('source', { description: 'The source key (see `Team.sources`).' }),
    username: t.exposeString('username', { description: 'As given (trimmed); compared case-insensitively.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    user: t.field({ type: UserRef, resolve: (identity) => identity.userId }),
  }),
});

builder.objectField(UserRef, 'identities', (t) =>
  t.loadableList({
    description: 'The user\u2019s identities on other platforms, by source then username. Not for the public key.',
    type: IdentityRef,
    // Whoever got hold of the user may see its identities (a key that wrote it included), except
    // a website's browser: the public key never reads.
    authScopes: { authenticated: true },
    // The users in a batch were all read in the viewer's team, so that is the team to load in.
    load: (userIds: string[], ctx) => identitiesByUserIds(ctx.db, requireViewer(ctx).teamId, userIds),
    resolve: (user) => user.id,
  }),
);

const AddIdentityInput = builder.inputType('AddIdentityInput', {
  fields: (t) => ({
    userId: t.id({ required: true }),
    source: t.string({ required: true, description: 'A source key (case-insensitive), e.g. "slack".' }),
    username: t.string({ required: true, description: `1–${IDENTITY_USERNAME_MAX} characters after trimming.` }),
  }),
});

const IdentityPayload = builder.objectRef<{ identity: Identity; user: User }>('IdentityPayload').implement({
  fields: (t) => ({
    identity: t.field({ type: IdentityRef, resolve: (p) => p.identity }),
    user: t.field({ type: UserRef, resolve: (p) => p.user }),
  }),
});

builder.mutationField('addIdentity', (t) =>
  t.field({
    description:
      'Gives a user an identity on a source; recorded in the user\u2019s history (field `identities`). ' +
      'ValidationError codes: UNKNOWN_SOURCE, SOURCE_DISABLED, REQUIRED (path input.source or input.username), ' +
      'TOO_LONG, UNIQUE (another user has it; path input.username). The user\u2019s own identity again is a ' +
      'no-op that answers the existing one.',
    type: IdentityPayload,
    authScopes: { scope: 'users:write' },
    errors: { types: [ValidationError, NotFoundError] },
    args: { input: t.arg({ type: AddIdentityInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const viewer = requireViewer(ctx);
      const userId = decodeInputId(String(input.userId), 'User', ['input', 'userId']);
      return addIdentity(ctx.db, viewer.teamId, actorOf(viewer), { userId, source: input.source, username: input.username });
    },
  }),
);

const RemoveIdentityInput = builder.inputType('RemoveIdentityInput', {
  fields: (t) => ({ id: t.id({ required: true }) }),
});

const RemoveIdentityPayload = builder.objectRef<{ identity: Identity; user: User }>('RemoveIdentityPayload').implement({
  fields: (t) => ({
    removedIdentityId: t.globalID({ resolve: (p) => ({ type: IdentityRef, id: p.identity.id }) }),
    user: t.field({ type: UserRef, resolve: (p) => p.user }),
  }),
});

builder.mutationField('removeIdentity', (t) =>
  t.field({
    description: 'Removes an identity; recorded in its user\u2019s history (field `identities`).',
    type: RemoveIdentityPayload,
    authScopes: { scope: 'users:write' },
    errors: { types: [NotFoundError] },
    args: { input: t.arg({ type: RemoveIdentityInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const viewer = requireViewer(ctx);
      const id = decodeInputId(String(input.id), 'Identity', ['input', 'id']);
      return removeIdentity(ctx.db, viewer.teamId, actorOf(viewer), id);
    },
  }),
);
