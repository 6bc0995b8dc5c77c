import type { Db, UserChange } from '../../db/types.ts';
import { applyKeyset, type KeysetPage } from '../../lib/keyset.ts';

/** One page of a user's history, newest first. */
export function listUserChanges(db: Db, teamId: string, userId: string, page: KeysetPage): Promise<UserChange[]> {
  const query = db.selectFrom('userChanges').selectAll().where('teamId', '=', teamId).where('userId', '=', userId);
  return applyKeyset(query, page, { table: 'user_changes', newestFirst: true }).execute();
}

export async function countUserChanges(db: Db, teamId: string, userId: string): Promise<number> {
  const row = await db
    .selectFrom('userChanges')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('teamId', '=', teamId)
    .where('userId', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
