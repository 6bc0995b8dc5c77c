import { sql } from 'kysely';
import type { Db, Event, Import, ImportResultCounts } from '../../db/types.ts';
import { ConflictError, NotFoundError } from '../../errors.ts';
import { insertMissingLabels, type LabelKind, lockLabelsByNames } from '../groups/labels.ts';
import { GROUPS } from '../groups/queries.ts';
import type { Actor } from '../history/actor.ts';
import { type FieldChange, recordChanges } from '../history/record.ts';
import { listPropertyDefinitions } from '../properties/queries.ts';
import { TAGS } from '../tags/queries.ts';
import { lockImport, teamSources, wrongStatus } from './configure.ts';
import { recordCreatedTargets } from './created-targets.ts';
import { ClaimRegistry, checkClaimsAgainstUsers, findExistingUsers, type LabelIndex, planRow, type RowPlan } from './plan.ts';
import { countImportErrors } from './queries.ts';
import { recordImportedEvents } from './imported-events.ts';
import type { StagedRow } from './staged-rows.ts';
import { type ParsedRow, parseRow, resolveStoredMapping } from './validate-rows.ts';
import { applyUserPatches, insertIdentities, insertImportErrors, insertLabelLinks, insertUsers } from './writes.ts';

// Step 3 of an import: the commit. commitImport only switches the import to RUNNING; runner.ts
// then feeds `commitBatch` the staged rows, batch by batch, one transaction each. Every row is
// planned again there, against the users as they are now (locked), so what is written is what
// the file says under the policy, and a row that can no longer be written is recorded as a
// COMMIT error and counted as failed, never dropped.

const EMPTY_RESULT: ImportResultCounts = { created: 0, updated: 0, unchanged: 0, failed: 0 };
const clockMs = sql<Date>`date_trunc('milliseconds', clock_timestamp())`;

/**
 * Starts (VALIDATED) or resumes (FAILED, from its checkpoint) an import: RUNNING, owned by the
 * caller through `heartbeatAt`, which then runs it. A VALIDATED import with errors is refused
 * (HAS_ERRORS, with the count) unless it was configured with skipInvalidRows.
 */
