import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { ValidationError } from '../../errors.ts';
import type { SourceRow } from './read-csv.ts';
import { openZip } from './zip.ts';

// The rows of an XLSX workbook's first worksheet (in tab order), streamed, each cell turned into
// the text a person would type: dates as ISO dates, numbers without float noise, formulas as their
// cached result, rich text as plain text.
//
// exceljs's WorkbookReader.parse() reads the zip in one forward pass and loses entries on Node ≥ 18
// (exceljs#3064, #2790): a workbook of several sheets often failed with "Cannot read properties of
// undefined (reading 'sheets')", and the sheets it parked in temporary files raced their own deletion
// when a read stopped early. So the zip is opened through its central directory (yauzl) and exceljs's
// own parsers are given its parts in the order they depend on each other: relationships, workbook,
// shared strings, styles, then the one worksheet — streamed, never a temporary file.

/** The parts of exceljs's WorkbookReader used here: its per-part parsers and what they record. */
interface WorkbookParts {
  properties?: { model?: { date1904?: boolean } };
  model?: { sheets?: { rId: string }[] };
  workbookRels?: { Id: string; Target: string }[];
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncIterable<unknown>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseWorksheet(iterator: Readable, sheetNo: string): Iterable<{ value: ExcelJS.stream.xlsx.WorksheetReader }>;
}

export async function* readXlsxRows(path: string): AsyncGenerator<SourceRow> {
  const zip = await openZip(path);
  const opened: Readable[] = [];
  const open = async (name: string) => {
    const stream = await zip.openEntry(name);
    if (stream) opened.push(stream);
    return stream;
  };
  try {
    // Styles are read only to tell dates from numbers (a date is a number with a date format).
    const options = { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' } as const;
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, options) as unknown as WorkbookParts;
    const rels = await open('xl/_rels/workbook.xml.rels');
    if (rels) await reader._parseRels(rels);
    const workbook = await open('xl/workbook.xml');
    if (workbook) await reader._parseWorkbook(workbook);
    const sharedStrings = await open('xl/sharedStrings.xml');
    if (sharedStrings) for await (const _ of reader._parseSharedStrings(sharedStrings));
    const styles = await open('xl/styles.xml');
    if (styles) await reader._parseStyles(styles);

    // Excel always lists a sheet; a list that cannot be read (parts missing, XML in a namespace
    // prefix exceljs does not parse) would otherwise look like an empty file.
    const sheetPath = firstSheetPath(reader);
    if (!sheetPath) throw new Error('no worksheet found in its workbook.xml and relationships');
    const sheetXml = await open(sheetPath);
    if (!sheetXml) throw new Error(`its first worksheet, ${sheetPath}, is missing`);
    const date1904 = () => Boolean(reader.properties?.model?.date1904);
    for (const { value: sheet } of reader._parseWorksheet(sheetXml, /sheet(\d+)\.xml$/.exec(sheetPath)?.[1] ?? '1')) {
      for await (const row of sheet) {
        const cells: string[] = [];
        row.eachCell({ includeEmpty: false }, (cell, column) => {
          cells[column - 1] = cellText(cell.value, cell.numFmt, date1904);
        });
        yield { rowNumber: row.number, cells: Array.from(cells, (cell) => cell ?? '') };
      }
    }
  } catch (error) {
    // Only reading fails here (a damaged entry, broken XML): what the caller does with a row stops
    // this generator through return(), never through this catch.
    throw new ValidationError({
      path: ['input', 'file'],
      code: 'INVALID_XLSX',
      message: `The workbook cannot be read (${(error as Error).message}): open it in Excel and save it again, or save it as CSV`,
    });
  } finally {
    // Stopped early (a limit, a bad row) or done: nothing of the file stays open.
    for (const stream of opened) stream.destroy();
    zip.close();
  }
}

/** The zip path of the workbook's first tab: workbook.xml lists sheets in tab order, the relationships say where each is. */
function firstSheetPath(reader: WorkbookParts): string | undefined {
  const first = reader.model?.sheets?.[0];
  const target = first && reader.workbookRels?.find((rel) => rel.Id === first.rId)?.Target;
  if (!target) return undefined;
  // Targets are relative to xl/ ("worksheets/sheet1.xml") or absolute within the zip ("/xl/worksheets/sheet1.xml").
  return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
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
