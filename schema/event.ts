import { createContextCache } from '@pothos/core';
import DataLoader from 'dataloader';
import { FixedBuffer, Repeater } from 'graphql-yoga';
import type { Event, EventOrigin } from '../server/db/types.ts';
import { type Context, publishActivity, readerTeamId, requireMember, requireViewer } from '../server/context.ts';
import { LimitError, NotFoundError, ValidationError } from '../server/errors.ts';
import { uuidsOnly } from '../server/lib/ids.ts';
import { countEventsPerDay } from '../server/modules/events/counts.ts';
import { type ActivityFilter, activityHub } from '../server/modules/events/live.ts';
import {
  countEvents,
  countEventsOfUsers,
  type EventFilter,
  findEventsByIds,
  listEvents,
  listLatestEventsOfUsers,
} from '../server/modules/events/queries.ts';
import { addActivity, deleteEvent, type Tracker, type TrackItem, trackEvents } from '../server/modules/events/service.ts';
import { actorOf } from '../server/modules/history/actor.ts';
import { asBadInput } from './bad-input.ts';
import { builder } from './builder.ts';
import { decodeInputId } from './global-id.ts';
import { MemberRef } from './member.ts';
import { checkPageSize, DEFAULT_PAGE_SIZE, firstPageFromRows, keysetConnection } from './pagination.ts';
import { UserRef } from './user.ts';

export const EventOriginEnum = builder.enumType('EventOrigin', {
  description: 'CLIENT: a website\u2019s browser; SERVER: the server API; MANUAL: added by a member; SYSTEM: Pavior (user created, status changed…).',
  values: ['CLIENT', 'SERVER', 'MANUAL', 'SYSTEM'] as const,
});

export const EventRef = builder.loadableNode('Event', {
  description: 'Something a user did, or that happened to them. Readable with events:read.',
  id: { resolve: (event: Event) => event.id },
  sort: (event) => event.id,
  load: (ids: string[], ctx) => {
    const teamId = readerTeamId(ctx, 'events:read');
    return teamId ? findEventsByIds(ctx.db, teamId, uuidsOnly(ids)) : Promise.resolve([]);
  },
  fields: (t) => ({
    name: t.exposeString('name'),
    properties: t.field({ type: 'JSON', resolve: (e) => e.properties }),
    occurredAt: t.expose('occurredAt', { type: 'DateTime' }),
    origin: t.expose('origin', { type: EventOriginEnum }),
    user: t.field({ type: UserRef, description: 'Reading the user needs users:read.', resolve: (e) => e.userId }),
    actor: t.field({ type: MemberRef, nullable: true, description: 'The member who added a MANUAL activity.', resolve: (e) => e.memberId }),
  }),
});

const DailyCountRef = builder.objectRef<{ date: string; count: number }>('DailyCount').implement({
  fields: (t) => ({
    date: t.exposeString('date', { description: 'YYYY-MM-DD in the requested time zone.' }),
    count: t.exposeInt('count'),
  }),
});

const EventFilterInput = builder.inputType('EventFilter', {
  fields: (t) => ({
    userId: t.id(),
    names: t.stringList(),
    origins: t.field({ type: [EventOriginEnum] }),
    from: t.field({ type: 'DateTime', description: 'occurredAt ≥ from' }),
    to: t.field({ type: 'DateTime', description: 'occurredAt < to' }),
  }),
});

/** A user ID in a filter: one that is not ours matches nothing (like a missing one). */
const NOBODY = '00000000-0000-0000-0000-000000000000';
function filterUserId(id: string | number | null | undefined): string | null {
  if (id == null) return null;
  try {
    return decodeInputId(String(id), 'User', ['filter', 'userId']);
  } catch {
    return NOBODY;
  }
}

function eventConnection(ctx: Context, args: Parameters<typeof keysetConnection>[0], filter: EventFilter) {
  const teamId = requireViewer(ctx).teamId;
  return keysetConnection(
    args,
    (page) => listEvents(ctx.db, teamId, filter, page),
    () => countEvents(ctx.db, teamId, filter),
    (event) => event.occurredAt,
  );
}

builder.queryField('events', (t) =>
  t.connection({
    description: 'Team-wide activity, newest first. Requires events:read.',
    type: EventRef,
    authScopes: { scope: 'events:read' },
    args: { filter: t.arg({ type: EventFilterInput }) },
    resolve: (_root, { filter, ...args }, ctx) =>
      eventConnection(ctx, args, { ...filter, userId: filterUserId(filter?.userId), origins: filter?.origins as EventOrigin[] | null }),
  }),
);

