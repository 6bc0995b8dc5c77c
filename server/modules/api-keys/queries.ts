import type { ApiKey, Db } from '../../db/types.ts';
import { hashToken } from '../../lib/secrets.ts';

export function insertApiKey(
  db: Db,
  values: { teamId: string; name: string; prefix: string; secret: string; scopes: string[]; createdBy: string | null },
): Promise<ApiKey> {
  const { secret, ...rest } = values;
  return db.insertInto('apiKeys').values({ ...rest, secretHash: hashToken(secret) }).returningAll().executeTakeFirstOrThrow();
}

/** What a request needs of its key: every request reads it, so only these columns travel. */
export type ApiKeyCredential = Pick<ApiKey, 'id' | 'teamId' | 'scopes' | 'lastUsedAt'>;

export function findActiveApiKeyBySecret(db: Db, secret: string): Promise<ApiKeyCredential | undefined> {
  return db
    .selectFrom('apiKeys')
    .select(['id', 'teamId', 'scopes', 'lastUsedAt'])
    .where('secretHash', '=', hashToken(secret))
    .where('revokedAt', 'is', null)
    .executeTakeFirst();
}

export function findApiKeysByIds(db: Db, teamId: string, ids: readonly string[]): Promise<ApiKey[]> {
  return db.selectFrom('apiKeys').selectAll().where('teamId', '=', teamId).where('id', 'in', ids).execute();
}

/** The team's keys that still work, newest first. */
export function listActiveApiKeys(db: Db, teamId: string): Promise<ApiKey[]> {
  return db
    .selectFrom('apiKeys')
    .selectAll()
    .where('teamId', '=', teamId)
    .where('revokedAt', 'is', null)
    .orderBy('createdAt', 'desc')
    .execute();
}

export function revokeApiKey(db: Db, teamId: string, id: string): Promise<ApiKey | undefined> {
  return db
    .updateTable('apiKeys')
    .set({ revokedAt: new Date() })
    .where('teamId', '=', teamId)
    .where('id', '=', id)
    .where('revokedAt', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

/** Records use at minute resolution: one write a minute per key, not one per request. */
export async function touchApiKey(db: Db, key: Pick<ApiKey, 'id' | 'lastUsedAt'>): Promise<void> {
  const now = new Date();
  if (key.lastUsedAt && now.getTime() - key.lastUsedAt.getTime() < 60_000) return;
  await db.updateTable('apiKeys').set({ lastUsedAt: now }).where('id', '=', key.id).execute();
}
