import { PassThrough } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';

// Files as chunks the file route pulls one at a time (server/files.ts waits for the socket to
// drain before it pulls again), so rows are only produced as fast as the client reads them and
// a file is never held whole in memory. Cells arrive already neutralised (cells.ts).

export type FileFormat = 'CSV' | 'XLSX';
export const isFileFormat = (value: string | undefined): value is FileFormat => value === 'CSV' || value === 'XLSX';

export const CONTENT_TYPES: Record<FileFormat, string> = {
  CSV: 'text/csv; charset=utf-8',
  XLSX: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};
export const EXTENSIONS: Record<FileFormat, string> = { CSV: 'csv', XLSX: 'xlsx' };

/** XLSX holds at most 1,048,576 rows, the header included. */
export const XLSX_MAX_DATA_ROWS = 1_048_575;

/** Header, then the pages of rows; each page is pulled only when the previous one is written. */
export type RowPages = AsyncIterable<string[][]>;

export function fileChunks(format: FileFormat, header: string[], pages: RowPages, sheetName = 'Users'): AsyncIterable<string | Uint8Array> {
  return format === 'CSV' ? csvChunks(header, pages) : xlsxChunks(header, pages, sheetName);
}

/**
 * CSV with a UTF-8 BOM (spreadsheets then read it as UTF-8) and CRLF line ends; one chunk per
 * page, quoted by csv-stringify.
 */
async function* csvChunks(header: string[], pages: RowPages): AsyncGenerator<string> {
  yield stringify([header], { bom: true, record_delimiter: 'windows' });
  for await (const rows of pages) {
    if (rows.length) yield stringify(rows, { record_delimiter: 'windows' });
  }
}

// Bytes the XLSX pipeline may hold before rows stop being added.
const XLSX_BUFFER = 256 * 1024;
const XLSX_POLL_MS = 25;

/** What exceljs' worksheet stream (a StreamBuf) keeps; not in its typings. */
interface SheetStream {
  /** The zip's input for the sheet, once the zip has reached that entry. */
  pipes?: { _writableState?: { length?: number } }[];
  /** Filled buffers not yet handed to a pipe (batch mode keeps one partly filled buffer). */
  buffers?: unknown[];
  bufSize?: number;
}

/**
 * Sheet XML written but not yet taken by the compressor. exceljs' StreamBuf ignores its pipe's
 * backpressure, so under a slow reader this is where rows would pile up.
 */
function sheetBacklog(sheet: ExcelJS.Worksheet): number {
  const stream = (sheet as unknown as { stream?: SheetStream }).stream;
  const piped = stream?.pipes?.reduce((sum, pipe) => sum + (pipe._writableState?.length ?? 0), 0) ?? 0;
  return piped + Math.max((stream?.buffers?.length ?? 0) - 1, 0) * (stream?.bufSize ?? 0);
}

/**
 * XLSX through exceljs' streaming WorkbookWriter: rows are committed as they come and zipped into
 * a stream this generator hands out chunk by chunk. Every cell is a text cell (what the import
 * reads back as it was written). The writer does not wait for its output on its own, so after
 * each page the producer waits until both the sheet's uncompressed backlog and the zip output
 * are below XLSX_BUFFER: a slow client holds the export back instead of filling memory.
 */
async function* xlsxChunks(header: string[], pages: RowPages, sheetName: string): AsyncGenerator<Uint8Array> {
  const out = new PassThrough({ highWaterMark: XLSX_BUFFER });
  let stopped = false;
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = workbook.lastModifiedBy = 'Pavior';
  // An archiver error would otherwise be an unhandled 'error' event until commit() listens.
  (workbook as unknown as { zip?: NodeJS.EventEmitter }).zip?.on('error', (error: Error) => out.destroy(error));
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = header.map((name) => ({ width: Math.min(Math.max(name.length + 2, 12), 40) }));
  const congested = () => out.writableNeedDrain || sheetBacklog(sheet) > XLSX_BUFFER;
  // The output says when it drains; the sheet's backlog does not, so it is also polled.
  const progress = () =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        out.off('drain', done);
        out.off('close', done);
        resolve();
      };
      const timer = setTimeout(done, XLSX_POLL_MS);
      out.on('drain', done);
      out.on('close', done);
    });

  const produce = async () => {
    const head = sheet.addRow(header);
    head.font = { bold: true };
    head.commit();
    let count = 0;
    for await (const rows of pages) {
      if (stopped) return;
      count += rows.length;
      if (count > XLSX_MAX_DATA_ROWS) throw new Error(`An XLSX sheet holds at most ${XLSX_MAX_DATA_ROWS} rows`);
      for (const row of rows) sheet.addRow(row).commit();
      while (!stopped && congested()) await progress();
    }
    if (stopped) return;
    sheet.commit();
    await workbook.commit();
  };

  const producing = produce().catch((error: unknown) => {
    // Surfaces through the loop below: the file route then cuts the response short.
    out.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  try {
    for await (const chunk of out) yield chunk as Uint8Array;
  } finally {
    // Finished, failed, or the client went away (the route returned this generator). The
    // producer sees `stopped` after its current page and returns `pages` (ending its queries);
    // it is not awaited, since a workbook cut off mid-commit never settles.
    stopped = true;
    if (!out.destroyed) out.destroy();
    void producing;
  }
}
