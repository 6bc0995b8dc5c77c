import type { Config } from '../../config.ts';
import type { Db, PropertyDefinition } from '../../db/types.ts';
import { type FieldIssue, LimitError, ValidationError } from '../../errors.ts';
import { type DownloadProducer, type SigningDeps, signDownload } from '../../lib/signed-urls.ts';
import { groupsByUserIds } from '../groups/loaders.ts';
import { listPropertyDefinitions } from '../properties/queries.ts';
import { identitiesByUserIds } from '../sources/loaders.ts';
import { tagsByUserIds } from '../tags/loaders.ts';
import { type TimeRange, type UserFilter, userFilterConditions } from '../users/filter.ts';
import { countUsers, listUsers, type UserCursor, type UserOrder, userCursor } from '../users/list.ts';
import { exportCell } from './cells.ts';
import { columnsByIds, defaultColumns, type ExportColumn, resolveColumns } from './columns.ts';
import { CONTENT_TYPES, EXTENSIONS, type FileFormat, fileChunks, isFileFormat, XLSX_MAX_DATA_ROWS } from './writers.ts';

/**
 * exportUsers: the mutation validates the filter and columns and signs them into a link; the file
 * route streams every matching user, oldest first, a keyset page at a time (listUsers, the same
 * filter as `users(filter:)`), with each page's groups, identities and tags fetched in one query
 * each — and only for the columns that show them. Every query filters by the link's team.
 */

export const USERS_DOWNLOAD = 'users';
/** Users per page: one users query, plus one per needed relation, per page. */
export const EXPORT_PAGE_SIZE = 1000;
/** Oldest first: created_at never changes, so a user added or edited mid-export appears once. */
const EXPORT_ORDER: UserOrder = { field: 'CREATED_AT', direction: 'ASC' };
/** What the filter and columns may take of a link (proxies refuse URLs much over 8 KiB). */
export const EXPORT_PARAMS_MAX = 6000;

export interface UserExportInput {
  filter?: UserFilter | null;
  /** Column names (headers, or property keys); the default set when null. */
  columns?: readonly string[] | null;
  format: FileFormat;
}

type ExportDeps = SigningDeps & { config: Pick<Config, 'downloadUrlTtlSeconds'> };

/**
 * Validates and signs an export. ValidationError for an unknown or repeated column (path
 * input.columns.N) or an invalid filter (input.filter…); LimitError when the filter and columns
 * are too large for a link, or an XLSX would exceed a sheet's rows.
 */
export async function createUserExport(deps: ExportDeps, teamId: string, input: UserExportInput): Promise<{ url: string; expiresAt: Date }> {
  const definitions = await listPropertyDefinitions(deps.db, teamId);
  const columns = input.columns == null ? null : resolveColumns(input.columns, definitions, ['input', 'columns']);
  const filter = compactFilter(input.filter);
  try {
    checkFilter(deps.db, teamId, filter, definitions);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw new ValidationError(error.issues.map((issue): FieldIssue => ({ ...issue, path: ['input', ...issue.path] })));
  }
  const params: Record<string, string> = { format: input.format };
  if (filter) params.filter = JSON.stringify(filter);
  if (columns) params.columns = JSON.stringify(columns.map((c) => c.id));
  const filterSize = encodeURIComponent(params.filter ?? '').length;
  const columnsSize = encodeURIComponent(params.columns ?? '').length;
  if (filterSize + columnsSize > EXPORT_PARAMS_MAX) {
    throw new LimitError(
      'The filter and columns are too large for a download link; use fewer values or columns',
      filterSize >= columnsSize ? ['input', 'filter'] : ['input', 'columns'],
    );
  }
  if (input.format === 'XLSX' && (await countUsers(deps.db, teamId, filter, definitions)) > XLSX_MAX_DATA_ROWS) {
    throw new LimitError(`An XLSX sheet holds at most ${XLSX_MAX_DATA_ROWS.toLocaleString('en')} users; export CSV`, ['input', 'format']);
  }
  return signDownload(deps, { kind: USERS_DOWNLOAD, teamId, params, ttlSeconds: deps.config.downloadUrlTtlSeconds });
}

