import {
  AppError,
  ConflictError,
  CredentialsError,
  DefinitionChangeError,
  type FieldIssue,
  LimitError,
  NotFoundError,
  ValidationError,
} from '../server/errors.ts';
import { builder } from './builder.ts';

// Expected failures are results, not exceptions: every mutation's result union lists the error
// types it can answer with, and all of them implement `Error`.

export const ErrorInterface = builder.interfaceRef<AppError>('Error').implement({
  description: 'An expected failure of a mutation.',
  fields: (t) => ({
    message: t.exposeString('message', { description: 'For people; may change.' }),
    code: t.exposeString('code', { description: 'For programs; stable. Each error type documents its codes.' }),
    path: t.exposeStringList('path', {
      nullable: true,
      description: 'Path of the input at fault, e.g. ["input", "slug"]; null when no single input is.',
    }),
  }),
});

const FieldIssueRef = builder.objectRef<FieldIssue>('FieldIssue').implement({
  description: 'One invalid input.',
  fields: (t) => ({
    path: t.exposeStringList('path'),
    code: t.exposeString('code'),
    message: t.exposeString('message'),
  }),
});

builder.objectType(ValidationError, {
  name: 'ValidationError',
  description:
    'Input is invalid. `code`/`path` describe the first problem and `issues` lists all of them. ' +
    'Codes include REQUIRED, TOO_LONG, INVALID_EMAIL, INVALID_SLUG, RESERVED_SLUG, PASSWORD_TOO_SHORT, ' +
    'PASSWORD_TOO_LONG, INVALID_SCOPE.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ValidationError,
  fields: (t) => ({ issues: t.field({ type: [FieldIssueRef], resolve: (error) => error.issues }) }),
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  description: 'Nothing with that ID exists in your team (code NOT_FOUND). Another team\u2019s ID answers the same.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof NotFoundError,
  fields: () => ({}),
});

builder.objectType(ConflictError, {
  name: 'ConflictError',
  description:
    'The request clashes with current state. Codes: SLUG_TAKEN, ALREADY_MEMBER, LAST_ADMIN, INVITE_INVALID.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ConflictError,
  fields: () => ({}),
});

builder.objectType(CredentialsError, {
  name: 'CredentialsError',
  description:
    'Login failed. INVALID_CREDENTIALS (the same for an unknown team, unknown email and wrong password) ' +
    'or TOO_MANY_ATTEMPTS (locked for `retryAfterSeconds`).',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof CredentialsError,
  fields: (t) => ({ retryAfterSeconds: t.exposeInt('retryAfterSeconds', { nullable: true }) }),
});

builder.objectType(LimitError, {
  name: 'LimitError',
  description: 'A documented limit was exceeded (code LIMIT_EXCEEDED).',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof LimitError,
  fields: () => ({}),
});

builder.objectType(DefinitionChangeError, {
  name: 'DefinitionChangeError',
  description:
    'A property definition change would break stored values and was not applied (code WOULD_BREAK). ' +
    '`path` names the input at fault when there is one cause.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof DefinitionChangeError,
  fields: (t) => ({
    breakingCount: t.int({ description: 'Users whose value breaks the change, in all.', resolve: (e) => e.counts.breaking }),
    invalidCount: t.int({ description: 'Stored values the new constraints reject.', resolve: (e) => e.counts.invalid }),
    duplicateCount: t.int({ description: 'Values repeating an older user\u2019s, for a property becoming unique.', resolve: (e) => e.counts.duplicate }),
    missingCount: t.int({ description: 'Users without a value of a property becoming required.', resolve: (e) => e.counts.missing }),
  }),
});
