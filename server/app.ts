import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GraphQLError } from 'graphql';
import { createYoga, maskError as yogaMaskError, type YogaServerInstance } from 'graphql-yoga';
import { schema } from '../schema/index.ts';
import type { Config } from './config.ts';
import { type Context, createContext, credentialsFromConnectionParams, credentialsFromHeaders, type Deps } from './context.ts';
import type { Db } from './db/types.ts';
import { ForbiddenError, UnauthenticatedError } from './errors.ts';
import { isDatabaseUnavailable } from './db/unavailable.ts';
import { createFileHandler } from './files.ts';
import { useCompiledQueries } from './compiled-queries.ts';
import { checkReadiness } from './health.ts';
import { createLogger, type Logger, requestIdFrom, requestIdOfError, useErrorRequestIds, useRequestLogging } from './logging.ts';
import { startImportResumer } from './modules/imports/runner.ts';
import { CLIENT_MANIFEST, guardWebSocketDocuments, loadPersistedDocuments, usePersistedDocuments } from './persisted-documents.ts';
import type { PubSub } from './pubsub.ts';
import { createRateLimiter } from './rate-limit/index.ts';
import { clientAddressResolver } from './rate-limit/client-address.ts';
import { useCsrfPrevention, useQueryLimits } from './security.ts';
import { createUploadHandler } from './uploads.ts';
import { attachGraphqlWs } from './websocket.ts';

export interface App {
  yoga: YogaServerInstance<ServerContext, Context>;
  server: Server;
  /** Listens on `port` (0 = any free port) and resolves with the base URL. */
  start(port?: number, host?: string): Promise<string>;
  /** Stops accepting, lets in-flight requests finish, closes sockets. The caller closes the db. */
  stop(): Promise<void>;
}

interface ServerContext {
  req?: IncomingMessage;
  res?: ServerResponse;
  /** Set for graphql-ws operations. */
  connectionParams?: Record<string, unknown>;
}

const GRAPHQL_PATH = '/graphql';

/**
 * Auth errors thrown by modules become GraphQL errors with their code; a database that cannot be
 * reached becomes 503 UNAVAILABLE (retryable); everything else goes to Yoga's masking (GraphQL
 * errors pass, unexpected ones become "Unexpected error.").
 */
function createMaskError(logger: Logger) {
  return (error: unknown, message: string, isDev?: boolean): Error => {
    const original = (error as { originalError?: unknown })?.originalError ?? error;
    if (original instanceof UnauthenticatedError || original instanceof ForbiddenError) {
      return new GraphQLError(original.message, { extensions: { code: original.code } });
    }
    if (isDatabaseUnavailable(original)) {
      logger.warn({ err: original }, 'database unavailable');
      return new GraphQLError('The database is unavailable; retry shortly', {
        extensions: { code: 'UNAVAILABLE', http: { status: 503, headers: { 'retry-after': '1' } } },
      });
    }
    const masked = yogaMaskError(error, message, isDev);
    if (masked !== error && !(original as { extensions?: unknown })?.extensions) {
      const path = (error as { path?: unknown }).path;
      // The id on the request's `request` line (or its `ws operation` lines), to join them.
      logger.error({ err: original, path, requestId: requestIdOfError(error) }, 'unexpected error (masked)');
    }
    return masked;
  };
}

