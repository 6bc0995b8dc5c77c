import { sql } from 'kysely';
import type { Db, Identity } from '../../db/types.ts';

// Team source settings and identities. Team id in every query.

/** The team's explicit choices, keyed by source key (absent: the default, enabled). */
export async function findSourceSettings(db: Db, teamId: string, keys?: readonly string[]): Promise<Map<string, boolean>> {
  if (keys && keys.length === 0) return new Map();
  let query = db.selectFrom('teamSources').select(['key', 'enabled']).where('teamId', '=', teamId);
  if (keys) query = query.where('key', 'in', keys);
  const rows = await query.execute();
  return new Map(rows.map((r) => [r.key, r.enabled]));
}

export async function upsertSourceSetting(db: Db, teamId: string, key: string, enabled: boolean): Promise<void> {
  await db
    .insertInto('teamSources')
    .values({ teamId, key, enabled })
    .onConflict((oc) => oc.columns(['teamId', 'key']).doUpdateSet({ enabled, updatedAt: new Date() }))
    .execute();
}

export function findIdentitiesByIds(db: Db, teamId: string, ids: readonly string[]): Promise<Identity[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('identities').selectAll().where('teamId', '=', teamId).where('id', 'in', ids).execute();
}

/** Every identity of these users in one query, by source then username (how they are shown). */
export function listIdentitiesOfUsers(db: Db, teamId: string, userIds: readonly string[]): Promise<Identity[]> {
  if (userIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('identities')
    .selectAll()
    .where('teamId', '=', teamId)
    .where('userId', 'in', userIds)
    .orderBy('source')
    .orderBy(sql`lower(username)`)
    .orderBy('id')
    .execute();
}

/**
 * The identities holding any of these (source, username) pairs, usernames compared
 * case-insensitively as the unique index does. One query for any number of pairs.
 */
export function findIdentitiesByPairs(
  db: Db,
  teamId: string,
  pairs: readonly { source: string; username: string }[],
): Promise<Identity[]> {
  if (pairs.length === 0) return Promise.resolve([]);
  // The pairs travel as one JSON parameter, so an import's thousands of rows are still one query.
  const wanted = JSON.stringify(pairs.map((p) => ({ source: p.source, username: p.username.toLowerCase() })));
  return db
    .selectFrom('identities')
    .selectAll()
    .where('teamId', '=', teamId)
    .where(
      sql<boolean>`(source, lower(username)) in (select w.source, w.username from jsonb_to_recordset(${wanted}::jsonb) as w(source text, username text))`,
    )
    .execute();
}

/** Inserts the identity unless the (team, source, username) is taken; then returns nothing. */
export function insertIdentityIfFree(
  db: Db,
  values: { teamId: string; userId: string; source: string; username: string },
): Promise<Identity | undefined> {
  return db.insertInto('identities').values(values).onConflict((oc) => oc.doNothing()).returningAll().executeTakeFirst();
}

export function deleteIdentityRow(db: Db, teamId: string, id: string): Promise<Identity | undefined> {
  return db.deleteFrom('identities').where('teamId', '=', teamId).where('id', '=', id).returningAll().executeTakeFirst();
}
