import { isUniqueViolation } from '../../db/pg-errors.ts';
import type { Db, JsonObject, PropertyDefinition, User, UserKind, UserStatus } from '../../db/types.ts';
import { type FieldIssue, LimitError, NotFoundError, ValidationError } from '../../errors.ts';
import { type PublishEvents, recordSystemEvents } from '../events/service.ts';
import type { Actor } from '../history/actor.ts';
import { diffFields, diffProperties, type FieldChange, recordChanges } from '../history/record.ts';
import { findTakenPropertyValues, listPropertyDefinitions } from '../properties/queries.ts';
import { validateProperties } from '../properties/validator.ts';
import { checkUserAttributes, RECORDED_ATTRIBUTES, type UserAttributesInput } from './attributes.ts';
import { deleteUserRows, findClashingUsers, insertUser, lockUsersByIds, updateUserRow } from './queries.ts';

/** The most IDs one bulk call (delete, status, group and tag changes) accepts. */
export const MAX_IDS_PER_CALL = 1000;

export interface UserWriteInput extends UserAttributesInput {
  properties?: unknown;
  emailConsent?: boolean | null;
}

export function checkIdCount(ids: readonly unknown[], path: string[]): void {
  if (ids.length > MAX_IDS_PER_CALL) {
    throw new LimitError(`At most ${MAX_IDS_PER_CALL} IDs per call (got ${ids.length})`, path);
  }
}

/** Issues for externalId/email already held by another user of the same kind. */
async function clashIssues(
  db: Db,
  teamId: string,
  kind: UserKind,
  values: { externalId?: string | null; email?: string | null },
  exceptId?: string,
): Promise<FieldIssue[]> {
  const clashes = await findClashingUsers(db, teamId, kind, values, exceptId);
  const issues: FieldIssue[] = [];
  if (values.externalId && clashes.some((c) => c.externalId === values.externalId)) {
    issues.push({ path: ['input', 'externalId'], code: 'UNIQUE', message: `Another user has the external ID "${values.externalId}"` });
  }
  if (values.email && clashes.some((c) => c.email?.toLowerCase() === values.email?.toLowerCase())) {
    issues.push({ path: ['input', 'email'], code: 'UNIQUE', message: `Another user has the email ${values.email}` });
  }
  return issues;
}

/** Issues for unique properties whose new values other users already hold. */
export async function uniquePropertyIssues(
  db: Db,
  teamId: string,
  definitions: readonly PropertyDefinition[],
  changed: JsonObject,
  userId?: string,
  pathPrefix: string[] = ['input', 'properties'],
): Promise<FieldIssue[]> {
  const issues: FieldIssue[] = [];
  for (const def of definitions) {
    const value = changed[def.key];
    if (!def.unique || value === undefined || value === null) continue;
    const taken = await findTakenPropertyValues(db, teamId, def.key, [value], userId ? [userId] : []);
    if (taken.size) {
      issues.push({ path: [...pathPrefix, def.key], code: 'UNIQUE', message: `Another user already has ${def.label} ${JSON.stringify(value)}` });
    }
  }
  return issues;
}

function changedProperties(before: JsonObject, after: JsonObject): JsonObject {
  const changed: JsonObject = {};
  for (const [key, value] of Object.entries(after)) if (JSON.stringify(before[key]) !== JSON.stringify(value)) changed[key] = value;
  return changed;
}

/** The change set that a newly created user records: `created`, then every field it was given. */
function creationChanges(user: User): FieldChange[] {
  const empty: Partial<User> = {};
  return [
    { userId: user.id, field: 'created', oldValue: null, newValue: { externalId: user.externalId, kind: user.kind } },
    ...diffFields(user.id, empty, user as unknown as Record<string, unknown>, RECORDED_ATTRIBUTES),
    ...diffProperties(user.id, {}, user.properties),
  ];
}

function duplicateRace(error: unknown): ValidationError | null {
  if (isUniqueViolation(error, 'users_team_kind_external_id_key')) {
    return new ValidationError({ path: ['input', 'externalId'], code: 'UNIQUE', message: 'Another user has this external ID' });
  }
  if (isUniqueViolation(error, 'users_team_kind_email_key')) {
    return new ValidationError({ path: ['input', 'email'], code: 'UNIQUE', message: 'Another user has this email' });
  }
  return null;
}

/**
 * Creates a user. Every invalid attribute and property is reported at once (ValidationError);
 * an externalId or email another user of the same kind holds is a UNIQUE issue.
 */
export async function createUser(db: Db, teamId: string, actor: Actor, input: UserWriteInput, publish?: PublishEvents): Promise<User> {
  const definitions = await listPropertyDefinitions(db, teamId);
  const attributes = checkUserAttributes(input, null);
  const props = validateProperties(definitions, input.properties, { mode: 'create', pathPrefix: ['input', 'properties'] });
  const issues = [...attributes.issues, ...props.issues];
  if (issues.length) throw new ValidationError(issues);

  try {
    return await db.transaction().execute(async (trx) => {
      const kind = attributes.values.kind ?? 'USER';
      const conflicts = [
        ...(await clashIssues(trx, teamId, kind, attributes.values)),
        ...(await uniquePropertyIssues(trx, teamId, definitions, props.properties)),
      ];
      if (conflicts.length) throw new ValidationError(conflicts);
      const { address, ...values } = attributes.values;
      const consent = input.emailConsent ?? false;
      const user = await insertUser(trx, {
        ...values,
        externalId: values.externalId!,
        teamId,
        address: address ? JSON.stringify(address) : null,
        properties: JSON.stringify(props.properties),
        emailConsent: consent,
        emailConsentChangedAt: consent ? new Date() : null,
      });
      await recordChanges(trx, teamId, actor, creationChanges(user));
      const events = await recordSystemEvents(trx, teamId, [{ userId: user.id, name: 'user.created', properties: { origin: actor.origin } }]);
      return { user, events };
    }).then(({ user, events }) => {
      publish?.(teamId, events);
      return user;
    });
  } catch (error) {
    throw duplicateRace(error) ?? error;
  }
}

