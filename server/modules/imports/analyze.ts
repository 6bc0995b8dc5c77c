import type { Config } from '../../config.ts';
import type { Db, Import } from '../../db/types.ts';
import { detectDelimiter, detectFile } from './detect.ts';
import { readCsvRows, type SourceRow } from './read-csv.ts';
import { readXlsxRows } from './read-xlsx.ts';
import { type StageLimits, stageRows } from './stage.ts';
import { checkZipLimits, type ZipLimits } from './zip.ts';

// Step 1 of an import: an uploaded file → an ANALYZED import with its rows staged.

export interface ImportLimits extends StageLimits {
  zip: ZipLimits;
}

export function importLimits(config: Config): ImportLimits {
  return {
    maxRows: config.importMaxRows,
    maxColumns: config.importMaxColumns,
    maxCellChars: config.importMaxCellChars,
    zip: { maxUncompressedBytes: config.importMaxXlsxUncompressedBytes, maxRatio: config.importMaxXlsxRatio },
  };
}

export interface ImportCreator {
  teamId: string;
  memberId: string | null;
  apiKeyId: string | null;
}

export interface AnalyzableFile {
  path: string;
  fileName: string;
  size: number;
}

/**
 * Detects the file's format (and for text its encoding and delimiter) from its bytes, streams its
 * rows into staging and records the import, ANALYZED, with each column's facts. All in one
 * transaction: a file that fails (a limit, a broken quote…) leaves no import and no staged row.
 */
export async function analyzeUpload(db: Db, creator: ImportCreator, file: AnalyzableFile, limits: ImportLimits): Promise<Import> {
  const detected = await detectFile(file.path, file.size);
  let source: AsyncGenerator<SourceRow>;
  let encoding: string | null = null;
  let delimiter: string | null = null;
  if (detected.format === 'XLSX') {
    checkZipLimits(detected.entries, file.size, limits.zip);
    source = readXlsxRows(file.path);
  } else {
    encoding = detected.encoding;
    const detectedDelimiter = detectDelimiter(detected.head, detected.complete);
    delimiter = detectedDelimiter;
    // A record may hold every column at its longest (plus delimiters and quotes).
    const maxRecordChars = (limits.maxCellChars + 3) * (limits.maxColumns + 1);
    source = readCsvRows(file.path, { encoding: detected.encoding, delimiter: detectedDelimiter, maxRecordChars });
  }
  return db.transaction().execute(async (trx) => {
    const created = await trx
      .insertInto('imports')
      .values({
        teamId: creator.teamId,
        status: 'ANALYZED',
        createdByMemberId: creator.memberId,
        createdByApiKeyId: creator.apiKeyId,
        fileName: file.fileName,
        format: detected.format,
        encoding,
        delimiter,
        sizeBytes: file.size,
        columns: '[]',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const { rowCount, columns } = await stageRows(trx, created.id, source, limits);
    return trx
      .updateTable('imports')
      .set({ rowCount, columns: JSON.stringify(columns), updatedAt: new Date() })
      .where('teamId', '=', creator.teamId)
      .where('id', '=', created.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}
