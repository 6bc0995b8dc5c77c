import type { Db, Identity } from '../../db/types.ts';
import { groupRowsBy } from '../../lib/group-rows.ts';
import { listIdentitiesOfUsers } from './queries.ts';

/** `User.identities` for a whole batch of users: one query, one list per user id. */
export async function identitiesByUserIds(db: Db, teamId: string, userIds: readonly string[]): Promise<Identity[][]> {
  return groupRowsBy(userIds, await listIdentitiesOfUsers(db, teamId, userIds), (identity) => identity.userId);
}
