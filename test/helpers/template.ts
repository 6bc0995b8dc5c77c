import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** What global setup hands each test file: how to make a fresh migrated database. */
export type DbTemplate =
  | { kind: 'pglite'; dumpPath: string }
  | { kind: 'postgres'; adminUrl: string; templateName: string };

export const TEST_DB_PREFIX = 'pavior_test_';

export function uniqueDbName(tag: string): string {
  return `${TEST_DB_PREFIX}${tag}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/** The same server as `url`, another database. */
export function urlForDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Runs one statement on the admin connection (CREATE/DROP DATABASE cannot run in a pool's transaction). */
export async function adminQuery(adminUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
