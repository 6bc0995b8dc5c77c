/**
 * CPU accounting for benchmarks: the CPU time (user + system) of local processes, read from
 * /proc, including the PostgreSQL backends serving a run. Unlike requests/s, CPU per request
 * hardly moves when other work shares the machine. Light on purpose: load children import it.
 */
import { existsSync, readFileSync } from 'node:fs';
import type pg from 'pg';

const CLOCK_TICKS_PER_SEC = 100; // USER_HZ: 100 on every Linux we run on

/** A local process's CPU time (user + system) in ms; 0 once it is gone or unreadable. */
export function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at state; utime, stime are 14, 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SEC;
  } catch {
    return 0;
  }
}

/** Whether the database's backends are processes of this machine whose CPU time we can read. */
export function canReadBackendCpu(databaseUrl: string, backendPid: number): boolean {
  const host = new URL(databaseUrl).hostname;
  return ['', '127.0.0.1', 'localhost', '[::1]'].includes(host) && existsSync(`/proc/${backendPid}/stat`);
}

/** Client backends connected to the client's database, other than the client's own. */
export async function otherBackendPids(client: pg.Client): Promise<number[]> {
  const { rows } = await client.query<{ pid: number }>(
    `select pid from pg_stat_activity
     where datname = current_database() and backend_type = 'client backend' and pid <> pg_backend_pid()`,
  );
  return rows.map((r) => r.pid);
}
