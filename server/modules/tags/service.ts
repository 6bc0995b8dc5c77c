import type { Db, Tag } from '../../db/types.ts';
import { changeLinks, createLabel, deleteLabel, type LinkPaths, type LinkResult, updateLabel } from '../groups/label-service.ts';
import type { Actor } from '../history/actor.ts';
import { TAGS } from './queries.ts';

// Tags: a name (trimmed, 1–100 characters, unique per team regardless of case → UNIQUE), used
// by name. Tagging changes record a `tags` change per user whose tags change, from the sorted
// names before to the sorted names after.

const PATHS: LinkPaths = { userIds: ['input', 'userIds'], labelIds: ['input', 'tagIds'], names: ['input', 'tagNames'] };

export function createTag(db: Db, teamId: string, name: string): Promise<Tag> {
  return createLabel<Tag>(db, TAGS, teamId, { name });
}

export function renameTag(db: Db, teamId: string, id: string, name: string): Promise<Tag> {
  return updateLabel<Tag>(db, TAGS, teamId, id, { name });
}

/** Deletes a tag; every user who carried it records the change. */
export function deleteTag(db: Db, teamId: string, actor: Actor, id: string): Promise<{ label: Tag; removed: number }> {
  return deleteLabel<Tag>(db, TAGS, teamId, actor, id);
}

export interface TaggingRequest {
  userIds: readonly string[];
  tagNames: readonly string[];
  createMissingTags?: boolean | null;
}

export function tagUsers(db: Db, teamId: string, actor: Actor, request: TaggingRequest): Promise<LinkResult<Tag>> {
  const { userIds, tagNames, createMissingTags } = request;
  return changeLinks<Tag>(db, TAGS, teamId, actor, 'add', { userIds, names: tagNames, createMissing: createMissingTags }, PATHS);
}

export function untagUsers(db: Db, teamId: string, actor: Actor, request: TaggingRequest): Promise<LinkResult<Tag>> {
  return changeLinks<Tag>(db, TAGS, teamId, actor, 'remove', { userIds: request.userIds, names: request.tagNames }, PATHS);
}
