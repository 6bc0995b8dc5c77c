import { sql } from 'kysely';
import type { Db } from '../../db/types.ts';
import { ValidationError } from '../../errors.ts';

export interface DailyCount {
  /** The calendar day in the requested time zone, YYYY-MM-DD. */
  date: string;
  count: number;
}

export const MAX_COUNT_DAYS = 366;

export function checkTimeZone(timeZone: string, path: string[]): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    throw new ValidationError({ path, code: 'INVALID_TIME_ZONE', message: `"${timeZone}" is not an IANA time zone such as Europe/Berlin` });
  }
}

/**
 * Events per calendar day over the last `days` days (today included) in `timeZone`, one row
 * per day with zeros filled in; for some names or all, team-wide or for one user. The range
 * scan runs on (team_id, name, occurred_at) when names are given.
 */
export async function countEventsPerDay(
  db: Db,
  teamId: string,
  options: { days: number; names?: string[] | null; userId?: string | null; timeZone?: string | null },
): Promise<DailyCount[]> {
  const { days } = options;
  if (!Number.isInteger(days) || days < 1 || days > MAX_COUNT_DAYS) {
    throw new ValidationError({ path: ['days'], code: 'OUT_OF_RANGE', message: `days must be between 1 and ${MAX_COUNT_DAYS}` });
  }
  const timeZone = options.timeZone ?? 'UTC';
  checkTimeZone(timeZone, ['timezone']);
  const names = options.names?.length ? options.names : null;
  const result = await sql<{ day: string; count: number }>`
    with bounds as (
      select (now() at time zone ${timeZone})::date - ${days - 1}::int as first_day,
             (now() at time zone ${timeZone})::date as last_day
    ),
    counted as (
      select (e.occurred_at at time zone ${timeZone})::date as day, count(*) as count
      from events e, bounds b
      where e.team_id = ${teamId}
        and e.occurred_at >= (b.first_day::timestamp at time zone ${timeZone})
        and e.occurred_at < ((b.last_day + 1)::timestamp at time zone ${timeZone})
        ${names ? sql`and e.name = any(${names}::text[])` : sql``}
        ${options.userId ? sql`and e.user_id = ${options.userId}` : sql``}
      group by 1
    )
    select to_char(d.day, 'YYYY-MM-DD') as day, coalesce(c.count, 0)::int as count
    from bounds b, generate_series(b.first_day, b.last_day, interval '1 day') as g(ts)
    cross join lateral (select g.ts::date as day) d
    left join counted c on c.day = d.day
    order by d.day`.execute(db);
  return result.rows.map((r) => ({ date: r.day, count: Number(r.count) }));
}
