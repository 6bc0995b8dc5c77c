import { sql } from 'kysely';
import type { Db, Event, EventOrigin, UserKind } from '../../db/types.ts';
import { type FieldIssue, LimitError, NotFoundError, ValidationError } from '../../errors.ts';
import { uuidsOnly } from '../../lib/ids.ts';
import { hexDigestsEqual, hmacSha256Hex } from '../../lib/secrets.ts';
import { checkEmail, normalizeEmail } from '../../lib/validate.ts';
import type { Actor } from '../history/actor.ts';
import { recordChanges } from '../history/record.ts';
import { findTeamsByIds } from '../teams/queries.ts';
import { EXTERNAL_ID_MAX } from '../users/attributes.ts';
import { type CheckedEvent, checkEvent, MAX_BATCH, type RawEvent } from './limits.ts';
import { deleteEventRow, type EventRow, insertEvents, touchLastSeen } from './queries.ts';

/** Who tracks: the server API (an API key or a member) or a website visitor's browser. */
export type Tracker =
  | { kind: 'server'; actor: Actor; apiKeyId?: string | null; memberId?: string | null }
  | { kind: 'client'; actor: Actor };

/** Which user an event is about. The client API names visitors by externalId or email only. */
export interface UserKey {
  id?: string | null;
  externalId?: string | null;
  email?: string | null;
  /** Client API: hex HMAC-SHA256(identity secret, externalId or email). Valid → the USER; else a LEAD. */
  userHash?: string | null;
}

export interface TrackItem extends RawEvent {
  user: UserKey;
}

export interface Rejection {
  index: number;
  code: string;
  message: string;
  path: string[];
}

export interface TrackResult {
  accepted: Event[];
  rejected: Rejection[];
}

export interface TrackOptions {
  /**
   * Server API: create a USER for an externalId/email that does not exist yet. Without it an
   * unknown user rejects the event (USER_NOT_FOUND). The client API always creates the visitor
   * (a LEAD, or a USER when the hash verifies), since that is how visitors arrive.
   */
  createMissingUsers?: boolean;
}

export type PublishEvents = (teamId: string, events: Event[]) => void;

interface Wanted {
  index: number;
  kind: UserKind | null; // null: server API, any kind (USER preferred)
  id?: string;
  externalId?: string;
  email?: string;
}

const reject = (index: number, issue: FieldIssue): Rejection => ({ index, code: issue.code, message: issue.message, path: issue.path });

/** Normalises one item's user key; null with an issue when it names nobody. */
function wantedUser(item: TrackItem, index: number, tracker: Tracker, secret: string, path: string[]): Wanted | FieldIssue {
  const key = item.user ?? {};
  const externalId = key.externalId?.trim() || undefined;
  const email = key.email ? normalizeEmail(key.email) : undefined;
  if (email) {
    const issue = checkEmail(email, [...path, 'user', 'email']);
    if (issue) return issue;
  }
  if (externalId && externalId.length > EXTERNAL_ID_MAX) {
    return { path: [...path, 'user', 'externalId'], code: 'TOO_LONG', message: `externalId must be at most ${EXTERNAL_ID_MAX} characters` };
  }
  if (tracker.kind === 'client') {
    if (key.id) return { path: [...path, 'user', 'id'], code: 'NOT_ALLOWED', message: 'The client API names visitors by externalId or email' };
    const signed = externalId ?? email;
    if (!signed) return { path: [...path, 'user'], code: 'REQUIRED', message: 'Give the visitor\u2019s externalId or email' };
    const verified = !!key.userHash && hexDigestsEqual(hmacSha256Hex(secret, signed), key.userHash);
    return { index, kind: verified ? 'USER' : 'LEAD', externalId: externalId ?? email, email };
  }
  if (key.id) return { index, kind: null, id: key.id };
  if (!externalId && !email) return { path: [...path, 'user'], code: 'REQUIRED', message: 'Give the user\u2019s id, externalId or email' };
  return { index, kind: null, externalId, email };
}

type Found = { id: string; externalId: string; email: string | null; kind: UserKind };

