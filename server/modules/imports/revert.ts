import { sql } from 'kysely';
import { isUniqueViolation } from '../../db/pg-errors.ts';
import type { Address, Db, Import, JsonObject, JsonValue, User } from '../../db/types.ts';
import { ConflictError, NotFoundError, type RevertConflict, RevertConflictError } from '../../errors.ts';
import { labelsByUserIds, lockUsers } from '../groups/labels.ts';
import { GROUPS } from '../groups/queries.ts';
import type { Actor } from '../history/actor.ts';
import { diffFields, diffProperties, type FieldChange, recordChanges } from '../history/record.ts';
import { listIdentitiesOfUsers } from '../sources/queries.ts';
import { formatIdentity } from '../sources/identity-list.ts';
import { TAGS } from '../tags/queries.ts';
import { RECORDED_ATTRIBUTES } from '../users/attributes.ts';
import { deleteUserRows } from '../users/queries.ts';
import { lockImport, wrongStatus } from './configure.ts';
import { deleteUnusedCreatedTargets, lockCreatedTargets } from './created-targets.ts';
import { canonicalAddress, sortNames, type UserValues } from './plan.ts';
import { applyUserPatches, deleteIdentities, deleteLabelLinksByName } from './writes.ts';

// Step 4 of an import: undo it from the history it recorded (user_changes with its import_id and
// origin IMPORT) — users it created are deleted, fields it changed get their old values back,
// the groups, tags and identities it added are removed — then delete the groups, tags and
// property definitions it created that nothing uses any more (created-targets.ts). A field that
// changed again after the import (another member, key, client or import touched it) would lose
// that later change, so the revert refuses and lists them (LATER_CHANGES) unless forced. One
// transaction, set-based per chunk of users. The revert's own changes are recorded as made by
// whoever asked for it (member or API key), with the import's id: history shows who undid which
// import.

/** Conflicts listed in the error (all are counted). */
export const CONFLICTS_LISTED = 100;
const USERS_PER_CHUNK = 1000;
const REVERTIBLE = new Set(['COMPLETED', 'CANCELLED', 'FAILED']);

/**
 * Later changes to what the import changed: another origin or import touching the same field
 * of the same user (or, for a user it created, any field; or deleting the user) at or after
 * the import's change — but not an import reverted since, nor its revert. One query, however
 * large the import.
 */
async function findLaterChanges(db: Db, teamId: string, importId: string): Promise<{ conflicts: RevertConflict[]; total: number }> {
  const result = await sql<RevertConflict & { total: number }>`
    with mine as (
      select user_id, field, min(created_at) as created_at from user_changes
       where team_id = ${teamId} and import_id = ${importId} and origin = 'IMPORT'
       group by user_id, field
    ), later as (
      select distinct mine.user_id, later.field from mine
        join user_changes as later
          on later.team_id = ${teamId} and later.user_id = mine.user_id and later.created_at >= mine.created_at
         and later.import_id is distinct from ${importId}::uuid
         -- A reverted import's changes and their undoing cancel out.
         and not exists (select 1 from imports as undone where undone.id = later.import_id and undone.status = 'REVERTED')
         and (later.field = mine.field or mine.field = 'created' or later.field = 'deleted')
    )
    select later.user_id, later.field, users.external_id, count(*) over () as total
      from later left join users on users.team_id = ${teamId} and users.id = later.user_id
     order by users.external_id nulls last, later.user_id, later.field
     limit ${CONFLICTS_LISTED}`.execute(db);
  return {
    conflicts: result.rows.map(({ userId, field, externalId }) => ({ userId, field, externalId: externalId ?? null })),
    total: Number(result.rows[0]?.total ?? 0),
  };
}

interface Recorded {
  created: boolean;
  /** field → the value before the import (its first change of the field). */
  fields: Map<string, { oldValue: JsonValue | null; newValue: JsonValue | null }>;
}

