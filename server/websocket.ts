import type { Server } from 'node:http';
import { type ExecutionArgs, GraphQLError } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { YogaServerInstance } from 'graphql-yoga';
import { WebSocket, WebSocketServer } from 'ws';
import { resolveViewer } from './auth.ts';
import type { Config } from './config.ts';
import { type Context, credentialsFromConnectionParams } from './context.ts';
import type { Db } from './db/types.ts';
import { createWsLogging, type Logger } from './logging.ts';
import { clientAddressResolver } from './rate-limit/client-address.ts';

type Extra = { request: import('node:http').IncomingMessage; socket: WebSocket; active?: Set<string> };

/**
 * Bytes a socket may have queued and not yet written to its peer. Past it, the peer is not
 * reading (a frozen tab, a stalled network): the socket is closed with 1013 (try again later)
 * and cut a second later. Above the largest burst one operation publishes (1,000 events of up
 * to 16 KiB), so a reader that keeps up is never cut by a burst.
 */
export const WS_MAX_BUFFERED_BYTES = 32 * 1024 * 1024;

/**
 * graphql-ws waits for each message's write callback before it takes the next result, so for a
 * peer that stops reading the backlog would pile up out of sight, upstream, in every pub/sub
 * queue of the socket's subscriptions, without bound. Acknowledging each send at once moves that
 * backlog into the socket's own buffer, where `bufferedAmount` measures it, and the socket is
 * dropped at the limit. Write errors still close the socket through its 'error' event.
 */
function boundSendBuffer(socket: WebSocket): void {
  const send = socket.send.bind(socket) as (data: unknown, options: object) => void;
  let dropping = false;
  socket.send = ((data: unknown, optionsOrCallback?: unknown, callback?: unknown) => {
    const done = typeof optionsOrCallback === 'function' ? optionsOrCallback : callback;
    send(data, typeof optionsOrCallback === 'object' && optionsOrCallback ? optionsOrCallback : {});
    if (!dropping && socket.bufferedAmount > WS_MAX_BUFFERED_BYTES) {
      dropping = true;
      socket.close(1013, 'Not reading: too many messages waiting');
      // The close frame waits behind the backlog the peer does not read: cut it if need be.
      setTimeout(() => socket.terminate(), 1000).unref();
    }
    if (typeof done === 'function') process.nextTick(done);
  }) as WebSocket['send'];
}

/**
 * A refusal (parse or validation) answered as Yoga answers it over HTTP: with the same
 * `extensions.code` and without `extensions.http` (the status, which Yoga reads and never sends).
 *
 * Yoga's HTTP plugins write the code (and status) into a parse error only for operations with a
 * fetch Request, which graphql-ws operations lack. And Yoga caches a failed parse by document
 * text, then throws the cached error object to every later request, skipping those plugins: a
 * syntax error first seen on a socket would then lack its code over HTTP too. So the fields are
 * written into the shared error here as those plugins would (`||=`, keeping a code already set,
 * such as LIMIT_EXCEEDED), and the socket gets a copy without the status.
 */
function refusalLikeHttp(error: unknown, defaultCode: string): GraphQLError {
  const original = error instanceof GraphQLError ? error : new GraphQLError(error instanceof Error ? error.message : String(error));
  const shared = ((original as { extensions: Record<string, unknown> }).extensions ||= {});
  shared.code ||= defaultCode;
  const http = ((shared.http as Record<string, unknown> | undefined) ||= {});
  http.spec ??= true;
  http.status ||= 400;
  const { http: _status, ...extensions } = shared;
  return new GraphQLError(original.message, {
    nodes: original.nodes,
    source: original.source,
    positions: original.positions,
    path: original.path,
    originalError: original.originalError,
    extensions,
  });
}

/**
 * graphql-ws on the HTTP server's /graphql path, sharing Yoga's schema, plugins and context
 * factory. A connection needs a valid credential in connectionParams (else 4403); each socket
 * holds a bounded number of subscriptions; a bad operation fails alone, never the socket; dead
 * peers are found by WebSocket pings.
 */
