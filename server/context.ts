import { randomUUID } from 'node:crypto';
import { type ApiScope, type Credentials, resolveViewer, type Viewer, viewerHasScope } from './auth.ts';
import type { Config } from './config.ts';
import type { Db, Event, MemberRole } from './db/types.ts';
import type { PubSub } from './pubsub.ts';

export interface Deps {
  db: Db;
  config: Config;
  pubsub: PubSub;
}

export interface Context extends Deps {
  viewer: Viewer | null;
  /** Why a presented credential was refused; shown in UNAUTHENTICATED errors. */
  authError: string | null;
  requestId: string;
  /** The caller's address: X-Forwarded-For through TRUST_PROXY hops, else the TCP peer. */
  clientAddress: string | null;
}

/** The one context factory, for HTTP requests and WebSocket subscriptions alike. */
export async function createContext(deps: Deps, credentials: Credentials, requestId?: string): Promise<Context> {
  const { viewer, authError } = await resolveViewer(deps.db, credentials);
  return { ...deps, viewer, authError, requestId: requestId ?? randomUUID(), clientAddress: credentials.clientAddress ?? null };
}

/** Credentials from an HTTP request's headers. */
export function credentialsFromHeaders(headers: Headers, clientAddress: string | null): Credentials {
  return {
    authorization: headers.get('authorization'),
    publicKey: headers.get('x-pavior-key'),
    clientAddress,
  };
}

/**
 * Credentials from graphql-ws `connectionParams`: `{ authorization: "Bearer …" }` (or `token`
 * / `apiKey` as shorthands) and `{ publicKey }` for the client API.
 */
export function credentialsFromConnectionParams(
  params: Record<string, unknown> | undefined,
  clientAddress: string | null,
): Credentials {
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const bare = text(params?.token) ?? text(params?.apiKey);
  return {
    authorization: text(params?.authorization) ?? text(params?.Authorization) ?? (bare ? `Bearer ${bare}` : null),
    publicKey: text(params?.publicKey) ?? text(params?.['x-pavior-key']) ?? null,
    clientAddress,
  };
}

/**
 * The team whose objects a viewer may load by ID, or null. `need` is the API key scope (members
 * hold all) or `admin`. Node loaders use it, so an ID from another team, or one the viewer may
 * not read, answers like a missing one; the public key never reads.
 */
export function readerTeamId(ctx: Pick<Context, 'viewer'>, need: ApiScope | 'admin' | null = null): string | null {
  const viewer = ctx.viewer;
  if (!viewer || viewer.kind === 'public') return null;
  if (need === 'admin') return viewer.kind === 'member' && viewer.role === 'ADMIN' ? viewer.teamId : null;
  return need === null || viewerHasScope(viewer, need) ? viewer.teamId : null;
}

/** The viewer, where auth scopes have already required one. */
export function requireViewer(ctx: Pick<Context, 'viewer'>): Viewer {
  if (!ctx.viewer) throw new Error('resolver reached without a viewer: missing authScopes');
  return ctx.viewer;
}

/** The member behind a session, where auth scopes have already required `member`. */
export function requireMember(ctx: Pick<Context, 'viewer'>): Extract<Viewer, { kind: 'member' }> {
  const viewer = requireViewer(ctx);
  if (viewer.kind !== 'member') throw new Error('resolver reached without a member: missing authScopes');
  return viewer;
}

/**
 * After createTeam, login or acceptInvite the caller is that member: the rest of the mutation's
 * payload (team secrets, member fields) resolves with their rights, as the next request would.
 */
export function actAsMember(ctx: Context, session: { member: { id: string; teamId: string; role: MemberRole }; sessionId: string }): void {
  const { member, sessionId } = session;
  ctx.viewer = { kind: 'member', teamId: member.teamId, memberId: member.id, role: member.role, sessionId };
  ctx.authError = null;
}

/** Publishes written events to the team's live `activity` subscribers (after the write commits). */
export function publishActivity(ctx: Pick<Context, 'pubsub'>): (teamId: string, events: Event[]) => void {
  return (teamId, events) => {
    if (events.length) void ctx.pubsub.publish('activity', teamId, { events });
  };
}
