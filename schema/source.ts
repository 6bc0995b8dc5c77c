import { requireViewer } from '../server/context.ts';
import { NotFoundError } from '../server/errors.ts';
import { listSources, type Source, setSourceEnabled } from '../server/modules/sources/service.ts';
import { builder } from './builder.ts';
import { TeamRef } from './team.ts';

const SourceRef = builder.objectRef<Source>('Source').implement({
  description:
    'A platform users have identities on (email, slack, zendesk…). The catalogue is fixed by Pavior; each ' +
    'is enabled until the team disables it. A disabled source keeps its identities but takes no new ones.',
  fields: (t) => ({
    key: t.exposeString('key', { description: 'Stable lowercase key, as in `source:username`.' }),
    name: t.exposeString('name'),
    enabled: t.exposeBoolean('enabled'),
  }),
});

builder.objectField(TeamRef, 'sources', (t) =>
  t.field({
    description: 'Every source in the catalogue, with whether the team accepts identities on it. Requires users:read.',
    type: [SourceRef],
    authScopes: { scope: 'users:read' },
    resolve: (team, _args, ctx) => listSources(ctx.db, team.id),
  }),
);

const SourcePayload = builder.objectRef<{ source: Source }>('SourcePayload').implement({
  fields: (t) => ({ source: t.field({ type: SourceRef, resolve: (p) => p.source }) }),
});

for (const [name, enabled] of [['enableSource', true], ['disableSource', false]] as const) {
  const input = builder.inputType(`${name[0]!.toUpperCase()}${name.slice(1)}Input`, {
    fields: (t) => ({ key: t.string({ required: true, description: 'A source key (case-insensitive).' }) }),
  });
  builder.mutationField(name, (t) =>
    t.field({
      description: enabled
        ? 'Lets users get identities on a source again. ADMIN only. An unknown key is NOT_FOUND (path input.key).'
        : 'Stops new identities on a source (existing ones stay). ADMIN only. An unknown key is NOT_FOUND (path input.key).',
      type: SourcePayload,
      authScopes: { admin: true },
      errors: { types: [NotFoundError] },
      args: { input: t.arg({ type: input, required: true }) },
      resolve: async (_root, args, ctx) => ({
        source: await setSourceEnabled(ctx.db, requireViewer(ctx).teamId, args.input.key, enabled),
      }),
    }),
  );
}
