import { requireViewer } from '../server/context.ts';
import { LimitError, NotFoundError } from '../server/errors.ts';
import { createActivityExport, EXPORT_NAMES_MAX } from '../server/modules/events/export.ts';
import { builder } from './builder.ts';
import { decodeInputId } from './global-id.ts';

/** A signed, short-lived download link. Every export (activity, users, error reports…) answers one. */
export const DownloadPayloadRef = builder.objectRef<{ url: string; expiresAt: Date }>('DownloadPayload').implement({
  description:
    'A signed download link: GET it without credentials (the link is the credential) before `expiresAt`. ' +
    'It answers 403 once expired or altered.',
  fields: (t) => ({
    url: t.exposeString('url'),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
  }),
});

const ExportActivityInput = builder.inputType('ExportActivityInput', {
  fields: (t) => ({
    userId: t.id({ required: true }),
    names: t.stringList({ description: `Only these event names (at most ${EXPORT_NAMES_MAX}); all when omitted or empty.` }),
    from: t.field({ type: 'DateTime', description: 'occurredAt ≥ from' }),
    to: t.field({ type: 'DateTime', description: 'occurredAt < to' }),
  }),
});

builder.mutationField('exportActivity', (t) =>
  t.field({
    description:
      'A CSV of one user\u2019s activity, oldest first: occurredAt, name, origin, properties (JSON), actorEmail, ' +
      'userExternalId. Answers a link valid for DOWNLOAD_URL_TTL_SECONDS (15 minutes by default). Requires events:read.',
    type: DownloadPayloadRef,
    authScopes: { scope: 'events:read' },
    errors: { types: [NotFoundError, LimitError] },
    args: { input: t.arg({ type: ExportActivityInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      createActivityExport(ctx, requireViewer(ctx).teamId, {
        userId: decodeInputId(String(input.userId), 'User', ['input', 'userId']),
        names: input.names,
        from: input.from,
        to: input.to,
      }),
  }),
);
