import type { Db, Tag } from '../../db/types.ts';
import { findLabelsByIds, type LabelKind } from '../groups/labels.ts';

/** Tags are labels addressed by name (see groups/labels.ts); links live in user_tags. */
export const TAGS: LabelKind = { noun: 'Tag', table: 'tags', links: 'userTags', key: 'tagId', field: 'tags', usersColumn: 'tagIds' };

export function findTagsByIds(db: Db, teamId: string, ids: readonly string[]): Promise<Tag[]> {
  return findLabelsByIds<Tag>(db, TAGS, teamId, ids);
}
