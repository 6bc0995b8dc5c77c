import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { inject } from 'vitest';
import { createDb } from '../../server/db/create-db.ts';
import type { Db } from '../../server/db/types.ts';
import { adminQuery, uniqueDbName, urlForDatabase } from './template.ts';

export interface TestDb {
  db: Db;
  /** The PostgreSQL URL of this database, when the suite runs on PostgreSQL. */
  url?: string;
  destroy(): Promise<void>;
}

/** A fresh database with every migration applied, copied from the run's template. */
export async function createTestDb(): Promise<TestDb> {
  const template = inject('dbTemplate');
  if (template.kind === 'pglite') {
    const pglite = new PGlite({ loadDataDir: new Blob([readFileSync(template.dumpPath)]) });
    const db = createDb({ pglite });
    return { db, destroy: () => db.destroy() };
  }
  const name = uniqueDbName('file');
  await adminQuery(template.adminUrl, `create database "${name}" template "${template.templateName}"`);
  const url = urlForDatabase(template.adminUrl, name);
  const db = createDb({ databaseUrl: url, poolMax: 5 });
  return {
    db,
    url,
    destroy: async () => {
      await db.destroy();
      await adminQuery(template.adminUrl, `drop database if exists "${name}" with (force)`);
    },
  };
}
