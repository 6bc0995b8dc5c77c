import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { type App, createApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { createAppPubSub } from '../server/pubsub.ts';
import { createTestDb } from './helpers/db.ts';

// SIGTERM (app.stop()) must answer what clients sent before it, including a request on a
// kept-alive connection whose bytes are still unread in the kernel: such a connection looks idle
// to Node until the event loop reads them, and cutting it then resets the request (ECONNRESET).
// Raw sockets, so the test knows exactly when the bytes were handed to the kernel.

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A kept-alive HTTP/1.1 connection: sends requests and reads answers off the raw socket. */
function rawConnection(url: string) {
  const { hostname, port } = new URL(url);
  const socket: Socket = connect(Number(port), hostname);
  let buffer = Buffer.alloc(0);
  let waiting: (() => void) | null = null;
  const errors: NodeJS.ErrnoException[] = [];
  let ended = false;
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    waiting?.();
  });
  socket.on('error', (error) => errors.push(error));
  const closed = new Promise<void>((resolve) =>
    socket.once('close', () => {
      resolve();
      waiting?.();
    }),
  );
  socket.on('end', () => {
    ended = true;
    waiting?.();
  });
  const connected = new Promise<void>((resolve) => socket.once('connect', () => resolve()));

  /** One complete response off the front of the buffer, or null while it is incomplete. */
  function takeResponse(): RawResponse | null {
    const headEnd = buffer.indexOf('\r\n\r\n');
    if (headEnd < 0) return null;
    const [statusLine, ...lines] = buffer.subarray(0, headEnd).toString('latin1').split('\r\n');
    const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
    let rest = buffer.subarray(headEnd + 4);
    let body: Buffer;
    if (headers['transfer-encoding'] === 'chunked') {
      const chunks: Buffer[] = [];
      for (;;) {
        const sizeEnd = rest.indexOf('\r\n');
        if (sizeEnd < 0) return null;
        const size = Number.parseInt(rest.subarray(0, sizeEnd).toString(), 16);
        if (rest.length < sizeEnd + 2 + size + 2) return null;
        chunks.push(rest.subarray(sizeEnd + 2, sizeEnd + 2 + size));
        rest = rest.subarray(sizeEnd + 2 + size + 2);
        if (size === 0) break;
      }
      body = Buffer.concat(chunks);
    } else {
      const length = Number(headers['content-length'] ?? 0);
      if (rest.length < length) return null;
      body = rest.subarray(0, length);
      rest = rest.subarray(length);
    }
    buffer = rest;
    return { status: Number(statusLine!.split(' ')[1]), headers, body: body.toString('utf8') };
  }

  return {
    socket,
    connected,
    closed,
    errors,
    /**
     * Writes one request (or its start: `sent` of `body`); the bytes are in the kernel when
     * writableLength is 0 after it.
     */
    send(method: 'GET' | 'POST', path: string, body?: string, sent = body) {
      const head = [`${method} ${path} HTTP/1.1`, `host: ${hostname}:${port}`, 'connection: keep-alive'];
      if (body !== undefined) head.push('content-type: application/json', `content-length: ${Buffer.byteLength(body)}`);
      socket.write(`${head.join('\r\n')}\r\n\r\n${sent ?? ''}`);
    },
    async response(): Promise<RawResponse> {
      for (;;) {
        const response = takeResponse();
        if (response) return response;
        if (ended || socket.destroyed) throw new Error(`connection closed before a full response (${errors.map((e) => e.code).join(', ') || 'no error'})`);
        await new Promise<void>((resolve) => (waiting = resolve));
        waiting = null;
      }
    },
    get ended() {
      return ended;
    },
  };
}

async function withApp(run: (app: App, url: string) => Promise<void>): Promise<void> {
  const testDb = await createTestDb();
  const pubsub = createAppPubSub(process.env.REDIS_URL);
  const app = createApp({ config: loadConfig({ NODE_ENV: 'test', SHUTDOWN_GRACE_MS: '5000' }), db: testDb.db, pubsub });
  try {
    const url = await app.start(0, '127.0.0.1');
    await run(app, url);
  } finally {
    // Already stopped by the test, unless it failed first: the database must not close under it.
    await app.stop();
    await pubsub.close();
    await testDb.destroy();
  }
}

const TYPENAME = JSON.stringify({ query: '{ __typename }' });

/** A connection that has had one answer and is kept alive, idle, for the next request. */
async function keptAliveConnection(url: string) {
  const connection = rawConnection(url);
  await connection.connected;
  connection.send('GET', '/health');
  const first = await connection.response();
  expect(first.status).toBe(200);
  expect(first.headers.connection).toBe('keep-alive');
  return connection;
}

describe('graceful shutdown of kept-alive connections', () => {
  it('answers a request whose bytes arrived just before stop(), then closes the connection', async () => {
    await withApp(async (app, url) => {
      const connection = await keptAliveConnection(url);

      // The connection is idle now. The next request is handed to the kernel (nothing left in
      // the socket's own buffer), and stop() begins before the server's event loop has read it.
      connection.send('POST', '/graphql', TYPENAME);
      expect(connection.socket.writableLength).toBe(0);
      const stopped = app.stop();

      const second = await connection.response();
      expect(second.status).toBe(200);
      expect(JSON.parse(second.body).data).toEqual({ __typename: 'Query' });
      // Answered, and told not to send more on this connection: the server is going away.
      expect(second.headers.connection).toBe('close');
      await connection.closed;
      expect(connection.errors).toEqual([]);
      expect(connection.ended).toBe(true);
      await stopped;
    });
  });

  it('closes an idle kept-alive connection cleanly (FIN, no reset)', async () => {
    await withApp(async (app, url) => {
      const connection = await keptAliveConnection(url);
      await app.stop();
      await connection.closed;
      expect(connection.errors).toEqual([]);
      expect(connection.ended).toBe(true);
    });
  });

  it('answers a request in flight at stop() with Connection: close, so its connection does not linger', async () => {
    await withApp(async (app, url) => {
      const connection = await keptAliveConnection(url);
      // The request is being handled (its headers read, its body not all sent) when stop() begins.
      const handling = new Promise((resolve) => app.server.once('request', resolve));
      const half = Math.floor(TYPENAME.length / 2);
      connection.send('POST', '/graphql', TYPENAME, TYPENAME.slice(0, half));
      await handling;
      const stopped = app.stop();
      connection.socket.write(TYPENAME.slice(half));
      const response = await connection.response();
      expect(JSON.parse(response.body).data).toEqual({ __typename: 'Query' });
      expect(response.headers.connection).toBe('close');
      await connection.closed;
      expect(connection.errors).toEqual([]);
      await stopped;
    });
  });
});
