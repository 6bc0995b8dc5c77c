import { GraphQLError } from 'graphql';
import { Repeater } from 'graphql-yoga';
import type { Import } from '../server/db/types.ts';
import { type Context, requireViewer } from '../server/context.ts';
import { ConflictError, NotFoundError, type RevertConflict, RevertConflictError, ValidationError } from '../server/errors.ts';
import { actorOf } from '../server/modules/history/actor.ts';
import { cancelImport, startCommit } from '../server/modules/imports/commit.ts';
import { configureImport } from '../server/modules/imports/configure.ts';
import { errorReportUrl } from '../server/modules/imports/error-report.ts';
import { FINAL_STATUSES, publishImport, reviveImport } from '../server/modules/imports/progress.ts';
import { findImportsByIds } from '../server/modules/imports/queries.ts';
import { revertImport } from '../server/modules/imports/revert.ts';
import { runImportInBackground } from '../server/modules/imports/runner.ts';
import { builder } from './builder.ts';
import { ErrorInterface } from './errors.ts';
import { decodeInputId } from './global-id.ts';
import { ConflictPolicyEnum, ImportRef, MappingTargetKindEnum } from './import.ts';
import { PropertyTypeEnum } from './property-definition.ts';
import { UserRef } from './user.ts';

// Steps 2–4 of the import flow: configureImport (validate every row: errors and preview),
// commitImport (RUNNING in the background, batch by batch, with live progress), cancelImport,
// revertImport (undo from the recorded history), and the importProgress subscription.

const ColumnMappingInput = builder.inputType('ColumnMappingInput', {
  description: 'Where one column of the file goes. Columns not listed are skipped.',
  fields: (t) => ({
    column: t.string({ required: true, description: 'A column name, as in Import.columns.' }),
    kind: t.field({ type: MappingTargetKindEnum, required: true }),
    key: t.string({ description: 'ATTRIBUTE: the attribute (externalId, email, status, role, displayName, address.city…); PROPERTY / NEW_PROPERTY: the property key.' }),
    type: t.field({ type: PropertyTypeEnum, description: 'NEW_PROPERTY: the type to create (not ENUM).' }),
    label: t.string({ description: 'NEW_PROPERTY: its label; the column name by default.' }),
  }),
});

const ConfigureImportInput = builder.inputType('ConfigureImportInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    idColumn: t.string({
      required: true,
      description: 'One of idColumnCandidates, mapped to externalId or email: existing users (USER kind) are matched by it.',
    }),
    mapping: t.field({ type: [ColumnMappingInput], required: true }),
    conflictPolicy: t.field({ type: ConflictPolicyEnum, defaultValue: 'OVERWRITE' }),
    createMissingGroups: t.boolean({ defaultValue: false, description: 'Create the groups the file names that do not exist (else UNKNOWN_GROUP).' }),
    createMissingProperties: t.boolean({ defaultValue: false, description: 'Allow NEW_PROPERTY columns (created when the import commits).' }),
    skipInvalidRows: t.boolean({ defaultValue: false, description: 'Let commitImport write the valid rows while others have errors (else it refuses: HAS_ERRORS).' }),
  }),
});

const ImportIdInput = builder.inputType('ImportIdInput', { fields: (t) => ({ id: t.id({ required: true }) }) });

const RevertImportInput = builder.inputType('RevertImportInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    force: t.boolean({ defaultValue: false, description: 'Undo even fields changed since the import (their later values are lost).' }),
  }),
});

const RevertConflictRef = builder.objectRef<RevertConflict>('RevertConflict').implement({
  description: 'A field of a user that changed after the import changed it.',
  fields: (t) => ({
    userId: t.globalID({ resolve: (c) => ({ type: UserRef, id: c.userId }) }),
    externalId: t.exposeString('externalId', { nullable: true, description: 'Null when the user has been deleted since.' }),
    field: t.exposeString('field', { description: 'An attribute, `properties.<key>`, groups, tags, identities, or deleted.' }),
  }),
});

