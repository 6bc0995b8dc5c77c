import { sql } from 'kysely';
import type { Db } from './db/types.ts';
import type { PubSub } from './pubsub.ts';

export interface Readiness {
  ready: boolean;
  database: 'ok' | 'unavailable';
  redis?: 'ok' | 'unavailable';
}

/** Readiness for a load balancer: the database answers (and Redis, when configured). */
export async function checkReadiness(db: Db, pubsub: PubSub): Promise<Readiness> {
  const database = await withTimeout(sql`select 1`.execute(db)).then(
    () => 'ok' as const,
    () => 'unavailable' as const,
  );
  const ping = (pubsub as { ping?: () => Promise<unknown> }).ping;
  const redis = ping
    ? await withTimeout(ping()).then(
        () => 'ok' as const,
        () => 'unavailable' as const,
      )
    : undefined;
  return { ready: database === 'ok' && redis !== 'unavailable', database, ...(redis ? { redis } : {}) };
}

function withTimeout<T>(promise: Promise<T>, ms = 2000): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref()),
  ]);
}