/** The filter without absent fields (a shorter link); null when nothing is left. */
function compactFilter(filter: UserFilter | null | undefined): UserFilter | null {
  if (!filter) return null;
  const entries = Object.entries(filter).filter(([, value]) => value !== null && value !== undefined);
  return entries.length ? (Object.fromEntries(entries) as UserFilter) : null;
}

/**
 * Builds the filter's conditions without running them (Kysely calls the callback as the query is
 * built): a ValidationError when they cannot be built.
 */
function checkFilter(db: Db, teamId: string, filter: UserFilter | null, definitions: readonly PropertyDefinition[]): void {
  db.selectFrom('users').select('users.id').where((eb) => eb.and(userFilterConditions(eb, teamId, filter, definitions)));
}

/** A signed filter back into a filter (dates revived); null when it cannot be one. */
function parseFilter(text: string | undefined): UserFilter | null | undefined {
  if (text === undefined) return null;
  try {
    const filter = JSON.parse(text) as UserFilter;
    if (typeof filter !== 'object' || filter === null || Array.isArray(filter)) return undefined;
    const revive = (range: TimeRange | null | undefined): TimeRange | null | undefined => {
      if (!range) return range;
      const from = range.from ? new Date(range.from) : null;
      const to = range.to ? new Date(range.to) : null;
      if ((from && Number.isNaN(from.getTime())) || (to && Number.isNaN(to.getTime()))) throw new Error('bad date');
      return { from, to };
    };
    return { ...filter, createdAt: revive(filter.createdAt), lastSeenAt: revive(filter.lastSeenAt) };
  } catch {
    return undefined;
  }
}

function parseColumnIds(text: string | undefined): string[] | null | undefined {
  if (text === undefined) return null;
  try {
    const ids: unknown = JSON.parse(text);
    return Array.isArray(ids) && ids.every((id) => typeof id === 'string') ? ids : undefined;
  } catch {
    return undefined;
  }
}

export const usersDownload: DownloadProducer = {
  async open({ db }, download) {
    const { format } = download.params;
    const filter = parseFilter(download.params.filter);
    const ids = parseColumnIds(download.params.columns);
    if (!isFileFormat(format) || filter === undefined || ids === undefined) return null;
    const definitions = await listPropertyDefinitions(db, download.teamId);
    // A property the filter or a column names was deleted since the link was signed.
    const columns = ids ? columnsByIds(ids, definitions) : defaultColumns(definitions);
    if (!columns) return null;
    try {
      checkFilter(db, download.teamId, filter, definitions);
    } catch (error) {
      if (error instanceof ValidationError) return null;
      throw error;
    }
    const day = new Date().toISOString().slice(0, 10);
    return {
      contentType: CONTENT_TYPES[format],
      fileName: `users-${day}.${EXTENSIONS[format]}`,
      chunks: fileChunks(
        format,
        columns.map((c) => exportCell(c.header)),
        userRows(db, download.teamId, filter, definitions, columns),
      ),
    };
  },
};

/**
 * The rows, a page at a time: one query for the page of users, then one per relation the columns
 * show (groups, identities, tags) for the whole page — never one per user.
 */
export async function* userRows(
  db: Db,
  teamId: string,
  filter: UserFilter | null,
  definitions: readonly PropertyDefinition[],
  columns: readonly ExportColumn[],
  pageSize = EXPORT_PAGE_SIZE,
): AsyncGenerator<string[][]> {
  const needs = new Set(columns.map((c) => c.needs));
  let after: UserCursor | undefined;
  for (;;) {
    const users = await listUsers(db, teamId, filter, definitions, EXPORT_ORDER, { after, limit: pageSize, inverted: false });
    if (users.length === 0) return;
    const ids = users.map((u) => u.id);
    const groups = needs.has('groups') ? await groupsByUserIds(db, teamId, ids) : [];
    const identities = needs.has('identities') ? await identitiesByUserIds(db, teamId, ids) : [];
    const tags = needs.has('tags') ? await tagsByUserIds(db, teamId, ids) : [];
    yield users.map((user, i) => {
      const source = { user, groups: groups[i] ?? [], identities: identities[i] ?? [], tags: tags[i] ?? [] };
      return columns.map((column) => column.cell(source));
    });
    if (users.length < pageSize) return;
    after = userCursor(users.at(-1)!, EXPORT_ORDER);
  }
}
