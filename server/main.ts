// The process entry: reads the environment, migrates, serves, and stops gracefully.
import { createApp } from './app.ts';
import { loadConfig } from './config.ts';
import { createDb } from './db/create-db.ts';
import { migrateToLatest } from './db/migrator.ts';
import { createAppPubSub } from './pubsub.ts';

const config = loadConfig(process.env);
const db = createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolMax: config.databasePoolMax });
const applied = await migrateToLatest(db);
if (applied.length) console.log(`migrations applied: ${applied.join(', ')}`);
const pubsub = createAppPubSub(config.redisUrl);
const app = createApp({ config, db, pubsub });
const url = await app.start();
const where = config.databaseUrl ? 'PostgreSQL' : `embedded PGlite (${config.dataDir})`;
console.log(`Pavior serving ${url}/graphql on ${where}${config.redisUrl ? ' with Redis pub/sub' : ''}`);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: finishing in-flight requests, then stopping`);
  await app.stop();
  await pubsub.close();
  await db.destroy();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
