import type { Db, Reminder } from '../../db/types.ts';
import { type FieldIssue, NotFoundError, ValidationError } from '../../errors.ts';
import { insertReminderForUser, completeReminderRow, deleteReminderRow } from './queries.ts';

// Reminders are the team's to-dos about a user, not attributes of the user: they record no
// UserChange. Their author is a member (`createdBy`), so only members write them.

export const REMINDER_TEXT_MAX = 2000;

function checkReminderText(raw: string, path: string[]): { value: string } | { issue: FieldIssue } {
  const value = raw.trim();
  if (!value) return { issue: { path, code: 'REQUIRED', message: 'A reminder needs a text' } };
  if (value.length > REMINDER_TEXT_MAX) {
    return { issue: { path, code: 'TOO_LONG', message: `A reminder\u2019s text must be at most ${REMINDER_TEXT_MAX} characters` } };
  }
  return { value };
}

/** A reminder on a user, due at any time (a past time is simply due already). */
export async function createReminder(
  db: Db,
  teamId: string,
  memberId: string | null,
  input: { userId: string; dueAt: Date; text: string },
): Promise<Reminder> {
  const text = checkReminderText(input.text, ['input', 'text']);
  if ('issue' in text) throw new ValidationError(text.issue);
  const reminder = await insertReminderForUser(db, { teamId, userId: input.userId, text: text.value, dueAt: input.dueAt, createdBy: memberId });
  if (!reminder) throw new NotFoundError('User', ['input', 'userId']);
  return reminder;
}

/** Completes a reminder. Idempotent: completing it again keeps the first completion time. */
export async function completeReminder(db: Db, teamId: string, id: string): Promise<Reminder> {
  const reminder = await completeReminderRow(db, teamId, id);
  if (!reminder) throw new NotFoundError('Reminder', ['input', 'id']);
  return reminder;
}

export async function deleteReminder(db: Db, teamId: string, id: string): Promise<Reminder> {
  const reminder = await deleteReminderRow(db, teamId, id);
  if (!reminder) throw new NotFoundError('Reminder', ['input', 'id']);
  return reminder;
}