export async function startCommit(db: Db, teamId: string, id: string): Promise<Import> {
  return db.transaction().execute(async (trx) => {
    const imp = await lockImport(trx, teamId, id);
    if (!imp) throw new NotFoundError('Import', ['input', 'id']);
    if (imp.status !== 'VALIDATED' && imp.status !== 'FAILED') {
      throw wrongStatus(imp, 'only a VALIDATED import can be committed (or a FAILED one resumed)');
    }
    if (imp.status === 'VALIDATED' && !imp.skipInvalidRows) {
      const errors = await countImportErrors(trx, id);
      if (errors > 0) {
        const rows = imp.preview?.invalid ?? 0;
        throw new ConflictError(
          'HAS_ERRORS',
          `${errors} error${errors === 1 ? '' : 's'} in ${rows} row${rows === 1 ? '' : 's'}: fix the file, or configure the import with skipInvalidRows to commit the valid rows only`,
          ['input', 'id'],
        );
      }
    }
    return trx
      .updateTable('imports')
      .set({
        status: 'RUNNING',
        cancelRequested: false,
        failure: null,
        finishedAt: null,
        startedAt: imp.startedAt ?? clockMs,
        result: JSON.stringify(imp.result ?? EMPTY_RESULT),
        heartbeatAt: clockMs,
        updatedAt: clockMs,
      })
      .where('id', '=', id)
      .where('teamId', '=', teamId)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

/**
 * Cancels an import: a RUNNING one stops after the batch in hand (CANCELLED, what was committed
 * stays and `progress.processed` says how far it got); one not started (ANALYZED, VALIDATED) or
 * FAILED is CANCELLED at once.
 */
export async function cancelImport(db: Db, teamId: string, id: string): Promise<Import> {
  return db.transaction().execute(async (trx) => {
    const imp = await lockImport(trx, teamId, id);
    if (!imp) throw new NotFoundError('Import', ['input', 'id']);
    const update = trx.updateTable('imports').where('id', '=', id).where('teamId', '=', teamId).returningAll();
    if (imp.status === 'RUNNING') return update.set({ cancelRequested: true, updatedAt: clockMs }).executeTakeFirstOrThrow();
    if (imp.status === 'ANALYZED' || imp.status === 'VALIDATED' || imp.status === 'FAILED') {
      return update.set({ status: 'CANCELLED', heartbeatAt: null, finishedAt: clockMs, updatedAt: clockMs }).executeTakeFirstOrThrow();
    }
    throw wrongStatus(imp, 'it has ended already');
  });
}

/** Who an import's changes are recorded as: the import, on behalf of whoever uploaded it. */
export function importActor(imp: Pick<Import, 'id' | 'createdByMemberId' | 'createdByApiKeyId'>): Actor {
  return { origin: 'IMPORT', importId: imp.id, memberId: imp.createdByMemberId, apiKeyId: imp.createdByApiKeyId };
}

/** Comma-separated label names of a column across the rows that will be written, first spelling first. */
async function labelNamesInFile(db: Db, importId: string, index: number): Promise<string[]> {
  const result = await sql<{ name: string }>`
    select distinct on (lower(btrim(n))) btrim(n) as name
      from import_rows as r, unnest(string_to_array(r.cells[${index + 1}], ',')) as n
     where r.import_id = ${importId} and (r.action is null or r.action = 'UPDATE') -- null: CREATE (StagedRow)
       and btrim(n) <> '' and lower(btrim(n)) <> 'none'
     order by lower(btrim(n)), r.row_number`.execute(db);
  return result.rows.map((r) => r.name);
}

const LABELS_PER_STATEMENT = 10_000;
const createdKind = (kind: LabelKind) => (kind.table === 'groups' ? 'GROUP' : 'TAG');

/**
 * Creates, once and before any batch, what the commit needs that does not exist: NEW_PROPERTY
 * definitions, the missing groups (createMissingGroups) and tags. In its own transaction; safe
 * to run again on resume (what exists is left alone). What it really created is recorded in the
 * same transaction, for revertImport to remove.
 */
export async function createMissingTargets(db: Db, imp: Import): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const mapping = resolveStoredMapping(imp, await listPropertyDefinitions(trx, imp.teamId));
    if (mapping.newProperties.length) {
      const created = await trx
        .insertInto('propertyDefinitions')
        .values(mapping.newProperties.map((p) => ({ teamId: imp.teamId, key: p.key, label: p.label, type: p.type })))
        .onConflict((oc) => oc.columns(['teamId', 'key']).doNothing())
        .returning('id')
        .execute();
      await recordCreatedTargets(trx, imp.id, 'PROPERTY', created.map((d) => d.id));
    }
    for (const [kind, col, create] of [
      [GROUPS, mapping.groups, imp.createMissingGroups],
      [TAGS, mapping.tags, true],
    ] as const) {
      if (!col || !create) continue;
      const names = await labelNamesInFile(trx, imp.id, col.index);
      for (let i = 0; i < names.length; i += LABELS_PER_STATEMENT) {
        const created = await insertMissingLabels(trx, kind, imp.teamId, names.slice(i, i + LABELS_PER_STATEMENT));
        await recordCreatedTargets(trx, imp.id, createdKind(kind), created);
      }
    }
  });
}

/**
 * The labels a batch names, share-locked (a concurrent delete waits for the batch), by
 * lower-cased name. Missing ones are created first when `create` (tags always; groups with
 * createMissingGroups — they were created up front, this covers one deleted since), and
 * recorded as the import's in the batch's transaction.
 */
async function lockBatchLabels(db: Db, imp: Import, kind: LabelKind, names: readonly string[], create: boolean): Promise<LabelIndex> {
  const teamId = imp.teamId;
  const unique = [...new Map(names.map((n) => [n.toLowerCase(), n])).values()];
  let found = await lockLabelsByNames(db, kind, teamId, unique);
  if (create && found.length < unique.length) {
    const have = new Set(found.map((l) => l.name.toLowerCase()));
    const created = await insertMissingLabels(db, kind, teamId, unique.filter((n) => !have.has(n.toLowerCase())));
    await recordCreatedTargets(db, imp.id, createdKind(kind), created);
    found = await lockLabelsByNames(db, kind, teamId, unique);
  }
  return new Map(found.map((l) => [l.name.toLowerCase(), { id: l.id, name: l.name }]));
}

export interface BatchOutcome extends ImportResultCounts {
  /** The `user.imported` events written, to publish once the batch commits. */
  events: Event[];
}

