import { type RawBuilder, sql } from 'kysely';
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
  /** The properties as JSON text (./limits.ts serialised them once already, to measure them). */
  propertiesJson: string;
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

/** One way of naming users (by id, externalId or email): its lookups as parallel arrays. */
interface KeyColumns {
  n: number[];
  key: string[];
  kind: (UserKind | null)[];
  /** Epoch milliseconds (see `at`). */
  seenAt: number[];
}

const keyColumns = (): KeyColumns => ({ n: [], key: [], kind: [], seenAt: [] });

/**
 * Timestamps travel as epoch milliseconds (int8, exact): Date#toISOString costs ~1 µs, ~1 ms of
 * CPU per batch of 1,000, and PostgreSQL parses the text more slowly than a number too.
 */
const at = (column: RawBuilder<unknown>) => sql`timestamptz 'epoch' + ${column} * interval '1 millisecond'`;

/**
 * The users the lookups name, as (n, user_id, seen_at): one set-based join per way of naming
 * them — rather than one probe per lookup — so PostgreSQL can hash-join a batch's keys against
 * the team's users or probe the unique indexes, whichever its estimates favour. Only the ways the
 * batch uses are in the statement. A USER comes before a LEAD when any kind will do.
 */
function matchedUsers(teamId: string, byId: KeyColumns, byExternalId: KeyColumns, byEmail: KeyColumns) {
  const branches = [];
  if (byId.n.length) {
    branches.push(sql`
      select k.n, ${at(sql`k.seen_ms`)} as seen_at, u.id, u.kind, u.last_seen_at from unnest(${byId.n}::int[], ${byId.key}::uuid[], ${byId.seenAt}::int8[]) as k(n, id, seen_ms)
      join users u on u.id = k.id and u.team_id = ${teamId}`);
  }
  if (byExternalId.n.length) {
    branches.push(sql`
      select k.n, ${at(sql`k.seen_ms`)} as seen_at, u.id, u.kind, u.last_seen_at from unnest(${byExternalId.n}::int[], ${byExternalId.key}::text[], ${byExternalId.kind}::text[], ${byExternalId.seenAt}::int8[]) as k(n, external_id, kind, seen_ms)
      join users u on u.team_id = ${teamId} and u.kind in ('USER', 'LEAD') and u.external_id = k.external_id
      where k.kind is null or u.kind = k.kind`);
  }
  if (byEmail.n.length) {
    branches.push(sql`
      select k.n, ${at(sql`k.seen_ms`)} as seen_at, u.id, u.kind, u.last_seen_at from unnest(${byEmail.n}::int[], ${byEmail.key}::text[], ${byEmail.kind}::text[], ${byEmail.seenAt}::int8[]) as k(n, email, kind, seen_ms)
      join users u on u.team_id = ${teamId} and u.kind in ('USER', 'LEAD') and u.email is not null and lower(u.email) = k.email
      where k.kind is null or u.kind = k.kind`);
  }
  return branches.length ? sql.join(branches, sql` union all `) : sql`select null::int as n, null::timestamptz as seen_at, null::uuid as id, null::text as kind, null::timestamptz as last_seen_at where false`;
}

/**
 * A batch of tracked events in ONE statement (no transaction, one round trip): find each named
 * user (by id; else by externalId; else by email — a USER before a LEAD when any kind will do),
 * insert the events of those found, and move their lastSeenAt forward. With `allOrNothing`, the
 * events are written only when every lookup finds its user, so a caller that may create the
 * missing ones can write the whole batch together afterwards instead.
 *
 * Columns travel as arrays (unnest) and the properties as one JSON array, which
 * jsonb_array_elements splits into jsonb values: measured per batch of 1,000, one JSON document
 * of whole rows (json_to_recordset, its properties then converted from json to jsonb) cost
 * PostgreSQL ~6 ms more CPU, and probing users once per lookup (LATERAL) ~5 ms more than the
 * joins above.
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
  const byId = keyColumns();
  const byExternalId = keyColumns();
  const byEmail = keyColumns();
  lookups.forEach((l, n) => {
    // A malformed id names nobody (the nil UUID is never a row's), rather than failing the cast.
    const [columns, key] =
      l.id !== undefined ? [byId, isUuid(l.id) ? l.id : NOBODY] : l.externalId !== undefined ? [byExternalId, l.externalId] : [byEmail, l.email!];
    columns.n.push(n);
    columns.key.push(key);
    columns.kind.push(l.kind);
    columns.seenAt.push(seenAt[n]!);
  });
  const ids: string[] = [];
  const users: number[] = [];
  const names: string[] = [];
  const occurredAt: number[] = [];
  let properties = '[';
  events.forEach((e, i) => {
    ids.push(e.id);
    users.push(e.user);
    names.push(e.name);
    occurredAt.push(e.occurredAt.getTime());
    properties += i ? `,${e.propertiesJson}` : e.propertiesJson;
  });
  properties += ']';
  const result = await sql<{ found: [number, string][] | null; written: boolean; createdAt: Date }>`
    with matched as (${matchedUsers(teamId, byId, byExternalId, byEmail)}
    ), found as (
      select distinct on (n) n, seen_at, id as user_id, last_seen_at from matched order by n, kind = 'USER' desc
    ), go as (
      select ${!options.allOrNothing}::boolean or (select count(*) from found) = ${lookups.length} as ok
    ), inserted as (
      insert into events (id, team_id, user_id, name, properties, occurred_at, origin, member_id, api_key_id)
      select e.id, ${teamId}::uuid, f.user_id, e.name, e.properties, ${at(sql`e.occurred_ms`)}, ${writer.origin}, ${writer.memberId}::uuid, ${writer.apiKeyId}::uuid
      from rows from (unnest(${ids}::uuid[]), unnest(${users}::int[]), unnest(${names}::text[]), jsonb_array_elements(${properties}::jsonb), unnest(${occurredAt}::int8[]))
        as e(id, n, name, properties, occurred_ms)
      join found f on f.n = e.n
      where (select ok from go)
    ), seen as (
      select user_id as id, max(seen_at) as seen_at from found
      where (select ok from go) and (last_seen_at is null or last_seen_at <= seen_at - ${LAST_SEEN_RESOLUTION}::interval)
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
    select (select json_agg(json_build_array(n, user_id)) from found) as found,
           (select ok from go) as written,
           date_trunc('milliseconds', now()) as created_at`.execute(db);
  const row = result.rows[0]!;
  const userIds: (string | null)[] = lookups.map(() => null);
  for (const [n, userId] of row.found ?? []) userIds[n] = userId;
  return { userIds, written: row.written, createdAt: row.createdAt };
}
