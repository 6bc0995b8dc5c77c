import type { Config } from '../../config.ts';
import type { Db } from '../../db/types.ts';
import { type DownloadProducer, type SigningDeps, signDownload } from '../../lib/signed-urls.ts';
import { listPropertyDefinitions } from '../properties/queries.ts';
import { exportCell } from './cells.ts';
import { defaultColumns } from './columns.ts';
import { CONTENT_TYPES, EXTENSIONS, type FileFormat, fileChunks, isFileFormat } from './writers.ts';

/**
 * The import template: the standard columns (TEMPLATE_COLUMNS, in order) then one column per
 * custom property of the team, headed by its label (see columns.ts for ambiguous labels). Headers
 * only, no example row: an example someone forgets to delete would be imported as a real user.
 * The property columns are read when the link is opened, so the file is always current.
 */

export const TEMPLATE_DOWNLOAD = 'import-template';

/** Signs a download of the team's template in `format`. */
export function createTemplateDownload(
  deps: SigningDeps & { config: Pick<Config, 'downloadUrlTtlSeconds'> },
  teamId: string,
  format: FileFormat,
): Promise<{ url: string; expiresAt: Date }> {
  return signDownload(deps, { kind: TEMPLATE_DOWNLOAD, teamId, params: { format }, ttlSeconds: deps.config.downloadUrlTtlSeconds });
}

/** The header cells of the team's template (neutralised, like every cell we write). */
export async function templateHeader(db: Db, teamId: string): Promise<string[]> {
  const definitions = await listPropertyDefinitions(db, teamId);
  return defaultColumns(definitions).map((column) => exportCell(column.header));
}

async function* noRows(): AsyncGenerator<string[][]> {}

export const templateDownload: DownloadProducer = {
  async open({ db }, download) {
    const format = download.params.format;
    if (!isFileFormat(format)) return null;
    const header = await templateHeader(db, download.teamId);
    return {
      contentType: CONTENT_TYPES[format],
      fileName: `pavior-import-template.${EXTENSIONS[format]}`,
      chunks: fileChunks(format, header, noRows()),
    };
  },
};
