import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { TestProject } from 'vitest/node';
import { createDb } from '../server/db/create-db.ts';
import { migrateToLatest } from '../server/db/migrator.ts';
import { adminQuery, type DbTemplate, uniqueDbName, urlForDatabase } from './helpers/template.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dbTemplate: DbTemplate;
  }
}

/**
 * Migrates one template database for the whole run. Test files copy it: PGlite files load a
 * dump of it (~0.5 s), PostgreSQL files CREATE DATABASE … TEMPLATE it.
 */
export default async function setup(project: TestProject) {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (adminUrl) {
    const templateName = uniqueDbName('template');
    await adminQuery(adminUrl, `create database "${templateName}"`);
    const db = createDb({ databaseUrl: urlForDatabase(adminUrl, templateName), poolMax: 1 });
    await migrateToLatest(db);
    await db.destroy();
    project.provide('dbTemplate', { kind: 'postgres', adminUrl, templateName });
    return async () => {
      await adminQuery(adminUrl, `drop database if exists "${templateName}" with (force)`);
    };
  }

  const dir = mkdtempSync(path.join(tmpdir(), 'pavior-test-'));
  const pglite = new PGlite('memory://');
  const db = createDb({ pglite });
  await migrateToLatest(db);
  const dump = await pglite.dumpDataDir('none');
  const dumpPath = path.join(dir, 'template.tar');
  writeFileSync(dumpPath, Buffer.from(await dump.arrayBuffer()));
  await db.destroy();
  project.provide('dbTemplate', { kind: 'pglite', dumpPath });
  return () => rmSync(dir, { recursive: true, force: true });
}
