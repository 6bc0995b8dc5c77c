import type { Import, ImportStatus } from '../../db/types.ts';
import type { PubSub } from '../../pubsub.ts';

// How an import's progress reaches live subscribers: the import's row, published on the
// `importProgress` channel under its id — throttled while batches commit, at once on every
// status change. Through Redis the row travels as JSON; `reviveImport` restores its dates.

/** Where an import stops changing: its subscription ends there. */
export const FINAL_STATUSES: ReadonlySet<ImportStatus> = new Set(['COMPLETED', 'FAILED', 'CANCELLED', 'REVERTED']);

/** The app's pub/sub, as imports use it (progress, and the activity of imported users). */
export type ImportPublisher = Pick<PubSub, 'publish'>;

const DATES = ['heartbeatAt', 'startedAt', 'finishedAt', 'createdAt', 'updatedAt'] as const;

/** An import as published (dates as strings after JSON) → an import. */
export function reviveImport(raw: Import): Import {
  const imp = { ...raw };
  for (const key of DATES) {
    const value = raw[key] as Date | string | null;
    (imp as Record<string, unknown>)[key] = value === null || value === undefined ? null : new Date(value);
  }
  return imp;
}

export function publishImport(pubsub: ImportPublisher, imp: Import): void {
  pubsub.publish('importProgress', imp.id, { import: imp });
}

/** Publishes a batch's progress at most every this many milliseconds… */
export const PROGRESS_INTERVAL_MS = 250;
/**
 * …and, while the import runs, the latest state at least this often even when no batch ends. Well
 * under a second: on a busy machine timers fire late (with 800, a 1,000,000-row bench under a load
 * average of 13 on 2 cores saw one full second without an event), and a subscriber is promised one
 * a second.
 */
export const PROGRESS_KEEPALIVE_MS = 500;
/** How often the keep-alive looks: the longest silence is about the sum of the two. */
const KEEPALIVE_CHECK_MS = 100;

/**
 * A running import's publisher: `batch` publishes at most every PROGRESS_INTERVAL_MS (the last
 * state held back goes out when the interval ends), `status` at once; a timer re-publishes the
 * latest state when nothing went out for PROGRESS_KEEPALIVE_MS, so a subscriber hears at least
 * once a second even during a slow batch. `close` stops the timers.
 */
export function createProgressPublisher(pubsub: ImportPublisher, initial: Import) {
  let latest = initial;
  let lastSent = 0;
  let trailing: ReturnType<typeof setTimeout> | null = null;
  const send = () => {
    if (trailing) clearTimeout(trailing);
    trailing = null;
    lastSent = Date.now();
    publishImport(pubsub, latest);
  };
  const keepalive = setInterval(() => {
    if (Date.now() - lastSent >= PROGRESS_KEEPALIVE_MS) send();
  }, KEEPALIVE_CHECK_MS);
  keepalive.unref();
  return {
    batch(imp: Import) {
      latest = imp;
      const wait = lastSent + PROGRESS_INTERVAL_MS - Date.now();
      if (wait <= 0) send();
      else if (!trailing) {
        trailing = setTimeout(send, wait);
        trailing.unref();
      }
    },
    status(imp: Import) {
      latest = imp;
      send();
    },
    close() {
      clearInterval(keepalive);
      if (trailing) clearTimeout(trailing);
      trailing = null;
    },
  };
}
