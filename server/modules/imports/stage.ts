import { readExportedCell } from '../exports/cells.ts';
import { sql } from 'kysely';
import type { Db, ImportColumn } from '../../db/types.ts';
import { LimitError, ValidationError } from '../../errors.ts';
import type { SourceRow } from './read-csv.ts';

// Staging: the file's rows, whatever their format, into import_rows — the header row named and
// checked, each data row trimmed, checked against the limits and written in batches — and the
// per-column facts the user needs to configure the import.

export interface StageLimits {
  maxRows: number;
  maxColumns: number;
  maxCellChars: number;
}

export interface Staged {
  rowCount: number;
  columns: ImportColumn[];
}

const FILE_PATH = ['input', 'file'];
/**
 * Rows per INSERT, and the text per INSERT past which a batch is flushed early. Small on
 * purpose: V8 lets the heap grow to about four times what was live at its last full collection,
 * so every MB a batch holds costs ~4 MB of peak memory. A 1,000,000-row import measured +176 MB
 * RSS with 5,000-row batches here, in validation and in the commit; +166 MB with 1,000 here and
 * in validation (the commit's IMPORT_BATCH_SIZE left at 5,000); +135 MB with 1,000 everywhere.
 * The extra statements are cheap next to the rows they write.
 */
const BATCH_ROWS = 1_000;
const BATCH_CHARS = 1_000_000;
const SAMPLES = 5;
/** Samples are for display: a long value is cut. */
const SAMPLE_CHARS = 200;

/**
 * Reads every row of `rows` into import_rows of `importId`. The first non-blank row is the
 * header; blank rows are skipped (their numbers are kept, as a spreadsheet shows them). Cells are
 * trimmed; a row shorter than the header is padded with empty cells; a value past the header's
 * last column is an error (it would have no column to go to).
 */
export async function stageRows(db: Db, importId: string, rows: AsyncIterable<SourceRow>, limits: StageLimits): Promise<Staged> {
  let names: string[] | null = null;
  let stats: { filled: number; samples: Set<string> }[] = [];
  let rowCount = 0;
  let batch: SourceRow[] = [];
  let batchChars = 0;

  // One INSERT in flight while the next batch is read: parsing and writing overlap.
  let writing: Promise<void> = Promise.resolve();
  const flush = async () => {
    if (batch.length === 0) return;
    const rows = batch;
    batch = [];
    batchChars = 0;
    await writing;
    writing = insertRows(db, importId, rows);
    // Awaited by the next flush or at the end; until then a failure must not go unhandled.
    writing.catch(() => {});
  };

  for await (const row of rows) {
    // PostgreSQL text cannot hold NUL; no one means one in a cell. A cell our export escaped
    // against formula injection ('=…) reads back as the value it stands for.
    const cells = row.cells.map((cell) => readExportedCell((cell.includes('\u0000') ? cell.replaceAll('\u0000', '') : cell).trim()));
    if (cells.every((cell) => cell === '')) continue;
    if (names === null) {
      names = headerNames(cells, row.rowNumber, limits);
      stats = names.map(() => ({ filled: 0, samples: new Set<string>() }));
      continue;
    }
    rowCount++;
    if (rowCount > limits.maxRows) {
      throw new LimitError(`The file has more than ${limits.maxRows.toLocaleString('en-US')} data rows (IMPORT_MAX_ROWS)`, FILE_PATH);
    }
    for (let i = names.length; i < cells.length; i++) {
      if (cells[i] !== '') {
        throw new ValidationError({
          path: FILE_PATH,
          code: 'EXTRA_CELLS',
          message: `Row ${row.rowNumber} has a value in column ${i + 1}, but the header has ${names.length} columns: give that column a header`,
        });
      }
    }
    const staged = cells.length === names.length ? cells : Array.from(names, (_, i) => cells[i] ?? '');
    for (let i = 0; i < staged.length; i++) {
      const cell = staged[i]!;
      if (cell === '') continue;
      checkCellLength(cell, row.rowNumber, names[i]!, limits);
      const stat = stats[i]!;
      stat.filled++;
      if (stat.samples.size < SAMPLES) stat.samples.add(cell.length > SAMPLE_CHARS ? `${cell.slice(0, SAMPLE_CHARS)}…` : cell);
      batchChars += cell.length;
    }
    batch.push({ rowNumber: row.rowNumber, cells: staged });
    if (batch.length >= BATCH_ROWS || batchChars >= BATCH_CHARS) await flush();
  }
  await flush();
  await writing;

  if (names === null) {
    throw new ValidationError({ path: FILE_PATH, code: 'EMPTY_FILE', message: 'The file has no rows: the first row must name the columns' });
  }
  const unique = rowCount ? await uniqueColumns(db, importId, names.length) : names.map(() => true);
  const columns = names.map((name, index) => ({
    name,
    index,
    filled: stats[index]!.filled,
    unique: unique[index]!,
    samples: [...stats[index]!.samples],
  }));
  return { rowCount, columns };
}

