import { randomBytes } from 'node:crypto';
import { PUBLIC_KEY_PREFIX } from '../../auth.ts';
import type { Config } from '../../config.ts';
import { isUniqueViolation } from '../../db/pg-errors.ts';
import type { Db, Team } from '../../db/types.ts';
import { ConflictError, ValidationError } from '../../errors.ts';
import { hashPassword } from '../../lib/passwords.ts';
import { generateToken } from '../../lib/secrets.ts';
import { checkEmail, checkName, checkPassword, checkSlug, compact, normalizeEmail } from '../../lib/validate.ts';
import { insertMember } from '../members/queries.ts';
import { type StartedSession, startSession } from '../sessions/service.ts';
import { findTeamBySlug, insertTeam, updateTeam } from './queries.ts';

export interface CreateTeamInput {
  slug: string;
  name: string;
  admin: { email: string; password: string; name?: string | null };
}

/** The identity secret signs `userHash` on the customer's server: 256 random bits, hex. */
function generateIdentitySecret(): string {
  return randomBytes(32).toString('hex');
}

/**
 * Signs a team up: the team, its first ADMIN, and a session for them, in one transaction.
 * Invalid input → ValidationError listing every field; a taken slug → ConflictError SLUG_TAKEN.
 */
export async function createTeam(
  db: Db,
  config: Pick<Config, 'sessionTtlHours'>,
  input: CreateTeamInput,
): Promise<StartedSession & { team: Team }> {
  const slug = input.slug.trim().toLowerCase();
  const email = normalizeEmail(input.admin.email);
  const issues = compact([
    checkSlug(slug, ['input', 'slug']),
    checkName(input.name, ['input', 'name'], 'Team name'),
    checkEmail(email, ['input', 'admin', 'email']),
    checkPassword(input.admin.password, ['input', 'admin', 'password']),
    input.admin.name ? checkName(input.admin.name, ['input', 'admin', 'name'], 'Name') : null,
  ]);
  if (issues.length) throw new ValidationError(issues);

  const slugTaken = () => new ConflictError('SLUG_TAKEN', `The team id "${slug}" is taken`, ['input', 'slug']);
  if (await findTeamBySlug(db, slug)) throw slugTaken();

  const passwordHash = await hashPassword(input.admin.password);
  try {
    return await db.transaction().execute(async (trx) => {
      const team = await insertTeam(trx, {
        slug,
        name: input.name.trim(),
        publicKey: generateToken(PUBLIC_KEY_PREFIX),
        identitySecret: generateIdentitySecret(),
      });
      const member = await insertMember(trx, {
        teamId: team.id,
        email,
        name: input.admin.name?.trim() || null,
        role: 'ADMIN',
        passwordHash,
      });
      return { team, ...(await startSession(trx, config, member)) };
    });
  } catch (error) {
    // Two sign-ups racing for one slug: the unique index decides, the loser hears SLUG_TAKEN.
    if (isUniqueViolation(error, 'teams_slug_key')) throw slugTaken();
    throw error;
  }
}

export async function renameTeam(db: Db, teamId: string, name: string): Promise<Team> {
  const issue = checkName(name, ['input', 'name'], 'Team name');
  if (issue) throw new ValidationError(issue);
  return updateTeam(db, teamId, { name: name.trim() });
}

/** A new identity secret; hashes made with the old one stop verifying at once. */
export async function rotateIdentitySecret(db: Db, teamId: string): Promise<string> {
  const team = await updateTeam(db, teamId, { identitySecret: generateIdentitySecret() });
  return team.identitySecret;
}
