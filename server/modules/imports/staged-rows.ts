import { sql } from 'kysely';
import type { Db, ImportRowAction } from '../../db/types.ts';

/**
 * A staged row as validation and the commit read it. `action` is what validation decided, stored
 * only when it is not CREATE: null is a row to create. A new file — every row a CREATE — is then
 * validated without rewriting a single staged row (an UPDATE of each row wrote the whole table a
 * second time). `user_id`, the matched user, is stored with the other actions.
 */
export interface StagedRow {
  rowNumber: number;
  cells: string[];
  action: Exclude<ImportRowAction, 'CREATE'> | null;
}

/** Forgets the actions a previous configure stored (they are written again, except CREATE). */
export async function clearRowActions(db: Db, importId: string): Promise<void> {
  await db.updateTable('importRows').set({ action: null, userId: null }).where('importId', '=', importId).where('action', 'is not', null).execute();
}

/** Row numbers are int4: nothing is staged past this one. */
const LAST_ROW_NUMBER = 2_147_483_647;

/**
 * The staged rows after `afterRow`, in file order: at most `limit`, read as the row-number range
 * that starts at the next staged row. A bounded range reads the same few pages whatever the
 * statistics say; `row_number > afterRow order by row_number limit N`, planned while they still
 * count a freshly staged file as a few hundred rows, read and sorted the whole rest of the file
 * for every batch. Blank lines leave gaps in the numbering, so a batch that spans some holds
 * fewer rows. [] once the file is read.
 */
export async function readStagedRows(db: Db, importId: string, afterRow: number, limit: number): Promise<StagedRow[]> {
  if (afterRow >= LAST_ROW_NUMBER) return [];
  // min() over the primary key: one index probe.
  const next = await db
    .selectFrom('importRows')
    .select((eb) => eb.fn.min('rowNumber').as('rowNumber'))
    .where('importId', '=', importId)
    .where('rowNumber', '>', afterRow)
    .executeTakeFirst();
  const first = next?.rowNumber;
  if (first === null || first === undefined) return [];
  // One JSON text for the whole batch, parsed natively: row by row, pg would parse each text[]
  // literal in JavaScript and the camel-case plugin copy each row object.
  const result = await sql<{ rows: string | null }>`
    select json_agg(json_build_array(row_number, cells, action) order by row_number)::text as rows
      from import_rows
     where import_id = ${importId} and row_number >= ${first} and row_number < ${Math.min(first + limit, LAST_ROW_NUMBER)}`.execute(db);
  const rows = result.rows[0]?.rows;
  if (!rows) return [];
  return (JSON.parse(rows) as [number, string[], StagedRow['action']][]).map(([rowNumber, cells, action]) => ({ rowNumber, cells, action }));
}
