import type { Server } from 'node:http';
import { type ExecutionArgs, GraphQLError } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { YogaServerInstance } from 'graphql-yoga';
import { WebSocket, WebSocketServer } from 'ws';
import { resolveViewer } from './auth.ts';
import type { Config } from './config.ts';
import { type Context, credentialsFromConnectionParams } from './context.ts';
import type { Db } from './db/types.ts';

type Extra = { request: import('node:http').IncomingMessage; socket: WebSocket; active?: Set<string> };

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
  config: Pick<Config, 'wsMaxSubscriptions' | 'wsKeepAliveMs' | 'wsInitTimeoutMs'>,
): { close(): void } {
  const wsServer = new WebSocketServer({ server, path });

  useServer<Record<string, unknown> | undefined, Extra>(
    {
      connectionInitWaitTimeout: config.wsInitTimeoutMs,
      // Returning false closes the socket with 4403 Forbidden.
      onConnect: async (ctx) => {
        const credentials = credentialsFromConnectionParams(ctx.connectionParams, ctx.extra.request.socket.remoteAddress ?? null);
        const { viewer } = await resolveViewer(db, credentials);
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
          return [error instanceof GraphQLError ? error : new GraphQLError(String(error))];
        }
        const errors = validate(schema, document);
        if (errors.length > 0) return errors;
        active.add(id);
        return {
          schema,
          operationName: payload.operationName,
          document,
          variableValues: payload.variables,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe },
        };
      },
      onComplete: (ctx, id) => void ctx.extra.active?.delete(id),
      onError: (ctx, id) => void ctx.extra.active?.delete(id),
    },
    wsServer,
  );

  // Keep-alive: ping every socket; one that has not answered the previous ping is gone.
  const alive = new WeakMap<WebSocket, boolean>();
  wsServer.on('connection', (socket) => {
    alive.set(socket, true);
    socket.on('pong', () => alive.set(socket, true));
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