builder.objectType(RevertConflictError, {
  name: 'RevertConflictError',
  description:
    'The import cannot be reverted without undoing later changes (code LATER_CHANGES); nothing was changed. ' +
    'Revert with force to undo them too.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof RevertConflictError,
  fields: (t) => ({
    conflicts: t.field({ type: [RevertConflictRef], description: 'The first 100 conflicts, by externalId.', resolve: (e) => e.conflicts }),
    conflictCount: t.exposeInt('conflictCount', { description: 'How many there are in all.' }),
  }),
});

builder.objectFields(ImportRef, (t) => ({
  cancelRequested: t.exposeBoolean('cancelRequested', { description: 'cancelImport was asked; the import stops after the batch in hand.' }),
  errorReportUrl: t.string({
    nullable: true,
    description: 'A signed, short-lived link to the errors as CSV (row, column, value, code, message, phase); null while there are none.',
    resolve: (i, _args, ctx) => errorReportUrl(ctx, i),
  }),
}));

function importIdOf(id: string | number): string {
  return decodeInputId(String(id), 'Import', ['input', 'id']);
}

/** Another instance, or a subscriber, hears every state change at once. */
function published(ctx: Context) {
  return (imp: Import) => {
    publishImport(ctx.pubsub, imp);
    return imp;
  };
}

