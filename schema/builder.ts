import SchemaBuilder from '@pothos/core';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { GraphQLError } from 'graphql';
import { type ApiScope, viewerHasScope } from '../server/auth.ts';
import type { Context } from '../server/context.ts';
import type { UploadedFile } from '../server/uploads.ts';

// The builder: plugins, context, auth scopes and scalar shapes. It defines no types; those live
// in one file per domain, imported by index.ts.

export interface AuthScopes {
  /** A member session or an API key: any credential that may read. */
  authenticated: boolean;
  /** A team member's session (not an API key). */
  member: boolean;
  /** A member with the ADMIN role. */
  admin: boolean;
  /** A member, or an API key holding this scope. */
  scope: ApiScope;
  /** The team's public key: a website visitor's browser. */
  publicClient: boolean;
}

export const builder = new SchemaBuilder<{
  Context: Context;
  AuthScopes: AuthScopes;
  DefaultFieldNullability: false;
  Scalars: {
    DateTime: { Input: Date; Output: Date | string };
    JSON: { Input: unknown; Output: unknown };
    /** An uploaded file (schema/upload.ts): input only. */
    File: { Input: UploadedFile; Output: never };
  };
  // Counting is a second query: connections hand over a thunk, run only when asked for.
  Connection: { totalCount: () => Promise<number> };
}>({
  plugins: [ScopeAuthPlugin, ErrorsPlugin, RelayPlugin, DataloaderPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authorizeOnSubscribe: true,
    authScopes: (ctx) => {
      const viewer = ctx.viewer;
      return {
        authenticated: viewer?.kind === 'member' || viewer?.kind === 'apiKey',
        member: viewer?.kind === 'member',
        admin: viewer?.kind === 'member' && viewer.role === 'ADMIN',
        scope: (scope: ApiScope) => viewerHasScope(viewer, scope),
        publicClient: viewer?.kind === 'public',
      };
    },
    // No credential → UNAUTHENTICATED; a credential without the role or scope → FORBIDDEN.
    unauthorizedError: (_parent, ctx, _info, result) =>
      ctx.viewer
        ? new GraphQLError(result.message || 'Not allowed', { extensions: { code: 'FORBIDDEN' } })
        : new GraphQLError(ctx.authError ?? 'Authentication required', { extensions: { code: 'UNAUTHENTICATED' } }),
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodeQueryOptions: { description: 'Any object by its global ID; another team\u2019s ID answers null, like a missing one.' },
    nodesQueryOptions: {
      description: 'Objects by global IDs (at most 100), in the order asked; unknown IDs answer null.',
      // The cap (NODES_MAX_IDS) is checked before any loader runs.
      resolve: (_root, args, ctx, _info, resolveNodes) => {
        const max = ctx.config.nodesMaxIds;
        if (args.ids.length > max) {
          throw new GraphQLError(`nodes(ids:) takes at most ${max} IDs, got ${args.ids.length}`, {
            extensions: { code: 'LIMIT_EXCEEDED', limit: 'NODES_MAX_IDS', max },
          });
        }
        return resolveNodes(args.ids);
      },
    },
  },
  errors: {
    directResult: true,
    // createTeam → CreateTeamResult (not MutationCreateTeamResult): names a client reads.
    defaultUnionOptions: { name: ({ fieldName }) => `${fieldName[0]?.toUpperCase()}${fieldName.slice(1)}Result` },
  },
});

builder.queryType({});
builder.mutationType({});
