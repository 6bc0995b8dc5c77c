import type { Db, Import, ImportError } from '../../db/types.ts';
import { applyKeyset, type KeysetPage } from '../../lib/keyset.ts';

export function findImportsByIds(db: Db, teamId: string, ids: readonly string[]): Promise<Import[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('imports').selectAll().where('teamId', '=', teamId).where('id', 'in', ids).execute();
}

/** The team's imports, newest first. */
export function listImports(db: Db, teamId: string, page: KeysetPage): Promise<Import[]> {
  const query = db.selectFrom('imports').selectAll().where('teamId', '=', teamId);
  return applyKeyset(query, page, { table: 'imports', newestFirst: true }).execute();
}

export async function countImports(db: Db, teamId: string): Promise<number> {
  const row = await db
    .selectFrom('imports')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('teamId', '=', teamId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** One page of an import's errors in file order (row, then the order they were found). */
export function listImportErrors(db: Db, importId: string, page: { afterRow?: number; afterId?: string; limit: number }): Promise<ImportError[]> {
  let query = db.selectFrom('importErrors').selectAll().where('importId', '=', importId);
  if (page.afterRow !== undefined && page.afterId) {
    const { afterRow, afterId } = page;
    query = query.where((eb) => eb.or([eb('rowNumber', '>', afterRow), eb.and([eb('rowNumber', '=', afterRow), eb('id', '>', afterId)])]));
  }
  return query.orderBy('rowNumber').orderBy('id').limit(page.limit).execute();
}

export async function countImportErrors(db: Db, importId: string): Promise<number> {
  const row = await db
    .selectFrom('importErrors')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('importId', '=', importId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