/** Finds every named user in one query; a USER wins over a LEAD when the server API asks. */
async function findUsers(db: Db, teamId: string, wanted: Wanted[]): Promise<Found[]> {
  const ids = uuidsOnly(wanted.flatMap((w) => (w.id ? [w.id] : [])));
  const externalIds = wanted.flatMap((w) => (w.externalId ? [w.externalId] : []));
  const emails = wanted.flatMap((w) => (w.email ? [w.email] : []));
  if (!ids.length && !externalIds.length && !emails.length) return [];
  const rows = await sql<Found>`
    select id, external_id, email, kind from users
    where team_id = ${teamId} and (id = any(${ids}::uuid[]) or external_id = any(${externalIds}::text[]) or lower(email) = any(${emails}::text[]))
    order by (kind = 'USER') desc`.execute(db);
  return rows.rows;
}

/**
 * The found users indexed by how events name them, so matching a batch is one lookup per event
 * (a linear find per event is O(events × users): ~5 ms of CPU for a batch of 1,000). The rows
 * arrive USER first and the first row per key wins, as with the find it replaces.
 */
type UserIndex = Map<string, Found>;
function indexUsers(users: Found[]): UserIndex {
  const index: UserIndex = new Map();
  const add = (key: string, user: Found) => {
    if (!index.has(key)) index.set(key, user);
  };
  for (const u of users) {
    add(`id|${u.id}`, u);
    add(`ext|${u.externalId}`, u);
    add(`ext|${u.kind}|${u.externalId}`, u);
    if (u.email !== null) {
      add(`email|${u.email}`, u);
      add(`email|${u.kind}|${u.email}`, u);
    }
  }
  return index;
}

function match(users: UserIndex, want: Wanted): Found | undefined {
  if (want.id) {
    const user = users.get(`id|${want.id}`);
    return user && (want.kind === null || user.kind === want.kind) ? user : undefined;
  }
  const kind = want.kind === null ? '' : `${want.kind}|`;
  return want.externalId ? users.get(`ext|${kind}${want.externalId}`) : users.get(`email|${kind}${want.email}`);
}

/**
 * Creates the users that tracking needs and that do not exist yet, in one statement; a
 * concurrent creation of the same key is absorbed (ON CONFLICT DO NOTHING, then read again).
 */
async function createMissing(db: Db, teamId: string, actor: Actor, missing: Wanted[]): Promise<void> {
  const unique = new Map<string, Wanted>();
  for (const w of missing) unique.set(`${w.kind ?? 'USER'}|${w.externalId ?? w.email}`, w);
  const list = [...unique.values()];
  if (!list.length) return;
  const created = await sql<{ id: string; externalId: string; kind: UserKind }>`
    insert into users (team_id, external_id, email, kind)
    select ${teamId}::uuid, v.external_id, v.email, v.kind
    from unnest(${list.map((w) => w.externalId ?? w.email!)}::text[], ${list.map((w) => w.email ?? null)}::text[], ${list.map((w) => w.kind ?? 'USER')}::text[])
      as v(external_id, email, kind)
    on conflict do nothing
    returning id, external_id, kind`.execute(db);
  await recordChanges(
    db,
    teamId,
    actor,
    created.rows.map((u) => ({ userId: u.id, field: 'created', oldValue: null, newValue: { externalId: u.externalId, kind: u.kind } })),
  );
  await insertEvents(
    db,
    teamId,
    created.rows.map((u) => ({ userId: u.id, name: 'user.created', properties: { via: 'track' }, occurredAt: new Date(), origin: 'SYSTEM' as const })),
  );
}

/**
 * Tracks up to 1,000 events: each is accepted or rejected on its own (index, code, message);
 * the accepted ones are written in one statement, their users' lastSeenAt moves forward, and
 * they are published to live subscribers.
 */
