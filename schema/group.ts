import { createContextCache, type ObjectRef } from '@pothos/core';
import DataLoader from 'dataloader';
import { type DefaultConnectionArguments, resolveCursorConnection, type ResolveCursorConnectionArgs } from '@pothos/plugin-relay';
import type { Db, Group, User } from '../server/db/types.ts';
import { type Context, readerTeamId, requireViewer } from '../server/context.ts';
import { LimitError, NotFoundError, ValidationError } from '../server/errors.ts';
import { uuidsOnly } from '../server/lib/ids.ts';
import { countLabels, type Label, type LabelKind, listLabels, type NamePage } from '../server/modules/groups/labels.ts';
import type { LinkResult } from '../server/modules/groups/label-service.ts';
import { groupsByUserIds, userCountsByGroupIds } from '../server/modules/groups/loaders.ts';
import { findGroupsByIds, GROUPS } from '../server/modules/groups/queries.ts';
import { addUsersToGroups, createGroup, deleteGroup, removeUsersFromGroups, updateGroup } from '../server/modules/groups/service.ts';
import { actorOf } from '../server/modules/history/actor.ts';
import type { UserFilter } from '../server/modules/users/filter.ts';
import { DEFAULT_USER_ORDER, labelsReadWith } from '../server/modules/users/list.ts';
import { checkIdCount } from '../server/modules/users/service.ts';
import { builder } from './builder.ts';
import { decodeInputId, decodeInputIds } from './global-id.ts';
import { badCursor, checkPageSize, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './pagination.ts';
import { UserOrderInput, UserRef, userConnection } from './user.ts';

// Groups, and what groups and tags share (tag.ts reuses it): both are named labels on users,
// listed by name, counted and paged per label, changed in bulk with one UserChange per user.

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

// ---------------------------------------------------------------------------------------------
// Shared by groups and tags

const NAME_CURSOR = 'name:';
const encodeNameCursor = (sortKey: string) => Buffer.from(`${NAME_CURSOR}${sortKey}`).toString('base64url');
function decodeNameCursor(cursor: string | undefined, argName: string): string | undefined {
  if (cursor === undefined) return undefined;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith(NAME_CURSOR)) throw badCursor(argName);
  return text.slice(NAME_CURSOR.length);
}

/**
 * A connection of labels ordered by name. Keyset on lower(name): the unique index
 * (team_id, lower(name)) both orders and bounds it, and, names being unique per team, needs no
 * tie-breaker. Name order is what a picker or an admin list shows; creation order is not.
 */
async function nameConnection<T extends { sortKey: string }>(
  args: DefaultConnectionArguments,
  fetchPage: (page: NamePage) => Promise<T[]>,
  count: () => Promise<number>,
) {
  checkPageSize(args.first, 'first');
  checkPageSize(args.last, 'last');
  const connection = await resolveCursorConnection(
    { args, toCursor: (row: T) => encodeNameCursor(row.sortKey), defaultSize: DEFAULT_PAGE_SIZE, maxSize: MAX_PAGE_SIZE },
    ({ after, before, limit, inverted }: ResolveCursorConnectionArgs) =>
      fetchPage({ after: decodeNameCursor(after, 'after'), before: decodeNameCursor(before, 'before'), limit, inverted }),
  );
  return { ...connection, totalCount: count };
}

/** The fields a group and a tag share: name, times, how many users and which. */
export function labelFields<T extends Label>(
  t: PothosSchemaTypes.ObjectFieldBuilder<Types, T>,
  options: {
    countUsers: (db: Db, teamId: string, ids: readonly string[]) => Promise<number[]>;
    usersOf: (label: T) => UserFilter;
  },
) {
  return {
    name: t.string({ description: '1–100 characters, unique in the team regardless of case.', resolve: (label) => label.name }),
    createdAt: t.field({ type: 'DateTime', resolve: (label) => label.createdAt }),
    updatedAt: t.field({ type: 'DateTime', resolve: (label) => label.updatedAt }),
    userCount: t.loadable({
      type: 'Int',
      description: 'How many users carry it (one grouped count for every label in the response).',
      load: (ids: string[], ctx: Context) => options.countUsers(ctx.db, requireViewer(ctx).teamId, ids),
      resolve: (label) => label.id,
    }),
    users: t.connection({
      type: UserRef,
      description: 'The users who carry it, newest first by default. Requires users:read.',
      authScopes: { scope: 'users:read' },
      args: { orderBy: t.arg({ type: UserOrderInput }) },
      resolve: (label, args, ctx) => userConnection(ctx, args, options.usersOf(label), args.orderBy ?? DEFAULT_USER_ORDER),
    }),
  };
}

/**
 * Registers the reads of a kind of label: `User.<groups|tags>` (batched: one query for every
 * user in the response, by name) and the team's `<groups|tags>` connection, by name.
 */
