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
  return db
    .selectFrom('importRows')
    .select(['rowNumber', 'cells', sql<StagedRow['action']>`action`.as('action')])
    .where('importId', '=', importId)
    .where('rowNumber', '>=', first)
    .where('rowNumber', '<', Math.min(first + limit, LAST_ROW_NUMBER))
    .orderBy('rowNumber')
    .execute();
}
