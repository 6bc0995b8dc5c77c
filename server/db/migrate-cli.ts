// `npm run migrate [up|down|status]` against DATABASE_URL or the PGlite data directory.
import { loadConfig } from '../config.ts';
import { createDb } from './create-db.ts';
import { createMigrator, migrateDown, migrateToLatest } from './migrator.ts';

const command = process.argv[2] ?? 'up';
const config = loadConfig(process.env);
const db = createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
  if (command === 'up') {
    const applied = await migrateToLatest(db);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'already up to date');
  } else if (command === 'down') {
    const reverted = await migrateDown(db);
    console.log(reverted.length ? `reverted: ${reverted.join(', ')}` : 'nothing to revert');
  } else if (command === 'status') {
    for (const m of await createMigrator(db).getMigrations()) {
      console.log(`${m.executedAt ? `applied ${m.executedAt.toISOString()}` : 'pending'.padEnd(32)}  ${m.name}`);
    }
  } else {
    console.error(`usage: npm run migrate [up|down|status]`);
    process.exitCode = 2;
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await db.destroy();
}
