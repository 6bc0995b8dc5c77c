import type { Db, MemberRole } from '../../db/types.ts';
import { hashToken } from '../../lib/secrets.ts';

export interface SessionRow {
  id: string;
  teamId: string;
  memberId: string;
  role: MemberRole;
}

/** The live session for a token, with its member's current role (a demotion applies at once). */
export function findSessionByToken(db: Db, token: string): Promise<SessionRow | undefined> {
  return db
    .selectFrom('sessions')
    .innerJoin('members', 'members.id', 'sessions.memberId')
    .select(['sessions.id', 'sessions.teamId', 'sessions.memberId', 'members.role'])
    .where('sessions.tokenHash', '=', hashToken(token))
    .where('sessions.expiresAt', '>', new Date())
    .executeTakeFirst();
}

export async function insertSession(
  db: Db,
  values: { teamId: string; memberId: string; token: string; expiresAt: Date },
): Promise<string> {
  const row = await db
    .insertInto('sessions')
    .values({ teamId: values.teamId, memberId: values.memberId, tokenHash: hashToken(values.token), expiresAt: values.expiresAt })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function deleteSession(db: Db, teamId: string, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('teamId', '=', teamId).where('id', '=', sessionId).execute();
}

export async function deleteExpiredSessions(db: Db): Promise<void> {
  await db.deleteFrom('sessions').where('expiresAt', '<=', new Date()).execute();
}
