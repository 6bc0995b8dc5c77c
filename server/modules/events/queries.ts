import { type Expression, type ExpressionBuilder, sql, type SqlBool } from 'kysely';
import type { Database, Db, Event, EventOrigin, JsonObject } from '../../db/types.ts';
import { applyKeyset, type KeysetPage } from '../../lib/keyset.ts';

export interface EventFilter {
  userId?: string | null;
  names?: string[] | null;
  origins?: EventOrigin[] | null;
  from?: Date | null;
  to?: Date | null;
}

export interface EventRow {
  userId: string;
  name: string;
  properties: JsonObject;
  occurredAt: Date;
  origin: EventOrigin;
  memberId?: string | null;
  apiKeyId?: string | null;
}

/**
 * Inserts events in one statement per call: columns travel as arrays through unnest, so a
 * batch of 1,000 is 9 parameters, not 9,000.
 */
export async function insertEvents(db: Db, teamId: string, rows: readonly EventRow[]): Promise<Event[]> {
  if (rows.length === 0) return [];
  const result = await sql<Event>`
    insert into events (team_id, user_id, name, properties, occurred_at, origin, member_id, api_key_id)
    select ${teamId}::uuid, u.user_id, u.name, u.properties, u.occurred_at, u.origin, u.member_id, u.api_key_id
    from unnest(
      ${rows.map((r) => r.userId)}::uuid[],
      ${rows.map((r) => r.name)}::text[],
      ${rows.map((r) => JSON.stringify(r.properties))}::jsonb[],
      ${rows.map((r) => r.occurredAt.toISOString())}::timestamptz[],
      ${rows.map((r) => r.origin)}::text[],
      ${rows.map((r) => r.memberId ?? null)}::uuid[],
      ${rows.map((r) => r.apiKeyId ?? null)}::uuid[]
    ) as u(user_id, name, properties, occurred_at, origin, member_id, api_key_id)
    returning *`.execute(db);
  return result.rows;
}

/**
 * lastSeenAt moves only when it moves by at least this much: under steady tracking a user row is
 * then written about once a minute instead of once per batch. Every write of last_seen_at is a
 * non-HOT update (the column is indexed) that inserts into every index of users, and holds the
 * row lock until the batch commits, so concurrent batches over the same users queue behind it.
 */
export const LAST_SEEN_RESOLUTION = '1 minute';

function filterConditions(eb: ExpressionBuilder<Database, 'events'>, teamId: string, filter: EventFilter): Expression<SqlBool>[] {
  const conditions: Expression<SqlBool>[] = [eb('events.teamId', '=', teamId)];
  if (filter.userId) conditions.push(eb('events.userId', '=', filter.userId));
  if (filter.names?.length) conditions.push(eb('events.name', 'in', filter.names));
  if (filter.origins?.length) conditions.push(eb('events.origin', 'in', filter.origins));
  if (filter.from) conditions.push(eb('events.occurredAt', '>=', filter.from));
  if (filter.to) conditions.push(eb('events.occurredAt', '<', filter.to));
  return conditions;
}

/** One page of activity, newest first, team-wide or for one user. */
export function listEvents(db: Db, teamId: string, filter: EventFilter, page: KeysetPage): Promise<Event[]> {
  const query = db.selectFrom('events').selectAll().where((eb) => eb.and(filterConditions(eb, teamId, filter)));
  return applyKeyset(query, page, { table: 'events', column: 'occurred_at', newestFirst: true }).execute();
}

export async function countEvents(db: Db, teamId: string, filter: EventFilter): Promise<number> {
  const row = await db
    .selectFrom('events')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where((eb) => eb.and(filterConditions(eb, teamId, filter)))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export function findEventsByIds(db: Db, teamId: string, ids: readonly string[]): Promise<Event[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('events').selectAll().where('teamId', '=', teamId).where('id', 'in', ids).execute();
}

export function deleteEventRow(db: Db, teamId: string, id: string): Promise<Event | undefined> {
  return db.deleteFrom('events').where('teamId', '=', teamId).where('id', '=', id).returningAll().executeTakeFirst();
}

/** Every event of a filter, oldest first, in pages of `size` (for CSV downloads). */
export async function* streamEvents(db: Db, teamId: string, filter: EventFilter, size = 1000): AsyncGenerator<Event[]> {
  let after: { occurredAt: Date; id: string } | undefined;
  for (;;) {
    let query = db.selectFrom('events').selectAll().where((eb) => eb.and(filterConditions(eb, teamId, filter)));
    if (after) query = query.where(sql<boolean>`(occurred_at, id) > (${after.occurredAt}, ${after.id})`);
    const rows = await query.orderBy('occurredAt', 'asc').orderBy('id', 'asc').limit(size).execute();
    if (rows.length === 0) return;
    yield rows;
    const last = rows[rows.length - 1]!;
    after = { occurredAt: last.occurredAt, id: last.id };
    if (rows.length < size) return;
  }
}

/**
 * The newest `limit` events of each of many users in one statement (a LATERAL join walks each
 * user's (user_id, occurred_at desc) index once), for lists of users with their latest activity.
 */
export async function listLatestEventsOfUsers(
  db: Db,
  teamId: string,
  userIds: readonly string[],
  filter: Pick<EventFilter, 'names' | 'origins'>,
  limit: number,
): Promise<Map<string, Event[]>> {
  const byUser = new Map<string, Event[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return byUser;
  const rows = await sql<Event>`
    select e.* from unnest(${[...userIds]}::uuid[]) as u(id)
    cross join lateral (
      select * from events
      where events.user_id = u.id and events.team_id = ${teamId}
        ${filter.names?.length ? sql`and events.name = any(${filter.names}::text[])` : sql``}
        ${filter.origins?.length ? sql`and events.origin = any(${filter.origins}::text[])` : sql``}
      order by events.occurred_at desc, events.id desc
      limit ${limit}
    ) e`.execute(db);
  for (const row of rows.rows) byUser.get(row.userId)?.push(row);
  return byUser;
}

/** Event counts of many users at once. */
export async function countEventsOfUsers(
  db: Db,
  teamId: string,
  userIds: readonly string[],
  filter: Pick<EventFilter, 'names' | 'origins'>,
): Promise<Map<string, number>> {
  const counts = new Map<string, number>(userIds.map((id) => [id, 0]));
  if (userIds.length === 0) return counts;
  const rows = await db
    .selectFrom('events')
    .select(['userId', (eb) => eb.fn.countAll<number>().as('count')])
    .where((eb) => eb.and([...filterConditions(eb, teamId, filter), eb('events.userId', 'in', userIds)]))
    .groupBy('userId')
    .execute();
  for (const row of rows) counts.set(row.userId, Number(row.count));
  return counts;
}
