import { sql } from 'kysely';
import type { Db, NewUser, User, UserKind } from '../../db/types.ts';
import type { UserAttributeValues } from './attributes.ts';

export function findUsersByIds(db: Db, teamId: string, ids: readonly string[]): Promise<User[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('users').selectAll().where('teamId', '=', teamId).where('id', 'in', ids).execute();
}

/** Locks the rows for the rest of the transaction, so concurrent writes to a user serialise. */
export function lockUsersByIds(db: Db, teamId: string, ids: readonly string[]): Promise<User[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('users').selectAll().where('teamId', '=', teamId).where('id', 'in', ids).forUpdate().execute();
}

/** A user by the team's own id or by email; a verified USER is preferred over a LEAD. */
export function findUserByKey(
  db: Db,
  teamId: string,
  key: { externalId?: string | null; email?: string | null },
  kind?: UserKind,
): Promise<User | undefined> {
  let query = db.selectFrom('users').selectAll().where('teamId', '=', teamId);
  if (key.externalId) query = query.where('externalId', '=', key.externalId.trim());
  else if (key.email) query = query.where(sql<string>`lower(email)`, '=', key.email.trim().toLowerCase());
  else return Promise.resolve(undefined);
  if (kind) query = query.where('kind', '=', kind);
  return query.orderBy(sql`kind = 'USER'`, 'desc').limit(1).executeTakeFirst();
}

/** Users of `kind` (other than `exceptId`) already holding this externalId or email. */
export function findClashingUsers(
  db: Db,
  teamId: string,
  kind: UserKind,
  values: { externalId?: string | null; email?: string | null },
  exceptId?: string,
): Promise<Pick<User, 'id' | 'externalId' | 'email'>[]> {
  const { externalId, email } = values;
  if (!externalId && !email) return Promise.resolve([]);
  let query = db
    .selectFrom('users')
    .select(['id', 'externalId', 'email'])
    .where('teamId', '=', teamId)
    .where('kind', '=', kind)
    .where((eb) =>
      eb.or([
        ...(externalId ? [eb('externalId', '=', externalId)] : []),
        ...(email ? [eb(sql<string>`lower(email)`, '=', email.toLowerCase())] : []),
      ]),
    );
  if (exceptId) query = query.where('id', '!=', exceptId);
  return query.execute();
}

export function insertUser(db: Db, values: NewUser): Promise<User> {
  return db.insertInto('users').values(values).returningAll().executeTakeFirstOrThrow();
}

export function updateUserRow(
  db: Db,
  teamId: string,
  id: string,
  values: UserAttributeValues & Partial<Pick<User, 'properties' | 'emailConsent' | 'emailConsentChangedAt' | 'lastSeenAt'>>,
): Promise<User> {
  const { address, properties, ...rest } = values;
  return db
    .updateTable('users')
    .set({
      ...rest,
      ...(address !== undefined ? { address: address === null ? null : JSON.stringify(address) } : {}),
      ...(properties !== undefined ? { properties: JSON.stringify(properties) } : {}),
      updatedAt: new Date(),
    })
    .where('teamId', '=', teamId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deleteUserRows(db: Db, teamId: string, ids: readonly string[]): Promise<void> {
  await db.deleteFrom('users').where('teamId', '=', teamId).where('id', 'in', ids).execute();
}

/**
 * Activity, not an edit: sets when the user was last seen without touching `updated_at` (and the
 * caller records no history for it).
 */
export function touchUserLastSeen(db: Db, teamId: string, id: string, at: Date): Promise<User> {
  return db
    .updateTable('users')
    .set({ lastSeenAt: at })
    .where('teamId', '=', teamId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}