const names = (value: JsonValue | null) => (Array.isArray(value) ? value.map(String) : []);
/** What a list change (groups, tags, identities) added: in the new list and not in the old. */
function added(change: { oldValue: JsonValue | null; newValue: JsonValue | null } | undefined): string[] {
  if (!change) return [];
  const before = new Set(names(change.oldValue).map((n) => n.toLowerCase()));
  return names(change.newValue).filter((n) => !before.has(n.toLowerCase()));
}

/** Reverts the import's changes to one chunk of users, in the caller's transaction. */
async function revertUsers(db: Db, teamId: string, imp: Import, actor: Actor, userIds: string[]): Promise<void> {
  const rows = await db
    .selectFrom('userChanges')
    .select(['userId', 'field', 'oldValue', 'newValue'])
    .where('teamId', '=', teamId)
    .where('importId', '=', imp.id)
    .where('origin', '=', 'IMPORT')
    .where('userId', 'in', userIds)
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
  const recorded = new Map<string, Recorded>();
  for (const row of rows) {
    const entry = recorded.get(row.userId) ?? { created: false, fields: new Map() };
    recorded.set(row.userId, entry);
    if (row.field === 'created') entry.created = true;
    else if (!entry.fields.has(row.field)) entry.fields.set(row.field, { oldValue: row.oldValue, newValue: row.newValue });
  }

  // Users deleted since have nothing left to restore.
  const users = await lockUsers(db, teamId, userIds);
  const toDelete = users.filter((u) => recorded.get(u.id)?.created);
  const toRestore = users.filter((u) => !recorded.get(u.id)?.created);
  const changes: FieldChange[] = toDelete.map((u) => ({ userId: u.id, field: 'deleted', oldValue: JSON.parse(JSON.stringify(u)), newValue: null }));
  if (toDelete.length) await deleteUserRows(db, teamId, toDelete.map((u) => u.id));

  const ids = toRestore.map((u) => u.id);
  const [groups, tags, identities] = await Promise.all([
    labelsByUserIds(db, GROUPS, teamId, ids),
    labelsByUserIds(db, TAGS, teamId, ids),
    listIdentitiesOfUsers(db, teamId, ids),
  ]);
  const identitiesOf = new Map<string, typeof identities>();
  for (const x of identities) identitiesOf.set(x.userId, [...(identitiesOf.get(x.userId) ?? []), x]);
  const patches: { id: string; values: UserValues }[] = [];
  const unlinkGroups: { userId: string; name: string }[] = [];
  const unlinkTags: { userId: string; name: string }[] = [];
  const unlinkIdentities: { userId: string; source: string; username: string }[] = [];

  toRestore.forEach((user: User, i) => {
    const { fields } = recorded.get(user.id)!;
    const current = { ...user, address: canonicalAddress(user.address) } as unknown as Record<string, unknown>;
    const values: Record<string, unknown> = {};
    for (const field of RECORDED_ATTRIBUTES) {
      const change = fields.get(field);
      if (!change) continue;
      values[field] = field === 'address' ? canonicalAddress(change.oldValue as Address | null) : change.oldValue;
    }
    const attributeChanges = diffFields(user.id, current, values, RECORDED_ATTRIBUTES);
    const restored: UserValues = Object.fromEntries(attributeChanges.map((c) => [c.field, values[c.field]]));
    if ('emailConsent' in restored) restored.emailConsentChangedAt = new Date();

    const properties: JsonObject = { ...user.properties };
    for (const [field, change] of fields) {
      if (!field.startsWith('properties.')) continue;
      const key = field.slice('properties.'.length);
      if (change.oldValue === null) delete properties[key];
      else properties[key] = change.oldValue;
    }
    const propertyChanges = diffProperties(user.id, user.properties, properties);
    if (propertyChanges.length) restored.properties = properties;
    if (attributeChanges.length || propertyChanges.length) patches.push({ id: user.id, values: restored });
    changes.push(...attributeChanges, ...propertyChanges);

    for (const [field, list, unlink] of [
      ['groups', groups[i] ?? [], unlinkGroups],
      ['tags', tags[i] ?? [], unlinkTags],
    ] as const) {
      const remove = new Set(added(fields.get(field)).map((n) => n.toLowerCase()));
      const before = sortNames(list.map((l) => l.name));
      const after = before.filter((n) => !remove.has(n.toLowerCase()));
      if (after.length === before.length) continue;
      unlink.push(...before.filter((n) => remove.has(n.toLowerCase())).map((name) => ({ userId: user.id, name })));
      changes.push({ userId: user.id, field, oldValue: before, newValue: after });
    }

    const remove = new Set(added(fields.get('identities')).map((n) => n.toLowerCase()));
    const before = identitiesOf.get(user.id) ?? [];
    const removed = before.filter((x) => remove.has(formatIdentity(x).toLowerCase()));
    if (removed.length) {
      unlinkIdentities.push(...removed.map((x) => ({ userId: user.id, source: x.source, username: x.username })));
      const list = before.map(formatIdentity).sort();
      changes.push({ userId: user.id, field: 'identities', oldValue: list, newValue: list.filter((x) => !remove.has(x.toLowerCase())) });
    }
  });

  await applyUserPatches(db, teamId, patches);
  await deleteLabelLinksByName(db, GROUPS, teamId, unlinkGroups);
  await deleteLabelLinksByName(db, TAGS, teamId, unlinkTags);
  await deleteIdentities(db, teamId, unlinkIdentities);
  await recordChanges(db, teamId, actor, changes);
}