builder.mutationField('configureImport', (t) =>
  t.field({
    description:
      'Maps the columns and validates every row (the property validator and the template\u2019s rules: Current Status ' +
      'Active/Archived, Role User/Admin/Supervisor, Groups comma-separated or `none`, Source Username(s) as ' +
      'source:username). Answers the import VALIDATED, with `errors` (codes such as REQUIRED, INVALID_EMAIL, TOO_LONG, ' +
      'INVALID_STATUS, INVALID_ROLE, UNKNOWN_GROUP, INVALID_LIST, INVALID_IDENTITY, UNKNOWN_SOURCE, SOURCE_DISABLED, ' +
      'DUPLICATE_ID, EMAIL_IMMUTABLE, UNIQUE, TYPE, MIN, MAX, PATTERN, OPTION) and the `preview` under the conflict ' +
      'policy. A blank cell never clears a value. ValidationError for the mapping itself (INVALID_ID_COLUMN, ' +
      'UNKNOWN_COLUMN, DUPLICATE_COLUMN, DUPLICATE_TARGET, UNKNOWN_ATTRIBUTE, UNKNOWN_PROPERTY, NOT_ALLOWED, ' +
      'INVALID_KEY, RESERVED_KEY, PROPERTY_EXISTS, REQUIRED, NOT_APPLICABLE); ConflictError WRONG_STATUS unless ' +
      'ANALYZED or VALIDATED. Requires imports:write.',
    type: ImportRef,
    authScopes: { scope: 'imports:write' },
    errors: { types: [ValidationError, NotFoundError, ConflictError] },
    args: { input: t.arg({ type: ConfigureImportInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const viewer = requireViewer(ctx);
      const imp = await configureImport(ctx.db, viewer.teamId, importIdOf(input.id), {
        idColumn: input.idColumn,
        mapping: input.mapping,
        conflictPolicy: input.conflictPolicy ?? 'OVERWRITE',
        createMissingGroups: input.createMissingGroups ?? false,
        createMissingProperties: input.createMissingProperties ?? false,
        skipInvalidRows: input.skipInvalidRows ?? false,
      });
      return published(ctx)(imp);
    },
  }),
);

builder.mutationField('commitImport', (t) =>
  t.field({
    description:
      'Starts writing a VALIDATED import (or resumes a FAILED one from its checkpoint) in the background and answers ' +
      'it RUNNING; follow it with importProgress. ConflictError HAS_ERRORS while rows have errors (unless configured ' +
      'with skipInvalidRows), WRONG_STATUS otherwise. Requires imports:write.',
    type: ImportRef,
    authScopes: { scope: 'imports:write' },
    errors: { types: [NotFoundError, ConflictError] },
    args: { input: t.arg({ type: ImportIdInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const imp = await startCommit(ctx.db, requireViewer(ctx).teamId, importIdOf(input.id));
      // Not awaited: the import runs on after this answer, its state in its row.
      void runImportInBackground(ctx, imp);
      return imp;
    },
  }),
);

builder.mutationField('cancelImport', (t) =>
  t.field({
    description:
      'Stops a RUNNING import after the batch in hand (it ends CANCELLED; the rows committed so far stay, ' +
      '`progress.processed` says how many); an import not started, or FAILED, is CANCELLED at once. ' +
      'ConflictError WRONG_STATUS once it has ended. Requires imports:write.',
    type: ImportRef,
    authScopes: { scope: 'imports:write' },
    errors: { types: [NotFoundError, ConflictError] },
    args: { input: t.arg({ type: ImportIdInput, required: true }) },
    resolve: async (_root, { input }, ctx) => published(ctx)(await cancelImport(ctx.db, requireViewer(ctx).teamId, importIdOf(input.id))),
  }),
);

builder.mutationField('revertImport', (t) =>
  t.field({
    description:
      'Undoes a COMPLETED (or CANCELLED or FAILED) import from the changes it recorded: the users it created are ' +
      'deleted, the fields it changed get their old values, the groups, tags and identities it added are removed; ' +
      'it ends REVERTED. RevertConflictError (LATER_CHANGES) lists the fields changed since, unless force. The ' +
      'revert\u2019s own changes are recorded as yours, with the import\u2019s id. Requires imports:write.',
    type: ImportRef,
    authScopes: { scope: 'imports:write' },
    errors: { types: [NotFoundError, ConflictError, RevertConflictError] },
    args: { input: t.arg({ type: RevertImportInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const viewer = requireViewer(ctx);
      return published(ctx)(await revertImport(ctx.db, viewer.teamId, actorOf(viewer), importIdOf(input.id), input.force ?? false));
    },
  }),
);

const notFound = () => new GraphQLError('Import not found', { extensions: { code: 'NOT_FOUND' } });

/**
 * The import now, then as it is published, until it ends. It subscribes before reading the
 * current state, so nothing falls between; a state older than one already sent is skipped.
 * A Repeater, so an unsubscribe ends the pub/sub iterator at once.
 */
function progressOf(ctx: Context, teamId: string, id: string) {
  return new Repeater<Import>(async (push, stop) => {
    // Pub/sub listens from the first next(): ask for it before reading the current state, so a
    // change that lands in between (even the final one) is not lost.
    const source = ctx.pubsub.subscribe('importProgress', id)[Symbol.asyncIterator]();
    let pending = source.next();
    void stop.then(() => source.return?.());
    const [current] = await findImportsByIds(ctx.db, teamId, [id]);
    if (!current) {
      void source.return?.();
      return stop(notFound());
    }
    await push(current);
    let last = current;
    while (!FINAL_STATUSES.has(last.status)) {
      const next = await pending;
      if (next.done) break;
      pending = source.next();
      const imp = reviveImport(next.value.import);
      if (imp.teamId !== teamId || imp.updatedAt < last.updatedAt) continue;
      last = imp;
      await push(imp);
    }
    void source.return?.();
    stop();
  });
}

builder.subscriptionField('importProgress', (t) =>
  t.field({
    description:
      'An import\u2019s state: first as it is now, then at every change (at least once a second while it runs) until ' +
      'it is COMPLETED, FAILED, CANCELLED or REVERTED; then the subscription completes. Another team\u2019s import ' +
      'answers NOT_FOUND. Requires imports:read.',
    type: ImportRef,
    authScopes: { scope: 'imports:read' },
    args: { id: t.arg.id({ required: true }) },
    subscribe: async (_root, { id }, ctx) => {
      const teamId = requireViewer(ctx).teamId;
      let importId: string;
      try {
        importId = importIdOf(id);
      } catch {
        throw notFound();
      }
      const [found] = await findImportsByIds(ctx.db, teamId, [importId]);
      if (!found) throw notFound();
      return progressOf(ctx, teamId, importId);
    },
    resolve: (imp) => imp,
  }),
);
