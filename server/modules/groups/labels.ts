import { type RawBuilder, sql } from 'kysely';
import type { Db, Group, User } from '../../db/types.ts';
import { groupRowsBy } from '../../lib/group-rows.ts';

// Groups and tags are both *labels* a team puts on its users: a table of labels (id, team, a name
// unique per team regardless of case) and a link table (team, user, label). One set of queries
// serves both; a `LabelKind` names the tables. The groups and tags modules bind it.

export interface LabelKind {
  /** For messages: "Group", "Tag". */
  noun: 'Group' | 'Tag';
  table: 'groups' | 'tags';
  links: 'userGroups' | 'userTags';
  /** The link table's column naming the label. */
  key: 'groupId' | 'tagId';
  /** The UserChange field a membership change records. */
  field: 'groups' | 'tags';
  /** A users column listing each user's label ids, when triggers keep one (users.tag_ids). */
  usersColumn?: 'tagIds';
}

/** What every label row has (a group also has a description). */
export type Label = Pick<Group, 'id' | 'teamId' | 'name' | 'createdAt' | 'updatedAt'>;

/** A page of a name-ordered list: positions are `lower(name)`, unique within a team. */
export interface NamePage {
  after?: string;
  before?: string;
  limit: number;
  inverted: boolean;
}

// The two kinds share their columns but for the link key, so the queries are written (and
// type-checked) against groups and run against either.
function tablesOf(kind: LabelKind) {
  return { table: kind.table as 'groups', links: kind.links as 'userGroups', key: kind.key as 'groupId' };
}

/** `= any($1)` with the whole list as one array parameter: no parameter limit, one plan. */
const anyUuid = (ids: readonly string[]) => sql<string>`any(${[...ids]}::uuid[])`;
const lowerName = sql<string>`lower(name)`;

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function findLabelsByIds<T extends Label>(db: Db, kind: LabelKind, teamId: string, ids: readonly string[]): Promise<T[]> {
  if (ids.length === 0) return [];
  const { table } = tablesOf(kind);
  const rows = await db.selectFrom(table).selectAll().where('teamId', '=', teamId).where('id', '=', anyUuid(ids)).execute();
  return rows as unknown as T[];
}

/**
 * Locks labels for the rest of the transaction: `share` while memberships change (a concurrent
 * delete waits), `update` to delete. Labels are always locked before users, so writers never
 * wait on each other in a cycle.
 */
export async function lockLabelsByIds<T extends Label>(
  db: Db,
  kind: LabelKind,
  teamId: string,
  ids: readonly string[],
  mode: 'share' | 'update',
): Promise<T[]> {
  if (ids.length === 0) return [];
  const { table } = tablesOf(kind);
  const query = db.selectFrom(table).selectAll().where('teamId', '=', teamId).where('id', '=', anyUuid(ids)).orderBy('id');
  const rows = await (mode === 'share' ? query.forShare() : query.forUpdate()).execute();
  return rows as unknown as T[];
}

/**
 * Share-locks the labels named by `names` and says which input each one answers (`inputIndex`).
 * Both sides are lowered by the database, as the unique index does, so a name matches exactly
 * when creating it would clash.
 */
export async function lockLabelsByNames<T extends Label>(
  db: Db,
  kind: LabelKind,
  teamId: string,
  names: readonly string[],
): Promise<(T & { inputIndex: number })[]> {
  if (names.length === 0) return [];
  const { table } = tablesOf(kind);
  const inputs = sql<{ inputIndex: number; inputName: string }>`(
    select (o - 1)::int as input_index, x as input_name from unnest(${[...names]}::text[]) with ordinality as u(x, o)
  )`.as('inputs');
  const rows = await db
    .selectFrom(table)
    .innerJoin(inputs, (join) => join.on(sql`lower(${sql.ref(`${table}.name`)})`, '=', sql`lower(inputs.input_name)`))
    .selectAll(table)
    .select('inputs.inputIndex')
    .where(`${table}.teamId`, '=', teamId)
    .orderBy(`${table}.id`)
    .forShare(table)
    .execute();
  return rows as unknown as (T & { inputIndex: number })[];
}

/** A label by name, case-insensitively, other than `exceptId`. */
export async function findLabelByName(db: Db, kind: LabelKind, teamId: string, name: string, exceptId?: string): Promise<Label | undefined> {
  const { table } = tablesOf(kind);
  let query = db.selectFrom(table).selectAll().where('teamId', '=', teamId).where(lowerName, '=', sql<string>`lower(${name})`);
  if (exceptId) query = query.where('id', '!=', exceptId);
  return query.executeTakeFirst();
}

