import type { ApiKey } from '../server/db/types.ts';
import { API_SCOPES } from '../server/auth.ts';
import { readerTeamId, requireMember } from '../server/context.ts';
import { NotFoundError, ValidationError } from '../server/errors.ts';
import { uuidsOnly } from '../server/lib/ids.ts';
import { findApiKeysByIds, listActiveApiKeys } from '../server/modules/api-keys/queries.ts';
import { createApiKey, revokeApiKey } from '../server/modules/api-keys/service.ts';
import { builder } from './builder.ts';
import { decodeInputId } from './global-id.ts';
import { MemberRef } from './member.ts';
import { TeamRef } from './team.ts';

export const ApiKeyRef = builder.loadableNode('ApiKey', {
  description: 'A secret key for server-to-server calls. Its secret is shown once, at creation. ADMIN only.',
  id: { resolve: (key: ApiKey) => key.id },
  sort: (key) => key.id,
  load: (ids: string[], ctx) => {
    const teamId = readerTeamId(ctx, 'admin');
    return teamId ? findApiKeysByIds(ctx.db, teamId, uuidsOnly(ids)) : Promise.resolve([]);
  },
  fields: (t) => ({
    name: t.exposeString('name'),
    prefix: t.exposeString('prefix', { description: 'The secret\u2019s first characters, to tell keys apart.' }),
    scopes: t.exposeStringList('scopes'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    lastUsedAt: t.expose('lastUsedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'Last request made with the key, to the minute.',
    }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
    createdBy: t.field({ type: MemberRef, nullable: true, resolve: (key) => key.createdBy }),
  }),
});

builder.objectField(TeamRef, 'apiKeys', (t) =>
  t.field({
    description: 'Keys that still work, newest first. ADMIN only.',
    type: [ApiKeyRef],
    authScopes: { admin: true },
    resolve: (team, _args, ctx) => listActiveApiKeys(ctx.db, team.id),
  }),
);

const CreateApiKeyInput = builder.inputType('CreateApiKeyInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    scopes: t.stringList({ required: true, description: `Any of: ${API_SCOPES.join(', ')}.` }),
  }),
});

const CreateApiKeyPayload = builder
  .objectRef<{ apiKey: ApiKey; secret: string }>('CreateApiKeyPayload')
  .implement({
    fields: (t) => ({
      apiKey: t.field({ type: ApiKeyRef, resolve: (p) => p.apiKey }),
      secret: t.exposeString('secret', {
        description: 'The key (`pav_sk_…`), for `Authorization: Bearer`. Shown only now; Pavior keeps a hash.',
      }),
    }),
  });

builder.mutationField('createApiKey', (t) =>
  t.field({
    description: 'Creates a secret API key with scopes. Unknown scopes answer INVALID_SCOPE. ADMIN only.',
    type: CreateApiKeyPayload,
    authScopes: { admin: true },
    errors: { types: [ValidationError] },
    args: { input: t.arg({ type: CreateApiKeyInput, required: true }) },
    resolve: (_root, { input }, ctx) => {
      const viewer = requireMember(ctx);
      return createApiKey(ctx.db, { teamId: viewer.teamId, createdBy: viewer.memberId, ...input });
    },
  }),
);

const RevokeApiKeyInput = builder.inputType('RevokeApiKeyInput', {
  fields: (t) => ({ id: t.id({ required: true }) }),
});

const RevokeApiKeyPayload = builder.objectRef<{ apiKey: ApiKey }>('RevokeApiKeyPayload').implement({
  fields: (t) => ({ apiKey: t.field({ type: ApiKeyRef, resolve: (p) => p.apiKey }) }),
});

builder.mutationField('revokeApiKey', (t) =>
  t.field({
    description: 'Revokes a key; the next request made with it is refused. A revoked key answers NOT_FOUND. ADMIN only.',
    type: RevokeApiKeyPayload,
    authScopes: { admin: true },
    errors: { types: [NotFoundError] },
    args: { input: t.arg({ type: RevokeApiKeyInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const id = decodeInputId(String(input.id), 'ApiKey', ['input', 'id'], 'API key');
      return { apiKey: await revokeApiKey(ctx.db, requireMember(ctx).teamId, id) };
    },
  }),
);