/**
 * Per request, one DataLoader per (first, names, origins): a list of users asking for their
 * latest events costs one query for all of them, and one more for counts if asked.
 */
const userEventLoaders = createContextCache((ctx: Context) => {
  const loaders = new Map<string, { events: DataLoader<string, Event[]>; counts: DataLoader<string, number> }>();
  return (filter: { names?: string[] | null; origins?: EventOrigin[] | null }, limit: number) => {
    const key = JSON.stringify([filter.names ?? null, filter.origins ?? null, limit]);
    let pair = loaders.get(key);
    if (!pair) {
      const teamId = requireViewer(ctx).teamId;
      pair = {
        events: new DataLoader(async (ids) => {
          const byUser = await listLatestEventsOfUsers(ctx.db, teamId, ids, filter, limit);
          return ids.map((id) => byUser.get(id) ?? []);
        }),
        counts: new DataLoader(async (ids) => {
          const counts = await countEventsOfUsers(ctx.db, teamId, ids, filter);
          return ids.map((id) => counts.get(id) ?? 0);
        }),
      };
      loaders.set(key, pair);
    }
    return pair;
  };
});

builder.objectField(UserRef, 'events', (t) =>
  t.connection({
    description: 'This user\u2019s activity, newest first. Requires events:read.',
    type: EventRef,
    authScopes: { scope: 'events:read' },
    args: { names: t.arg.stringList(), origins: t.arg({ type: [EventOriginEnum] }) },
    resolve: async (user, { names, origins, ...args }, ctx) => {
      const filter = { names, origins: origins as EventOrigin[] | null | undefined };
      // The first page (the common "latest activity" case, often for a whole list of users) is
      // batched; paging further is one user at a time and uses the keyset query.
      if (args.after == null && args.before == null && args.last == null) {
        const first = args.first ?? DEFAULT_PAGE_SIZE;
        checkPageSize(first, 'first');
        const loaders = userEventLoaders(ctx)(filter, first + 1);
        const rows = await loaders.events.load(user.id);
        return firstPageFromRows(rows, first, (e) => e.occurredAt, () => loaders.counts.load(user.id));
      }
      return eventConnection(ctx, args, { userId: user.id, ...filter });
    },
  }),
);

builder.queryField('eventCounts', (t) =>
  t.field({
    description: 'Events per day over the last `days` days (1–366, today included), zeros included. Requires events:read.',
    type: [DailyCountRef],
    authScopes: { scope: 'events:read' },
    args: {
      days: t.arg.int({ required: true }),
      names: t.arg.stringList({ description: 'Only these names; all when omitted.' }),
      userId: t.arg.id({ description: 'Only this user\u2019s events.' }),
      timezone: t.arg.string({ description: 'IANA time zone for day boundaries; UTC by default.' }),
    },
    resolve: (_root, args, ctx) =>
      countEventsPerDay(ctx.db, requireViewer(ctx).teamId, { ...args, userId: filterUserId(args.userId), timeZone: args.timezone }).catch(asBadInput),
  }),
);

builder.objectField(UserRef, 'eventCounts', (t) =>
  t.field({
    description: 'This user\u2019s events per day over the last `days` days. Requires events:read.',
    type: [DailyCountRef],
    authScopes: { scope: 'events:read' },
    args: { days: t.arg.int({ required: true }), names: t.arg.stringList(), timezone: t.arg.string() },
    resolve: (user, args, ctx) =>
      countEventsPerDay(ctx.db, user.teamId, { ...args, userId: user.id, timeZone: args.timezone }).catch(asBadInput),
  }),
);

// ---------------------------------------------------------------------------------------------
// Tracking

const UserKeyInput = builder.inputType('UserKeyInput', {
  description:
    'Which user an event is about. Server API: id, externalId or email. Client API (public key): externalId or ' +
    'email, with userHash = hex HMAC-SHA256(identity secret, externalId or email) to act as the verified user; ' +
    'without a valid hash the visitor is a LEAD.',
  fields: (t) => ({ id: t.id(), externalId: t.string(), email: t.string(), userHash: t.string() }),
});

