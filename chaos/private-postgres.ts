/**
 * A private PostgreSQL cluster in a temporary directory, on a free port, for the scenario that
 * stops and restarts the database: the machine's shared PostgreSQL serves other people and is
 * never touched. The cluster runs as the `postgres` OS user when we are root (PostgreSQL refuses
 * to run as root), with fsync off: it holds nothing worth keeping, and is deleted at the end.
 *
 * Binaries: CHAOS_PG_BIN, else the newest /usr/lib/postgresql/<version>/bin.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { onInterrupt } from './cleanup.ts';
import { freePort } from './server-process.ts';

const run = promisify(execFile);

function binDir(): string {
  if (process.env.CHAOS_PG_BIN) return process.env.CHAOS_PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'pg_ctl'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error('no PostgreSQL binaries found: set CHAOS_PG_BIN to the directory holding initdb and pg_ctl');
  return join(root, newest, 'bin');
}

export interface PrivatePostgres {
  /** Connection URL of its `postgres` database. */
  url: string;
  port: number;
  /** `pg_ctl stop -m fast`: disconnects every client, then shuts down. */
  stop(): Promise<void>;
  /** `pg_ctl start`, waiting until it accepts connections. */
  start(): Promise<void>;
  /** `pg_ctl restart -m fast`. */
  restart(): Promise<void>;
  /** Stops it (immediate) and deletes its directory; safe to call twice. */
  destroy(): Promise<void>;
}

/** initdb + start; the caller must `destroy()` it. */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = binDir();
  const dir = await mkdtemp(join(tmpdir(), 'pavior-chaos-pg-'));
  const data = join(dir, 'data');
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const uid = Number(stdout.trim());
    const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
    await chown(dir, uid, gid);
  }
  // As the postgres user when we are root; as ourselves otherwise.
  const pg = (tool: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]) : run(join(bin, tool), args);
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60`;
  const ctl = (args: string[]) => pg('pg_ctl', ['-D', data, '-l', join(dir, 'postgres.log'), '-w', '-t', '60', ...args]);

  let destroyed = false;
  try {
    await pg('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']);
    await ctl(['-o', options, 'start']);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const forget = onInterrupt(() => ctl(['-m', 'immediate', 'stop']).finally(() => rm(dir, { recursive: true, force: true })));
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    stop: async () => void (await ctl(['-m', 'fast', 'stop'])),
    start: async () => void (await ctl(['-o', options, 'start'])),
    restart: async () => void (await ctl(['-m', 'fast', '-o', options, 'restart'])),
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      forget();
      await ctl(['-m', 'immediate', 'stop']).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
