import { sql } from 'kysely';
import type { Config } from '../../config.ts';
import { isUniqueViolation } from '../../db/pg-errors.ts';
import type { Db, Event, Import } from '../../db/types.ts';
import { addCounts, commitBatch, createMissingTargets } from './commit.ts';
import { createProgressPublisher, type ImportPublisher } from './progress.ts';
import { readStagedRows } from './staged-rows.ts';
import { createStatisticsRefresher } from './statistics.ts';

// The background half of commitImport. An import's state lives in its row, so any instance can
// run it, report it and take it over:
//
// - the instance running an import *owns* it through `heartbeat_at`, which every batch moves
//   (and which the owner compares before each batch, under the row's lock: a new value means
//   another instance took it over, and this one stops);
// - each batch is one transaction that writes the rows AND moves the checkpoint (`processed`,
//   `result`), so after a crash the import is exactly "the first `processed` rows committed";
// - an instance that starts (and every IMPORT_STALE_SECONDS after) claims the RUNNING imports
//   whose heartbeat is stale or released, with one UPDATE … RETURNING (two instances never win
//   the same import), and resumes them from the checkpoint;
// - a graceful stop finishes the batch in hand and releases the import (heartbeat null), so the
//   next instance to look resumes it at once.

export interface RunnerDeps {
  db: Db;
  config: Pick<Config, 'importBatchSize' | 'importStaleSeconds'>;
  pubsub: ImportPublisher;
}

/** Attempts at a batch that lost a race on a unique index (a user or identity created meanwhile). */
const BATCH_ATTEMPTS = 3;
const clockMs = sql<Date>`date_trunc('milliseconds', clock_timestamp())`;

interface Registry {
  runs: Map<string, Promise<void>>;
  /** Resumers (started apps) on this handle; several apps may share one handle in a process. */
  resumers: number;
  /** The last resumer stopped: running imports finish their batch and are released. */
  stopping: boolean;
}
// Per database handle, like the signing key: what this process is running on it. Stopping one of
// two apps that share a handle must not stop the other's imports, hence the count.
const registries = new WeakMap<Db, Registry>();
function registryOf(db: Db): Registry {
  let registry = registries.get(db);
  if (!registry) registries.set(db, (registry = { runs: new Map(), resumers: 0, stopping: false }));
  return registry;
}

/**
 * Runs an import that this instance has just made RUNNING or claimed (its `heartbeatAt` is the
 * ownership token), in the background: the returned promise is for tests and shutdown only.
 */
export function runImportInBackground(deps: RunnerDeps, claimed: Import): Promise<void> {
  const registry = registryOf(deps.db);
  const current = registry.runs.get(claimed.id);
  if (current) return current;
  const run = runImport(deps, claimed, registry)
    .catch((error) => console.error(`import ${claimed.id}: runner failed`, error))
    .finally(() => registry.runs.delete(claimed.id));
  registry.runs.set(claimed.id, run);
  return run;
}

/** Resolves when this process has no import running (tests wait on it before tearing down). */
export async function importRunsSettled(db: Db): Promise<void> {
  const registry = registryOf(db);
  while (registry.runs.size) await Promise.allSettled([...registry.runs.values()]);
}

/**
 * Claims every RUNNING import whose heartbeat is older than IMPORT_STALE_SECONDS (or released)
 * and resumes it from its checkpoint. Not a tenant query: this is the service looking for work
 * left by a dead instance, in every team. Returns what it claimed.
 */
export async function resumeStaleImports(deps: RunnerDeps): Promise<Import[]> {
  if (registryOf(deps.db).stopping) return [];
  const claimed = await deps.db
    .updateTable('imports')
    .set({ heartbeatAt: clockMs, updatedAt: clockMs })
    .where('status', '=', 'RUNNING')
    .where((eb) => eb.or([eb('heartbeatAt', 'is', null), eb('heartbeatAt', '<', sql<Date>`clock_timestamp() - make_interval(secs => ${deps.config.importStaleSeconds})`)]))
    .returningAll()
    .execute();
  for (const imp of claimed) void runImportInBackground(deps, imp);
  return claimed;
}

/**
 * What the app runs while it serves: resumes stale imports now and every IMPORT_STALE_SECONDS.
 * The returned `stop` stops looking, lets running imports finish their batch, and releases them.
 */
export function startImportResumer(deps: RunnerDeps): { stop(): Promise<void> } {
  const registry = registryOf(deps.db);
  registry.resumers++;
  registry.stopping = false;
  let stopped = false;
  // The sweep in flight is kept so stop() can wait for it: a database closed under a running
  // sweep (PGlite) never answers it.
  let sweeping: Promise<void> = Promise.resolve();
  const sweep = () => {
    sweeping = resumeStaleImports(deps).then(
      () => undefined,
      (error) => console.error('resuming imports failed', error),
    );
  };
  sweep();
  const timer = setInterval(sweep, deps.config.importStaleSeconds * 1000);
  timer.unref();
  return {
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      await sweeping;
      registry.resumers--;
      if (registry.resumers > 0) return;
      registry.stopping = true;
      await importRunsSettled(deps.db);
    },
  };
}