export async function trackEvents(
  db: Db,
  teamId: string,
  tracker: Tracker,
  items: readonly TrackItem[],
  options: TrackOptions = {},
  publish?: PublishEvents,
): Promise<TrackResult> {
  if (items.length > MAX_BATCH) throw new LimitError(`At most ${MAX_BATCH} events per batch (got ${items.length})`, ['input', 'events']);
  const [team] = tracker.kind === 'client' ? await findTeamsByIds(db, [teamId]) : [];
  const secret = team?.identitySecret ?? '';
  const rejected: Rejection[] = [];
  const pending: { index: number; event: CheckedEvent; want: Wanted }[] = [];
  const now = Date.now();
  items.forEach((item, index) => {
    const path = ['input', 'events', String(index)];
    const checked = checkEvent(item, path, now);
    if ('issue' in checked) return void rejected.push(reject(index, checked.issue));
    const want = wantedUser(item, index, tracker, secret, path);
    if ('code' in want) return void rejected.push(reject(index, want));
    pending.push({ index, event: checked.event, want });
  });

  const origin: EventOrigin = tracker.kind === 'client' ? 'CLIENT' : 'SERVER';
  const accepted = await db.transaction().execute(async (trx) => {
    let users = indexUsers(await findUsers(trx, teamId, pending.map((p) => p.want)));
    const createAllowed = tracker.kind === 'client' || options.createMissingUsers;
    const missing = pending.filter((p) => !match(users, p.want) && !p.want.id).map((p) => p.want);
    if (createAllowed && missing.length) {
      await createMissing(trx, teamId, tracker.actor, missing);
      users = indexUsers(await findUsers(trx, teamId, pending.map((p) => p.want)));
    }
    const rows: EventRow[] = [];
    for (const p of pending) {
      const user = match(users, p.want);
      if (!user) {
        rejected.push({ index: p.index, code: 'USER_NOT_FOUND', message: 'No such user in this team', path: ['input', 'events', String(p.index), 'user'] });
        continue;
      }
      rows.push({
        userId: user.id,
        ...p.event,
        origin,
        apiKeyId: tracker.kind === 'server' ? (tracker.apiKeyId ?? null) : null,
        memberId: tracker.kind === 'server' ? (tracker.memberId ?? null) : null,
      });
    }
    const inserted = await insertEvents(trx, teamId, rows);
    const seen = new Map<string, Date>();
    for (const row of rows) if (!seen.has(row.userId) || seen.get(row.userId)! < row.occurredAt) seen.set(row.userId, row.occurredAt);
    await touchLastSeen(trx, teamId, seen);
    return inserted;
  });
  if (accepted.length) publish?.(teamId, accepted);
  rejected.sort((a, b) => a.index - b.index);
  return { accepted, rejected };
}

/** A member records something that happened outside the product ("Called about renewal"). */
export async function addActivity(
  db: Db,
  teamId: string,
  memberId: string,
  userId: string,
  raw: RawEvent,
  publish?: PublishEvents,
): Promise<Event> {
  const checked = checkEvent(raw, ['input']);
  if ('issue' in checked) throw new ValidationError(checked.issue);
  const [user] = await db.selectFrom('users').select('id').where('teamId', '=', teamId).where('id', '=', userId).execute();
  if (!user) throw new NotFoundError('User', ['input', 'userId']);
  const [event] = await insertEvents(db, teamId, [{ userId, ...checked.event, origin: 'MANUAL', memberId }]);
  publish?.(teamId, [event!]);
  return event!;
}

export async function deleteEvent(db: Db, teamId: string, id: string): Promise<Event> {
  const event = await deleteEventRow(db, teamId, id);
  if (!event) throw new NotFoundError('Event', ['input', 'id']);
  return event;
}

/** Lifecycle events (created, status changed…) that the users service writes with its changes. */
export function recordSystemEvents(
  db: Db,
  teamId: string,
  events: { userId: string; name: string; properties?: Record<string, string | number | boolean | null> }[],
): Promise<Event[]> {
  return insertEvents(
    db,
    teamId,
    events.map((e) => ({ userId: e.userId, name: e.name, properties: e.properties ?? {}, occurredAt: new Date(), origin: 'SYSTEM' as const })),
  );
}
