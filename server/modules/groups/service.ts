import type { Db, Group } from '../../db/types.ts';
import type { Actor } from '../history/actor.ts';
import { changeLinks, createLabel, deleteLabel, type LabelInput, type LinkPaths, type LinkResult, updateLabel } from './label-service.ts';
import { GROUPS } from './queries.ts';

// Groups: a name (trimmed, 1–100 characters, unique per team regardless of case → UNIQUE) and a
// description (at most 1,000). Membership changes record a `groups` change per user whose groups
// change, from the sorted names before to the sorted names after.

const PATHS: LinkPaths = { userIds: ['input', 'userIds'], labelIds: ['input', 'groupIds'], names: ['input', 'groupNames'] };

export function createGroup(db: Db, teamId: string, input: { name: string; description?: string | null }): Promise<Group> {
  return createLabel<Group>(db, GROUPS, teamId, input);
}

export function updateGroup(db: Db, teamId: string, id: string, input: LabelInput): Promise<Group> {
  return updateLabel<Group>(db, GROUPS, teamId, id, input);
}

/** Deletes a group; its members lose it, and each records the change. */
export function deleteGroup(db: Db, teamId: string, actor: Actor, id: string): Promise<{ label: Group; removed: number }> {
  return deleteLabel<Group>(db, GROUPS, teamId, actor, id);
}

export interface GroupMembershipRequest {
  userIds: readonly string[];
  groupIds?: readonly string[] | null;
  groupNames?: readonly string[] | null;
  createMissingGroups?: boolean | null;
}

export function addUsersToGroups(db: Db, teamId: string, actor: Actor, request: GroupMembershipRequest): Promise<LinkResult<Group>> {
  const { userIds, groupIds, groupNames, createMissingGroups } = request;
  return changeLinks<Group>(db, GROUPS, teamId, actor, 'add', { userIds, labelIds: groupIds, names: groupNames, createMissing: createMissingGroups }, PATHS);
}

export function removeUsersFromGroups(db: Db, teamId: string, actor: Actor, request: GroupMembershipRequest): Promise<LinkResult<Group>> {
  const { userIds, groupIds, groupNames } = request;
  return changeLinks<Group>(db, GROUPS, teamId, actor, 'remove', { userIds, labelIds: groupIds, names: groupNames }, PATHS);
}
