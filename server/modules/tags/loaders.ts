import type { Db, Tag } from '../../db/types.ts';
import { countUsersByLabelIds, labelsByUserIds } from '../groups/labels.ts';
import { TAGS } from './queries.ts';

// Batch functions for dataloader fields: one query for every key in the batch.

/** Each user's tags, sorted by name, in the order of `userIds`. */
export function tagsByUserIds(db: Db, teamId: string, userIds: readonly string[]): Promise<Tag[][]> {
  return labelsByUserIds<Tag>(db, TAGS, teamId, userIds);
}

/** How many users carry each tag, in the order of `tagIds`. */
export function userCountsByTagIds(db: Db, teamId: string, tagIds: readonly string[]): Promise<number[]> {
  return countUsersByLabelIds(db, TAGS, teamId, tagIds);
}
