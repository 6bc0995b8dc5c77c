import { sql } from 'kysely';
import type { Db, EventOrigin, JsonObject, UserKind } from '../../db/types.ts';
import { isUuid } from '../../lib/ids.ts';
import { LAST_SEEN_RESOLUTION } from './queries.ts';

const NOBODY = '00000000-0000-0000-0000-000000000000';

/** How a batch names one of its users; events refer to these by position. */
export interface UserLookup {
  /** null: the server API, either kind, a USER preferred over a LEAD. */
  kind: UserKind | null;
  id?: string;
  externalId?: string;
  /** Normalised (lowercase). Used when there is neither id nor externalId. */
  email?: string;
}

export interface IngestEvent {
  /** Chosen here (random UUID), so the statement need not return its rows. */
  id: string;
  /** Index into the lookups. */
  user: number;
  name: string;
  properties: JsonObject;
  occurredAt: Date;
}

export interface IngestWriter {
  origin: EventOrigin;
  memberId: string | null;
  apiKeyId: string | null;
}

export interface IngestOutcome {
  /** The user each lookup found, by position; null where it found nobody. */
  userIds: (string | null)[];
  /** Whether the events were written (see `allOrNothing`). */
  written: boolean;
  /** The statement's now(), as the events' createdAt default has it. */
  createdAt: Date;
}

/**
 * A batch of tracked events in ONE statement (no transaction, one round trip): find each named
 * user (by id; else by externalId; else by email — a USER before a LEAD when any kind will do),
 * insert the events of those found, and move their lastSeenAt forward. With `allOrNothing`, the
 * events are written only when every lookup finds its user, so a caller that may create the
 * missing ones can write the whole batch together afterwards instead.
 *
 * Both lists travel as one JSON document each: one parameter apiece, parsed by PostgreSQL
 * rather than escaped into array literals by the driver.
 *
 * Locks: the users whose lastSeenAt moves are locked in id order before they are updated
 * (an UPDATE … FROM locks rows in whatever order its join yields them, and concurrent batches
 * over overlapping users would deadlock); lastSeenAt moves only when it moves by at least
 * LAST_SEEN_RESOLUTION, so most batches lock no user at all. The hourly counts are kept by the
 * events triggers at the end of the statement, in key order (migrations/…_event_counts_rollup).
 */
export async function ingestEvents(
  db: Db,
  teamId: string,
  writer: IngestWriter,
  lookups: readonly UserLookup[],
  events: readonly IngestEvent[],
  options: { allOrNothing: boolean },
): Promise<IngestOutcome> {
  // Each lookup's latest event, for lastSeenAt: computed here rather than aggregated over the
  // inserted rows in SQL, so the rows feed the INSERT alone and are never materialised.
  const seenAt: number[] = lookups.map(() => -Infinity);
  for (const e of events) if (e.occurredAt.getTime() > seenAt[e.user]!) seenAt[e.user] = e.occurredAt.getTime();
  const keys = JSON.stringify(
    lookups.map((l, n) => ({
      n,
      kind: l.kind,
      // A malformed id names nobody (the nil UUID is never a row's), rather than failing the cast.
      id: l.id === undefined ? null : isUuid(l.id) ? l.id : NOBODY,
      external_id: l.externalId ?? null,
      email: l.email ?? null,
      seen_at: seenAt[n] === -Infinity ? null : new Date(seenAt[n]!).toISOString(),
    })),
  );
  const rows = JSON.stringify(
    events.map((e) => ({ id: e.id, n: e.user, name: e.name, properties: e.properties, occurred_at: e.occurredAt.toISOString() })),
  );
  const result = await sql<{ userIds: (string | null)[]; written: boolean; createdAt: Date }>`
    with lookup as (
      select * from json_to_recordset(${keys}::json) as k(n int, kind text, id uuid, external_id text, email text, seen_at timestamptz)
    ), found as (
      select k.n, k.seen_at, u.id as user_id
      from lookup k
      left join lateral (
        (select users.id from users where k.id is not null and users.id = k.id and users.team_id = ${teamId})
        union all
        (select users.id from users
         where k.id is null and k.external_id is not null and users.team_id = ${teamId}
           and users.kind = any(case when k.kind is null then array['USER', 'LEAD'] else array[k.kind] end)
           and users.external_id = k.external_id
         order by users.kind = 'USER' desc limit 1)
        union all
        (select users.id from users
         where k.id is null and k.external_id is null and users.team_id = ${teamId}
           and users.kind = any(case when k.kind is null then array['USER', 'LEAD'] else array[k.kind] end)
           and users.email is not null and lower(users.email) = k.email
         order by users.kind = 'USER' desc limit 1)
        limit 1
      ) u on true
    ), go as (
      select ${!options.allOrNothing}::boolean or not exists (select from found where user_id is null) as ok
    ), inserted as (
      insert into events (id, team_id, user_id, name, properties, occurred_at, origin, member_id, api_key_id)
      select e.id, ${teamId}::uuid, f.user_id, e.name, e.properties, e.occurred_at, ${writer.origin}, ${writer.memberId}::uuid, ${writer.apiKeyId}::uuid
      from json_to_recordset(${rows}::json) as e(id uuid, n int, name text, properties jsonb, occurred_at timestamptz)
      join found f on f.n = e.n
      where f.user_id is not null and (select ok from go)
    ), seen as (
      select user_id as id, max(seen_at) as seen_at from found
      where user_id is not null and seen_at is not null and (select ok from go)
      group by user_id
    ), locked as (
      select users.id, seen.seen_at from users join seen on users.id = seen.id
      where users.team_id = ${teamId}
        and (users.last_seen_at is null or users.last_seen_at <= seen.seen_at - ${LAST_SEEN_RESOLUTION}::interval)
      order by users.id
      for no key update of users
    ), touched as (
      update users set last_seen_at = locked.seen_at
      from locked
      where users.id = locked.id and (users.last_seen_at is null or users.last_seen_at < locked.seen_at)
    )
    select coalesce(json_agg(f.user_id order by f.n), '[]') as user_ids,
           (select ok from go) as written,
           date_trunc('milliseconds', now()) as created_at
    from found f`.execute(db);
  const row = result.rows[0]!;
  return { userIds: row.userIds, written: row.written, createdAt: row.createdAt };
}
