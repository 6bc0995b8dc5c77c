import { sql } from 'kysely';
import type { Db, Invite, MemberRole, NewOutboxMessage } from '../../db/types.ts';
import { hashToken } from '../../lib/secrets.ts';

export function insertInvite(
  db: Db,
  values: { teamId: string; email: string; role: MemberRole; token: string; invitedBy: string; expiresAt: Date },
): Promise<Invite> {
  const { token, ...rest } = values;
  return db.insertInto('invites').values({ ...rest, tokenHash: hashToken(token) }).returningAll().executeTakeFirstOrThrow();
}

/** Pending invites of a team, newest first. */
export function listPendingInvites(db: Db, teamId: string): Promise<Invite[]> {
  return db
    .selectFrom('invites')
    .selectAll()
    .where('teamId', '=', teamId)
    .where('acceptedAt', 'is', null)
    .where('revokedAt', 'is', null)
    .where('expiresAt', '>', new Date())
    .orderBy('createdAt', 'desc')
    .execute();
}

export function findInviteByToken(db: Db, token: string): Promise<Invite | undefined> {
  return db.selectFrom('invites').selectAll().where('tokenHash', '=', hashToken(token)).forUpdate().executeTakeFirst();
}

/** Revokes the open invites for one email, so only the newest link works. */
export async function revokeOpenInvitesFor(db: Db, teamId: string, email: string): Promise<void> {
  await db
    .updateTable('invites')
    .set({ revokedAt: new Date() })
    .where('teamId', '=', teamId)
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .where('acceptedAt', 'is', null)
    .where('revokedAt', 'is', null)
    .execute();
}

export function revokeInvite(db: Db, teamId: string, inviteId: string): Promise<Invite | undefined> {
  return db
    .updateTable('invites')
    .set({ revokedAt: new Date() })
    .where('teamId', '=', teamId)
    .where('id', '=', inviteId)
    .where('acceptedAt', 'is', null)
    .where('revokedAt', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

export async function markInviteAccepted(db: Db, inviteId: string): Promise<void> {
  await db.updateTable('invites').set({ acceptedAt: new Date() }).where('id', '=', inviteId).execute();
}

export async function enqueueMail(db: Db, message: NewOutboxMessage): Promise<void> {
  await db.insertInto('outbox').values(message).execute();
}

export function findInvitesByIds(db: Db, teamId: string, ids: readonly string[]): Promise<Invite[]> {
  return db.selectFrom('invites').selectAll().where('teamId', '=', teamId).where('id', 'in', ids).execute();
}
