import { createReadStream } from 'node:fs';
import ExcelJS from 'exceljs';
import type { SourceRow } from './read-csv.ts';

// The rows of an XLSX workbook's first worksheet, streamed with exceljs's WorkbookReader, each
// cell turned into the text a person would type: dates as ISO dates, numbers without float
// noise, formulas as their cached result, rich text as plain text.

export async function* readXlsxRows(path: string): AsyncGenerator<SourceRow> {
  const input = createReadStream(path);
  // Styles are read only to tell dates from numbers (a date is a number with a date format).
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const date1904 = () => Boolean((reader as unknown as { properties?: { model?: { date1904?: boolean } } }).properties?.model?.date1904);
  const sheets = reader[Symbol.asyncIterator]();
  let finished = false;
  try {
    const first = await sheets.next();
    if (!first.done) {
      try {
        for await (const row of first.value) {
          const cells: string[] = [];
          row.eachCell({ includeEmpty: false }, (cell, column) => {
            cells[column - 1] = cellText(cell.value, cell.numFmt, date1904);
          });
          yield { rowNumber: row.number, cells: Array.from(cells, (cell) => cell ?? '') };
        }
      } finally {
        release(first.value);
      }
    }
    await skipSheets(sheets);
    finished = true;
  } finally {
    // Stopped early (a limit, a bad row): the reader still holds worksheets parked in temporary
    // files; walking on without reading them lets it delete each one.
    if (!finished) await Promise.race([skipSheets(sheets).catch(() => {}), new Promise((resolve) => setTimeout(resolve, 30_000).unref())]);
    input.destroy();
  }
}

/**
 * exceljs parks a worksheet that comes before the shared strings in the zip (Excel's usual order)
 * in a temporary file and reads it from there; a sheet left unread keeps that file open.
 */
function release(worksheet: ExcelJS.stream.xlsx.WorksheetReader): void {
  (worksheet as unknown as { iterator?: { destroy?: () => void } }).iterator?.destroy?.();
}

/** Only the first sheet is imported: the others are passed over unread (and their files deleted). */
async function skipSheets(sheets: AsyncIterator<ExcelJS.stream.xlsx.WorksheetReader>): Promise<void> {
  for (let next = await sheets.next(); !next.done; next = await sheets.next()) release(next.value);
}

type CellValue = ExcelJS.CellValue | { sharedString: number } | undefined;

export function cellText(value: CellValue, numFmt: string | undefined, date1904: () => boolean): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return isDateFormat(numFmt) ? dateText(excelDate(value, date1904())) : numberText(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return dateText(value);
  if ('richText' in value) return value.richText.map((run) => run.text ?? '').join('');
  if ('error' in value) return value.error;
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: CellValue }).result;
    // A result the reader could not read as a number (an error such as #N/A) is left empty.
    if (typeof result === 'number' && Number.isNaN(result)) return '';
    return cellText(result, numFmt, date1904);
  }
  if ('text' in value) return String(value.text ?? '');
  return '';
}

/** Canonical text of a number: 0.1 + 0.2 stored as 0.30000000000000004 reads 0.3, as Excel shows it (15 digits). */
export function numberText(value: number): string {
  if (!Number.isFinite(value)) return '';
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(15)));
}

/** YYYY-MM-DD for a date, YYYY-MM-DDTHH:MM:SS[.mmm]Z when it has a time (Excel keeps no time zone: read as UTC). */
export function dateText(date: Date): string {
  if (Number.isNaN(date.getTime())) return '';
  const iso = date.toISOString();
  if (iso.endsWith('T00:00:00.000Z')) return iso.slice(0, 10);
  return iso.endsWith('.000Z') ? `${iso.slice(0, 19)}Z` : iso;
}

/** An Excel serial date (days since 1899-12-30, or 1904-01-01) as a UTC Date, to the millisecond. */
function excelDate(serial: number, date1904: boolean): Date {
  const days = date1904 ? serial + 1462 : serial;
  return new Date(Math.round((days - 25569) * 86_400_000));
}

/** A number format shows a date when it has date/time parts outside quotes, brackets and escapes. */
export function isDateFormat(format: string | undefined): boolean {
  if (!format) return false;
  const bare = format.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '').replace(/\\./g, '');
  return /[ymdhs]/i.test(bare);
}
