import type { UserChange } from '../server/db/types.ts';
import { countUserChanges, listUserChanges } from '../server/modules/history/queries.ts';
import { ApiKeyRef } from './api-key.ts';
import { builder } from './builder.ts';
import { MemberRef } from './member.ts';
import { keysetConnection } from './pagination.ts';
import { UserRef } from './user.ts';

const ChangeOriginEnum = builder.enumType('ChangeOrigin', {
  description: 'Through which door a change came: a member, an API key, an import, the client API, or Pavior itself.',
  values: ['MEMBER', 'API_KEY', 'IMPORT', 'CLIENT', 'SYSTEM'] as const,
});

const UserChangeRef = builder.objectRef<UserChange>('UserChange').implement({
  description: 'One recorded change to a user: what, from what to what, by whom, when.',
  fields: (t) => ({
    field: t.exposeString('field', {
      description: 'An attribute (`displayName`), `properties.<key>`, or an event: created, deleted, groups, tags, identities.',
    }),
    oldValue: t.field({ type: 'JSON', nullable: true, resolve: (c) => c.oldValue }),
    newValue: t.field({ type: 'JSON', nullable: true, resolve: (c) => c.newValue }),
    origin: t.expose('origin', { type: ChangeOriginEnum }),
    member: t.field({ type: MemberRef, nullable: true, description: 'The member, when one made the change.', resolve: (c) => c.memberId }),
    apiKeyId: t.globalID({
      nullable: true,
      description: 'The API key, when one made the change.',
      resolve: (c) => (c.apiKeyId ? { type: ApiKeyRef, id: c.apiKeyId } : null),
    }),
    importId: t.globalID({
      nullable: true,
      description: 'The import, when one made the change.',
      resolve: (c) => (c.importId ? { type: 'Import', id: c.importId } : null),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.objectField(UserRef, 'history', (t) =>
  t.connection({
    description: 'Who changed what, newest first. Requires users:read (the public key never reads it).',
    type: UserChangeRef,
    authScopes: { scope: 'users:read' },
    resolve: (user, args, ctx) =>
      keysetConnection(
        args,
        (page) => listUserChanges(ctx.db, user.teamId, user.id, page),
        () => countUserChanges(ctx.db, user.teamId, user.id),
      ),
  }),
);
