/**
 * CSV cells that a spreadsheet would run as a formula (OWASP "CSV injection"): a cell starting
 * with `=`, `+`, `-` or `@`, or with a tab, carriage return or line feed (which some spreadsheets
 * skip before looking for the formula sign), gets a leading `'` so it is shown as text. Every CSV
 * we write (exports, error reports, templates) passes its cells through here before quoting;
 * quoting itself is csv-stringify's job.
 */

const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r', '\n']);

/** One cell's text, neutralised when a spreadsheet would read it as a formula. */
export function csvSafeCell(value: string): string {
  return value.length > 0 && FORMULA_START.has(value[0]!) ? `'${value}` : value;
}

/**
 * Any cell value → safe text: null and undefined are empty, dates ISO 8601, objects JSON.
 * A number stays a plain numeral (`-2`): its text can only ever be a number, while the *string*
 * "-2" may be the start of something a person typed and is neutralised like any other.
 */
export function csvSafeValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'bigint') return String(value);
  if (typeof value === 'string') return csvSafeCell(value);
  if (typeof value === 'object') return csvSafeCell(JSON.stringify(value));
  return csvSafeCell(String(value));
}

/** A row of cells, each made safe. */
export function csvSafeRow(values: readonly unknown[]): string[] {
  return values.map(csvSafeValue);
}
