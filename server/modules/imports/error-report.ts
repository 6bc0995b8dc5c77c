import { stringify } from 'csv-stringify/sync';
import type { Config } from '../../config.ts';
import type { Db, Import } from '../../db/types.ts';
import { csvSafeRow } from '../../lib/csv-safe.ts';
import { isUuid } from '../../lib/ids.ts';
import { type DownloadProducer, type SigningDeps, signDownload } from '../../lib/signed-urls.ts';
import { findImportsByIds, listImportErrors } from './queries.ts';

// An import's errors as a CSV file, through a signed short-lived URL (Import.errorReportUrl):
// what a person fixes the file from. Streamed page by page; every cell is formula-safe.

export const IMPORT_ERRORS_DOWNLOAD = 'import-errors';
export const ERROR_REPORT_COLUMNS = ['row', 'column', 'value', 'code', 'message', 'phase'] as const;
const PAGE = 1000;

/** A signed link to the import's error report, or null while it has no errors. */
export async function errorReportUrl(
  deps: SigningDeps & { config: Pick<Config, 'downloadUrlTtlSeconds'> },
  imp: Pick<Import, 'id' | 'teamId'>,
): Promise<string | null> {
  const any = await deps.db.selectFrom('importErrors').select('id').where('importId', '=', imp.id).limit(1).executeTakeFirst();
  if (!any) return null;
  const { url } = await signDownload(deps, { kind: IMPORT_ERRORS_DOWNLOAD, teamId: imp.teamId, params: { import: imp.id }, ttlSeconds: deps.config.downloadUrlTtlSeconds });
  return url;
}

export const importErrorsDownload: DownloadProducer = {
  async open({ db }, download) {
    const id = download.params.import;
    const [imp] = isUuid(id) ? await findImportsByIds(db, download.teamId, [id]) : [];
    if (!imp) return null;
    const base = imp.fileName.replace(/\.[^.]*$/, '') || 'import';
    return { contentType: 'text/csv; charset=utf-8', fileName: `${base}-errors.csv`, chunks: errorsCsv(db, imp.id) };
  },
};

/** Header, then a chunk per page of errors in file order. A BOM leads so spreadsheets read UTF-8. */
async function* errorsCsv(db: Db, importId: string): AsyncGenerator<string> {
  yield stringify([[...ERROR_REPORT_COLUMNS]], { bom: true, record_delimiter: 'windows' });
  let after: { afterRow: number; afterId: string } | undefined;
  for (;;) {
    const page = await listImportErrors(db, importId, { ...after, limit: PAGE });
    if (page.length === 0) return;
    yield stringify(page.map((e) => [String(e.rowNumber), ...csvSafeRow([e.column, e.value, e.code, e.message, e.phase])]), { record_delimiter: 'windows' });
    const last = page.at(-1)!;
    after = { afterRow: last.rowNumber, afterId: last.id };
  }
}