export function labelReads<T extends Label>(
  labelRef: ObjectRef<Types, T | string, T>,
  kind: LabelKind,
  byUserIds: (db: Db, teamId: string, userIds: readonly string[]) => Promise<T[][]>,
) {
  const plural = kind.field;
  // One query for every user of the response whose page did not read them already.
  const loader = createContextCache((ctx: Context) => new DataLoader((userIds: readonly string[]) => byUserIds(ctx.db, requireViewer(ctx).teamId, userIds)));
  builder.objectField(UserRef, plural, (t) =>
    t.field({
      type: [labelRef],
      description: `The user\u2019s ${plural}, by name.`,
      resolve: (user: User, _args, ctx) => labelsReadWith<T>(user, kind) ?? loader(ctx).load(user.id),
    }),
  );
  builder.queryField(plural, (t) =>
    t.connection({
      description: `The team\u2019s ${plural}, by name (case-insensitive). Requires users:read.`,
      type: labelRef,
      authScopes: { scope: 'users:read' },
      args: { search: t.arg.string({ description: 'Part of the name, case-insensitive.' }) },
      resolve: (_root, args, ctx) => {
        const teamId = requireViewer(ctx).teamId;
        return nameConnection(
          args,
          (page) => listLabels<T>(ctx.db, kind, teamId, args.search, page),
          () => countLabels(ctx.db, kind, teamId, args.search),
        );
      },
    }),
  );
}

/** The payload of a bulk membership change: the users, the labels, what was created, a count. */
export function linkPayload<T extends Label>(
  name: string,
  labelRef: ObjectRef<Types, T | string, T>,
  fields: { labels: string; created?: string; count: 'added' | 'removed' },
) {
  return builder.objectRef<LinkResult<T>>(name).implement({
    fields: (t) => ({
      users: t.field({ type: [UserRef], description: 'Every user named, in the order given, as after the call.', resolve: (p) => p.users }),
      [fields.labels]: t.field({ type: [labelRef], description: 'Every label named, once each.', resolve: (p) => p.labels }),
      ...(fields.created
        ? { [fields.created]: t.field({ type: [labelRef], description: 'The ones this call created.', resolve: (p) => p.created }) }
        : {}),
      [fields.count]: t.int({
        description:
          fields.count === 'added'
            ? 'Memberships made; ones that already existed are no-ops and count nothing.'
            : 'Memberships removed; users who did not have the label count nothing.',
        resolve: (p) => p.count,
      }),
    }),
  });
}

/** The payload of a deletion: the deleted label's ID and how many users lost it. */
export function deletePayload(name: string, idField: string) {
  return builder.objectRef<{ id: string; removed: number }>(name).implement({
    fields: (t) => ({
      [idField]: t.exposeID('id'),
      removed: t.exposeInt('removed', { description: 'How many users had it; each recorded the change in its history.' }),
    }),
  });
}

/** Checks the lists of a bulk call (LimitError) and decodes the user IDs (NOT_FOUND at index). */
export function decodeUserIds(userIds: readonly (string | number)[], ...otherLists: [readonly unknown[] | null | undefined, string][]): string[] {
  checkIdCount(userIds, ['input', 'userIds']);
  for (const [list, name] of otherLists) checkIdCount(list ?? [], ['input', name]);
  return decodeInputIds(userIds, 'User', ['input', 'userIds']);
}

export const BULK_DESCRIPTION =
  'All or nothing: an unknown user or label is NOT_FOUND with the index in `path` and nothing changes. ' +
  'At most 1,000 IDs or names per list (LimitError). Names are trimmed and matched regardless of case.';

// ---------------------------------------------------------------------------------------------
// Groups

export const GroupRef = builder.loadableNode('Group', {
  description: 'A named set of users (a segment, a customer\u2019s team…). Readable with users:read.',
  id: { resolve: (group: Group) => group.id },
  sort: (group) => group.id,
  load: (ids: string[], ctx) => {
    const teamId = readerTeamId(ctx, 'users:read');
    return teamId ? findGroupsByIds(ctx.db, teamId, uuidsOnly(ids)) : Promise.resolve([]);
  },
  fields: (t) => ({
    ...labelFields(t, { countUsers: userCountsByGroupIds, usersOf: (group) => ({ groupIds: [group.id] }) }),
    description: t.exposeString('description', { nullable: true }),
  }),
});

labelReads(GroupRef, GROUPS, groupsByUserIds);

const GroupPayload = builder.objectRef<{ group: Group }>('GroupPayload').implement({
  fields: (t) => ({ group: t.field({ type: GroupRef, resolve: (p) => p.group }) }),
});

const CreateGroupInput = builder.inputType('CreateGroupInput', {
  fields: (t) => ({
    name: t.string({ required: true, description: 'Trimmed; 1–100 characters; unique in the team regardless of case.' }),
    description: t.string({ description: 'At most 1,000 characters.' }),
  }),
});

