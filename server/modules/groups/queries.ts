import type { Db, Group } from '../../db/types.ts';
import { findLabelsByIds, type LabelKind } from './labels.ts';

/** Groups are labels with a description (see labels.ts); memberships live in user_groups. */
export const GROUPS: LabelKind = { noun: 'Group', table: 'groups', links: 'userGroups', key: 'groupId', field: 'groups' };

export function findGroupsByIds(db: Db, teamId: string, ids: readonly string[]): Promise<Group[]> {
  return findLabelsByIds<Group>(db, GROUPS, teamId, ids);
}
