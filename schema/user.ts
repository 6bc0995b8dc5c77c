import { createContextCache } from '@pothos/core';
import { resolveCursorConnection, type ResolveCursorConnectionArgs } from '@pothos/plugin-relay';
import type { Address, PropertyDefinition, User } from '../server/db/types.ts';
import { type Context, publishActivity, readerTeamId, requireViewer } from '../server/context.ts';
import { LimitError, NotFoundError, ValidationError } from '../server/errors.ts';
import { uuidsOnly } from '../server/lib/ids.ts';
import { actorOf } from '../server/modules/history/actor.ts';
import { listPropertyDefinitions } from '../server/modules/properties/queries.ts';
import { ADDRESS_FIELDS } from '../server/modules/users/attributes.ts';
import type { UserFilter } from '../server/modules/users/filter.ts';
import { countUsers, DEFAULT_USER_ORDER, readUserPage, type UserColumn, type UserCursor, type UserOrder, type UserPageRead, userCursor } from '../server/modules/users/list.ts';
import { findUserByKey, findUsersByIds } from '../server/modules/users/queries.ts';
import { checkIdCount, createUser, deleteUsers, setEmailConsent, setUserStatus, updateUser } from '../server/modules/users/service.ts';
import { asBadInput } from './bad-input.ts';
import { builder } from './builder.ts';
import { decodeInputId, decodeInputIds } from './global-id.ts';
import { badCursor, checkPageSize, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './pagination.ts';
import { GraphQLError, type GraphQLResolveInfo } from 'graphql';
import { GROUPS } from '../server/modules/groups/queries.ts';
import { TAGS } from '../server/modules/tags/queries.ts';
import { selectedFieldsAt } from './selection.ts';

export const UserKindEnum = builder.enumType('UserKind', {
  description: 'USER: identified by the team (server API, dashboard, import, or a verified `identify`). LEAD: an unverified visitor.',
  values: ['USER', 'LEAD'] as const,
});
export const UserStatusEnum = builder.enumType('UserStatus', { values: ['ACTIVE', 'ARCHIVED', 'DISABLED'] as const });
export const UserRoleEnum = builder.enumType('UserRole', { values: ['USER', 'ADMIN', 'SUPERVISOR'] as const });

const AddressRef = builder.objectRef<Address>('Address').implement({
  fields: (t) => Object.fromEntries(ADDRESS_FIELDS.map((f) => [f, t.string({ nullable: true, resolve: (a) => a[f] ?? null })])),
});

const EmailConsentRef = builder.objectRef<Pick<User, 'emailConsent' | 'emailConsentChangedAt'>>('EmailConsent').implement({
  fields: (t) => ({
    subscribed: t.exposeBoolean('emailConsent'),
    changedAt: t.expose('emailConsentChangedAt', { type: 'DateTime', nullable: true }),
  }),
});

/** The team's property definitions, read once per request however many users resolve. */
const definitionsCache = createContextCache((ctx: Context) => {
  let promise: Promise<PropertyDefinition[]> | undefined;
  return () => (promise ??= listPropertyDefinitions(ctx.db, requireViewer(ctx).teamId));
});
export const teamDefinitions = (ctx: Context) => definitionsCache(ctx)();

export const UserRef = builder.loadableNode('User', {
  description: 'A person who uses the team\u2019s website or app. Readable with users:read.',
  id: { resolve: (user: User) => user.id },
  sort: (user) => user.id,
  load: (ids: string[], ctx) => {
    const teamId = readerTeamId(ctx, 'users:read');
    return teamId ? findUsersByIds(ctx.db, teamId, uuidsOnly(ids)) : Promise.resolve([]);
  },
  fields: (t) => ({
    externalId: t.exposeString('externalId', { description: 'The team\u2019s own id for the user; defaults to the email.' }),
    email: t.exposeString('email', { nullable: true, description: 'Immutable once set: a new address means a new user.' }),
    kind: t.expose('kind', { type: UserKindEnum }),
    status: t.expose('status', { type: UserStatusEnum }),
    role: t.expose('role', { type: UserRoleEnum }),
    displayName: t.exposeString('displayName', { nullable: true }),
    firstName: t.exposeString('firstName', { nullable: true }),
    lastName: t.exposeString('lastName', { nullable: true }),
    jobTitle: t.exposeString('jobTitle', { nullable: true }),
    phone: t.exposeString('phone', { nullable: true }),
    company: t.exposeString('company', { nullable: true }),
    address: t.field({ type: AddressRef, nullable: true, resolve: (u) => u.address }),
    emailConsent: t.field({ type: EmailConsentRef, resolve: (u) => u }),
    note: t.exposeString('note', {
      nullable: true,
      authScopes: { member: true },
      description: 'A private note for the team\u2019s members; API keys cannot read it.',
    }),
    properties: t.field({ type: 'JSON', description: 'Custom properties, keyed by definition key.', resolve: (u) => u.properties }),
    signedUpAt: t.expose('signedUpAt', { type: 'DateTime', nullable: true }),
    lastSeenAt: t.expose('lastSeenAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

// ---------------------------------------------------------------------------------------------
// Listing

const TimeRangeInput = builder.inputType('TimeRangeInput', {
  description: 'A half-open range: from ≤ t < to. Either end may be omitted.',
  fields: (t) => ({ from: t.field({ type: 'DateTime' }), to: t.field({ type: 'DateTime' }) }),
});

const PropertyOpEnum = builder.enumType('PropertyOp', {
  description:
    'EQ/NE/IN compare typed values; GT…LTE apply to numbers, dates, date-times and text; CONTAINS is a ' +
    'case-insensitive substring; EXISTS with value true/false tests presence.',
  values: ['EQ', 'NE', 'GT', 'GTE', 'LT', 'LTE', 'IN', 'CONTAINS', 'EXISTS'] as const,
});

const PropertyPredicateInput = builder.inputType('PropertyPredicateInput', {
  fields: (t) => ({
    key: t.string({ required: true }),
    op: t.field({ type: PropertyOpEnum, required: true }),
    value: t.field({ type: 'JSON', description: 'A value of the property\u2019s type; a list for IN; a boolean for EXISTS.' }),
  }),
});

export const UserFilterInput = builder.inputType('UserFilter', {
  description: 'Lists match any of their values; different fields combine with AND.',
  fields: (t) => ({
    search: t.string({ description: 'Prefix of the email, display name, first or last name.' }),
    kind: t.field({ type: [UserKindEnum] }),
    status: t.field({ type: [UserStatusEnum] }),
    role: t.field({ type: [UserRoleEnum] }),
    groups: t.idList({ description: 'Group IDs: members of any of them.' }),
    tags: t.stringList({ description: 'Tag names: users with any of them.' }),
    hasIdentityOn: t.stringList({ description: 'Source keys: users with an identity on any of them.' }),
    properties: t.field({ type: [PropertyPredicateInput] }),
    createdAt: t.field({ type: TimeRangeInput }),
    lastSeenAt: t.field({ type: TimeRangeInput }),
  }),
});

const UserOrderFieldEnum = builder.enumType('UserOrderField', {
  description: 'LAST_SEEN_AT sorts never-seen users as the oldest.',
  values: ['CREATED_AT', 'LAST_SEEN_AT', 'EMAIL'] as const,
});
const OrderDirectionEnum = builder.enumType('OrderDirection', { values: ['ASC', 'DESC'] as const });
export const UserOrderInput = builder.inputType('UserOrder', {
  fields: (t) => ({
    field: t.field({ type: UserOrderFieldEnum, required: true }),
    direction: t.field({ type: OrderDirectionEnum, required: true }),
  }),
});

type FilterArg = typeof UserFilterInput.$inferInput;

/** GraphQL filter → module filter: group global IDs decoded (unknown ones match nobody). */
export function toUserFilter(filter: FilterArg | null | undefined): UserFilter | null {
  if (!filter) return null;
  const { groups, ...rest } = filter;
  const groupIds = groups?.flatMap((id) => {
    try {
      return [decodeInputId(String(id), 'Group', [])];
    } catch {
      return [];
    }
  });
  return { ...rest, groupIds: groups ? (groupIds ?? []) : null, properties: rest.properties as UserFilter['properties'] };
}

const encodeUserCursor = (cursor: UserCursor) => Buffer.from(JSON.stringify([cursor.value, cursor.id])).toString('base64url');
function decodeUserCursor(cursor: string | undefined, argName: string): UserCursor | undefined {
  if (cursor === undefined) return undefined;
  try {
    const [value, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof value === 'string' && typeof id === 'string' && uuidsOnly([id]).length) return { value, id };
  } catch {
    // fall through
  }
  throw badCursor(argName);
}

/** A connection of a team's users, filtered and ordered, with keyset cursors. */
export async function userConnection(
  ctx: Context,
  args: { first?: number | null; last?: number | null; after?: string | null; before?: string | null },
  filter: UserFilter | null,
  order: UserOrder,
  info?: GraphQLResolveInfo,
) {
  checkPageSize(args.first, 'first');
  checkPageSize(args.last, 'last');
  const teamId = requireViewer(ctx).teamId;
  // Definitions are needed only to type property predicates: skip the read otherwise.
  const definitions = filter?.properties?.length ? await teamDefinitions(ctx) : [];
  // Read what the page shows: its users' groups and tags with it (no statement per kind after
  // it), and only the columns the selected fields need.
  const read = info ? pageReadFor(selectedFieldsAt(info, ['edges', 'node'])) : {};
  // When the client asks for totalCount, count while the page is read rather than after it:
  // without a filter in the page's statement (the page itself costs next to nothing), with one
  // in a statement of its own, in parallel (both can be slow; the slower sets the latency).
  let counting: Promise<number> | undefined;
  const count = () => (counting ??= countUsers(ctx.db, teamId, filter, definitions));
  if (info && selectedFieldsAt(info, []).has('totalCount')) {
    if (isEmptyFilter(filter)) read.count = true;
    else void count().catch(() => {});
  }
  const connection = await resolveCursorConnection(
    { args, toCursor: (user: User) => encodeUserCursor(userCursor(user, order)), defaultSize: DEFAULT_PAGE_SIZE, maxSize: MAX_PAGE_SIZE },
    async ({ after, before, limit, inverted }: ResolveCursorConnectionArgs) => {
      const page = { after: decodeUserCursor(after, 'after'), before: decodeUserCursor(before, 'before'), limit, inverted };
      const { users, totalCount } = await readUserPage(ctx.db, teamId, filter, definitions, order, page, read);
      if (totalCount !== undefined) counting ??= Promise.resolve(totalCount);
      return users;
    },
  );
  return { ...connection, totalCount: count };
}

/** True when `filter` narrows nothing. */
function isEmptyFilter(filter: UserFilter | null): boolean {
  return !filter || Object.values(filter).every((value) => value == null);
}

const PAGE_LABELS = [GROUPS, TAGS];

/**
 * The columns each User field's resolver reads (beyond id and team_id). A field not listed here
 * (one added elsewhere, e.g. identities) makes a page read every column: a new field is never
 * handed a row without what it needs. test/user-columns.test.ts checks each listed field.
 */
const USER_FIELD_COLUMNS: Record<string, readonly UserColumn[]> = {
  __typename: [],
  id: [],
  externalId: ['externalId'],
  email: ['email'],
  kind: ['kind'],
  status: ['status'],
  role: ['role'],
  displayName: ['displayName'],
  firstName: ['firstName'],
  lastName: ['lastName'],
  jobTitle: ['jobTitle'],
  phone: ['phone'],
  company: ['company'],
  address: ['address'],
  emailConsent: ['emailConsent', 'emailConsentChangedAt'],
  note: ['note'],
  properties: ['properties'],
  signedUpAt: ['signedUpAt'],
  lastSeenAt: ['lastSeenAt'],
  createdAt: ['createdAt'],
  updatedAt: ['updatedAt'],
  // Read with the page (below) or by their loaders, from the user's id.
  groups: [],
  tags: [],
};

/** What a page of users reads for the User fields selected on its nodes. */
function pageReadFor(fields: ReadonlySet<string>): UserPageRead {
  const labels = PAGE_LABELS.filter((kind) => fields.has(kind.field));
  const columns: UserColumn[] = [];
  for (const field of fields) {
    const needs = USER_FIELD_COLUMNS[field];
    if (!needs) return { labels };
    columns.push(...needs);
  }
  return { labels, columns };
}

builder.queryField('users', (t) =>
  t.connection({
    description: 'The team\u2019s users, newest first by default. Requires users:read.',
    type: UserRef,
    authScopes: { scope: 'users:read' },
    args: {
      filter: t.arg({ type: UserFilterInput }),
      orderBy: t.arg({ type: UserOrderInput }),
    },
    resolve: (_root, args, ctx, info) =>
      userConnection(ctx, args, toUserFilter(args.filter), args.orderBy ?? DEFAULT_USER_ORDER, info).catch(asBadInput),
  }),
);

builder.queryField('user', (t) =>
  t.field({
    description: 'One user by global ID, external ID or email (give exactly one). A verified USER wins over a LEAD.',
    type: UserRef,
    nullable: true,
    authScopes: { scope: 'users:read' },
    args: { id: t.arg.id(), externalId: t.arg.string(), email: t.arg.string() },
    resolve: async (_root, args, ctx) => {
      const given = [args.id, args.externalId, args.email].filter((v) => v != null);
      if (given.length !== 1) {
        throw new GraphQLError('Give exactly one of id, externalId or email', { extensions: { code: 'BAD_USER_INPUT' } });
      }
      const teamId = requireViewer(ctx).teamId;
      if (args.id != null) {
        try {
          return decodeInputId(String(args.id), 'User', ['id']);
        } catch {
          return null;
        }
      }
      return (await findUserByKey(ctx.db, teamId, { externalId: args.externalId, email: args.email })) ?? null;
    },
  }),
);

// ---------------------------------------------------------------------------------------------
// Writes

export const AddressInput = builder.inputType('AddressInput', {
  fields: (t) => Object.fromEntries(ADDRESS_FIELDS.map((f) => [f, t.string()])) as Record<(typeof ADDRESS_FIELDS)[number], ReturnType<typeof t.string>>,
});


type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/** The attribute fields createUser and updateUser share (identify's traits take the same names). */
const attributeFields = (t: PothosSchemaTypes.InputFieldBuilder<Types, 'InputObject'>) => ({
  externalId: t.string(),
  email: t.string(),
  status: t.field({ type: UserStatusEnum }),
  role: t.field({ type: UserRoleEnum }),
  displayName: t.string(),
  firstName: t.string(),
  lastName: t.string(),
  jobTitle: t.string(),
  phone: t.string(),
  company: t.string(),
  address: t.field({ type: AddressInput }),
  note: t.string(),
  emailConsent: t.boolean(),
  signedUpAt: t.field({ type: 'DateTime' }),
});

const CreateUserInput = builder.inputType('CreateUserInput', {
  description: 'externalId defaults to the email; at least one of them is required.',
  fields: (t) => ({
    ...attributeFields(t),
    kind: t.field({ type: UserKindEnum }),
    properties: t.field({ type: 'JSON', description: 'Custom property values keyed by definition key.' }),
  }),
});

const UserPatchInput = builder.inputType('UserPatch', {
  description: 'Only the fields given change; null clears. The email cannot change once set (EMAIL_IMMUTABLE).',
  fields: (t) => ({
    ...attributeFields(t),
    properties: t.field({ type: 'JSON', description: 'Keys given are set (null removes); others stay.' }),
  }),
});

export const UserPayload = builder.objectRef<{ user: User }>('UserPayload').implement({
  fields: (t) => ({ user: t.field({ type: UserRef, resolve: (p) => p.user }) }),
});

builder.mutationField('createUser', (t) =>
  t.field({
    description:
      'Creates a user. Every invalid field is reported at once (ValidationError, codes REQUIRED, TOO_LONG, ' +
      'INVALID_EMAIL, UNIQUE, TYPE, MIN, MAX, PATTERN, OPTION, UNKNOWN_PROPERTY…); nothing is written then.',
    type: UserPayload,
    authScopes: { scope: 'users:write' },
    errors: { types: [ValidationError] },
    args: { input: t.arg({ type: CreateUserInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const viewer = requireViewer(ctx);
      return { user: await createUser(ctx.db, viewer.teamId, actorOf(viewer), input, publishActivity(ctx)) };
    },
  }),
);

const UpdateUserInput = builder.inputType('UpdateUserInput', {
  fields: (t) => ({ id: t.id({ required: true }), patch: t.field({ type: UserPatchInput, required: true }) }),
});

builder.mutationField('updateUser', (t) =>
  t.field({
    description: 'Patches a user; every change is recorded in its history.',
    type: UserPayload,
    authScopes: { scope: 'users:write' },
    errors: { types: [ValidationError, NotFoundError] },
    args: { input: t.arg({ type: UpdateUserInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const viewer = requireViewer(ctx);
      const id = decodeInputId(String(input.id), 'User', ['input', 'id']);
      return { user: await updateUser(ctx.db, viewer.teamId, actorOf(viewer), id, input.patch) };
    },
  }),
);

const UserIdsInput = builder.inputType('DeleteUsersInput', {
  fields: (t) => ({ ids: t.idList({ required: true, description: 'At most 1,000.' }) }),
});

const DeleteUsersPayload = builder.objectRef<{ deletedUserIds: string[] }>('DeleteUsersPayload').implement({
  fields: (t) => ({ deletedUserIds: t.exposeIDList('deletedUserIds') }),
});

builder.mutationField('deleteUsers', (t) =>
  t.field({
    description: 'Deletes users, all or none: one unknown ID (NOT_FOUND, path at its index) deletes nothing.',
    type: DeleteUsersPayload,
    authScopes: { scope: 'users:write' },
    errors: { types: [NotFoundError, LimitError] },
    args: { input: t.arg({ type: UserIdsInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const viewer = requireViewer(ctx);
      checkIdCount(input.ids, ['input', 'ids']);
      const ids = decodeInputIds(input.ids, 'User', ['input', 'ids']);
      await deleteUsers(ctx.db, viewer.teamId, actorOf(viewer), ids);
      return { deletedUserIds: input.ids.map(String) };
    },
  }),
);

const SetUserStatusInput = builder.inputType('SetUserStatusInput', {
  fields: (t) => ({
    ids: t.idList({ required: true, description: 'At most 1,000.' }),
    status: t.field({ type: UserStatusEnum, required: true }),
  }),
});

const UsersPayload = builder.objectRef<{ users: User[] }>('UsersPayload').implement({
  fields: (t) => ({ users: t.field({ type: [UserRef], resolve: (p) => p.users }) }),
});

builder.mutationField('setUserStatus', (t) =>
  t.field({
    description: 'Sets the status of many users, all or none.',
    type: UsersPayload,
    authScopes: { scope: 'users:write' },
    errors: { types: [NotFoundError, LimitError] },
    args: { input: t.arg({ type: SetUserStatusInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const viewer = requireViewer(ctx);
      checkIdCount(input.ids, ['input', 'ids']);
      const ids = decodeInputIds(input.ids, 'User', ['input', 'ids']);
      return { users: await setUserStatus(ctx.db, viewer.teamId, actorOf(viewer), ids, input.status, publishActivity(ctx)) };
    },
  }),
);

const SetEmailConsentInput = builder.inputType('SetEmailConsentInput', {
  fields: (t) => ({ userId: t.id({ required: true }), subscribed: t.boolean({ required: true }) }),
});

builder.mutationField('setEmailConsent', (t) =>
  t.field({
    description: 'Records a subscribe or unsubscribe and when it happened.',
    type: UserPayload,
    authScopes: { scope: 'users:write' },
    errors: { types: [NotFoundError] },
    args: { input: t.arg({ type: SetEmailConsentInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const viewer = requireViewer(ctx);
      const id = decodeInputId(String(input.userId), 'User', ['input', 'userId']);
      return { user: await setEmailConsent(ctx.db, viewer.teamId, actorOf(viewer), id, input.subscribed) };
    },
  }),
);
