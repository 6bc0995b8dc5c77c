import { PGlite } from '@electric-sql/pglite';
import { CamelCasePlugin, Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import type { Database, Db } from './types.ts';

export interface DbOptions {
  databaseUrl?: string;
  /** PGlite data directory, or `memory://` for an in-memory database. */
  dataDir?: string;
  /** An already opened PGlite instance (tests load one from a migrated template). */
  pglite?: PGlite;
  poolMax?: number;
}

// int8 (count(*), sums) arrives as a string from pg; our counts stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/** Kysely over a `pg` pool when a URL is given, otherwise over embedded PGlite. */
export function createDb(options: DbOptions): Db {
  // Only column names are mapped: keys inside jsonb values (custom properties such as
  // `trial_ends`, event properties, change values) come back exactly as stored.
  const plugins = [new CamelCasePlugin({ maintainNestedObjectKeys: true })];
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolMax ?? 10 });
    // A client losing its connection (database restart) must not crash the process. The pool
    // listens only while a client is idle; a checked-out one (inside a transaction, between two
    // statements) emits 'error' with no listener, which Node turns into an uncaught exception.
    // The statement in progress still fails with the error, and the pool discards the broken
    // client when it is released; the next checkout connects afresh.
    pool.on('error', () => {});
    pool.on('connect', (client) => client.on('error', () => {}));
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins });
  }
  const pglite = options.pglite ?? new PGlite(options.dataDir ?? 'memory://');
  return new Kysely<Database>({ dialect: new PGliteDialect(pglite), plugins });
}
