import { type Kysely, sql } from 'kysely';

// Events per team, name and UTC hour, so eventCounts reads ~24 rows per day and name instead of
// every event. Kept by statement-level triggers with transition tables rather than by the code
// that writes events, because events also disappear by foreign-key cascade (a deleted user or
// team) and several modules insert them: a trigger is the one place that sees every change, in
// the same statement as the change. One aggregate per statement, not one upsert per row.
//
// Hours, not days: day boundaries depend on the caller's time zone. Zones a whole number of hours
// from UTC (nearly all) are sums of whole hours; the few that are not (India +05:30, Nepal +05:45,
// Chatham +12:45, Lord Howe's half-hour DST…) count the one hour cut by each day boundary from
// the events themselves (server/modules/events/counts.ts).

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table event_hourly_counts (
      team_id uuid not null references teams (id) on delete cascade,
      name text not null,
      hour timestamptz not null,
      count bigint not null,
      primary key (team_id, name, hour)
    )`.execute(db);
  // All names at once (eventCounts without names) scan a team's hours, not its every name.
  await sql`create index event_hourly_counts_team_hour_idx on event_hourly_counts (team_id, hour)`.execute(db);

  // Rows are locked in key order, in every statement: concurrent writers of the same hours wait
  // for each other instead of deadlocking. A decrement is an UPDATE, not an upsert, so the
  // cascade of a team's deletion (which removes these rows too) never re-creates one; a count
  // that reaches zero stays as a row of zero.
  await sql`
    create function event_hourly_counts_apply() returns trigger language plpgsql as $$
    begin
      if tg_op in ('DELETE', 'UPDATE') then
        with gone as (
          select team_id, name, date_trunc('hour', occurred_at, 'UTC') as hour, count(*) as n
          from old_events group by 1, 2, 3
        ), locked as (
          select c.team_id, c.name, c.hour, gone.n from event_hourly_counts c
          join gone on c.team_id = gone.team_id and c.name = gone.name and c.hour = gone.hour
          order by c.team_id, c.name, c.hour
          for no key update of c
        )
        update event_hourly_counts c set count = c.count - locked.n
        from locked
        where c.team_id = locked.team_id and c.name = locked.name and c.hour = locked.hour;
      end if;
      if tg_op in ('INSERT', 'UPDATE') then
        insert into event_hourly_counts as c (team_id, name, hour, count)
        select team_id, name, date_trunc('hour', occurred_at, 'UTC'), count(*)
        from new_events group by 1, 2, 3 order by 1, 2, 3
        on conflict (team_id, name, hour) do update set count = c.count + excluded.count;
      end if;
      return null;
    end
    $$`.execute(db);
  // Creating the triggers locks events against writes until this migration commits, so the
  // backfill below and the triggers together see every event exactly once.
  await sql`
    create trigger events_hourly_counts_insert after insert on events
    referencing new table as new_events for each statement execute function event_hourly_counts_apply()`.execute(db);
  await sql`
    create trigger events_hourly_counts_delete after delete on events
    referencing old table as old_events for each statement execute function event_hourly_counts_apply()`.execute(db);
  await sql`
    create trigger events_hourly_counts_update after update on events
    referencing old table as old_events new table as new_events for each statement execute function event_hourly_counts_apply()`.execute(db);
  await sql`
    create function event_hourly_counts_clear() returns trigger language plpgsql as $$
    begin
      truncate event_hourly_counts;
      return null;
    end
    $$`.execute(db);
  await sql`create trigger events_hourly_counts_truncate after truncate on events for each statement execute function event_hourly_counts_clear()`.execute(db);

  await sql`
    insert into event_hourly_counts (team_id, name, hour, count)
    select team_id, name, date_trunc('hour', occurred_at, 'UTC'), count(*)
    from events group by 1, 2, 3`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger events_hourly_counts_truncate on events`.execute(db);
  await sql`drop trigger events_hourly_counts_update on events`.execute(db);
  await sql`drop trigger events_hourly_counts_delete on events`.execute(db);
  await sql`drop trigger events_hourly_counts_insert on events`.execute(db);
  await sql`drop function event_hourly_counts_clear()`.execute(db);
  await sql`drop function event_hourly_counts_apply()`.execute(db);
  await sql`drop table event_hourly_counts`.execute(db);
}
