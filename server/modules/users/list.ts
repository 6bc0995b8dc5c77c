import { type RawBuilder, sql } from 'kysely';
import type { Db, PropertyDefinition, User } from '../../db/types.ts';
import { type Label, type LabelKind, labelsFromTuples, type LabelTuple, userLabelsColumn } from '../groups/labels.ts';
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

/**
 * What a page reads besides its users' rows, and which of their columns: the schema asks for
 * what the client selected. `columns` (absent: every column but tag_ids) lists the columns the
 * page's resolvers read; id, team_id and the sort column always come. `labels`: kinds of labels
 * read in the same statement (labelsReadWith hands them out).
 */
export interface UserPageRead {
  columns?: readonly UserColumn[];
  labels?: readonly LabelKind[];
  /** Count every match in the same statement (see readUserPage). */
  count?: boolean;
}

export type UserColumn = Exclude<keyof User, 'tagIds'>;

/** Every column a User row is read with: tag_ids only serves filters (by tag, in SQL). */
export const USER_COLUMNS = [
  'id', 'teamId', 'externalId', 'email', 'kind', 'status', 'role', 'displayName', 'firstName', 'lastName', 'jobTitle', 'phone',
  'company', 'address', 'emailConsent', 'emailConsentChangedAt', 'note', 'properties', 'signedUpAt', 'lastSeenAt', 'createdAt', 'updatedAt',
] as const satisfies readonly UserColumn[];

const SORT_COLUMNS: Record<UserOrderField, UserColumn> = { CREATED_AT: 'createdAt', LAST_SEEN_AT: 'lastSeenAt', EMAIL: 'email' };

// The labels a page read with each user, for the User.groups / User.tags resolvers. Keyed by
// the row object, so they live exactly as long as the page's rows.
const pageLabels = new WeakMap<User, Partial<Record<LabelKind['field'], Label[]>>>();

/** The user's labels of `kind` when the page that loaded it read them, else undefined. */
export function labelsReadWith<T extends Label>(user: User, kind: LabelKind): T[] | undefined {
  return pageLabels.get(user)?.[kind.field] as T[] | undefined;
}

/**
 * One page of a team's users matching `filter`, by keyset on (sort value, id). With
 * `read.columns` the rows hold only those columns (and id, team_id, the sort column): they are
 * for resolvers that read nothing else.
 */
export async function listUsers(...args: Parameters<typeof readUserPage>): Promise<User[]> {
  return (await readUserPage(...args)).users;
}

/**
 * listUsers, and with `read.count` the number of every match (all pages), counted by the same
 * statement; undefined when the page is empty (the statement returned no row to carry it).
 */
export async function readUserPage(
  db: Db,
  teamId: string,
  filter: UserFilter | null | undefined,
  definitions: readonly PropertyDefinition[],
  order: UserOrder,
  page: UserPage,
  read: UserPageRead = {},
): Promise<{ users: User[]; totalCount: number | undefined }> {
  const sort = SORT[order.field];
  const key = sql`(${sort.expression}, users.id)`;
  const descending = order.direction === 'DESC';
  const forward = sql.raw(descending ? '<' : '>');
  const backward = sql.raw(descending ? '>' : '<');
  const ascending = descending ? page.inverted : !page.inverted;
  const labels = read.labels ?? [];
  const columns = read.columns ? [...new Set<UserColumn>(['id', 'teamId', SORT_COLUMNS[order.field], ...read.columns])] : USER_COLUMNS;
  const rows = await db
    .selectFrom('users')
    .select(columns.map((column) => `users.${column}` as const))
    .$if(labels.length > 0, (q) => q.select(labels.map((kind) => userLabelsColumn(kind, teamId).as(`${kind.field}Labels`))))
    // An uncorrelated subquery: PostgreSQL counts once per statement, not per row.
    .$if(!!read.count, (q) => q.select(countQuery(db, teamId, filter, definitions).as('totalCount')))
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
  const users = rows as unknown as (User & Partial<Record<`${LabelKind['field']}Labels`, LabelTuple[]>> & { totalCount?: number })[];
  const totalCount = read.count && users[0] ? Number(users[0].totalCount) : undefined;
  for (const user of users) {
    if (read.count) delete user.totalCount;
    if (labels.length === 0) continue;
    const own: Partial<Record<LabelKind['field'], Label[]>> = {};
    for (const kind of labels) {
      const column = `${kind.field}Labels` as const;
      own[kind.field] = labelsFromTuples(kind, teamId, user[column] ?? []);
      delete user[column];
    }
    pageLabels.set(user, own);
  }
  return { users, totalCount };
}

export async function countUsers(
  db: Db,
  teamId: string,
  filter: UserFilter | null | undefined,
  definitions: readonly PropertyDefinition[],
): Promise<number> {
  const row = await countQuery(db, teamId, filter, definitions).executeTakeFirstOrThrow();
  return Number(row.count);
}

function countQuery(db: Db, teamId: string, filter: UserFilter | null | undefined, definitions: readonly PropertyDefinition[]) {
  return db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where((eb) => eb.and(userFilterConditions(eb, teamId, filter, definitions)));
}
