import { sql } from 'kysely';
import type { Db, User } from '../../db/types.ts';
import type { IdentityPair } from '../sources/identity-list.ts';

// The batch lookups of imports by key (users by external ID or email, identities by pair), written
// as one probe of a unique index per key: the keys (one JSON text, see writes.ts) joined LATERAL
// to a `limit 1` subquery (which PostgreSQL does not flatten into a join that scans the team's
// rows once per batch).
// Whether the probe uses the unique index still depends on the statistics knowing how many users
// the team has: while they count it as empty, every index that starts with team_id looks as good,
// and one was seen probing users_team_last_name_prefix_idx with the key as a mere filter — reading
// every user of the team per key. A committing import therefore keeps the statistics of users
// fresh as it grows the team (statistics.ts). Identities have one index that starts with team_id,
// the unique one, so their probes do not depend on it.

export type UserKey = 'externalId' | 'email';

/** The key as the unique index compares it: external IDs exactly, emails lower-cased. */
const keyColumn = (by: UserKey) => (by === 'email' ? sql`lower(email)` : sql`external_id`);

/**
 * The team's USER-kind users holding one of `keys` (emails given lower-cased): id, externalId and
 * lower-cased email. Not locked: callers that write lock by id afterwards, in id order.
 */
export async function findUserHolders(
  db: Db,
  teamId: string,
  by: UserKey,
  keys: readonly string[],
): Promise<{ id: string; externalId: string; email: string | null }[]> {
  if (keys.length === 0) return [];
  // `email is not null` names the partial unique index on lower(email).
  const result = await sql<{ id: string; externalId: string; email: string | null }>`
    select u.id, u.external_id, lower(u.email) as email
      from json_array_elements_text(${JSON.stringify([...new Set(keys)])}::json) as k(key)
      cross join lateral (
        select id, external_id, email from users
         where team_id = ${teamId} and kind = 'USER' and ${keyColumn(by)} = k.key
           ${by === 'email' ? sql`and email is not null` : sql``}
         limit 1) as u`.execute(db);
  return result.rows;
}

/**
 * The users with these ids, whole, in id order; locked for the rest of the transaction with
 * `lock` (every writer locks users in id order, so concurrent writers queue instead of deadlocking).
 */
export function findUsersByIds(db: Db, teamId: string, ids: readonly string[], lock: boolean): Promise<User[]> {
  if (ids.length === 0) return Promise.resolve([]);
  const query = db.selectFrom('users').selectAll().where('teamId', '=', teamId).where('id', '=', sql<string>`any(${[...ids]}::uuid[])`).orderBy('id');
  return (lock ? query.forUpdate() : query).execute();
}

/** Who holds each of these identities in the team (usernames compared regardless of case). */
export async function findIdentityHolders(db: Db, teamId: string, pairs: readonly IdentityPair[]): Promise<({ userId: string } & IdentityPair)[]> {
  if (pairs.length === 0) return [];
  const result = await sql<{ userId: string } & IdentityPair>`
    select x.user_id, x.source, x.username
      from json_array_elements(${JSON.stringify(pairs.map((p) => [p.source, p.username.toLowerCase()]))}::json) as w
      cross join lateral (
        select user_id, source, username from identities
         where team_id = ${teamId} and source = w ->> 0 and lower(username) = w ->> 1
         limit 1) as x`.execute(db);
  return result.rows;
}
