import { type Insertable, sql, type Updateable } from 'kysely';
import type { Db, JsonValue, PropertyDefinition, PropertyDefinitionsTable } from '../../db/types.ts';

export function listPropertyDefinitions(db: Db, teamId: string): Promise<PropertyDefinition[]> {
  return db.selectFrom('propertyDefinitions').selectAll().where('teamId', '=', teamId).orderBy('key').execute();
}

export function findPropertyDefinitionsByIds(db: Db, teamId: string, ids: readonly string[]): Promise<PropertyDefinition[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('propertyDefinitions').selectAll().where('teamId', '=', teamId).where('id', 'in', ids).execute();
}

/**
 * Which of `values` of a unique property are already held by users other than `exceptUserIds`.
 * One query for any number of values (imports check a whole batch at once).
 *
 * It first takes a transaction-scoped advisory lock on (team, key): two transactions writing the
 * same unique property then check one after the other, and the second sees the first's value
 * (without it both would read "free" under READ COMMITTED and both commit). Callers check inside
 * the transaction that writes, and in key order (definitions are listed by key), so locks nest.
 */
export async function findTakenPropertyValues(
  db: Db,
  teamId: string,
  key: string,
  values: readonly JsonValue[],
  exceptUserIds: readonly string[] = [],
): Promise<Set<string>> {
  if (values.length === 0) return new Set();
  await sql`select pg_advisory_xact_lock(hashtext(${teamId}), hashtext(${`property:${key}`}))`.execute(db);
  let query = db
    .selectFrom('users')
    .select(sql<string>`properties -> ${key}`.as('value'))
    .where('teamId', '=', teamId)
    .where(sql<boolean>`properties -> ${key} = any(select jsonb_array_elements(${JSON.stringify(values)}::jsonb))`);
  if (exceptUserIds.length) query = query.where('id', 'not in', exceptUserIds);
  const rows = await query.execute();
  return new Set(rows.map((r) => JSON.stringify(r.value)));
}

export async function propertyKeyExists(db: Db, teamId: string, key: string): Promise<boolean> {
  const row = await db.selectFrom('propertyDefinitions').select('id').where('teamId', '=', teamId).where('key', '=', key).executeTakeFirst();
  return row !== undefined;
}

export function insertPropertyDefinition(db: Db, values: Insertable<PropertyDefinitionsTable>): Promise<PropertyDefinition> {
  return db.insertInto('propertyDefinitions').values(values).returningAll().executeTakeFirstOrThrow();
}

/** The definition, locked for the rest of the transaction (changes to one definition serialise). */
export function lockPropertyDefinition(db: Db, teamId: string, id: string): Promise<PropertyDefinition | undefined> {
  return db.selectFrom('propertyDefinitions').selectAll().where('teamId', '=', teamId).where('id', '=', id).forUpdate().executeTakeFirst();
}

export function updatePropertyDefinitionRow(
  db: Db,
  teamId: string,
  id: string,
  values: Updateable<PropertyDefinitionsTable>,
): Promise<PropertyDefinition> {
  return db
    .updateTable('propertyDefinitions')
    .set({ ...values, updatedAt: new Date() })
    .where('teamId', '=', teamId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deletePropertyDefinitionRow(db: Db, teamId: string, id: string): Promise<void> {
  await db.deleteFrom('propertyDefinitions').where('teamId', '=', teamId).where('id', '=', id).execute();
}

/** How many of the team's users hold no value for `key`. */
export async function countUsersWithoutProperty(db: Db, teamId: string, key: string): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('teamId', '=', teamId)
    .where(sql<boolean>`not (properties ? ${key})`)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export interface StoredPropertyValue {
  userId: string;
  value: JsonValue;
}

/**
 * Every stored value of `key` in the team, oldest user first (ties by id), in one query: what a
 * definition change checks against its new constraints. Only the id and the one value travel.
 */
export function listPropertyValues(db: Db, teamId: string, key: string): Promise<StoredPropertyValue[]> {
  return db
    .selectFrom('users')
    .select(['id as userId', sql<JsonValue>`properties -> ${key}`.as('value')])
    .where('teamId', '=', teamId)
    .where(sql<boolean>`properties ? ${key}`)
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
}

/**
 * Removes `key` from users' properties in one statement and returns what each held. With `only`,
 * just those users, and only where the value is still the one given (a value changed since it was
 * judged stays); without it, from every user of the team holding the key.
 */
export async function removePropertyValues(
  db: Db,
  teamId: string,
  key: string,
  only?: readonly StoredPropertyValue[],
): Promise<StoredPropertyValue[]> {
  if (only?.length === 0) return [];
  const targets = only
    ? sql`select t.id, t.value from jsonb_to_recordset(${JSON.stringify(only.map((o) => ({ id: o.userId, value: o.value })))}::jsonb) as t(id uuid, value jsonb)`
    : sql`select id, properties -> ${key} as value from users where team_id = ${teamId} and properties ? ${key}`;
  const result = await sql<StoredPropertyValue>`
    with target as (${targets})
    update users as u
       set properties = u.properties - ${key}::text, updated_at = ${new Date()}
      from target
     where u.team_id = ${teamId} and u.id = target.id and u.properties -> ${key} = target.value
    returning u.id as "userId", target.value as "value"`.execute(db);
  return result.rows;
}
