import { requireViewer } from '../server/context.ts';
import { ValidationError } from '../server/errors.ts';
import { identify, type IdentifyResult } from '../server/modules/users/identify.ts';
import { builder } from './builder.ts';
import { AddressInput, UserKindEnum, UserRef, UserRoleEnum, UserStatusEnum } from './user.ts';

// `identify`: the server API and the client API (the team's public key) upsert a user by
// externalId or email. The rules — who is verified, what a lead may touch — live in the module.

const serverOnly = (what: string) => `${what} Server API only: the public key answers FORBIDDEN_FIELD.`;

const IdentifyTraitsInput = builder.inputType('IdentifyTraits', {
  description: 'What is known about the visitor. Absent fields stay as they are; null clears.',
  fields: (t) => ({
    displayName: t.string(),
    firstName: t.string(),
    lastName: t.string(),
    jobTitle: t.string(),
    phone: t.string(),
    company: t.string(),
    address: t.field({ type: AddressInput }),
    signedUpAt: t.field({ type: 'DateTime' }),
    status: t.field({ type: UserStatusEnum, description: serverOnly('The user\u2019s status.') }),
    role: t.field({ type: UserRoleEnum, description: serverOnly('The user\u2019s role.') }),
    note: t.string({ description: serverOnly('A private note for the team\u2019s members.') }),
    emailConsent: t.boolean({ description: serverOnly('Subscribed to email; the time of a change is recorded.') }),
  }),
});

const IdentifyInput = builder.inputType('IdentifyInput', {
  description: 'At least one of externalId and email. The user is looked up by externalId when given, else by email.',
  fields: (t) => ({
    externalId: t.string({ description: 'The team\u2019s own id for the user; defaults to the email for a new user.' }),
    email: t.string({ description: 'Added to a user without one; a different email than the stored one is EMAIL_IMMUTABLE.' }),
    userHash: t.string({
      description:
        'Client API: lowercase hex HMAC-SHA256 of the externalId (or, without one, the email) keyed with the team\u2019s ' +
        'identity secret, computed on your server. Valid → a verified USER; missing or wrong → a LEAD. Ignored for the server API.',
    }),
    traits: t.field({ type: IdentifyTraitsInput }),
    properties: t.field({ type: 'JSON', description: 'Custom property values keyed by definition key; keys given are set (null removes).' }),
  }),
});

const IdentifyPayload = builder.objectRef<IdentifyResult>('IdentifyPayload').implement({
  fields: (t) => ({
    userId: t.globalID({ resolve: (p) => ({ type: UserRef, id: p.user.id }) }),
    kind: t.field({ type: UserKindEnum, resolve: (p) => p.user.kind }),
    user: t.field({
      type: UserRef,
      nullable: true,
      description:
        'The user as stored. Null for an unverified visitor of the client API: a browser learns nothing about a ' +
        'record it merely claims.',
      resolve: (p, _args, ctx) => (ctx.viewer?.kind === 'public' && !p.verified ? null : p.user),
    }),
    created: t.exposeBoolean('created', { description: 'Whether this call created the user (or lead).' }),
    verified: t.exposeBoolean('verified', { description: 'A verified USER (server API, or a valid userHash); false for a LEAD.' }),
  }),
});

builder.mutationField('identify', (t) =>
  t.field({
    description:
      'Creates or updates a user by externalId or email and marks them seen now. The server API (users:write) writes a ' +
      'verified USER and may set every trait. The client API (X-Pavior-Key) writes that USER only with a valid userHash; ' +
      'otherwise a LEAD of the same externalId/email, which never touches a verified user. Validated like createUser/' +
      'updateUser (codes REQUIRED, TOO_LONG, INVALID_EMAIL, EMAIL_IMMUTABLE, UNIQUE, FORBIDDEN_FIELD, UNKNOWN_PROPERTY, TYPE…).',
    type: IdentifyPayload,
    authScopes: { $any: { publicClient: true, scope: 'users:write' } },
    errors: { types: [ValidationError] },
    args: { input: t.arg({ type: IdentifyInput, required: true }) },
    resolve: (_root, { input }, ctx) => identify(ctx.db, requireViewer(ctx), input),
  }),
);
