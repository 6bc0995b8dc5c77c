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
const pubsub = createAppPubSub(config.redisUrl, logger);
const app = createApp({ config, db, pubsub, logger });
const url = await app.start();
const where = config.databaseUrl ? 'PostgreSQL' : `embedded PGlite (${config.dataDir})`;
logger.info({ url: `${url}/graphql`, database: where, redis: !!config.redisUrl, introspection: config.introspection }, 'Pavior serving');

/** After the grace: time to close the database pool and Redis before the exit is forced. */
const SHUTDOWN_CLOSE_MS = 5000;
let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'finishing in-flight requests, then stopping');
  // app.stop() is bounded by the grace, but closing the pool waits for every checked-out client
  // (a query still running past the grace) and Redis may not answer: a stopping process must
  // still end, so an orchestrator's restart is never held up.
  setTimeout(() => {
    logger.error({ signal, graceMs: config.shutdownGraceMs }, 'shutdown did not finish in time; exiting');
    process.exit(1);
  }, config.shutdownGraceMs + SHUTDOWN_CLOSE_MS).unref();
  try {
    await app.stop();
    await pubsub.close();
    await db.destroy();
  } catch (err) {
    logger.error({ err }, 'shutdown failed');
    process.exit(1);
  }
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