/** Inserts one label; `description` applies to groups only. */
export async function insertLabel<T extends Label>(
  db: Db,
  kind: LabelKind,
  teamId: string,
  values: { name: string; description?: string | null },
): Promise<T> {
  const { table } = tablesOf(kind);
  return (await db.insertInto(table).values({ teamId, ...values }).returningAll().executeTakeFirstOrThrow()) as unknown as T;
}

/**
 * Inserts the labels of `names` that do not exist yet, in one statement; a name created
 * concurrently is skipped (ON CONFLICT DO NOTHING), so callers read the labels again after.
 */
export async function insertMissingLabels(db: Db, kind: LabelKind, teamId: string, names: readonly string[]): Promise<string[]> {
  if (names.length === 0) return [];
  const { table } = tablesOf(kind);
  const rows = await db
    .insertInto(table)
    .values(names.map((name) => ({ teamId, name })))
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

export async function updateLabelRow<T extends Label>(
  db: Db,
  kind: LabelKind,
  teamId: string,
  id: string,
  values: { name?: string; description?: string | null },
): Promise<T | undefined> {
  const { table } = tablesOf(kind);
  const row = await db
    .updateTable(table)
    .set({ ...values, updatedAt: new Date() })
    .where('teamId', '=', teamId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row as unknown as T | undefined;
}

export async function deleteLabelRow(db: Db, kind: LabelKind, teamId: string, id: string): Promise<void> {
  const { table } = tablesOf(kind);
  await db.deleteFrom(table).where('teamId', '=', teamId).where('id', '=', id).execute();
}

/** One page of a team's labels by name (case-insensitive), optionally containing `search`. */
export async function listLabels<T extends Label>(
  db: Db,
  kind: LabelKind,
  teamId: string,
  search: string | null | undefined,
  page: NamePage,
): Promise<(T & { sortKey: string })[]> {
  const rows = await searchLabels(db, kind, teamId, search)
    .selectAll()
    .select(lowerName.as('sortKey'))
    .$if(page.after !== undefined, (q) => q.where(lowerName, '>', page.after!))
    .$if(page.before !== undefined, (q) => q.where(lowerName, '<', page.before!))
    .orderBy(lowerName, page.inverted ? 'desc' : 'asc')
    .limit(page.limit)
    .execute();
  return rows as unknown as (T & { sortKey: string })[];
}

export async function countLabels(db: Db, kind: LabelKind, teamId: string, search: string | null | undefined): Promise<number> {
  const row = await searchLabels(db, kind, teamId, search)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

function searchLabels(db: Db, kind: LabelKind, teamId: string, search: string | null | undefined) {
  const { table } = tablesOf(kind);
  const text = search?.trim();
  return db
    .selectFrom(table)
    .where('teamId', '=', teamId)
    .$if(!!text, (q) => q.where('name', 'ilike', `%${escapeLike(text!)}%`));
}

/** Each user's labels, sorted by name: one query for every user asked (a loader's batch). */
export async function labelsByUserIds<T extends Label>(db: Db, kind: LabelKind, teamId: string, userIds: readonly string[]): Promise<T[][]> {
  if (userIds.length === 0) return [];
  const { table, links, key } = tablesOf(kind);
  const rows = await db
    .selectFrom(links)
    .innerJoin(table, `${table}.id`, `${links}.${key}`)
    .selectAll(table)
    .select(`${links}.userId as linkedUserId`)
    .where(`${links}.teamId`, '=', teamId)
    .where(`${table}.teamId`, '=', teamId)
    .where(`${links}.userId`, '=', anyUuid(userIds))
    .orderBy(sql`lower(${sql.ref(`${table}.name`)})`)
    .execute();
  return groupRowsBy(userIds, rows, (row) => row.linkedUserId).map((labels) =>
    labels.map(({ linkedUserId: _, ...label }) => label as unknown as T),
  );
}

/**
 * A user's labels as one JSON column of a users statement (a correlated subquery on `users.id`):
 * `[[id, name, createdAt, updatedAt, description?], …]` by name, as labelsByUserIds sorts them.
 * A page that shows labels reads them in its own statement instead of one more per kind.
 */
export function userLabelsColumn(kind: LabelKind, teamId: string): RawBuilder<LabelTuple[]> {
  const { table, links, key } = tablesOf(kind);
  const description = kind.table === 'groups' ? sql`, l.description` : sql``;
  const labels =
    kind.usersColumn
      ? sql`${sql.table(table)} as l where l.id = any(${sql.ref(`users.${kind.usersColumn}`)})`
      : sql`${sql.table(links)} as k join ${sql.table(table)} as l on l.id = ${sql.ref(`k.${key}`)} where k.user_id = users.id and k.team_id = ${teamId}`;
  return sql<LabelTuple[]>`(
    select coalesce(json_agg(json_build_array(l.id, l.name, l.created_at, l.updated_at${description}) order by lower(l.name)), '[]')
    from ${labels} and l.team_id = ${teamId}
  )`;
}

/** A label as userLabelsColumn spells it (dates as JSON text; a group's description last). */
export type LabelTuple = [id: string, name: string, createdAt: string, updatedAt: string, description?: string | null];

/** userLabelsColumn's value → label rows, as labelsByUserIds returns them. */
export function labelsFromTuples<T extends Label>(kind: LabelKind, teamId: string, tuples: readonly LabelTuple[]): T[] {
  return tuples.map(([id, name, createdAt, updatedAt, description]) => {
    const label: Label & { description?: string | null } = { id, teamId, name, createdAt: new Date(createdAt), updatedAt: new Date(updatedAt) };
    if (kind.table === 'groups') label.description = description ?? null;
    return label as T;
  });
}

/** How many users carry each label: one grouped count for every label asked. */
export async function countUsersByLabelIds(db: Db, kind: LabelKind, teamId: string, labelIds: readonly string[]): Promise<number[]> {
  if (labelIds.length === 0) return [];
  const { links, key } = tablesOf(kind);
  const rows = await db
    .selectFrom(links)
    .select([key, (eb) => eb.fn.countAll<number>().as('count')])
    .where('teamId', '=', teamId)
    .where(key, '=', anyUuid(labelIds))
    .groupBy(key)
    .execute();
  const counts = new Map(rows.map((r) => [r[key], Number(r.count)]));
  return labelIds.map((id) => counts.get(id) ?? 0);
}

/** Locks users by id (in id order, like every other writer), whatever their number. */
export function lockUsers(db: Db, teamId: string, userIds: readonly string[]): Promise<User[]> {
  if (userIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('users').selectAll().where('teamId', '=', teamId).where('id', '=', anyUuid(userIds)).orderBy('id').forUpdate().execute();
}

/** Locks the users who carry a label. */
export function lockLabelUsers(db: Db, kind: LabelKind, teamId: string, labelId: string): Promise<User[]> {
  const { links, key } = tablesOf(kind);
  return db
    .selectFrom('users')
    .selectAll()
    .where('teamId', '=', teamId)
    .where('id', 'in', (eb) => eb.selectFrom(links).select('userId').where('teamId', '=', teamId).where(key, '=', labelId))
    .orderBy('id')
    .forUpdate()
    .execute();
}

/**
 * Links every user to every label in one INSERT … SELECT (users × labels, both filtered by
 * team); existing links are left alone. Returns how many links were made.
 */
export async function insertLinks(db: Db, kind: LabelKind, teamId: string, userIds: readonly string[], labelIds: readonly string[]): Promise<number> {
  if (userIds.length === 0 || labelIds.length === 0) return 0;
  const { table, links, key } = tablesOf(kind);
  const result = await db
    .insertInto(links)
    .columns(['teamId', 'userId', key])
    .expression((eb) =>
      eb
        .selectFrom(['users', table])
        .select(['users.teamId', 'users.id', `${table}.id as labelId`])
        .where('users.teamId', '=', teamId)
        .where('users.id', '=', anyUuid(userIds))
        .where(`${table}.teamId`, '=', teamId)
        .where(`${table}.id`, '=', anyUuid(labelIds)),
    )
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

/** Removes every link between `userIds` and `labelIds` in one statement; returns how many. */
export async function deleteLinks(db: Db, kind: LabelKind, teamId: string, userIds: readonly string[], labelIds: readonly string[]): Promise<number> {
  if (userIds.length === 0 || labelIds.length === 0) return 0;
  const { links, key } = tablesOf(kind);
  const result = await db
    .deleteFrom(links)
    .where('teamId', '=', teamId)
    .where('userId', '=', anyUuid(userIds))
    .where(key, '=', anyUuid(labelIds))
    .executeTakeFirst();
  return Number(result.numDeletedRows ?? 0);
}

/** Marks users as changed now, in one statement. */
export async function touchUsers(db: Db, teamId: string, userIds: readonly string[], at: Date): Promise<void> {
  if (userIds.length === 0) return;
  await db.updateTable('users').set({ updatedAt: at }).where('teamId', '=', teamId).where('id', '=', anyUuid(userIds)).execute();
}
