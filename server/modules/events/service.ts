import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db, Event, UserKind } from '../../db/types.ts';
import { type FieldIssue, LimitError, NotFoundError, ValidationError } from '../../errors.ts';
import { hexDigestsEqual, hmacSha256Hex } from '../../lib/secrets.ts';
import { checkEmail, normalizeEmail } from '../../lib/validate.ts';
import type { Actor } from '../history/actor.ts';
import { recordChanges } from '../history/record.ts';
import { findTeamsByIds } from '../teams/queries.ts';
import { EXTERNAL_ID_MAX } from '../users/attributes.ts';
import { type CheckedEvent, checkEvent, MAX_BATCH, type RawEvent } from './limits.ts';
import { type IngestEvent, type IngestWriter, ingestEvents, type UserLookup } from './ingest.ts';
import { deleteEventRow, insertEvents } from './queries.ts';

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

/** Where item `index` of a batch is in the input: issue paths are relative to the item. */
const itemPath = (index: number) => ['input', 'events', String(index)];

const reject = (index: number, issue: FieldIssue): Rejection => ({ index, code: issue.code, message: issue.message, path: [...itemPath(index), ...issue.path] });

/** Normalises one item's user key; an issue (path relative to the item) when it names nobody. */
function wantedUser(item: TrackItem, index: number, tracker: Tracker, secret: string): Wanted | FieldIssue {
  const key = item.user ?? {};
  const externalId = key.externalId?.trim() || undefined;
  const email = key.email ? normalizeEmail(key.email) : undefined;
  if (email) {
    const issue = checkEmail(email, ['user', 'email']);
    if (issue) return issue;
  }
  if (externalId && externalId.length > EXTERNAL_ID_MAX) {
    return { path: ['user', 'externalId'], code: 'TOO_LONG', message: `externalId must be at most ${EXTERNAL_ID_MAX} characters` };
  }
  if (tracker.kind === 'client') {
    if (key.id) return { path: ['user', 'id'], code: 'NOT_ALLOWED', message: 'The client API names visitors by externalId or email' };
    const signed = externalId ?? email;
    if (!signed) return { path: ['user'], code: 'REQUIRED', message: 'Give the visitor\u2019s externalId or email' };
    const verified = !!key.userHash && hexDigestsEqual(hmacSha256Hex(secret, signed), key.userHash);
    return { index, kind: verified ? 'USER' : 'LEAD', externalId: externalId ?? email, email };
  }
  if (key.id) return { index, kind: null, id: key.id };
  if (!externalId && !email) return { path: ['user'], code: 'REQUIRED', message: 'Give the user\u2019s id, externalId or email' };
  return { index, kind: null, externalId, email };
}

/** One lookup per distinct way the batch names a user, and each pending item's lookup. */
function lookupsOf(wanted: readonly Wanted[]): { lookups: UserLookup[]; lookupOf: number[] } {
  const byKey = new Map<string, number>();
  const lookups: UserLookup[] = [];
  const lookupOf = wanted.map((w) => {
    const key = `${w.kind ?? ''}|${w.id ?? ''}|${w.externalId ?? ''}|${w.email ?? ''}`;
    let n = byKey.get(key);
    if (n === undefined) {
      n = lookups.push({ kind: w.kind, id: w.id, externalId: w.externalId, email: w.email }) - 1;
      byKey.set(key, n);
    }
    return n;
  });
  return { lookups, lookupOf };
}

/**
 * Creates the users that tracking needs and that do not exist yet, in one statement; a
 * concurrent creation of the same key is absorbed (ON CONFLICT DO NOTHING waits for it, and the
 * next statement of the transaction sees it). Keys are inserted in sorted order, so two batches
 * creating the same new users wait for each other instead of deadlocking.
 */
async function createMissing(db: Db, teamId: string, actor: Actor, missing: readonly UserLookup[]): Promise<void> {
  const unique = new Map<string, UserLookup>();
  for (const w of missing) unique.set(`${w.kind ?? 'USER'}|${w.externalId ?? w.email}`, w);
  const list = [...unique.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, w]) => w);
  if (!list.length) return;
  const created = await sql<{ id: string; externalId: string; kind: UserKind }>`
    insert into users (team_id, external_id, email, kind)
    select ${teamId}::uuid, v.external_id, v.email, v.kind
    from unnest(${list.map((w) => w.externalId ?? w.email!)}::text[], ${list.map((w) => w.email ?? null)}::text[], ${list.map((w) => w.kind ?? 'USER')}::text[])
      with ordinality as v(external_id, email, kind, n)
    order by v.n
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
 * the accepted ones are written in one statement with their users' lastSeenAt
 * (./ingest.ts), and published to live subscribers.
 *
 * When users may be created (the client API, or createMissingUsers) and some are missing, that
 * statement writes nothing; the missing users are created and the whole batch written in one
 * transaction instead, so a batch is never half written.
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
    const checked = checkEvent(item, now);
    if ('issue' in checked) return void rejected.push(reject(index, checked.issue));
    const want = wantedUser(item, index, tracker, secret);
    if ('code' in want) return void rejected.push(reject(index, want));
    pending.push({ index, event: checked.event, want });
  });
  if (!pending.length) return { accepted: [], rejected };

  const writer: IngestWriter = {
    origin: tracker.kind === 'client' ? 'CLIENT' : 'SERVER',
    apiKeyId: tracker.kind === 'server' ? (tracker.apiKeyId ?? null) : null,
    memberId: tracker.kind === 'server' ? (tracker.memberId ?? null) : null,
  };
  const { lookups, lookupOf } = lookupsOf(pending.map((p) => p.want));
  const events: IngestEvent[] = pending.map(({ event }, i) => ({
    id: randomUUID(),
    user: lookupOf[i]!,
    name: event.name,
    propertiesJson: event.propertiesJson,
    occurredAt: event.occurredAt,
  }));
  const createAllowed = tracker.kind === 'client' || !!options.createMissingUsers;
  let outcome = await ingestEvents(db, teamId, writer, lookups, events, { allOrNothing: createAllowed });
  if (!outcome.written) {
    const missing = lookups.filter((l, n) => outcome.userIds[n] === null && !l.id);
    outcome = await db.transaction().execute(async (trx) => {
      await createMissing(trx, teamId, tracker.actor, missing);
      return ingestEvents(trx, teamId, writer, lookups, events, { allOrNothing: false });
    });
  }

  const accepted: Event[] = [];
  pending.forEach((p, i) => {
    const userId = outcome.userIds[lookupOf[i]!];
    if (!userId) {
      rejected.push(reject(p.index, { code: 'USER_NOT_FOUND', message: 'No such user in this team', path: ['user'] }));
      return;
    }
    const { name, properties, occurredAt } = p.event;
    accepted.push({ id: events[i]!.id, teamId, userId, name, properties, occurredAt, ...writer, createdAt: outcome.createdAt });
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
  const checked = checkEvent(raw);
  if ('issue' in checked) throw new ValidationError({ ...checked.issue, path: ['input', ...checked.issue.path] });
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