/**
 * Reverts a COMPLETED (or CANCELLED or FAILED: what it committed) import, all or nothing.
 * LATER_CHANGES (RevertConflictError) when something it changed has changed since, unless
 * `force`, which restores the import's old values over them (a user deleted since stays deleted).
 * Groups, tags and definitions it created go too, unless still in use (forced or not).
 */
export async function revertImport(db: Db, teamId: string, requester: Actor, id: string, force: boolean): Promise<Import> {
  try {
    return await db.transaction().execute(async (trx) => {
      const imp = await lockImport(trx, teamId, id);
      if (!imp) throw new NotFoundError('Import', ['input', 'id']);
      if (!REVERTIBLE.has(imp.status)) throw wrongStatus(imp, 'only a COMPLETED, CANCELLED or FAILED import can be reverted');
      if (!force) {
        const { conflicts, total } = await findLaterChanges(trx, teamId, id);
        if (total > 0) {
          const shown = conflicts.slice(0, 5).map((c) => `${c.externalId ?? c.userId} ${c.field}`).join(', ');
          throw new RevertConflictError(
            `${total} field${total === 1 ? ' has' : 's have'} changed since the import (${shown}${total > 5 ? ', …' : ''}); revert with force to undo them too`,
            conflicts,
            total,
            ['input', 'id'],
          );
        }
      }
      // Before any user: labels and definitions are locked before users by every writer.
      const created = await lockCreatedTargets(trx, teamId, id);
      const actor: Actor = { ...requester, importId: imp.id };
      const touched = await trx
        .selectFrom('userChanges')
        .select('userId')
        .distinct()
        .where('teamId', '=', teamId)
        .where('importId', '=', id)
        .where('origin', '=', 'IMPORT')
        .orderBy('userId')
        .execute();
      for (let i = 0; i < touched.length; i += USERS_PER_CHUNK) {
        await revertUsers(trx, teamId, imp, actor, touched.slice(i, i + USERS_PER_CHUNK).map((t) => t.userId));
      }
      await deleteUnusedCreatedTargets(trx, teamId, created);
      return trx
        .updateTable('imports')
        .set({ status: 'REVERTED', updatedAt: sql<Date>`date_trunc('milliseconds', clock_timestamp())` })
        .where('id', '=', id)
        .where('teamId', '=', teamId)
        .returningAll()
        .executeTakeFirstOrThrow();
    });
  } catch (error) {
    // Restoring an external ID another user has taken since.
    if (isUniqueViolation(error)) {
      throw new ConflictError('RESTORE_CLASH', 'A value the import replaced is now held by another user, so it cannot be restored; nothing was reverted', ['input', 'id']);
    }
    throw error;
  }
}
