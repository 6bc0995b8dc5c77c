import { sql } from 'kysely';
import type { Db, JsonValue, PropertyDefinition } from '../../db/types.ts';

export function listPropertyDefinitions(db: Db, teamId: string): Promise<PropertyDefinition[]> {
  return db.selectFrom('propertyDefinitions').selectAll().where('teamId', '=', teamId).orderBy('key').execute();
}

export function findPropertyDefinitionsByIds(db: Db, teamId: string, ids: readonly string[]): Promise<PropertyDefinition[]> {
  return db.selectFrom('propertyDefinitions').selectAll().where('teamId', '=', teamId).where('id', 'in', ids).execute();
}

/**
 * Which of `values` of a unique property are already held by users other than `exceptUserIds`.
 * One query for any number of values (imports check a whole batch at once).
 */
export async function findTakenPropertyValues(
  db: Db,
  teamId: string,
  key: string,
  values: readonly JsonValue[],
  exceptUserIds: readonly string[] = [],
): Promise<Set<string>> {
  if (values.length === 0) return new Set();
  let query = db
    .selectFrom('users')
    .select(sql<string>`properties -> ${key}`.as('value'))
    .where('teamId', '=', teamId)
    .where(sql<boolean>`properties -> ${key} = any(select jsonb_array_elements(${JSON.stringify(values)}::jsonb))`);
  if (exceptUserIds.length) query = query.where('id', 'not in', exceptUserIds);
  const rows = await query.execute();
  return new Set(rows.map((r) => JSON.stringify(r.value)));
}
