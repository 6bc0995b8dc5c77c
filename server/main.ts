// The process entry: reads the environment, migrates, serves, and stops gracefully.
import { createApp } from './app.ts';
import { loadConfig } from './config.ts';
import { createDb } from './db/create-db.ts';
import { migrateToLatest } from './db/migrator.ts';
import { createLogger } from './logging.ts';
import { createAppPubSub } from './pubsub.ts';

const config = loadConfig(process.env);
const logger = createLogger(config);
const db = createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolMax: config.databasePoolMax });
const applied = await migrateToLatest(db);
if (applied.length) logger.info({ migrations: applied }, 'migrations applied');
const pubsub = createAppPubSub(config.redisUrl);
const app = createApp({ config, db, pubsub, logger });
const url = await app.start();
const where = config.databaseUrl ? 'PostgreSQL' : `embedded PGlite (${config.dataDir})`;
logger.info({ url: `${url}/graphql`, database: where, redis: !!config.redisUrl, introspection: config.introspection }, 'Pavior serving');

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'finishing in-flight requests, then stopping');
  await app.stop();
  await pubsub.close();
  await db.destroy();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
