// Subscriptions over graphql-ws, as AsyncIterables. One lazy WebSocket per client: opened by the
// first subscription, closed after the last; dropped connections are reopened with backoff and
// every running subscription is sent again (graphql-ws does this), so an iterator survives a
// server restart. Events published while the socket was down are not replayed.
import { type Client, createClient as createWsClient, type FormattedExecutionResult } from 'graphql-ws';
import { documentHash, documentText, type GraphQLErrorEntry, PaviorError } from './transport.ts';

export interface SubscriptionOptions {
  /** Reconnection attempts in a row before an iterator fails (default 10). */
  retryAttempts?: number;
  /** Upper bound of the wait between attempts (default 10000); waits grow from 500 ms with jitter. */
  maxRetryDelayMs?: number;
  /** Called each time the socket is connected again after a drop (e.g. to backfill with `events.list`). */
  onReconnected?: () => void;
}

export interface LiveOptions extends SubscriptionOptions {
  endpoint: string;
  connectionParams: Record<string, string>;
  webSocketImpl?: unknown;
  persistedDocuments: boolean;
}

/** Close codes after which reconnecting cannot help: the credential is refused. */
const FATAL_CLOSE_CODES = new Set([4401, 4403]);

function closeError(event: { code?: number; reason?: string }): PaviorError {
  const code = event.code === 4403 || event.code === 4401 ? 'UNAUTHENTICATED' : 'NETWORK_ERROR';
  return new PaviorError(code, `The WebSocket closed (${event.code ?? '?'}${event.reason ? `: ${event.reason}` : ''})`, { cause: event });
}

function toPaviorError(error: unknown): PaviorError {
  if (error instanceof PaviorError) return error;
  if (Array.isArray(error)) {
    const errors = error as GraphQLErrorEntry[];
    return new PaviorError(errors[0]?.extensions?.code ?? 'GRAPHQL_ERROR', errors[0]?.message ?? 'Subscription failed', { errors });
  }
  if (error && typeof error === 'object' && 'code' in error && typeof (error as { code: unknown }).code === 'number') {
    return closeError(error as { code: number; reason?: string });
  }
  return new PaviorError('NETWORK_ERROR', `The WebSocket failed: ${String((error as Error)?.message ?? error)}`, { cause: error });
}

export function createLive(options: LiveOptions) {
  let ws: Client | undefined;
  const maxDelay = options.maxRetryDelayMs ?? 10_000;

  function connection(): Client {
    if (ws) return ws;
    const webSocketImpl = options.webSocketImpl ?? (globalThis as { WebSocket?: unknown }).WebSocket;
    if (!webSocketImpl) {
      throw new PaviorError(
        'NO_WEBSOCKET',
        'No WebSocket implementation: pass `webSocketImpl` (e.g. `import WebSocket from "ws"`) to createClient on Node.js < 22.',
      );
    }
    const url = new URL(options.endpoint);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    ws = createWsClient({
      url: url.toString(),
      webSocketImpl,
      connectionParams: options.connectionParams,
      lazy: true,
      retryAttempts: options.retryAttempts ?? 10,
      retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(maxDelay, 500 * 2 ** retries))),
      // Retry dropped sockets and refused connections (a restarting server); not a refused credential.
      shouldRetry: (event) => !(event && typeof event === 'object' && FATAL_CLOSE_CODES.has((event as { code?: number }).code ?? 0)),
      on: {
        connected: (_socket, _payload, wasRetry) => {
          if (wasRetry) options.onReconnected?.();
        },
      },
    });
    return ws;
  }

  /**
   * Runs a subscription document; each `next` result's data is yielded. Ends when the server
   * completes it; `break` (or `return()`) unsubscribes. Errors are thrown as PaviorError.
   */
  function subscribe<TResult>(document: string | String, variables: unknown): AsyncIterableIterator<TResult> {
    const query = documentText(document);
    const hash = options.persistedDocuments ? documentHash(document) : undefined;
    const pending: TResult[] = [];
    let failure: PaviorError | undefined;
    let done = false;
    let wake: (() => void) | undefined;
    let dispose: (() => void) | undefined;
    let started = false;

    const start = () => {
      started = true;
      try {
        dispose = connection().subscribe<TResult>(
          {
            query,
            variables: (variables ?? {}) as Record<string, unknown>,
            // The server runs the manifest's document for a known hash, the text otherwise.
            ...(hash ? { extensions: { persistedQuery: { version: 1, sha256Hash: hash.replace(/^sha256:/, '') } } } : {}),
          },
          {
            next: (result: FormattedExecutionResult<TResult>) => {
              if (result.errors?.length) failure ??= toPaviorError(result.errors);
              else if (result.data != null) pending.push(result.data);
              wake?.();
            },
            error: (error) => {
              failure ??= toPaviorError(error);
              done = true;
              wake?.();
            },
            complete: () => {
              done = true;
              wake?.();
            },
          },
        );
      } catch (error) {
        failure = toPaviorError(error);
        done = true;
      }
    };

    const stop = () => {
      done = true;
      dispose?.();
      dispose = undefined;
      wake?.();
    };

    const iterator: AsyncIterableIterator<TResult> = {
      async next() {
        if (!started) start();
        for (;;) {
          if (pending.length) return { value: pending.shift()!, done: false };
          if (failure) {
            const error = failure;
            failure = undefined;
            stop();
            throw error;
          }
          if (done) return { value: undefined, done: true };
          await new Promise<void>((resolve) => (wake = resolve));
          wake = undefined;
        }
      },
      async return() {
        stop();
        pending.length = 0;
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  }

  return {
    subscribe,
    /** Closes the WebSocket (ending every subscription). */
    async close() {
      const closing = ws;
      ws = undefined;
      try {
        await closing?.dispose();
      } catch {
        // dispose() waits for a socket still connecting; one that fails to connect is closed too.
      }
    },
  };
}

export type Live = ReturnType<typeof createLive>;