export function attachGraphqlWs(
  server: Server,
  path: string,
  yoga: Pick<YogaServerInstance<any, Context>, 'getEnveloped'>,
  db: Db,
  config: Pick<Config, 'wsMaxSubscriptions' | 'wsKeepAliveMs' | 'wsInitTimeoutMs' | 'trustProxy'>,
  logger?: Logger,
): { close(): void } {
  const wsServer = new WebSocketServer({ server, path });
  // The upgrade request's client address, through trusted proxies like HTTP's (TRUST_PROXY).
  const clientAddressOf = clientAddressResolver(config.trustProxy);
  // One line per connection (open/close) and per operation (start/end); see logging.ts.
  const log = logger ? createWsLogging(logger) : undefined;

  useServer<Record<string, unknown> | undefined, Extra>(
    {
      connectionInitWaitTimeout: config.wsInitTimeoutMs,
      // Returning false closes the socket with 4403 Forbidden.
      onConnect: async (ctx) => {
        const credentials = credentialsFromConnectionParams(ctx.connectionParams, clientAddressOf(ctx.extra.request));
        const { viewer } = await resolveViewer(db, credentials);
        log?.connected(ctx.extra.socket, viewer, credentials.clientAddress);
        return viewer !== null;
      },
      execute: (args: ExecutionArgs) => (args.rootValue as { execute: (a: ExecutionArgs) => unknown }).execute(args) as never,
      subscribe: (args: ExecutionArgs) => (args.rootValue as { subscribe: (a: ExecutionArgs) => unknown }).subscribe(args) as never,
      onSubscribe: async (ctx, id, payload) => {
        const active = (ctx.extra.active ??= new Set());
        if (active.size >= config.wsMaxSubscriptions) {
          return [new GraphQLError(`At most ${config.wsMaxSubscriptions} operations per connection`, { extensions: { code: 'LIMIT_EXCEEDED' } })];
        }
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params: payload,
          connectionParams: ctx.connectionParams ?? {},
        });
        // parse/validate throw on a syntax error or a limit; returned errors fail only this
        // operation, where a throw would close the whole socket and every subscription on it.
        let document;
        try {
          document = parse(payload.query);
        } catch (error) {
          return [refusalLikeHttp(error, 'GRAPHQL_PARSE_FAILED')];
        }
        const errors = validate(schema, document);
        if (errors.length > 0) return errors.map((error: GraphQLError) => refusalLikeHttp(error, 'GRAPHQL_VALIDATION_FAILED'));
        active.add(id);
        const contextValue = await contextFactory();
        log?.started(ctx.extra.socket, id, { document, operationName: payload.operationName, contextValue });
        return {
          schema,
          operationName: payload.operationName,
          document,
          variableValues: payload.variables,
          contextValue,
          rootValue: { execute, subscribe },
        };
      },
      onOperation: (ctx, id, _payload, _args, result) => void log?.executed(ctx.extra.socket, id, result),
      onNext: (ctx, id) => void log?.delivered(ctx.extra.socket, id),
      // graphql-ws has already dropped an operation the client completed: `id` is gone from it.
      onComplete: (ctx, id) => {
        ctx.extra.active?.delete(id);
        log?.completed(ctx.extra.socket, id, !(id in ctx.subscriptions));
      },
      onError: (ctx, id, _payload, errors) => {
        ctx.extra.active?.delete(id);
        log?.failed(ctx.extra.socket, id, errors);
      },
      onClose: (ctx, code, reason) => void log?.closed(ctx.extra.socket, code, reason),
    },
    wsServer,
  );

  // Keep-alive: ping every socket; one that has not answered the previous ping is gone.
  const alive = new WeakMap<WebSocket, boolean>();
  wsServer.on('connection', (socket) => {
    log?.opened(socket);
    alive.set(socket, true);
    socket.on('pong', () => alive.set(socket, true));
    boundSendBuffer(socket);
  });
  const pinger = setInterval(() => {
    for (const socket of wsServer.clients) {
      if (!alive.get(socket)) {
        socket.terminate();
        continue;
      }
      alive.set(socket, false);
      socket.ping();
    }
  }, config.wsKeepAliveMs);
  pinger.unref();

  return {
    close() {
      clearInterval(pinger);
      for (const socket of wsServer.clients) socket.close(1001, 'Server shutting down');
      wsServer.close();
      setTimeout(() => {
        for (const socket of wsServer.clients) if (socket.readyState !== WebSocket.CLOSED) socket.terminate();
      }, 1000).unref();
    },
  };
}
