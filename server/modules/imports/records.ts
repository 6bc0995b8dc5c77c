import { sql } from 'kysely';
import type { Db, Event } from '../../db/types.ts';
import type { Actor } from '../history/actor.ts';
import type { FieldChange } from '../history/record.ts';

// What a commit batch records besides the users themselves: a history row per change and a
// `user.imported` event per written user. The same rows recordChanges and recordSystemEvents
// write, but shaped for batches of thousands: each list travels as ONE JSON text (built by the
// native JSON.stringify) instead of pg array literals (built and escaped element by element in
// JavaScript: a batch's history alone allocated several MB of strings that way), and the events,
// which differ only by user and action, are built by the database from the import's id.

/** History rows, one statement: the same columns as recordChanges. */
export async function recordImportChanges(db: Db, teamId: string, actor: Actor, changes: readonly FieldChange[]): Promise<void> {
  if (changes.length === 0) return;
  const rows = JSON.stringify(changes.map((c) => [c.userId, c.field, c.oldValue ?? null, c.newValue ?? null]));
  await sql`
    insert into user_changes (team_id, user_id, field, old_value, new_value, origin, member_id, api_key_id, import_id)
    select ${teamId}::uuid, (c ->> 0)::uuid, c ->> 1, nullif(c -> 2, 'null'::jsonb), nullif(c -> 3, 'null'::jsonb), ${actor.origin},
           ${actor.memberId ?? null}::uuid, ${actor.apiKeyId ?? null}::uuid, ${actor.importId ?? null}::uuid
      from jsonb_array_elements(${rows}::jsonb) as c`.execute(db);
}

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