/**
 * Column names from the header row: trimmed; empty ones are `Column N` (N counts from 1); a name
 * repeated (in any case) becomes `Name (2)`, `Name (3)`… Trailing empty header cells are not
 * columns.
 */
export function headerNames(cells: readonly string[], rowNumber: number, limits: StageLimits): string[] {
  let width = cells.length;
  while (width > 0 && cells[width - 1] === '') width--;
  if (width > limits.maxColumns) {
    throw new LimitError(`The file has ${width} columns, more than ${limits.maxColumns} (IMPORT_MAX_COLUMNS)`, FILE_PATH);
  }
  const header = cells.slice(0, width);
  header.forEach((cell, i) => checkCellLength(cell, rowNumber, `Column ${i + 1}`, limits));
  // Names as written are kept first (the first of each), so a made-up name never takes one.
  const taken = new Set<string>();
  const keeps = header.map((cell) => {
    const keep = cell !== '' && !taken.has(cell.toLowerCase());
    if (keep) taken.add(cell.toLowerCase());
    return keep;
  });
  return header.map((cell, i) => {
    if (keeps[i]) return cell;
    const base = cell === '' ? `Column ${i + 1}` : cell;
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base} (${n})`;
    taken.add(name.toLowerCase());
    return name;
  });
}

function checkCellLength(cell: string, rowNumber: number, column: string, limits: StageLimits): void {
  if (cell.length > limits.maxCellChars) {
    throw new LimitError(
      `Row ${rowNumber}, column "${column}": the value has ${cell.length.toLocaleString('en-US')} characters, more than ` +
        `${limits.maxCellChars.toLocaleString('en-US')} (IMPORT_MAX_CELL_CHARS)`,
      FILE_PATH,
    );
  }
}

/**
 * One INSERT per batch: the rows travel as one JSON parameter ([[rowNumber, [cells…]], …]), which
 * costs less to build than per-row array literals and lets rows of any width through.
 */
async function insertRows(db: Db, importId: string, rows: readonly SourceRow[]): Promise<void> {
  const json = JSON.stringify(rows.map((row) => [row.rowNumber, row.cells]));
  await sql`
    insert into import_rows (import_id, row_number, cells)
    select ${importId}::uuid, (r ->> 0)::int, array(select json_array_elements_text(r -> 1))
      from json_array_elements(${json}::json) as r`.execute(db);
}

/**
 * Per column, whether its non-empty values are all different — counted by the database after
 * staging (a Set of a million values per column would not fit the memory budget): one scan.
 */
async function uniqueColumns(db: Db, importId: string, count: number): Promise<boolean[]> {
  const checks = Array.from(
    { length: count },
    (_, i) => sql`count(distinct nullif(cells[${sql.lit(i + 1)}], '')) = count(nullif(cells[${sql.lit(i + 1)}], ''))`,
  );
  const result = await sql<{ flags: boolean[] }>`
    select array[${sql.join(checks)}] as flags from import_rows where import_id = ${importId}`.execute(db);
  return result.rows[0]!.flags;
}
