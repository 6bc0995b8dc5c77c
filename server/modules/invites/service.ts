import type { Config } from '../../config.ts';
import { isUniqueViolation } from '../../db/pg-errors.ts';
import type { Db, Invite, MemberRole } from '../../db/types.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../errors.ts';
import { hashPassword } from '../../lib/passwords.ts';
import { generateToken } from '../../lib/secrets.ts';
import { checkEmail, checkName, checkPassword, compact, normalizeEmail } from '../../lib/validate.ts';
import { findMemberByEmail, insertMember } from '../members/queries.ts';
import { type StartedSession, startSession } from '../sessions/service.ts';
import { findTeamsByIds } from '../teams/queries.ts';
import {
  enqueueMail,
  findInviteByToken,
  insertInvite,
  markInviteAccepted,
  revokeInvite,
  revokeOpenInvitesFor,
} from './queries.ts';

const INVITE_TOKEN_PREFIX = 'pav_inv_';

/**
 * Invites an email into the team with a role. Any earlier open invite for that email is revoked,
 * the message a mail sender would deliver is queued in the outbox, and the accept link is
 * returned so an admin can also hand it over directly.
 */
export async function inviteMember(
  db: Db,
  config: Pick<Config, 'publicUrl' | 'inviteTtlHours'>,
  input: { teamId: string; invitedBy: string; email: string; role: MemberRole },
): Promise<{ invite: Invite; acceptUrl: string }> {
  const email = normalizeEmail(input.email);
  const issue = checkEmail(email, ['input', 'email']);
  if (issue) throw new ValidationError(issue);

  return db.transaction().execute(async (trx) => {
    if (await findMemberByEmail(trx, input.teamId, email)) {
      throw new ConflictError('ALREADY_MEMBER', `${email} is already a member of this team`, ['input', 'email']);
    }
    await revokeOpenInvitesFor(trx, input.teamId, email);
    const token = generateToken(INVITE_TOKEN_PREFIX);
    const invite = await insertInvite(trx, {
      teamId: input.teamId,
      email,
      role: input.role,
      token,
      invitedBy: input.invitedBy,
      expiresAt: new Date(Date.now() + config.inviteTtlHours * 3_600_000),
    });
    const acceptUrl = `${config.publicUrl}/accept-invite?token=${encodeURIComponent(token)}`;
    const [team] = await findTeamsByIds(trx, [input.teamId]);
    await enqueueMail(trx, {
      teamId: input.teamId,
      kind: 'invite',
      recipient: email,
      subject: `You are invited to ${team?.name ?? 'a team'} on Pavior`,
      body: `You have been invited to join ${team?.name ?? 'a team'} (${team?.slug ?? ''}) on Pavior as ${input.role.toLowerCase()}.\n\nAccept the invitation: ${acceptUrl}\n\nThe link works once and expires ${invite.expiresAt.toISOString()}.`,
    });
    return { invite, acceptUrl };
  });
}

/**
 * Redeems an invite: creates the member with the chosen password and logs them in. An unknown,
 * expired, revoked or already used token answers INVITE_INVALID (which one is not revealed).
 */
export async function acceptInvite(
  db: Db,
  config: Pick<Config, 'sessionTtlHours'>,
  input: { token: string; password: string; name?: string | null },
): Promise<StartedSession> {
  const issues = compact([
    checkPassword(input.password, ['input', 'password']),
    input.name ? checkName(input.name, ['input', 'name'], 'Name') : null,
  ]);
  if (issues.length) throw new ValidationError(issues);
  const passwordHash = await hashPassword(input.password);

  try {
    return await db.transaction().execute(async (trx) => {
      const invite = await findInviteByToken(trx, input.token.trim());
      if (!invite || invite.acceptedAt || invite.revokedAt || invite.expiresAt <= new Date()) {
        throw new ConflictError('INVITE_INVALID', 'This invitation is invalid, has expired or was already used', ['input', 'token']);
      }
      if (await findMemberByEmail(trx, invite.teamId, invite.email)) {
        throw new ConflictError('ALREADY_MEMBER', `${invite.email} is already a member of this team`, ['input', 'token']);
      }
      const member = await insertMember(trx, {
        teamId: invite.teamId,
        email: invite.email,
        name: input.name?.trim() || null,
        role: invite.role,
        passwordHash,
      });
      await markInviteAccepted(trx, invite.id);
      return startSession(trx, config, member);
    });
  } catch (error) {
    if (isUniqueViolation(error, 'members_team_email_key')) {
      throw new ConflictError('ALREADY_MEMBER', 'This email is already a member of this team', ['input', 'token']);
    }
    throw error;
  }
}

/** Withdraws an open invite; its link stops working. */
export async function withdrawInvite(db: Db, teamId: string, inviteId: string): Promise<Invite> {
  const invite = await revokeInvite(db, teamId, inviteId);
  if (!invite) throw new NotFoundError('Open invite', ['input', 'id']);
  return invite;
}
