import { type Kysely, type MigrationResultSet, Migrator } from 'kysely';
import { migrations } from '../../migrations/index.ts';

/**
 * Kysely's Migrator over `migrations/`. On PostgreSQL it takes an advisory lock, so instances
 * that start at once apply each migration exactly once.
 */
export function createMigrator(db: Kysely<any>): Migrator {
  return new Migrator({
    // Migrations are written in snake_case; they must not go through the camelCase mapping.
    db: db.withoutPlugins(),
    provider: { getMigrations: async () => migrations },
  });
}

function assertSuccess({ error, results }: MigrationResultSet): void {
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const reason = error instanceof Error ? error.message : String(error ?? 'unknown error');
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${reason}`, { cause: error });
  }
}

/** Applies every pending migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const result = await createMigrator(db).migrateToLatest();
  assertSuccess(result);
  return (result.results ?? []).map((r) => r.migrationName);
}

export async function migrateDown(db: Kysely<any>): Promise<string[]> {
  const result = await createMigrator(db).migrateDown();
  assertSuccess(result);
  return (result.results ?? []).map((r) => r.migrationName);
}
