import { stringify } from 'csv-stringify/sync';
import type { Config } from '../../config.ts';
import type { Db, Event, User } from '../../db/types.ts';
import { LimitError, NotFoundError } from '../../errors.ts';
import { csvSafeRow } from '../../lib/csv-safe.ts';
import { isUuid } from '../../lib/ids.ts';
import { type DownloadProducer, type SigningDeps, signDownload } from '../../lib/signed-urls.ts';
import { findMembersByIds } from '../members/queries.ts';
import { findUsersByIds } from '../users/queries.ts';
import { type EventFilter, streamEvents } from './queries.ts';

/**
 * A user's activity as CSV, through a signed download URL: the mutation checks the user and
 * signs the filter; the file route streams the rows page by page (never the whole file in
 * memory), with every query filtered by the team the link was signed for.
 */

export const ACTIVITY_DOWNLOAD = 'activity';
/** The names travel in the URL; this keeps it well under the 8 KiB proxies accept. */
export const EXPORT_NAMES_MAX = 50;

export const ACTIVITY_CSV_COLUMNS = ['occurredAt', 'name', 'origin', 'properties', 'actorEmail', 'userExternalId'] as const;

export interface ActivityExportInput {
  userId: string;
  names?: readonly string[] | null;
  /** occurredAt ≥ from */
  from?: Date | null;
  /** occurredAt < to */
  to?: Date | null;
}

/** Signs a download of one user's activity; NOT_FOUND for a user that is not in the team. */
export async function createActivityExport(
  deps: SigningDeps & { config: Pick<Config, 'downloadUrlTtlSeconds'> },
  teamId: string,
  input: ActivityExportInput,
): Promise<{ url: string; expiresAt: Date }> {
  const names = [...new Set(input.names ?? [])];
  if (names.length > EXPORT_NAMES_MAX) throw new LimitError(`At most ${EXPORT_NAMES_MAX} event names`, ['input', 'names']);
  const [user] = isUuid(input.userId) ? await findUsersByIds(deps.db, teamId, [input.userId]) : [];
  if (!user) throw new NotFoundError('User', ['input', 'userId']);
  const params: Record<string, string> = { user: user.id };
  if (names.length) params.names = JSON.stringify(names);
  if (input.from) params.from = input.from.toISOString();
  if (input.to) params.to = input.to.toISOString();
  return signDownload(deps, { kind: ACTIVITY_DOWNLOAD, teamId, params, ttlSeconds: deps.config.downloadUrlTtlSeconds });
}

/** The signed params back into a filter; null when they cannot be one (never signed by us). */
function filterFromParams(params: Record<string, string>): (EventFilter & { userId: string }) | null {
  const userId = params.user;
  if (!isUuid(userId)) return null;
  let names: unknown = null;
  try {
    if (params.names) names = JSON.parse(params.names);
  } catch {
    return null;
  }
  if (names !== null && !(Array.isArray(names) && names.every((n) => typeof n === 'string'))) return null;
  const from = params.from ? new Date(params.from) : null;
  const to = params.to ? new Date(params.to) : null;
  if ((from && Number.isNaN(from.getTime())) || (to && Number.isNaN(to.getTime()))) return null;
  return { userId, names: names as string[] | null, from, to };
}

export const activityDownload: DownloadProducer = {
  async open({ db }, download) {
    const filter = filterFromParams(download.params);
    if (!filter) return null;
    const [user] = await findUsersByIds(db, download.teamId, [filter.userId]);
    if (!user) return null;
    const day = new Date().toISOString().slice(0, 10);
    return {
      contentType: 'text/csv; charset=utf-8',
      fileName: `activity-${user.externalId}-${day}.csv`,
      chunks: activityCsv(db, download.teamId, user, filter),
    };
  },
};

/**
 * Header, then one chunk per page of events. A BOM leads so spreadsheets read the file as UTF-8;
 * every cell passes through csvSafeRow (formula injection), quoting is csv-stringify's.
 */
async function* activityCsv(db: Db, teamId: string, user: User, filter: EventFilter): AsyncGenerator<string> {
  yield stringify([[...ACTIVITY_CSV_COLUMNS]], { bom: true, record_delimiter: 'windows' });
  // Members who added activity by hand; a team has few, so the map stays small.
  const emails = new Map<string, string | null>();
  for await (const page of streamEvents(db, teamId, filter)) {
    const unknown = [...new Set(page.flatMap((e) => (e.memberId && !emails.has(e.memberId) ? [e.memberId] : [])))];
    if (unknown.length) {
      for (const id of unknown) emails.set(id, null); // a member removed since stays blank
      for (const member of await findMembersByIds(db, teamId, unknown)) emails.set(member.id, member.email);
    }
    yield stringify(page.map((event) => activityRow(event, user, emails)), { record_delimiter: 'windows' });
  }
}

function activityRow(event: Event, user: User, emails: ReadonlyMap<string, string | null>): string[] {
  return csvSafeRow([
    event.occurredAt,
    event.name,
    event.origin,
    event.properties,
    event.memberId ? emails.get(event.memberId) : null,
    user.externalId,
  ]);
}
