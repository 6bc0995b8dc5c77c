import { csvSafeCell, csvSafeValue } from '../../lib/csv-safe.ts';

// Cell text for every file Pavior writes for people to open and to import again (the import
// template, user exports), in CSV and XLSX alike.
//
// Formula injection: `csvSafeCell` puts a `'` before a cell a spreadsheet would run as a formula
// (`= + - @`, tab, CR, LF first). Taken alone that loses information: "=1" and "'=1" would both
// come out as "'=1". So a value that already *starts* with `'` before a formula sign or another
// `'` gets one more `'` here, and `readExportedCell` (for the import) removes exactly one `'`
// before a formula sign or a `'`. Every value comes back as it was exported:
//
//   "=1" → "'=1" → "=1"      "'=1" → "''=1" → "'=1"      "'hi" → "'hi" → "'hi"      "-2" (text) → "'-2" → "-2"

const needsNeutralising = (text: string) => text.length > 0 && csvSafeCell(text) !== text;

/** True when `text` starts with a `'` that `exportCell` added (or would add) before a risky start. */
const escapedStart = (text: string) => text.startsWith("'") && (text[1] === "'" || needsNeutralising(text.slice(1)));

/** A text value as a cell: neutralised against formulas, reversibly (see above). */
export function exportCell(text: string): string {
  return escapedStart(text) ? `'${text}` : csvSafeCell(text);
}

/**
 * The value an exported cell stands for: the inverse of `exportCell`. The import reads every
 * cell (and header) through this, so an export re-imports unchanged.
 */
export function readExportedCell(cell: string): string {
  return escapedStart(cell) ? cell.slice(1) : cell;
}

/**
 * Any stored value as cell text the import reads back identically: strings as above; finite
 * numbers as their shortest round-trip numeral (`-2`, `0.1`, `1e+21`: a number is never a
 * formula, so it stays bare); booleans `true`/`false`; dates ISO 8601; nothing as an empty cell.
 */
export function exportValue(value: unknown): string {
  if (typeof value === 'string') return exportCell(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return csvSafeValue(value);
}
