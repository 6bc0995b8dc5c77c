import type { Db, Group } from '../../db/types.ts';
import { countUsersByLabelIds, labelsByUserIds } from './labels.ts';
import { GROUPS } from './queries.ts';

// Batch functions for dataloader fields: one query for every key in the batch.

/** Each user's groups, sorted by name, in the order of `userIds`. */
export function groupsByUserIds(db: Db, teamId: string, userIds: readonly string[]): Promise<Group[][]> {
  return labelsByUserIds<Group>(db, GROUPS, teamId, userIds);
}

/** How many users each group has, in the order of `groupIds`. */
export function userCountsByGroupIds(db: Db, teamId: string, groupIds: readonly string[]): Promise<number[]> {
  return countUsersByLabelIds(db, GROUPS, teamId, groupIds);
}