/**
 * Commits one batch of staged rows inside the caller's transaction, set-based: a few reads for
 * the whole batch (labels, users, definitions, uniqueness), then one statement each for the
 * created users, the updated users, group links, tag links, identities, history and events.
 * Rows found INVALID by validation are skipped (counted failed; they were only committed with
 * skipInvalidRows); rows that cannot be written now are recorded as COMMIT errors.
 */
export async function commitBatch(trx: Db, imp: Import, rows: readonly StagedRow[]): Promise<BatchOutcome> {
  const teamId = imp.teamId;
  const outcome: BatchOutcome = { ...EMPTY_RESULT, events: [] };
  const definitions = await listPropertyDefinitions(trx, teamId);
  const mapping = resolveStoredMapping(imp, definitions);
  const sources = await teamSources(trx, teamId);
  const valid = rows.filter((r) => r.action !== 'INVALID');
  outcome.failed += rows.length - valid.length;
  const parsed = valid.map((row) => parseRow(mapping, sources, row));

  // Labels before users, as every writer locks them.
  const namesOf = (list: 'groups' | 'tags') => parsed.flatMap((p: ParsedRow) => p[list] ?? []);
  const groups = await lockBatchLabels(trx, imp, GROUPS, namesOf('groups'), imp.createMissingGroups);
  const tags = await lockBatchLabels(trx, imp, TAGS, namesOf('tags'), true);
  const existing = await findExistingUsers(trx, teamId, mapping, parsed, true);
  const setup = { mapping, policy: imp.conflictPolicy ?? 'OVERWRITE', definitions, groups, tags, createMissingGroups: false };
  const plans = parsed.map((p) => planRow(setup, p, existing.get(p.key) ?? null));
  const registry = new ClaimRegistry('batch');
  for (const plan of plans) registry.claim(plan, mapping);
  await checkClaimsAgainstUsers(trx, teamId, mapping, plans);

  const failed = plans.filter((p) => p.action === 'INVALID');
  outcome.failed += failed.length;
  await insertImportErrors(trx, imp.id, 'COMMIT', failed.flatMap((p) => p.issues.map((issue) => ({ ...issue, rowNumber: p.rowNumber }))));

  const creates = plans.filter((p) => p.action === 'CREATE');
  const updates = plans.filter((p) => p.action === 'UPDATE');
  outcome.unchanged = plans.filter((p) => p.action === 'UNCHANGED').length;
  outcome.created = creates.length;
  outcome.updated = updates.length;

  const created = await insertUsers(trx, teamId, creates.map((p) => p.values));
  const userIdOf = (p: RowPlan) => p.existing?.user.id ?? created.get(p.values.externalId!)!;
  // Every updated user is touched (updatedAt), including one that only gains a group.
  await applyUserPatches(trx, teamId, updates.map((p) => ({ id: userIdOf(p), values: p.values })));

  const written = [...creates, ...updates];
  await insertLabelLinks(trx, GROUPS, teamId, written.flatMap((p) => p.addGroups.map((name) => ({ userId: userIdOf(p), labelId: groups.get(name.toLowerCase())!.id! }))));
  await insertLabelLinks(trx, TAGS, teamId, written.flatMap((p) => p.addTags.map((name) => ({ userId: userIdOf(p), labelId: tags.get(name.toLowerCase())!.id! }))));
  await insertIdentities(trx, teamId, written.flatMap((p) => p.addIdentities.map((pair) => ({ userId: userIdOf(p), ...pair }))));

  const changes: FieldChange[] = written.flatMap((p) => p.changes.map((c) => ({ ...c, userId: userIdOf(p) })));
  await recordChanges(trx, teamId, importActor(imp), changes);
  outcome.events = await recordImportedEvents(trx, teamId, imp.id, written.map((p) => ({ userId: userIdOf(p), action: p.action === 'CREATE' ? 'created' : 'updated' })));
  return outcome;
}

export function addCounts(total: ImportResultCounts | null, batch: ImportResultCounts): ImportResultCounts {
  const base = total ?? EMPTY_RESULT;
  return {
    created: base.created + batch.created,
    updated: base.updated + batch.updated,
    unchanged: base.unchanged + batch.unchanged,
    failed: base.failed + batch.failed,
  };
}
