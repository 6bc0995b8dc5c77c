/**
 * The load bench's server: the real app (startBenchApp) in a process of its own, so its memory
 * (RSS, V8 heap) and open file descriptors are the server's alone — the harness process also
 * holds the shared app and the bench's bookkeeping, and the load generators are other children.
 * Started with --expose-gc: a memory reading is taken after full collections, so it measures
 * what is held, not garbage not yet collected.
 *
 * Protocol (IPC): the parent sends `{ type: 'start', databaseUrl, nodeEnv }`, the child answers
 * `{ type: 'started', url }`; then any number of `{ type: 'memory' }` → `{ type: 'memory', memory }`;
 * `{ type: 'stop' }` stops the app and exits.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { BenchSettings } from './lib.ts';
import { type BenchApp, startBenchApp } from './lib.ts';

export interface ServerMemory {
  rssBytes: number;
  heapUsedBytes: number;
  heapTotalBytes: number;
  /** Memory of C++ objects bound to JS ones (sockets' buffers, zlib…), and of ArrayBuffers. */
  externalBytes: number;
  arrayBuffersBytes: number;
  /** Open file descriptors (/proc/self/fd), and the soft limit on them. */
  openFds: number;
  maxFds: number | null;
}

export type ServerRequest = { type: 'start'; databaseUrl: string; nodeEnv: BenchSettings['nodeEnv'] } | { type: 'memory' } | { type: 'stop' };
export type ServerReply = { type: 'started'; url: string } | { type: 'memory'; memory: ServerMemory } | { type: 'error'; error: string };

const gc = (globalThis as { gc?: () => void }).gc;

function maxOpenFiles(): number | null {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    const soft = line?.split(/\s{2,}/)[1];
    return soft && /^\d+$/.test(soft) ? Number(soft) : null;
  } catch {
    return null;
  }
}

async function memory(): Promise<ServerMemory> {
  // Two collections with a turn of the event loop between: finalizers and weak callbacks of the
  // first (closed sockets' handles) run before the second.
  gc?.();
  await new Promise((resolve) => setImmediate(resolve));
  gc?.();
  const usage = process.memoryUsage();
  let openFds = -1;
  try {
    openFds = readdirSync('/proc/self/fd').length;
  } catch {
    // not Linux: unknown
  }
  return {
    rssBytes: usage.rss,
    heapUsedBytes: usage.heapUsed,
    heapTotalBytes: usage.heapTotal,
    externalBytes: usage.external,
    arrayBuffersBytes: usage.arrayBuffers,
    openFds,
    maxFds: maxOpenFiles(),
  };
}

function reply(message: ServerReply): void {
  process.send?.(message);
}

let app: BenchApp | undefined;

process.on('message', (message: ServerRequest) => {
  void (async () => {
    try {
      if (message.type === 'start') {
        if (!gc) throw new Error('the load server child needs --expose-gc');
        // Rate limits (RATE_LIMIT, server/rate-limit/) would answer RATE_LIMITED to 100 clients
        // sharing two credentials: the load bench measures capacity, not budgets, so they are
        // off. An app without rate limits ignores the variable.
        app = await startBenchApp(message.databaseUrl, message.nodeEnv, { RATE_LIMIT: 'false' });
        reply({ type: 'started', url: app.url });
      } else if (message.type === 'memory') {
        reply({ type: 'memory', memory: await memory() });
      } else {
        await app?.stop();
        process.exit(0);
      }
    } catch (error) {
      reply({ type: 'error', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  })();
});

// The parent went away (crash, Ctrl-C): stop serving.
process.once('disconnect', () => process.exit(1));