const TrackEventInput = builder.inputType('TrackEventInput', {
  fields: (t) => ({
    user: t.field({ type: UserKeyInput, required: true }),
    name: t.string({ required: true, description: '1–100 letters, digits, spaces and _ . : - /' }),
    properties: t.field({ type: 'JSON', description: 'An object of at most 16 KiB.' }),
    occurredAt: t.string({ description: 'ISO 8601 with a time zone; at most 5 minutes ahead. Defaults to now.' }),
  }),
});

const createMissingDescription =
  'Server API: create a USER for an unknown externalId/email instead of rejecting the event with USER_NOT_FOUND. ' +
  'The client API always creates the visitor (a LEAD unless the hash verifies).';

const TrackInput = builder.inputType('TrackInput', {
  fields: (t) => ({
    user: t.field({ type: UserKeyInput, required: true }),
    name: t.string({ required: true }),
    properties: t.field({ type: 'JSON' }),
    occurredAt: t.string(),
    createMissingUser: t.boolean({ defaultValue: false, description: createMissingDescription }),
  }),
});

const TrackBatchInput = builder.inputType('TrackBatchInput', {
  fields: (t) => ({
    events: t.field({ type: [TrackEventInput], required: true, description: 'At most 1,000.' }),
    createMissingUsers: t.boolean({ defaultValue: false, description: createMissingDescription }),
  }),
});

/** The tracker a viewer is: the browser (public key) or the server API (key or member). */
function trackerOf(ctx: Context): Tracker {
  const viewer = requireViewer(ctx);
  if (viewer.kind === 'public') return { kind: 'client', actor: actorOf(viewer) };
  return {
    kind: 'server',
    actor: actorOf(viewer),
    apiKeyId: viewer.kind === 'apiKey' ? viewer.apiKeyId : null,
    memberId: viewer.kind === 'member' ? viewer.memberId : null,
  };
}

/**
 * Global user IDs → row ids; a malformed one stays as is and finds nobody. Items without an id
 * pass as they are: copying 1,000 of them cost ~1 ms of a batch.
 */
function toTrackItems(events: readonly (typeof TrackEventInput.$inferInput)[]): readonly TrackItem[] {
  return events.map((e): TrackItem => {
    if (e.user.id == null) return e as TrackItem;
    let id: string;
    try {
      id = decodeInputId(String(e.user.id), 'User', []);
    } catch {
      id = 'unknown';
    }
    return { ...e, user: { ...e.user, id } };
  });
}

const RejectionRef = builder.objectRef<{ index: number; code: string; message: string; path: string[] }>('TrackRejection').implement({
  fields: (t) => ({
    index: t.exposeInt('index', { description: 'Position in input.events.' }),
    code: t.exposeString('code', {
      description: 'REQUIRED, TOO_LONG, INVALID_NAME, TYPE, TOO_LARGE, INVALID_TIMESTAMP, FUTURE_TIMESTAMP, INVALID_EMAIL, USER_NOT_FOUND, NOT_ALLOWED',
    }),
    message: t.exposeString('message'),
    path: t.exposeStringList('path'),
  }),
});

const TrackBatchPayload = builder.objectRef<{ accepted: Event[]; rejected: { index: number; code: string; message: string; path: string[] }[] }>('TrackBatchPayload').implement({
  fields: (t) => ({
    accepted: t.int({ resolve: (p) => p.accepted.length }),
    rejected: t.field({ type: [RejectionRef], resolve: (p) => p.rejected }),
  }),
});

const trackScopes = { $any: { publicClient: true, scope: 'events:write' as const } };

