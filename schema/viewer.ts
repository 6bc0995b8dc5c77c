import type { Viewer } from '../server/auth.ts';
import { API_SCOPES } from '../server/auth.ts';
import { requireViewer } from '../server/context.ts';
import { ApiKeyRef } from './api-key.ts';
import { builder } from './builder.ts';
import { MemberRef } from './member.ts';
import { TeamRef } from './team.ts';

type ReadingViewer = Exclude<Viewer, { kind: 'public' }>;

const ViewerRef = builder.objectRef<ReadingViewer>('Viewer').implement({
  description: 'Who is calling: a member\u2019s session or an API key, and its team.',
  fields: (t) => ({
    team: t.field({ type: TeamRef, resolve: (viewer) => viewer.teamId }),
    member: t.field({
      type: MemberRef,
      nullable: true,
      description: 'The member, for a session; null for an API key.',
      resolve: (viewer) => (viewer.kind === 'member' ? viewer.memberId : null),
    }),
    apiKeyId: t.globalID({
      nullable: true,
      description: 'The global ID of the API key making the call; null for a session.',
      resolve: (viewer) => (viewer.kind === 'apiKey' ? { type: ApiKeyRef, id: viewer.apiKeyId } : null),
    }),
    scopes: t.stringList({
      description: 'What the credential may do. A member holds every scope; role rules still apply.',
      resolve: (viewer) => (viewer.kind === 'member' ? [...API_SCOPES] : [...viewer.scopes]),
    }),
  }),
});

builder.queryField('viewer', (t) =>
  t.field({
    description: 'The caller. Requires a session or an API key (any scope).',
    type: ViewerRef,
    authScopes: { authenticated: true },
    resolve: (_root, _args, ctx) => requireViewer(ctx) as ReadingViewer,
  }),
);
