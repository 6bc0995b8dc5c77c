import { API_SCOPES, SECRET_KEY_PREFIX } from '../../auth.ts';
import type { ApiKey, Db } from '../../db/types.ts';
import { NotFoundError, ValidationError } from '../../errors.ts';
import { generateToken } from '../../lib/secrets.ts';
import { checkName } from '../../lib/validate.ts';
import { insertApiKey, revokeApiKey as revokeApiKeyRow } from './queries.ts';

/**
 * Creates a secret API key. The secret is returned here once and stored only as a hash; the
 * listing shows its first characters (`prefix`) so people can tell keys apart.
 */
export async function createApiKey(
  db: Db,
  input: { teamId: string; createdBy: string | null; name: string; scopes: readonly string[] },
): Promise<{ apiKey: ApiKey; secret: string }> {
  const nameIssue = checkName(input.name, ['input', 'name'], 'Key name', 100);
  if (nameIssue) throw new ValidationError(nameIssue);
  const unknown = input.scopes.filter((s) => !(API_SCOPES as readonly string[]).includes(s));
  if (unknown.length) {
    throw new ValidationError({
      path: ['input', 'scopes'],
      code: 'INVALID_SCOPE',
      message: `Unknown scope ${unknown.map((s) => `"${s}"`).join(', ')}; known scopes: ${API_SCOPES.join(', ')}`,
    });
  }
  const secret = generateToken(SECRET_KEY_PREFIX);
  const apiKey = await insertApiKey(db, {
    teamId: input.teamId,
    createdBy: input.createdBy,
    name: input.name.trim(),
    prefix: secret.slice(0, SECRET_KEY_PREFIX.length + 6),
    secret,
    scopes: [...new Set(input.scopes)].sort(),
  });
  return { apiKey, secret };
}

/** Revokes a key; requests with it fail from the next one on. */
export async function revokeApiKey(db: Db, teamId: string, id: string): Promise<ApiKey> {
  const key = await revokeApiKeyRow(db, teamId, id);
  if (!key) throw new NotFoundError('API key', ['input', 'id']);
  return key;
}
