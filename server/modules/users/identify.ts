import type { Viewer } from '../../auth.ts';
import type { Db, User, UserKind } from '../../db/types.ts';
import { type FieldIssue, NotFoundError, ValidationError } from '../../errors.ts';
import { hexDigestsEqual, hmacSha256Hex } from '../../lib/secrets.ts';
import { actorOf } from '../history/actor.ts';
import { findTeamsByIds } from '../teams/queries.ts';
import type { UserAttributesInput } from './attributes.ts';
import { findUserByKey, touchUserLastSeen } from './queries.ts';
import { createUser, updateUser, type UserWriteInput } from './service.ts';

// `identify`: one upsert by externalId (or, without one, email) for two callers.
//
// - The server API (a member session, or an API key with users:write) is trusted: it may set every
//   trait and always writes a verified USER.
// - The client API (the team's public key, from a website visitor's browser) is not. It proves who
//   the visitor is with `userHash` = hex HMAC-SHA256(team identity secret, externalId or email);
//   a valid hash writes that USER, a missing or wrong one writes a LEAD of that externalId/email.
//   Leads are keyed per kind (unique indexes users_team_kind_*), so a lead never overwrites or
//   merges into a verified user, even when it claims the same externalId or email. Whatever the
//   hash, the browser never sets the fields a team decides (SERVER_ONLY_TRAITS).
//
// Both writes go through createUser/updateUser: the same attribute checks, the same property
// validator (mode 'create' for a new user, 'patch' for an existing one) and the same history.

/** What the visitor says about themself. Absent keys stay as they are; null clears. */
export interface IdentifyTraits
  extends Pick<
    UserAttributesInput,
    'displayName' | 'firstName' | 'lastName' | 'jobTitle' | 'phone' | 'company' | 'address' | 'signedUpAt' | 'status' | 'role' | 'note'
  > {
  emailConsent?: boolean | null;
}

export interface IdentifyInput {
  externalId?: string | null;
  email?: string | null;
  userHash?: string | null;
  traits?: IdentifyTraits | null;
  properties?: unknown;
}

export interface IdentifyResult {
  user: User;
  /** Whether this call created the user (or lead). */
  created: boolean;
  /** Whether the user is a verified USER (always for the server API) rather than a LEAD. */
  verified: boolean;
}

/** Traits only the team's own server may set; the client API answers FORBIDDEN_FIELD for them. */
export const SERVER_ONLY_TRAITS = ['status', 'role', 'note', 'emailConsent'] as const;

/** A concurrent identify of the same new user is retried once as an update. */
const MAX_ATTEMPTS = 3;

const blankToNull = (value: string | null | undefined) => value?.trim() || null;

/** The message a userHash signs: the externalId when given, else the email, as sent (trimmed). */
export function identityMessage(input: Pick<IdentifyInput, 'externalId' | 'email'>): string | null {
  return blankToNull(input.externalId) ?? blankToNull(input.email);
}

async function hashIsValid(db: Db, teamId: string, message: string, userHash: string | null | undefined): Promise<boolean> {
  if (!userHash) return false;
  const [team] = await findTeamsByIds(db, [teamId]);
  return !!team && hexDigestsEqual(hmacSha256Hex(team.identitySecret, message), userHash.trim());
}

/**
 * createUser/updateUser name inputs as ['input', field] and ['input', 'patch', field]; identify's
 * input has externalId, email and properties at the top and every other attribute under traits.
 */
function identifyPath(path: string[]): string[] {
  const rest = path[0] === 'input' ? path.slice(path[1] === 'patch' ? 2 : 1) : path;
  const field = rest[0];
  return field === 'externalId' || field === 'email' || field === 'properties' ? ['input', ...rest] : ['input', 'traits', ...rest];
}

function withIdentifyPaths(error: unknown): unknown {
  return error instanceof ValidationError ? new ValidationError(error.issues.map((i) => ({ ...i, path: identifyPath(i.path) }))) : error;
}

/** A create that lost a race: another identify inserted the same externalId/email first. */
function isUniqueClash(error: unknown): boolean {
  return error instanceof ValidationError && error.issues.some((i) => i.code === 'UNIQUE' && (i.path[1] === 'externalId' || i.path[1] === 'email'));
}

/**
 * Creates or updates the user (or lead) the input names, and marks them seen now. Validation
 * failures answer ValidationError with paths into identify's input.
 */
export async function identify(db: Db, viewer: Viewer, input: IdentifyInput): Promise<IdentifyResult> {
  const { teamId } = viewer;
  const trusted = viewer.kind !== 'public';
  const traits = input.traits ?? {};
  const externalId = blankToNull(input.externalId);
  const email = blankToNull(input.email);

  const issues: FieldIssue[] = [];
  if (!externalId && !email) {
    issues.push({ path: ['input', 'externalId'], code: 'REQUIRED', message: 'Give an externalId or an email' });
  }
  if (!trusted) {
    for (const field of SERVER_ONLY_TRAITS) {
      if (traits[field] !== undefined) {
        issues.push({ path: ['input', 'traits', field], code: 'FORBIDDEN_FIELD', message: `${field} can only be set through the server API` });
      }
    }
  }
  if (issues.length) throw new ValidationError(issues);

  const verified = trusted || (await hashIsValid(db, teamId, identityMessage(input)!, input.userHash));
  const kind: UserKind = verified ? 'USER' : 'LEAD';
  const actor = actorOf(viewer);
  const key = { externalId, email };
  const write: UserWriteInput = { ...traits, properties: input.properties };

  let existing = await findUserByKey(db, teamId, key, kind);
  for (let attempt = 1; ; attempt++) {
    try {
      const user = existing
        ? // The key already matches; an email is only ever added (EMAIL_IMMUTABLE when it differs).
          await updateUser(db, teamId, actor, existing.id, email ? { ...write, email } : write)
        : await createUser(db, teamId, actor, { ...write, externalId, email, kind });
      return { user: await touchUserLastSeen(db, teamId, user.id, new Date()), created: !existing, verified };
    } catch (error) {
      const raced = attempt < MAX_ATTEMPTS && (existing ? error instanceof NotFoundError : isUniqueClash(error));
      if (!raced) throw withIdentifyPaths(error);
      const current = await findUserByKey(db, teamId, key, kind);
      // Still nobody under this key: the clash is with another user's email, a real UNIQUE issue.
      if (!existing && !current) throw withIdentifyPaths(error);
      existing = current;
    }
  }
}
