import { sql } from 'kysely';
import { SESSION_TOKEN_PREFIX } from '../../auth.ts';
import type { Config } from '../../config.ts';
import type { Db, Member } from '../../db/types.ts';
import { CredentialsError, ValidationError } from '../../errors.ts';
import { verifyAgainstDummy, verifyPassword } from '../../lib/passwords.ts';
import { generateToken } from '../../lib/secrets.ts';
import { normalizeEmail } from '../../lib/validate.ts';
import { findMemberByEmail } from '../members/queries.ts';
import { findTeamBySlug } from '../teams/queries.ts';
import { deleteSession, insertSession } from './queries.ts';

type SessionConfig = Pick<Config, 'sessionTtlHours' | 'loginMaxFailures' | 'loginLockMinutes'>;

export interface StartedSession {
  member: Member;
  /** Shown to the client once; only its hash is stored. */
  token: string;
  sessionId: string;
}

/** Opens a session for a member. */
export async function startSession(db: Db, config: Pick<Config, 'sessionTtlHours'>, member: Member): Promise<StartedSession> {
  const token = generateToken(SESSION_TOKEN_PREFIX);
  const expiresAt = new Date(Date.now() + config.sessionTtlHours * 3_600_000);
  const sessionId = await insertSession(db, { teamId: member.teamId, memberId: member.id, token, expiresAt });
  return { member, token, sessionId };
}

const INVALID = 'Invalid team, email or password';

/**
 * Team slug + email + password → member and session token. An unknown team, an unknown email and
 * a wrong password answer alike and take as long; failures are counted per (team, email) and
 * lock that pair for a while, whether or not the account exists.
 */
export async function login(
  db: Db,
  config: SessionConfig,
  input: { teamSlug: string; email: string; password: string },
): Promise<StartedSession> {
  const teamSlug = input.teamSlug.trim().toLowerCase();
  const email = normalizeEmail(input.email);
  if (!teamSlug || !email || !input.password) {
    throw new ValidationError({ path: ['input'], code: 'REQUIRED', message: 'Team, email and password are required' });
  }

  const throttle = await db
    .selectFrom('loginThrottles')
    .select(['lockedUntil'])
    .where('teamSlug', '=', teamSlug)
    .where('email', '=', email)
    .executeTakeFirst();
  if (throttle?.lockedUntil && throttle.lockedUntil > new Date()) {
    const retryAfter = Math.ceil((throttle.lockedUntil.getTime() - Date.now()) / 1000);
    throw new CredentialsError('TOO_MANY_ATTEMPTS', `Too many failed attempts; try again in ${retryAfter} seconds`, retryAfter);
  }

  const team = await findTeamBySlug(db, teamSlug);
  const member = team ? await findMemberByEmail(db, team.id, email) : undefined;
  const valid = member ? await verifyPassword(member.passwordHash, input.password) : await verifyAgainstDummy(input.password);
  if (!member || !valid) {
    await recordFailure(db, config, teamSlug, email);
    throw new CredentialsError('INVALID_CREDENTIALS', INVALID);
  }

  await db.deleteFrom('loginThrottles').where('teamSlug', '=', teamSlug).where('email', '=', email).execute();
  return startSession(db, config, member);
}

async function recordFailure(db: Db, config: SessionConfig, teamSlug: string, email: string): Promise<void> {
  const lockUntil = new Date(Date.now() + config.loginLockMinutes * 60_000);
  // One statement, so concurrent failures all count. An expired lock starts a fresh count.
  await db
    .insertInto('loginThrottles')
    .values({ teamSlug, email, failures: 1, updatedAt: new Date() })
    .onConflict((oc) =>
      oc.columns(['teamSlug', 'email']).doUpdateSet({
        failures: sql`case when login_throttles.locked_until is not null and login_throttles.locked_until <= now()
                      then 1 else login_throttles.failures + 1 end`,
        lockedUntil: sql`case when login_throttles.locked_until is not null and login_throttles.locked_until <= now()
                      then null
                      when login_throttles.failures + 1 >= ${config.loginMaxFailures} then ${lockUntil}::timestamptz
                      else login_throttles.locked_until end`,
        updatedAt: new Date(),
      }),
    )
    .execute();
}

export function logout(db: Db, teamId: string, sessionId: string): Promise<void> {
  return deleteSession(db, teamId, sessionId);
}
