import type { Db, Reminder } from '../../db/types.ts';
import { groupRowsBy } from '../../lib/group-rows.ts';
import { listRemindersOfUsers } from './queries.ts';

/** `User.reminders` for a whole batch of users: one query, one list per user id. */
export async function remindersByUserIds(db: Db, teamId: string, userIds: readonly string[]): Promise<Reminder[][]> {
  return groupRowsBy(userIds, await listRemindersOfUsers(db, teamId, userIds), (reminder) => reminder.userId);
}
