/**
 * The real server as a child process, the way it runs in production: `server/main.ts` with its
 * environment, its signal handlers and its own pool. Run as `node --import tsx server/main.ts`
 * rather than through the `tsx` CLI: the CLI is a parent process that relays signals to the
 * real server, and a SIGKILL cannot be relayed (it would kill the relay and orphan the server).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { onInterrupt } from './cleanup.ts';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Lines of the child's output kept for the report when something goes wrong. */
const KEPT_LINES = 200;

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ServerProcess {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  graphqlUrl: string;
  pid: number;
  child: ChildProcess;
  /** Resolves when the process has exited, whatever the reason. */
  exited: Promise<Exit>;
  /** Undefined while it runs. */
  exit(): Exit | undefined;
  /** The last lines the process wrote (stdout and stderr, interleaved). */
  output(): string[];
  /** Sends `signal` and waits for the exit (SIGKILL after `timeoutMs`). */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<Exit>;
}

/** A port that was free a moment ago (the child binds it; nothing else on 127.0.0.1 is racing us). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts `server/main.ts` on a free port of 127.0.0.1 with `env` on top of a clean base (no
 * DATABASE_URL or REDIS_URL inherited from the caller) and resolves once GET /health answers.
 */
export async function startServer(env: Record<string, string>, readyTimeoutMs = 90_000): Promise<ServerProcess> {
  const port = await freePort();
  const inherited = { ...process.env };
  delete inherited.DATABASE_URL;
  delete inherited.REDIS_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: REPO_ROOT,
    env: {
      ...inherited,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      // Faults are under test here, not the per-credential budgets: the load loops would spend them.
      RATE_LIMIT: 'false',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line) continue;
      lines.push(line);
      if (lines.length > KEPT_LINES) lines.shift();
    }
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exit: Exit | undefined;
  const forget = onInterrupt(() => child.kill('SIGKILL'));
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      forget();
      resolve(exit);
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const server: ServerProcess = {
    url,
    graphqlUrl: `${url}/graphql`,
    pid: child.pid!,
    child,
    exited,
    exit: () => exit,
    output: () => [...lines],
    async stop(signal = 'SIGTERM', timeoutMs = 30_000) {
      if (exit) return exit;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
  };

  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (exit) throw new Error(`server exited before it was ready (${exit.signal ?? exit.code}):\n${lines.slice(-20).join('\n')}`);
    if (Date.now() > deadline) {
      await server.stop('SIGKILL');
      throw new Error(`server not ready after ${readyTimeoutMs} ms:\n${lines.slice(-20).join('\n')}`);
    }
    const ok = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) }).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return server;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Resident memory of a process in bytes (Linux /proc), or undefined once it is gone. */
export async function rssOf(pid: number): Promise<number | undefined> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => undefined);
  const kb = status?.match(/^VmRSS:\s+(\d+) kB/m)?.[1];
  return kb === undefined ? undefined : Number(kb) * 1024;
}
