import type { Reminder } from '../server/db/types.ts';
import { readerTeamId, requireMember, requireViewer } from '../server/context.ts';
import { NotFoundError, ValidationError } from '../server/errors.ts';
import { uuidsOnly } from '../server/lib/ids.ts';
import { remindersByUserIds } from '../server/modules/reminders/loaders.ts';
import { findRemindersByIds } from '../server/modules/reminders/queries.ts';
import { completeReminder, createReminder, deleteReminder, REMINDER_TEXT_MAX } from '../server/modules/reminders/service.ts';
import { builder } from './builder.ts';
import { decodeInputId } from './global-id.ts';
import { MemberRef } from './member.ts';
import { UserRef } from './user.ts';

// Who may touch reminders: a reminder is a member's to-do about a user, and its author is a
// member. Members read and write them; API keys with users:read may read them (to show them in
// another tool) but never write them, since a key has no member to be the author.
const WRITE = { $all: { member: true, scope: 'users:write' } } as const;

export const ReminderRef = builder.loadableNode('Reminder', {
  description:
    'A member\u2019s reminder to follow a user up at `dueAt`. Members read and write them; API keys with ' +
    'users:read may read them but not write them. Not part of the user\u2019s history.',
  id: { resolve: (reminder: Reminder) => reminder.id },
  sort: (reminder) => reminder.id,
  load: (ids: string[], ctx) => {
    const teamId = readerTeamId(ctx, 'users:read');
    return teamId ? findRemindersByIds(ctx.db, teamId, uuidsOnly(ids)) : Promise.resolve([]);
  },
  fields: (t) => ({
    text: t.exposeString('text'),
    dueAt: t.expose('dueAt', { type: 'DateTime' }),
    completedAt: t.expose('completedAt', { type: 'DateTime', nullable: true, description: 'The first completion; null while open.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    createdBy: t.field({
      type: MemberRef,
      nullable: true,
      description: 'The member who wrote it; null once they leave the team (or for a key without team:read).',
      resolve: (reminder) => reminder.createdBy,
    }),
    user: t.field({ type: UserRef, resolve: (reminder) => reminder.userId }),
  }),
});

builder.objectField(UserRef, 'reminders', (t) =>
  t.loadableList({
    description: 'Open reminders first, soonest due first (overdue ones lead); then completed ones, latest first. Requires users:read.',
    type: ReminderRef,
    authScopes: { scope: 'users:read' },
    load: (userIds: string[], ctx) => remindersByUserIds(ctx.db, requireViewer(ctx).teamId, userIds),
    resolve: (user) => user.id,
  }),
);

const CreateReminderInput = builder.inputType('CreateReminderInput', {
  fields: (t) => ({
    userId: t.id({ required: true }),
    dueAt: t.field({ type: 'DateTime', required: true, description: 'Any time; a past one is due at once.' }),
    text: t.string({ required: true, description: `1–${REMINDER_TEXT_MAX} characters after trimming.` }),
  }),
});

const ReminderPayload = builder.objectRef<{ reminder: Reminder }>('ReminderPayload').implement({
  fields: (t) => ({ reminder: t.field({ type: ReminderRef, resolve: (p) => p.reminder }) }),
});

builder.mutationField('createReminder', (t) =>
  t.field({
    description: 'Adds a reminder on a user. Members only. ValidationError codes: REQUIRED, TOO_LONG (path input.text).',
    type: ReminderPayload,
    authScopes: WRITE,
    errors: { types: [ValidationError, NotFoundError] },
    args: { input: t.arg({ type: CreateReminderInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const member = requireMember(ctx);
      const userId = decodeInputId(String(input.userId), 'User', ['input', 'userId']);
      return { reminder: await createReminder(ctx.db, member.teamId, member.memberId, { userId, dueAt: input.dueAt, text: input.text }) };
    },
  }),
);

const CompleteReminderInput = builder.inputType('CompleteReminderInput', {
  fields: (t) => ({ id: t.id({ required: true }) }),
});

builder.mutationField('completeReminder', (t) =>
  t.field({
    description: 'Marks a reminder done. Idempotent: a second call keeps the first completion time. Members only.',
    type: ReminderPayload,
    authScopes: WRITE,
    errors: { types: [NotFoundError] },
    args: { input: t.arg({ type: CompleteReminderInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const id = decodeInputId(String(input.id), 'Reminder', ['input', 'id']);
      return { reminder: await completeReminder(ctx.db, requireMember(ctx).teamId, id) };
    },
  }),
);

const DeleteReminderInput = builder.inputType('DeleteReminderInput', {
  fields: (t) => ({ id: t.id({ required: true }) }),
});

const DeleteReminderPayload = builder.objectRef<Reminder>('DeleteReminderPayload').implement({
  fields: (t) => ({
    deletedReminderId: t.globalID({ resolve: (reminder) => ({ type: ReminderRef, id: reminder.id }) }),
    user: t.field({ type: UserRef, description: 'The user it was on.', resolve: (reminder) => reminder.userId }),
  }),
});

builder.mutationField('deleteReminder', (t) =>
  t.field({
    description: 'Deletes a reminder. Members only.',
    type: DeleteReminderPayload,
    authScopes: WRITE,
    errors: { types: [NotFoundError] },
    args: { input: t.arg({ type: DeleteReminderInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const id = decodeInputId(String(input.id), 'Reminder', ['input', 'id']);
      return deleteReminder(ctx.db, requireViewer(ctx).teamId, id);
    },
  }),
);
