import { type SelectQueryBuilder, sql } from 'kysely';

/** A position in a list ordered by (a timestamp, id); `createdAt` names the timestamp. */
export interface KeysetCursor {
  createdAt: Date;
  id: string;
}

/**
 * One page request as Pothos' resolveCursorConnection hands it over: `limit` already includes
 * the extra row used to detect another page; `inverted` means read backwards (last/before).
 */
export interface KeysetPage {
  after?: KeysetCursor;
  before?: KeysetCursor;
  limit: number;
  inverted: boolean;
}

/**
 * Applies a (created_at, id) keyset page to a query: the row-value comparison uses the
 * (…, created_at, id) index, so page 1,000 costs what page 1 does.
 */
export function applyKeyset<QB extends SelectQueryBuilder<any, any, any>>(
  query: QB,
  page: KeysetPage,
  options: { table: string; newestFirst?: boolean; column?: string },
): QB {
  const column = sql.ref(`${options.table}.${options.column ?? 'created_at'}`);
  const key = sql`(${column}, ${sql.ref(`${options.table}.id`)})`;
  const forward = options.newestFirst ? sql.raw('<') : sql.raw('>');
  const backward = options.newestFirst ? sql.raw('>') : sql.raw('<');
  let q = query as SelectQueryBuilder<any, any, any>;
  if (page.after) q = q.where(sql<boolean>`${key} ${forward} (${page.after.createdAt}, ${page.after.id})`);
  if (page.before) q = q.where(sql<boolean>`${key} ${backward} (${page.before.createdAt}, ${page.before.id})`);
  const ascending = options.newestFirst ? page.inverted : !page.inverted;
  const direction = ascending ? 'asc' : 'desc';
  return q
    .orderBy(column, direction)
    .orderBy(sql.ref(`${options.table}.id`), direction)
    .limit(page.limit) as QB;
}