builder.mutationField('trackBatch', (t) =>
  t.field({
    description: 'Tracks up to 1,000 events; each is accepted or rejected on its own. Server API (events:write) or client API (public key).',
    type: TrackBatchPayload,
    authScopes: trackScopes,
    errors: { types: [LimitError] },
    args: { input: t.arg({ type: TrackBatchInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      trackEvents(ctx.db, requireViewer(ctx).teamId, trackerOf(ctx), toTrackItems(input.events), { createMissingUsers: input.createMissingUsers ?? false }, publishActivity(ctx)),
  }),
);

const EventPayload = builder.objectRef<{ event: Event }>('EventPayload').implement({
  fields: (t) => ({ event: t.field({ type: EventRef, resolve: (p) => p.event }) }),
});

builder.mutationField('track', (t) =>
  t.field({
    description: 'Tracks one event. Server API (events:write) or client API (public key). Updates the user\u2019s lastSeenAt.',
    type: EventPayload,
    authScopes: trackScopes,
    errors: { types: [ValidationError, NotFoundError] },
    args: { input: t.arg({ type: TrackInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { createMissingUser, ...event } = input;
      const result = await trackEvents(ctx.db, requireViewer(ctx).teamId, trackerOf(ctx), toTrackItems([event]), { createMissingUsers: createMissingUser ?? false }, publishActivity(ctx));
      const [rejection] = result.rejected;
      if (rejection) {
        const path = ['input', ...rejection.path.slice(3)];
        if (rejection.code === 'USER_NOT_FOUND') throw new NotFoundError('User', path);
        throw new ValidationError({ path, code: rejection.code, message: rejection.message });
      }
      return { event: result.accepted[0]! };
    },
  }),
);

const AddActivityInput = builder.inputType('AddActivityInput', {
  fields: (t) => ({
    userId: t.id({ required: true }),
    name: t.string({ required: true }),
    properties: t.field({ type: 'JSON' }),
    occurredAt: t.string(),
  }),
});

builder.mutationField('addActivity', (t) =>
  t.field({
    description: 'A member records an activity by hand (origin MANUAL, with the member as actor).',
    type: EventPayload,
    authScopes: { member: true },
    errors: { types: [ValidationError, NotFoundError] },
    args: { input: t.arg({ type: AddActivityInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const viewer = requireMember(ctx);
      const userId = decodeInputId(String(input.userId), 'User', ['input', 'userId']);
      return { event: await addActivity(ctx.db, viewer.teamId, viewer.memberId, userId, input, publishActivity(ctx)) };
    },
  }),
);

const DeleteEventPayload = builder.objectRef<{ deletedEventId: string }>('DeleteEventPayload').implement({
  fields: (t) => ({ deletedEventId: t.exposeID('deletedEventId') }),
});

builder.mutationField('deleteEvent', (t) =>
  t.field({
    description: 'Deletes one event. Requires events:write.',
    type: DeleteEventPayload,
    authScopes: { scope: 'events:write' },
    errors: { types: [NotFoundError] },
    args: { input: t.arg({ type: builder.inputType('DeleteEventInput', { fields: (f) => ({ id: f.id({ required: true }) }) }), required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const id = decodeInputId(String(input.id), 'Event', ['input', 'id']);
      await deleteEvent(ctx.db, requireViewer(ctx).teamId, id);
      return { deletedEventId: String(input.id) };
    },
  }),
);

// ---------------------------------------------------------------------------------------------
// Live activity

const ActivityFilterInput = builder.inputType('ActivityFilter', {
  fields: (t) => ({ userId: t.id(), names: t.stringList(), origins: t.field({ type: [EventOriginEnum] }) }),
});

/**
 * Events published for the team, one at a time, as they happen. The instance's ActivityHub
 * (server/modules/events/live.ts) listens once per team, revives each batch once and hands this
 * subscription only the events its filter keeps. Pushes are not awaited (the hub serves every
 * subscription of the team from one loop, and a slow one must not hold up the rest): they wait
 * in the buffer; a subscription that falls further behind than that ends with an error.
 * A Repeater: when the client unsubscribes, `stop` detaches it from the hub at once.
 */
const ACTIVITY_BACKLOG = 10_000;
function activityOf(ctx: Context, filter: ActivityFilter) {
  const teamId = requireViewer(ctx).teamId;
  return new Repeater<Event>(async (push, stop) => {
    const unsubscribe = activityHub(ctx.pubsub).listen(
      teamId,
      filter,
      (events) => {
        try {
          for (const event of events) void push(event);
        } catch (error) {
          stop(error);
          throw error;
        }
      },
      (error) => stop(error ?? new Error('the activity feed ended')),
    );
    await stop;
    unsubscribe();
  }, new FixedBuffer(ACTIVITY_BACKLOG));
}

builder.subscriptionType({});
builder.subscriptionField('activity', (t) =>
  t.field({
    description: 'The team\u2019s events as they happen (tracked, manual and system). Requires events:read.',
    type: EventRef,
    authScopes: { scope: 'events:read' },
    args: { filter: t.arg({ type: ActivityFilterInput }) },
    subscribe: (_root, { filter }, ctx) =>
      activityOf(ctx, { userId: filterUserId(filter?.userId), names: filter?.names, origins: filter?.origins }),
    resolve: (event) => event,
  }),
);