type Step =
  | { kind: 'batch'; imp: Import; lastRow: number; events: Event[]; usersWritten: number }
  | { kind: 'final'; imp: Import }
  | { kind: 'lost' };

/** The row number of the `processed`-th staged row: where a resumed import goes on from. */
async function checkpointRow(db: Db, importId: string, processed: number): Promise<number> {
  if (processed === 0) return 0;
  const row = await db
    .selectFrom('importRows')
    .select('rowNumber')
    .where('importId', '=', importId)
    .orderBy('rowNumber')
    .offset(processed - 1)
    .limit(1)
    .executeTakeFirst();
  return row?.rowNumber ?? Number.MAX_SAFE_INTEGER;
}

/** One transaction: check ownership and cancellation, commit the next batch, move the checkpoint. */
async function nextStep(trx: Db, id: string, owner: number, processed: number, lastRow: number, batchSize: number): Promise<Step> {
  const imp = await trx.selectFrom('imports').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!imp || imp.status !== 'RUNNING' || imp.heartbeatAt?.getTime() !== owner || imp.processed !== processed) return { kind: 'lost' };
  const finish = (status: 'COMPLETED' | 'CANCELLED') =>
    trx
      .updateTable('imports')
      .set({ status, heartbeatAt: null, finishedAt: clockMs, updatedAt: clockMs })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  if (imp.cancelRequested) return { kind: 'final', imp: await finish('CANCELLED') };
  const rows = await readStagedRows(trx, id, lastRow, batchSize);
  if (rows.length === 0) return { kind: 'final', imp: await finish('COMPLETED') };
  const outcome = await commitBatch(trx, imp, rows);
  const updated = await trx
    .updateTable('imports')
    .set({
      processed: imp.processed + rows.length,
      result: JSON.stringify(addCounts(imp.result, outcome)),
      heartbeatAt: clockMs,
      updatedAt: clockMs,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return { kind: 'batch', imp: updated, lastRow: rows.at(-1)!.rowNumber, events: outcome.events, usersWritten: outcome.created + outcome.updated };
}

async function withRaceRetry<T>(attempt: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      // Another writer created a user or identity between our checks and our insert: the batch
      // rolled back whole; run it again and the checks will see it.
      if (n >= BATCH_ATTEMPTS || !isUniqueViolation(error)) throw error;
    }
  }
}

async function runImport(deps: RunnerDeps, claimed: Import, registry: Registry): Promise<void> {
  const { db } = deps;
  const progress = createProgressPublisher(deps.pubsub, claimed);
  progress.status(claimed);
  let owner = claimed.heartbeatAt!.getTime();
  let processed = claimed.processed;
  try {
    await createMissingTargets(db, claimed);
    let lastRow = await checkpointRow(db, claimed.id, processed);
    const statistics = createStatisticsRefresher(db);
    for (;;) {
      if (registry.stopping) {
        // Shutting down: leave it RUNNING, released, for the next instance to resume at once.
        await db.updateTable('imports').set({ heartbeatAt: null }).where('id', '=', claimed.id).where('status', '=', 'RUNNING').where('heartbeatAt', '=', new Date(owner)).execute();
        return;
      }
      const step = await withRaceRetry(() =>
        db.transaction().execute((trx) => nextStep(trx, claimed.id, owner, processed, lastRow, deps.config.importBatchSize)),
      );
      if (step.kind === 'lost') return;
      if (step.kind === 'final') {
        progress.status(step.imp);
        return;
      }
      owner = step.imp.heartbeatAt!.getTime();
      processed = step.imp.processed;
      lastRow = step.lastRow;
      if (step.events.length) deps.pubsub.publish('activity', claimed.teamId, { events: step.events });
      progress.batch(step.imp);
      await statistics.afterBatch(step.usersWritten);
      // Let timers and sockets run between batches: an embedded database (PGlite) answers
      // without ever yielding to the event loop, which would hold every request and publish back.
      await new Promise((resolve) => setImmediate(resolve));
    }
  } catch (error) {
    const failed = await markFailed(db, claimed.id, owner, processed, error).catch(() => undefined);
    if (failed) progress.status(failed);
    else throw error;
  } finally {
    progress.close();
  }
}

/** FAILED with the reason, keeping the checkpoint (commitImport resumes it from there). */
async function markFailed(db: Db, id: string, owner: number, processed: number, error: unknown): Promise<Import | undefined> {
  const reason = error instanceof Error ? error.message : String(error);
  console.error(`import ${id} failed`, error);
  return db
    .updateTable('imports')
    .set({
      status: 'FAILED',
      failure: `A batch failed (${reason.slice(0, 500)}). The first ${processed} rows stay committed; commit the import again to resume after them.`,
      heartbeatAt: null,
      finishedAt: clockMs,
      updatedAt: clockMs,
    })
    .where('id', '=', id)
    .where('status', '=', 'RUNNING')
    .where('heartbeatAt', '=', new Date(owner))
    .returningAll()
    .executeTakeFirst();
}
