import type { Db, Identity, User } from '../../db/types.ts';
import { type FieldIssue, NotFoundError, ValidationError } from '../../errors.ts';
import type { Actor } from '../history/actor.ts';
import { recordChanges } from '../history/record.ts';
import { lockUsersByIds } from '../users/queries.ts';
import { findCatalogueSource, normalizeSourceKey, SOURCE_CATALOGUE } from './catalogue.ts';
import { checkIdentityUsername, formatIdentity, type IdentityPair } from './identity-list.ts';
import {
  deleteIdentityRow,
  findIdentitiesByIds,
  findIdentitiesByPairs,
  findSourceSettings,
  insertIdentityIfFree,
  listIdentitiesOfUsers,
  upsertSourceSetting,
} from './queries.ts';

/** A catalogue source as one team sees it. */
export interface Source {
  key: string;
  name: string;
  enabled: boolean;
}

// ---------------------------------------------------------------------------------------------
// Sources

/** The whole catalogue, in catalogue order, with the team's choices applied. */
export async function listSources(db: Db, teamId: string): Promise<Source[]> {
  const settings = await findSourceSettings(db, teamId);
  return SOURCE_CATALOGUE.map((s) => ({ ...s, enabled: settings.get(s.key) ?? true }));
}

/** Enables or disables a source for the team. An unknown key is NOT_FOUND (path input.key). */
export async function setSourceEnabled(db: Db, teamId: string, key: string, enabled: boolean): Promise<Source> {
  const source = findCatalogueSource(key);
  if (!source) throw new NotFoundError(`Source "${key}"`, ['input', 'key']);
  await upsertSourceSetting(db, teamId, source.key, enabled);
  return { ...source, enabled };
}

/**
 * The team's view of the sources these keys name (matched case-insensitively), keyed by
 * normalised key; unknown keys are absent. One query, however many keys.
 */
export async function resolveSources(db: Db, teamId: string, keys: readonly string[]): Promise<Map<string, Source>> {
  const known = [...new Set(keys.map(normalizeSourceKey))].flatMap((key) => findCatalogueSource(key) ?? []);
  const settings = await findSourceSettings(db, teamId, known.map((s) => s.key));
  return new Map(known.map((s) => [s.key, { ...s, enabled: settings.get(s.key) ?? true }]));
}

/**
 * Issues for pairs whose source is unknown (UNKNOWN_SOURCE) or disabled by the team
 * (SOURCE_DISABLED), at `pathOf(index)`. Pure: an import resolves its sources once with
 * `resolveSources` and checks every row with this.
 */
export function identitySourceIssues<P extends Pick<IdentityPair, 'source'>>(
  sources: ReadonlyMap<string, Source>,
  pairs: readonly P[],
  pathOf: (index: number) => string[] = (index) => [String(index)],
): FieldIssue[] {
  return pairs.flatMap((pair, index): FieldIssue[] => {
    const source = sources.get(normalizeSourceKey(pair.source));
    if (!source) {
      const known = SOURCE_CATALOGUE.map((s) => s.key).join(', ');
      return [{ path: pathOf(index), code: 'UNKNOWN_SOURCE', message: `"${pair.source}" is not a source (one of: ${known})` }];
    }
    if (!source.enabled) {
      return [{ path: pathOf(index), code: 'SOURCE_DISABLED', message: `The ${source.name} source is disabled for this team` }];
    }
    return [];
  });
}

/** `resolveSources` + `identitySourceIssues` in one call. */
export async function checkIdentitySources<P extends Pick<IdentityPair, 'source'>>(
  db: Db,
  teamId: string,
  pairs: readonly P[],
  pathOf?: (index: number) => string[],
): Promise<FieldIssue[]> {
  const sources = await resolveSources(db, teamId, pairs.map((p) => p.source));
  return identitySourceIssues(sources, pairs, pathOf);
}

// ---------------------------------------------------------------------------------------------
// Identities

export interface IdentityResult {
  identity: Identity;
  user: User;
}

/** A user's identities as history records them: sorted `source:username` strings. */
const identityList = (identities: readonly Identity[]) => identities.map(formatIdentity).sort();

const takenIssue = (pair: IdentityPair): ValidationError =>
  new ValidationError({
    path: ['input', 'username'],
    code: 'UNIQUE',
    message: `Another user already has the identity ${formatIdentity(pair)}`,
  });

/**
 * Gives a user an identity on a source. The source must exist and be enabled; the username is
 * unique per team and source, case-insensitively: another user's is UNIQUE, and the user's own
 * (in any letter case) is a no-op that answers the existing identity.
 */
export async function addIdentity(
  db: Db,
  teamId: string,
  actor: Actor,
  input: { userId: string; source: string; username: string },
): Promise<IdentityResult> {
  const source = normalizeSourceKey(input.source);
  const issues: FieldIssue[] = source
    ? await checkIdentitySources(db, teamId, [{ source }], () => ['input', 'source'])
    : [{ path: ['input', 'source'], code: 'REQUIRED', message: 'A source is required' }];
  const username = checkIdentityUsername(input.username, ['input', 'username']);
  if ('issue' in username) issues.push(username.issue);
  if (issues.length || 'issue' in username) throw new ValidationError(issues);
  const pair = { source, username: username.value };

  return db.transaction().execute(async (trx) => {
    // Locking the user serialises identity changes to it, so history's before/after lists agree.
    const [user] = await lockUsersByIds(trx, teamId, [input.userId]);
    if (!user) throw new NotFoundError('User', ['input', 'userId']);
    const holder = async () => (await findIdentitiesByPairs(trx, teamId, [pair]))[0];
    const existing = await holder();
    if (existing) {
      if (existing.userId !== user.id) throw takenIssue(pair);
      return { identity: existing, user };
    }
    const identity = await insertIdentityIfFree(trx, { teamId, userId: user.id, ...pair });
    if (!identity) {
      // Another request took it between our read and insert: decide as if it had come first.
      const winner = await holder();
      if (winner?.userId === user.id) return { identity: winner, user };
      throw takenIssue(pair);
    }
    const after = await listIdentitiesOfUsers(trx, teamId, [user.id]);
    const before = after.filter((i) => i.id !== identity.id);
    await recordChanges(trx, teamId, actor, [
      { userId: user.id, field: 'identities', oldValue: identityList(before), newValue: identityList(after) },
    ]);
    return { identity, user };
  });
}

/** Removes one identity and records the change on its user. */
export async function removeIdentity(db: Db, teamId: string, actor: Actor, id: string): Promise<IdentityResult> {
  return db.transaction().execute(async (trx) => {
    const [found] = await findIdentitiesByIds(trx, teamId, [id]);
    const [user] = found ? await lockUsersByIds(trx, teamId, [found.userId]) : [];
    if (!found || !user) throw new NotFoundError('Identity', ['input', 'id']);
    const before = await listIdentitiesOfUsers(trx, teamId, [user.id]);
    const identity = await deleteIdentityRow(trx, teamId, id);
    if (!identity) throw new NotFoundError('Identity', ['input', 'id']); // removed meanwhile
    await recordChanges(trx, teamId, actor, [
      { userId: user.id, field: 'identities', oldValue: identityList(before), newValue: identityList(before.filter((i) => i.id !== id)) },
    ]);
    return { identity, user };
  });
}
