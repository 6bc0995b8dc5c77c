/**
 * What must not outlive an interrupted run (Ctrl-C, a kill): the private PostgreSQL that pg_ctl
 * daemonised and server child processes. Scenarios register an undo step and unregister it in
 * their `finally`; run.ts runs what is left when a signal arrives. (Scratch databases of a dead
 * run are dropped by the next run: bench/lib.ts createScratchDatabase sweeps them.)
 */
const steps = new Set<() => Promise<unknown> | unknown>();

/** Registers `step`; returns a function that unregisters it. */
export function onInterrupt(step: () => Promise<unknown> | unknown): () => void {
  steps.add(step);
  return () => void steps.delete(step);
}

/** Runs every registered step once (errors ignored: this is the last thing the process does). */
export async function runInterruptSteps(): Promise<void> {
  const pending = [...steps];
  steps.clear();
  await Promise.allSettled(pending.map(async (step) => step()));
}
