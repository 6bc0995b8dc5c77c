import { type RawBuilder, sql } from 'kysely';
import type { Db, PropertyDefinition, User } from '../../db/types.ts';
import { type UserFilter, userFilterConditions } from './filter.ts';

export type UserOrderField = 'CREATED_AT' | 'LAST_SEEN_AT' | 'EMAIL';
export interface UserOrder {
  field: UserOrderField;
  direction: 'ASC' | 'DESC';
}
export const DEFAULT_USER_ORDER: UserOrder = { field: 'CREATED_AT', direction: 'DESC' };

/** A position in the list: the row's sort value and id (ties on the value break by id). */
export interface UserCursor {
  value: string;
  id: string;
}

export interface UserPage {
  after?: UserCursor;
  before?: UserCursor;
  limit: number;
  inverted: boolean;
}

// Each order's sort expression matches an index (team_id, <expression>, id) in the migration.
const SORT: Record<UserOrderField, { expression: RawBuilder<unknown>; cursorValue: (u: User) => string; param: (v: string) => unknown }> = {
  CREATED_AT: {
    expression: sql`users.created_at`,
    cursorValue: (u) => u.createdAt.toISOString(),
    param: (v) => new Date(v),
  },
  LAST_SEEN_AT: {
    expression: sql`coalesce(users.last_seen_at, to_timestamp(0))`,
    cursorValue: (u) => (u.lastSeenAt ?? new Date(0)).toISOString(),
    param: (v) => new Date(v),
  },
  EMAIL: {
    expression: sql`coalesce(users.email, '')`,
    cursorValue: (u) => u.email ?? '',
    param: (v) => v,
  },
};

export function userCursor(user: User, order: UserOrder): UserCursor {
  return { value: SORT[order.field].cursorValue(user), id: user.id };
}

/** One page of a team's users matching `filter`, by keyset on (sort value, id). */
export function listUsers(
  db: Db,
  teamId: string,
  filter: UserFilter | null | undefined,
  definitions: readonly PropertyDefinition[],
  order: UserOrder,
  page: UserPage,
): Promise<User[]> {
  const sort = SORT[order.field];
  const key = sql`(${sort.expression}, users.id)`;
  const descending = order.direction === 'DESC';
  const forward = sql.raw(descending ? '<' : '>');
  const backward = sql.raw(descending ? '>' : '<');
  const ascending = descending ? page.inverted : !page.inverted;
  return db
    .selectFrom('users')
    .selectAll('users')
    .where((eb) => {
      const conditions = userFilterConditions(eb, teamId, filter, definitions);
      if (page.after) conditions.push(sql`${key} ${forward} (${sort.param(page.after.value)}, ${page.after.id})`);
      if (page.before) conditions.push(sql`${key} ${backward} (${sort.param(page.before.value)}, ${page.before.id})`);
      return eb.and(conditions);
    })
    .orderBy(sort.expression, ascending ? 'asc' : 'desc')
    .orderBy('users.id', ascending ? 'asc' : 'desc')
    .limit(page.limit)
    .execute();
}

export async function countUsers(
  db: Db,
  teamId: string,
  filter: UserFilter | null | undefined,
  definitions: readonly PropertyDefinition[],
): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where((eb) => eb.and(userFilterConditions(eb, teamId, filter, definitions)))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
