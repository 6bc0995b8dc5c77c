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

interface CountOptions {
  days: number;
  names?: string[] | null;
  userId?: string | null;
  timeZone?: string | null;
}

/**
 * Events per calendar day over the last `days` days (today included) in `timeZone`, one row
 * per day with zeros filled in; for some names or all, team-wide or for one user.
 *
 * Team-wide counts read the hourly rollup (event_hourly_counts, kept by triggers on events):
 * every UTC hour that lies inside one local day is summed from it, and only the hours a day
 * boundary cuts — none in a zone a whole number of hours from UTC; one per day in India, Nepal
 * or Chatham — are counted from the events themselves. The result equals counting every event,
 * in any zone. One user's counts scan that user's events (events_user_time_idx), which the
 * rollup does not split by user.
 */
export async function countEventsPerDay(db: Db, teamId: string, options: CountOptions): Promise<DailyCount[]> {
  const { days } = options;
  if (!Number.isInteger(days) || days < 1 || days > MAX_COUNT_DAYS) {
    throw new ValidationError({ path: ['days'], code: 'OUT_OF_RANGE', message: `days must be between 1 and ${MAX_COUNT_DAYS}` });
  }
  const timeZone = options.timeZone ?? 'UTC';
  checkTimeZone(timeZone, ['timezone']);
  const names = options.names?.length ? options.names : null;
  const rows = options.userId
    ? await countFromEvents(db, teamId, days, timeZone, names, options.userId)
    : await countFromRollup(db, teamId, days, timeZone, names);
  return rows.map((r) => ({ date: r.day, count: Number(r.count) }));
}

/** The local days asked for, and the instants where the first one starts and the last one ends. */
const bounds = (days: number, timeZone: string) => sql`
  bounds as (
    select first_day, last_day,
           first_day::timestamp at time zone ${timeZone} as starts,
           (last_day + 1)::timestamp at time zone ${timeZone} as ends
    from (select (now() at time zone ${timeZone})::date - ${days - 1}::int as first_day,
                 (now() at time zone ${timeZone})::date as last_day) as d
  )`;

/** One row per local day, zeros included, from a `counted (day, count)` CTE. */
const everyDay = sql`
  select to_char(g.day, 'YYYY-MM-DD') as day, coalesce(sum(c.count), 0)::int as count
  from bounds b
  cross join lateral (select d::date as day from generate_series(b.first_day, b.last_day, interval '1 day') as d) g
  left join counted c on c.day = g.day
  group by g.day
  order by g.day`;

function countFromRollup(db: Db, teamId: string, days: number, timeZone: string, names: string[] | null) {
  // An hour is whole when it lies inside the range and its first and last instant fall on the
  // same local date; its events all count on that date, so its rollup row stands for them.
  const dateOf = (instant: ReturnType<typeof sql>) => sql`((${instant}) at time zone ${timeZone})::date`;
  const whole = (hour: ReturnType<typeof sql>) =>
    sql`${hour} >= b.starts and ${hour} + interval '1 hour' <= b.ends and ${dateOf(hour)} = ${dateOf(sql`${hour} + interval '59 minutes 59.999999 seconds'`)}`;
  // The cut hours travel as an array: unnest() of a computed array is estimated at 10 rows,
  // where a generate_series() is estimated at 1,000, and 1,000 estimated index scans of the
  // events push the plan's cost past jit_above_cost — JIT then compiles for ~70 ms.
  return sql<{ day: string; count: number }>`
    with ${bounds(days, timeZone)},
    cut as (
      select array(
        select h.hour from generate_series(date_trunc('hour', b.starts, 'UTC'), b.ends - interval '1 microsecond', interval '1 hour') as h(hour)
        where not (${whole(sql`h.hour`)})
      ) as hours
      from bounds b
    ),
    counted as (
      select ${dateOf(sql`c.hour`)} as day, sum(c.count) as count
      from event_hourly_counts c, bounds b
      where c.team_id = ${teamId} and c.hour >= b.starts and c.hour < b.ends and ${whole(sql`c.hour`)}
        ${names ? sql`and c.name = any(${names}::text[])` : sql``}
      group by 1
      union all
      select ${dateOf(sql`e.occurred_at`)} as day, count(*) as count
      from bounds b, cut, unnest(cut.hours) as h(hour)
      join events e on e.team_id = ${teamId} and e.occurred_at >= h.hour and e.occurred_at < h.hour + interval '1 hour'
      where e.occurred_at >= b.starts and e.occurred_at < b.ends
        ${names ? sql`and e.name = any(${names}::text[])` : sql``}
      group by 1
    )
    ${everyDay}`
    .execute(db)
    .then((r) => r.rows);
}

function countFromEvents(db: Db, teamId: string, days: number, timeZone: string, names: string[] | null, userId: string) {
  return sql<{ day: string; count: number }>`
    with ${bounds(days, timeZone)},
    counted as (
      select (e.occurred_at at time zone ${timeZone})::date as day, count(*) as count
      from events e, bounds b
      where e.user_id = ${userId} and e.team_id = ${teamId} and e.occurred_at >= b.starts and e.occurred_at < b.ends
        ${names ? sql`and e.name = any(${names}::text[])` : sql``}
      group by 1
    )
    ${everyDay}`
    .execute(db)
    .then((r) => r.rows);
}