/** `logger` defaults to JSON lines on stdout at LOG_LEVEL (server/logging.ts). */
export function createApp(deps: { config: Config; db: Db; pubsub: PubSub; logger?: Logger }): App {
  const { config } = deps;
  const logger = deps.logger ?? createLogger(config);
  const base: Deps = { db: deps.db, config, pubsub: deps.pubsub };
  // Trusted documents: the generated client's manifest (+ PERSISTED_DOCUMENTS_FILES), by hash.
  const persistedDocuments = loadPersistedDocuments([CLIENT_MANIFEST, ...config.persistedDocumentsFiles]);
  // Per-credential budgets (in Redis with REDIS_URL, else in this process); closed by stop().
  const rateLimiter = createRateLimiter(config, logger);
  // The client's address (X-Forwarded-For through TRUST_PROXY hops, else the TCP peer).
  const clientAddressOf = clientAddressResolver(config.trustProxy);

  const yoga = createYoga<ServerContext, Context>({
    schema,
    graphqlEndpoint: GRAPHQL_PATH,
    landingPage: false,
    graphiql: config.graphiql ? { subscriptionsProtocol: 'WS', title: 'Pavior' } : false,
    maskedErrors: { maskError: createMaskError(logger), isDev: config.env === 'development' },
    // Yoga's own logger stays for its warnings; request lines come from useRequestLogging.
    logging: config.env === 'test' ? false : 'warn',
    plugins: [
      // First, so every error is marked before any plugin stops or rewrites a result.
      useErrorRequestIds(),
      useRequestLogging(logger),
      useCsrfPrevention(),
      ...useQueryLimits(config, rateLimiter),
      usePersistedDocuments(persistedDocuments, config.persistedDocumentsOnly),
      // Queries run compiled by graphql-jit; mutations and subscriptions on graphql-js (see the file).
      useCompiledQueries(),
    ],
    context: async (initial) => {
      const address = clientAddressOf(initial.req);
      const credentials = initial.connectionParams
        ? credentialsFromConnectionParams(initial.connectionParams, address)
        : credentialsFromHeaders(initial.request.headers, address);
      return createContext(base, credentials, requestIdFrom(initial.request?.headers.get('x-request-id')));
    },
  });

  // Requests still being handled; stop() waits for them before the caller closes the database.
  const handleFiles = createFileHandler(base);
  const handleUploads = createUploadHandler(
    {
      graphqlPath: GRAPHQL_PATH,
      maxFileBytes: config.importMaxFileBytes,
      tmpDir: config.uploadTmpDir,
      logError: (err) => logger.error({ err }, 'upload failed'),
    },
    yoga,
  );
  const inFlight = new Set<ServerResponse>();
  let drained: (() => void) | null = null;
  let stopping = false;
  const server = createServer(async (req, res) => {
    inFlight.add(res);
    // Once stopping, every answer closes its connection: the client opens a new one elsewhere.
    if (stopping) res.setHeader('connection', 'close');
    res.once('close', () => {
      inFlight.delete(res);
      if (inFlight.size === 0) drained?.();
    });
    const path = req.url?.split('?')[0];
    if (path === '/health') return sendJson(res, 200, { status: 'ok' });
    if (path === '/ready') {
      const readiness = await checkReadiness(deps.db, deps.pubsub);
      return sendJson(res, readiness.ready ? 200 : 503, readiness);
    }
    if (await handleFiles(req, res)) return;
    // Multipart POSTs (file uploads) stream to disk first; everything else goes straight to Yoga.
    if (await handleUploads(req, res)) return;
    return yoga.handle(req, res, { req, res });
  });

  const websockets = attachGraphqlWs(
    server,
    GRAPHQL_PATH,
    guardWebSocketDocuments(yoga, persistedDocuments, config.persistedDocumentsOnly),
    deps.db,
    config,
    logger,
  );

  // Imports left RUNNING by a stopped or dead instance resume while the app serves (modules/imports/runner.ts).
  let importResumer: { stop(): Promise<void> } | null = null;

  return {
    yoga,
    server,
    start(port = config.port, host = config.host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const { port: bound } = server.address() as AddressInfo;
          const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
          importResumer ??= startImportResumer(base);
          resolve(`http://${shownHost}:${bound}`);
        });
      });
    },
    async stop() {
      // The import in hand finishes its batch and is released for the next instance.
      const importsStopped = importResumer?.stop();
      importResumer = null;
      stopping = true;
      for (const res of inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
      // A kept-alive connection whose next request is still unread in the kernel looks idle to
      // Node until the event loop reads it, and closing it then resets that request. A whole
      // poll phase begun after this point reads what arrived before stop() (two setImmediates:
      // the second runs after the next poll even when stop() is called from within one): those
      // requests are then in flight and answered like the others.
      for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
      // Stops listening and closes the connections that are idle (Node does it in close()).
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      websockets.close();
      const idle = new Promise<void>((resolve) => {
        // Answers sent with keep-alive before stop() (a stream) leave their connection idle.
        drained = () => {
          server.closeIdleConnections();
          resolve();
        };
        if (inFlight.size === 0) resolve();
      });
      const grace = new Promise<void>((resolve) => setTimeout(resolve, config.shutdownGraceMs).unref());
      await Promise.race([Promise.all([closed, idle]), grace]);
      server.closeAllConnections();
      await Promise.all([closed, importsStopped]);
      await rateLimiter.close();
    },
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