builder.mutationField('createGroup', (t) =>
  t.field({
    description:
      'Creates a group. ValidationError codes: REQUIRED, TOO_LONG, UNIQUE (another group has the name, in any case).',
    type: GroupPayload,
    authScopes: { scope: 'users:write' },
    errors: { types: [ValidationError] },
    args: { input: t.arg({ type: CreateGroupInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({ group: await createGroup(ctx.db, requireViewer(ctx).teamId, input) }),
  }),
);

const UpdateGroupInput = builder.inputType('UpdateGroupInput', {
  description: 'Absent fields stay; a null description clears it (a name cannot be cleared: REQUIRED).',
  fields: (t) => ({ id: t.id({ required: true }), name: t.string(), description: t.string() }),
});

builder.mutationField('updateGroup', (t) =>
  t.field({
    description:
      'Renames a group or changes its description. Members keep it; their history is not touched. ' +
      'ValidationError codes: REQUIRED, TOO_LONG, UNIQUE.',
    type: GroupPayload,
    authScopes: { scope: 'users:write' },
    errors: { types: [ValidationError, NotFoundError] },
    args: { input: t.arg({ type: UpdateGroupInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const id = decodeInputId(String(input.id), 'Group', ['input', 'id']);
      const { name, description } = input;
      return { group: await updateGroup(ctx.db, requireViewer(ctx).teamId, id, { name, description }) };
    },
  }),
);

const DeleteGroupInput = builder.inputType('DeleteGroupInput', { fields: (t) => ({ id: t.id({ required: true }) }) });
const DeleteGroupPayload = deletePayload('DeleteGroupPayload', 'deletedGroupId');

builder.mutationField('deleteGroup', (t) =>
  t.field({
    description: 'Deletes a group. Its members lose it; each records a `groups` change in its history.',
    type: DeleteGroupPayload,
    authScopes: { scope: 'users:write' },
    errors: { types: [NotFoundError] },
    args: { input: t.arg({ type: DeleteGroupInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const viewer = requireViewer(ctx);
      const id = decodeInputId(String(input.id), 'Group', ['input', 'id']);
      const { removed } = await deleteGroup(ctx.db, viewer.teamId, actorOf(viewer), id);
      return { id: String(input.id), removed };
    },
  }),
);

const AddUsersToGroupsInput = builder.inputType('AddUsersToGroupsInput', {
  fields: (t) => ({
    userIds: t.idList({ required: true, description: 'At most 1,000.' }),
    groupIds: t.idList({ description: 'At most 1,000.' }),
    groupNames: t.stringList({ description: 'Groups by name (any case), at most 1,000.' }),
    createMissingGroups: t.boolean({ description: 'Create the groups of `groupNames` that do not exist (default false: NOT_FOUND).' }),
  }),
});

const AddUsersToGroupsPayload = linkPayload('AddUsersToGroupsPayload', GroupRef, { labels: 'groups', created: 'createdGroups', count: 'added' });

builder.mutationField('addUsersToGroups', (t) =>
  t.field({
    description:
      `Adds every user to every group. Existing memberships are no-ops. Each user whose groups change records one ` +
      `\`groups\` change (sorted names before → after). ${BULK_DESCRIPTION}`,
    type: AddUsersToGroupsPayload,
    authScopes: { scope: 'users:write' },
    errors: { types: [NotFoundError, ValidationError, LimitError] },
    args: { input: t.arg({ type: AddUsersToGroupsInput, required: true }) },
    resolve: (_root, { input }, ctx) => {
      const viewer = requireViewer(ctx);
      const userIds = decodeUserIds(input.userIds, [input.groupIds, 'groupIds'], [input.groupNames, 'groupNames']);
      const groupIds = decodeInputIds(input.groupIds ?? [], 'Group', ['input', 'groupIds']);
      return addUsersToGroups(ctx.db, viewer.teamId, actorOf(viewer), { ...input, userIds, groupIds });
    },
  }),
);

const RemoveUsersFromGroupsInput = builder.inputType('RemoveUsersFromGroupsInput', {
  fields: (t) => ({
    userIds: t.idList({ required: true, description: 'At most 1,000.' }),
    groupIds: t.idList({ description: 'At most 1,000.' }),
    groupNames: t.stringList({ description: 'Groups by name (any case), at most 1,000.' }),
  }),
});

const RemoveUsersFromGroupsPayload = linkPayload('RemoveUsersFromGroupsPayload', GroupRef, { labels: 'groups', count: 'removed' });

builder.mutationField('removeUsersFromGroups', (t) =>
  t.field({
    description:
      `Removes every user from every group. Users not in a group are no-ops. Each user whose groups change records ` +
      `one \`groups\` change. ${BULK_DESCRIPTION}`,
    type: RemoveUsersFromGroupsPayload,
    authScopes: { scope: 'users:write' },
    errors: { types: [NotFoundError, ValidationError, LimitError] },
    args: { input: t.arg({ type: RemoveUsersFromGroupsInput, required: true }) },
    resolve: (_root, { input }, ctx) => {
      const viewer = requireViewer(ctx);
      const userIds = decodeUserIds(input.userIds, [input.groupIds, 'groupIds'], [input.groupNames, 'groupNames']);
      const groupIds = decodeInputIds(input.groupIds ?? [], 'Group', ['input', 'groupIds']);
      return removeUsersFromGroups(ctx.db, viewer.teamId, actorOf(viewer), { ...input, userIds, groupIds });
    },
  }),
);
