import { readFileSync } from 'node:fs';

/**
 * CPU that local PostgreSQL backends have used so far, ms, summed: /proc/<pid>/schedstat is
 * exact (a backend is one thread) and, unlike wall time, barely moves with the machine's other
 * load. Undefined when any is not readable (the server is on another machine, or the backend ended).
 */
export function backendsCpuMs(pids: Iterable<number>): number | undefined {
  let total = 0;
  for (const pid of pids) {
    try {
      total += Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
    } catch {
      return undefined;
    }
  }
  return total;
}
