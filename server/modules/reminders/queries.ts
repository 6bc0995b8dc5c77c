import { sql } from 'kysely';
import type { Db, Reminder } from '../../db/types.ts';

// Reminders: a member's note to follow a user up at a time. Team id in every query.

export function findRemindersByIds(db: Db, teamId: string, ids: readonly string[]): Promise<Reminder[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('reminders').selectAll().where('teamId', '=', teamId).where('id', 'in', ids).execute();
}

/**
 * Every reminder of these users in one query: open ones first, soonest (most overdue) due first;
 * then completed ones, most recently completed first.
 */
export function listRemindersOfUsers(db: Db, teamId: string, userIds: readonly string[]): Promise<Reminder[]> {
  if (userIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('reminders')
    .selectAll()
    .where('teamId', '=', teamId)
    .where('userId', 'in', userIds)
    .orderBy(sql`completed_at is not null`)
    .orderBy(sql`case when completed_at is null then due_at end`)
    .orderBy('completedAt', 'desc')
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
}

/** Inserts a reminder on a user of the team, in one statement; nothing when there is no such user. */
export function insertReminderForUser(
  db: Db,
  values: { teamId: string; userId: string; text: string; dueAt: Date; createdBy: string | null },
): Promise<Reminder | undefined> {
  return db
    .insertInto('reminders')
    .columns(['teamId', 'userId', 'text', 'dueAt', 'createdBy'])
    .expression(
      db
        .selectFrom('users')
        // Typed parameters: a bare `$n` in a select list has no type to infer.
        .select([
          'users.teamId',
          'users.id',
          sql<string>`${values.text}::text`.as('text'),
          sql<Date>`${values.dueAt}::timestamptz`.as('dueAt'),
          sql<string | null>`${values.createdBy}::uuid`.as('createdBy'),
        ])
        .where('users.teamId', '=', values.teamId)
        .where('users.id', '=', values.userId),
    )
    .returningAll()
    .executeTakeFirst();
}

/** Marks a reminder completed; one completed already keeps its first completion time. */
export function completeReminderRow(db: Db, teamId: string, id: string): Promise<Reminder | undefined> {
  return db
    .updateTable('reminders')
    .set({ completedAt: sql`coalesce(completed_at, date_trunc('milliseconds', now()))` })
    .where('teamId', '=', teamId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export function deleteReminderRow(db: Db, teamId: string, id: string): Promise<Reminder | undefined> {
  return db.deleteFrom('reminders').where('teamId', '=', teamId).where('id', '=', id).returningAll().executeTakeFirst();
}
