import type { Tag } from '../server/db/types.ts';
import { readerTeamId, requireViewer } from '../server/context.ts';
import { LimitError, NotFoundError, ValidationError } from '../server/errors.ts';
import { uuidsOnly } from '../server/lib/ids.ts';
import { actorOf } from '../server/modules/history/actor.ts';
import { tagsByUserIds, userCountsByTagIds } from '../server/modules/tags/loaders.ts';
import { findTagsByIds, TAGS } from '../server/modules/tags/queries.ts';
import { createTag, deleteTag, renameTag, tagUsers, untagUsers } from '../server/modules/tags/service.ts';
import { builder } from './builder.ts';
import { decodeInputId } from './global-id.ts';
import { BULK_DESCRIPTION, decodeUserIds, deletePayload, labelFields, labelReads, linkPayload } from './group.ts';

// Tags: named labels used by name (groups and tags share their machinery, see group.ts).

export const TagRef = builder.loadableNode('Tag', {
  description: 'A named label on users, used by name. Readable with users:read.',
  id: { resolve: (tag: Tag) => tag.id },
  sort: (tag) => tag.id,
  load: (ids: string[], ctx) => {
    const teamId = readerTeamId(ctx, 'users:read');
    return teamId ? findTagsByIds(ctx.db, teamId, uuidsOnly(ids)) : Promise.resolve([]);
  },
  fields: (t) => labelFields(t, { countUsers: userCountsByTagIds, usersOf: (tag) => ({ tags: [tag.name] }) }),
});

labelReads(TagRef, TAGS, tagsByUserIds);

const TagPayload = builder.objectRef<{ tag: Tag }>('TagPayload').implement({
  fields: (t) => ({ tag: t.field({ type: TagRef, resolve: (p) => p.tag }) }),
});

const CreateTagInput = builder.inputType('CreateTagInput', {
  fields: (t) => ({ name: t.string({ required: true, description: 'Trimmed; 1–100 characters; unique in the team regardless of case.' }) }),
});

builder.mutationField('createTag', (t) =>
  t.field({
    description: 'Creates a tag. ValidationError codes: REQUIRED, TOO_LONG, UNIQUE (another tag has the name, in any case).',
    type: TagPayload,
    authScopes: { scope: 'users:write' },
    errors: { types: [ValidationError] },
    args: { input: t.arg({ type: CreateTagInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({ tag: await createTag(ctx.db, requireViewer(ctx).teamId, input.name) }),
  }),
);

const RenameTagInput = builder.inputType('RenameTagInput', {
  fields: (t) => ({ id: t.id({ required: true }), name: t.string({ required: true }) }),
});

builder.mutationField('renameTag', (t) =>
  t.field({
    description:
      'Renames a tag; users keep it and their history is not touched. Changing only the case is allowed. ' +
      'ValidationError codes: REQUIRED, TOO_LONG, UNIQUE.',
    type: TagPayload,
    authScopes: { scope: 'users:write' },
    errors: { types: [ValidationError, NotFoundError] },
    args: { input: t.arg({ type: RenameTagInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const id = decodeInputId(String(input.id), 'Tag', ['input', 'id']);
      return { tag: await renameTag(ctx.db, requireViewer(ctx).teamId, id, input.name) };
    },
  }),
);

const DeleteTagInput = builder.inputType('DeleteTagInput', { fields: (t) => ({ id: t.id({ required: true }) }) });
const DeleteTagPayload = deletePayload('DeleteTagPayload', 'deletedTagId');

builder.mutationField('deleteTag', (t) =>
  t.field({
    description: 'Deletes a tag. Users who carried it lose it; each records a `tags` change in its history.',
    type: DeleteTagPayload,
    authScopes: { scope: 'users:write' },
    errors: { types: [NotFoundError] },
    args: { input: t.arg({ type: DeleteTagInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const viewer = requireViewer(ctx);
      const id = decodeInputId(String(input.id), 'Tag', ['input', 'id']);
      const { removed } = await deleteTag(ctx.db, viewer.teamId, actorOf(viewer), id);
      return { id: String(input.id), removed };
    },
  }),
);

const TagUsersInput = builder.inputType('TagUsersInput', {
  fields: (t) => ({
    userIds: t.idList({ required: true, description: 'At most 1,000.' }),
    tagNames: t.stringList({ required: true, description: 'Tags by name (any case), at most 1,000.' }),
    createMissingTags: t.boolean({ description: 'Create the tags that do not exist (default false: NOT_FOUND).' }),
  }),
});

const TagUsersPayload = linkPayload('TagUsersPayload', TagRef, { labels: 'tags', created: 'createdTags', count: 'added' });

builder.mutationField('tagUsers', (t) =>
  t.field({
    description:
      `Puts every tag on every user. Tags a user already has are no-ops. Each user whose tags change records one ` +
      `\`tags\` change (sorted names before → after). ${BULK_DESCRIPTION}`,
    type: TagUsersPayload,
    authScopes: { scope: 'users:write' },
    errors: { types: [NotFoundError, ValidationError, LimitError] },
    args: { input: t.arg({ type: TagUsersInput, required: true }) },
    resolve: (_root, { input }, ctx) => {
      const viewer = requireViewer(ctx);
      const userIds = decodeUserIds(input.userIds, [input.tagNames, 'tagNames']);
      return tagUsers(ctx.db, viewer.teamId, actorOf(viewer), { ...input, userIds });
    },
  }),
);

const UntagUsersInput = builder.inputType('UntagUsersInput', {
  fields: (t) => ({
    userIds: t.idList({ required: true, description: 'At most 1,000.' }),
    tagNames: t.stringList({ required: true, description: 'Tags by name (any case), at most 1,000.' }),
  }),
});

const UntagUsersPayload = linkPayload('UntagUsersPayload', TagRef, { labels: 'tags', count: 'removed' });

builder.mutationField('untagUsers', (t) =>
  t.field({
    description:
      `Takes every tag off every user. Users without a tag are no-ops. Each user whose tags change records one ` +
      `\`tags\` change. ${BULK_DESCRIPTION}`,
    type: UntagUsersPayload,
    authScopes: { scope: 'users:write' },
    errors: { types: [NotFoundError, ValidationError, LimitError] },
    args: { input: t.arg({ type: UntagUsersInput, required: true }) },
    resolve: (_root, { input }, ctx) => {
      const viewer = requireViewer(ctx);
      const userIds = decodeUserIds(input.userIds, [input.tagNames, 'tagNames']);
      return untagUsers(ctx.db, viewer.teamId, actorOf(viewer), { ...input, userIds });
    },
  }),
);
