import { sql } from 'kysely';
import type { Db, ImportCreatedKind } from '../../db/types.ts';
import { type LabelKind, lockLabelsByIds } from '../groups/labels.ts';
import { GROUPS } from '../groups/queries.ts';
import { TAGS } from '../tags/queries.ts';

// What an import created — groups, tags, property definitions — recorded by id in the
// transaction that created them (so a batch rolled back records nothing), and removed again by
// its revert when nothing uses them any more. Only rows an INSERT … ON CONFLICT DO NOTHING really
// returned are recorded: a label or definition that existed, or that a concurrent writer created
// first, was not the import's. See migrations/20261122000800_import_created_targets.ts.

const anyUuid = (ids: readonly string[]) => sql<string>`any(${[...ids]}::uuid[])`;

/**
 * Never edited since it was created: an INSERT gives created_at and updated_at the same now();
 * every edit (a rename, a description, a rule) moves updated_at. An edited target is someone's
 * later work, not the import's, and stays.
 */
const UNEDITED = sql`updated_at = created_at`;

/** Records targets the import has just created; one already recorded (a resume) stays once. */
export async function recordCreatedTargets(db: Db, importId: string, kind: ImportCreatedKind, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .insertInto('importCreatedTargets')
    .values(ids.map((targetId) => ({ importId, kind, targetId })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export interface CreatedTargets {
  groups: string[];
  tags: string[];
  properties: string[];
}

/**
 * The targets the import created that still exist, locked FOR UPDATE for the rest of the
 * transaction: no one can link a user to such a label (linking share-locks it, and the link's
 * foreign key key-share-locks it) until the revert ends. Called before the revert locks any user,
 * as labels and definitions are locked before users by every writer.
 */
export async function lockCreatedTargets(db: Db, teamId: string, importId: string): Promise<CreatedTargets> {
  const rows = await db.selectFrom('importCreatedTargets').select(['kind', 'targetId']).where('importId', '=', importId).execute();
  const ids = (kind: ImportCreatedKind) => rows.filter((r) => r.kind === kind).map((r) => r.targetId);
  const lockLabels = async (kind: LabelKind, labelIds: string[]) => (await lockLabelsByIds(db, kind, teamId, labelIds, 'update')).map((l) => l.id);
  const groups = await lockLabels(GROUPS, ids('GROUP'));
  const tags = await lockLabels(TAGS, ids('TAG'));
  const propertyIds = ids('PROPERTY');
  const properties = propertyIds.length
    ? (
        await db
          .selectFrom('propertyDefinitions')
          .select('id')
          .where('teamId', '=', teamId)
          .where('id', '=', anyUuid(propertyIds))
          .orderBy('id')
          .forUpdate()
          .execute()
      ).map((d) => d.id)
    : [];
  return { groups, tags, properties };
}

/** Deletes those of `ids` no user is linked to, in one statement; returns how many. */
async function deleteUnlinkedLabels(db: Db, kind: LabelKind, teamId: string, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const links = sql.raw(kind.table === 'groups' ? 'user_groups' : 'user_tags');
  const key = sql.raw(kind.table === 'groups' ? 'group_id' : 'tag_id');
  const result = await sql`
    delete from ${sql.raw(kind.table)} as label
     where label.team_id = ${teamId} and label.id = ${anyUuid(ids)} and ${UNEDITED}
       and not exists (select 1 from ${links} as link where link.team_id = ${teamId} and link.${key} = label.id)`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * Deletes the locked targets nothing uses after the revert: labels no user is linked to,
 * definitions no user of the team holds a value for, each never edited since. One still in use
 * (a user linked to it, or a value set, by other work since) or edited belongs to that work and
 * stays. No user changes: nobody carried what is deleted.
 */
export async function deleteUnusedCreatedTargets(db: Db, teamId: string, targets: CreatedTargets): Promise<{ groups: number; tags: number; properties: number }> {
  const groups = await deleteUnlinkedLabels(db, GROUPS, teamId, targets.groups);
  const tags = await deleteUnlinkedLabels(db, TAGS, teamId, targets.tags);
  let properties = 0;
  if (targets.properties.length) {
    const result = await sql`
      delete from property_definitions as d
       where d.team_id = ${teamId} and d.id = ${anyUuid(targets.properties)} and ${UNEDITED}
         and not exists (select 1 from users as u where u.team_id = ${teamId} and u.properties ? d.key)`.execute(db);
    properties = Number(result.numAffectedRows ?? 0);
  }
  return { groups, tags, properties };
}
