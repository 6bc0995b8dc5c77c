import type { Db, MemberRole } from './db/types.ts';
import { findActiveApiKeyBySecret, touchApiKey } from './modules/api-keys/queries.ts';
import { findSessionByToken } from './modules/sessions/queries.ts';
import { findTeamByPublicKey } from './modules/teams/queries.ts';

/** API key scopes. A member session holds all of them; a key holds what it was given. */
export const API_SCOPES = [
  'team:read',
  'users:read',
  'users:write',
  'events:read',
  'events:write',
  'imports:read',
  'imports:write',
] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export const SESSION_TOKEN_PREFIX = 'pav_st_';
export const SECRET_KEY_PREFIX = 'pav_sk_';
export const PUBLIC_KEY_PREFIX = 'pav_pk_';

export type Viewer =
  | { kind: 'member'; teamId: string; memberId: string; role: MemberRole; sessionId: string }
  | { kind: 'apiKey'; teamId: string; apiKeyId: string; scopes: readonly string[] }
  /** A website visitor's browser, holding the team's public key. */
  | { kind: 'public'; teamId: string; clientAddress: string | null };

export interface Credentials {
  /** The `Authorization` header value (or `authorization` connection param). */
  authorization?: string | null;
  /** The `X-Pavior-Key` header value (or `publicKey` connection param). */
  publicKey?: string | null;
  clientAddress?: string | null;
}

export type ViewerResult = { viewer: Viewer | null; authError: string | null };

/**
 * Credential → Viewer. The team comes only from here. A credential that is present but invalid
 * is remembered as `authError`, so operations that need a viewer say why they were refused.
 */
export async function resolveViewer(db: Db, credentials: Credentials): Promise<ViewerResult> {
  const authorization = credentials.authorization?.trim();
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    const token = match?.[1];
    if (!token) return { viewer: null, authError: 'The Authorization header must be "Bearer <token>"' };
    if (token.startsWith(SESSION_TOKEN_PREFIX)) {
      const session = await findSessionByToken(db, token);
      if (!session) return { viewer: null, authError: 'The session token is invalid or has expired' };
      return {
        viewer: { kind: 'member', teamId: session.teamId, memberId: session.memberId, role: session.role, sessionId: session.id },
        authError: null,
      };
    }
    if (token.startsWith(SECRET_KEY_PREFIX)) {
      const key = await findActiveApiKeyBySecret(db, token);
      if (!key) return { viewer: null, authError: 'The API key is invalid or has been revoked' };
      touchApiKey(db, key).catch(() => {}); // last-used bookkeeping must never fail a request
      return { viewer: { kind: 'apiKey', teamId: key.teamId, apiKeyId: key.id, scopes: key.scopes }, authError: null };
    }
    return { viewer: null, authError: 'Unrecognised token: expected a session token or a secret API key' };
  }
  const publicKey = credentials.publicKey?.trim();
  if (publicKey) {
    const team = publicKey.startsWith(PUBLIC_KEY_PREFIX) ? await findTeamByPublicKey(db, publicKey) : undefined;
    if (!team) return { viewer: null, authError: 'The public key is invalid' };
    return { viewer: { kind: 'public', teamId: team.id, clientAddress: credentials.clientAddress ?? null }, authError: null };
  }
  return { viewer: null, authError: null };
}

/** Whether the viewer may act with `scope` (members hold every scope). */
export function viewerHasScope(viewer: Viewer | null, scope: ApiScope): boolean {
  if (!viewer) return false;
  if (viewer.kind === 'member') return true;
  if (viewer.kind === 'apiKey') return viewer.scopes.includes(scope);
  return false;
}