/** Applies a patch: absent fields stay, null clears; the email is immutable once set. */
export async function updateUser(db: Db, teamId: string, actor: Actor, id: string, patch: UserWriteInput): Promise<User> {
  const definitions = await listPropertyDefinitions(db, teamId);
  try {
    return await db.transaction().execute(async (trx) => {
      const [existing] = await lockUsersByIds(trx, teamId, [id]);
      if (!existing) throw new NotFoundError('User', ['input', 'id']);
      const attributes = checkUserAttributes(patch, existing, ['input', 'patch']);
      const props = validateProperties(definitions, patch.properties, {
        existing: existing.properties,
        mode: 'patch',
        pathPrefix: ['input', 'patch', 'properties'],
      });
      const issues = [...attributes.issues, ...props.issues];
      if (issues.length) throw new ValidationError(issues);

      const newKeys = {
        externalId: attributes.values.externalId !== existing.externalId ? attributes.values.externalId : undefined,
        email: attributes.values.email !== existing.email ? attributes.values.email : undefined,
      };
      const conflicts = [
        ...(await clashIssues(trx, teamId, attributes.values.kind ?? existing.kind, newKeys, id)).map((i) => ({
          ...i,
          path: ['input', 'patch', ...i.path.slice(1)],
        })),
        ...(await uniquePropertyIssues(trx, teamId, definitions, changedProperties(existing.properties, props.properties), id, [
          'input', 'patch', 'properties',
        ])),
      ];
      if (conflicts.length) throw new ValidationError(conflicts);

      const consent =
        patch.emailConsent != null && patch.emailConsent !== existing.emailConsent
          ? { emailConsent: patch.emailConsent, emailConsentChangedAt: new Date() }
          : {};
      const changes = [
        ...diffFields(existing.id, existing as unknown as Record<string, unknown>, { ...attributes.values, ...consent }, RECORDED_ATTRIBUTES),
        ...diffProperties(existing.id, existing.properties, props.properties),
      ];
      if (changes.length === 0) return existing;
      const user = await updateUserRow(trx, teamId, id, { ...attributes.values, ...consent, properties: props.properties });
      await recordChanges(trx, teamId, actor, changes);
      return user;
    });
  } catch (error) {
    throw duplicateRace(error) ?? error;
  }
}

/** Locks every user named, or throws NOT_FOUND naming the first missing one (nothing changes). */
async function lockAll(db: Db, teamId: string, ids: readonly string[], path: string[]): Promise<User[]> {
  const users = await lockUsersByIds(db, teamId, ids);
  if (users.length !== new Set(ids).size) {
    const found = new Set(users.map((u) => u.id));
    const index = ids.findIndex((id) => !found.has(id));
    throw new NotFoundError('User', [...path, String(index)]);
  }
  return users;
}

/** Deletes users, all or none. History rows stay, with a `deleted` change holding the last state. */
export async function deleteUsers(db: Db, teamId: string, actor: Actor, ids: readonly string[]): Promise<string[]> {
  checkIdCount(ids, ['input', 'ids']);
  return db.transaction().execute(async (trx) => {
    const users = await lockAll(trx, teamId, ids, ['input', 'ids']);
    await recordChanges(
      trx,
      teamId,
      actor,
      users.map((u) => ({ userId: u.id, field: 'deleted', oldValue: JSON.parse(JSON.stringify(u)), newValue: null })),
    );
    await deleteUserRows(trx, teamId, users.map((u) => u.id));
    return users.map((u) => u.id);
  });
}

/** Sets the status of many users at once, all or none. */
export async function setUserStatus(
  db: Db,
  teamId: string,
  actor: Actor,
  ids: readonly string[],
  status: UserStatus,
  publish?: PublishEvents,
): Promise<User[]> {
  checkIdCount(ids, ['input', 'ids']);
  const { users, events } = await db.transaction().execute(async (trx) => {
    const users = await lockAll(trx, teamId, ids, ['input', 'ids']);
    const changing = users.filter((u) => u.status !== status);
    if (changing.length) {
      await trx
        .updateTable('users')
        .set({ status, updatedAt: new Date() })
        .where('teamId', '=', teamId)
        .where('id', 'in', changing.map((u) => u.id))
        .execute();
      await recordChanges(trx, teamId, actor, changing.map((u) => ({ userId: u.id, field: 'status', oldValue: u.status, newValue: status })));
    }
    const events = await recordSystemEvents(
      trx,
      teamId,
      changing.map((u) => ({ userId: u.id, name: 'user.status_changed', properties: { from: u.status, to: status } })),
    );
    const byId = new Map(users.map((u) => [u.id, { ...u, status }]));
    return { users: ids.map((id) => byId.get(id)!), events };
  });
  publish?.(teamId, events);
  return users;
}

/** Records a subscribe or unsubscribe, with the time of the change. */
export function setEmailConsent(db: Db, teamId: string, actor: Actor, userId: string, subscribed: boolean): Promise<User> {
  return updateUser(db, teamId, actor, userId, { emailConsent: subscribed });
}
