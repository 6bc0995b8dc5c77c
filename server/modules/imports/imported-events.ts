import { sql } from 'kysely';
import type { Db, Event } from '../../db/types.ts';

// The `user.imported` event of every user a commit batch writes. The same rows
// recordSystemEvents writes, but shaped for batches of thousands: the events differ only by user
// and action, so the database builds them from the import's id and hands back only the new ids.

export interface ImportedUser {
  userId: string;
  action: 'created' | 'updated';
}

/**
 * The `user.imported` system events of a batch (properties `{ importId, action }`), one
 * statement; answers them as Event rows for the activity subscribers. The database hands back
 * only the new ids: every other field is the same for the whole batch or known here.
 */
export async function recordImportedEvents(db: Db, teamId: string, importId: string, users: readonly ImportedUser[]): Promise<Event[]> {
  if (users.length === 0) return [];
  const occurredAt = new Date();
  const result = await sql<{ added: string; createdAt: Date }>`
    with added as (
      insert into events (team_id, user_id, name, properties, occurred_at, origin)
      select ${teamId}::uuid, (u ->> 0)::uuid, 'user.imported', jsonb_build_object('importId', ${importId}::text, 'action', u ->> 1),
             ${occurredAt}::timestamptz, 'SYSTEM'
        from json_array_elements(${JSON.stringify(users.map((u) => [u.userId, u.action]))}::json) as u
      returning id, user_id, properties ->> 'action' as action, created_at
    )
    select json_agg(json_build_array(id, user_id, action))::text as added, min(created_at) as created_at from added`.execute(db);
  const { added, createdAt } = result.rows[0]!;
  return (JSON.parse(added) as [string, string, ImportedUser['action']][]).map(([id, userId, action]) => ({
    id,
    teamId,
    userId,
    name: 'user.imported',
    properties: { importId, action },
    occurredAt,
    origin: 'SYSTEM',
    memberId: null,
    apiKeyId: null,
    createdAt,
  }));
}
