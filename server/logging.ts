import { randomUUID } from 'node:crypto';
import { pino, type DestinationStream, type Logger } from 'pino';
import type { DocumentNode, ExecutionArgs, GraphQLError, OperationDefinitionNode } from 'graphql';
import { handleStreamOrSingleExecutionResult, type Plugin } from 'graphql-yoga';
import type { Config } from './config.ts';
import type { Context } from './context.ts';

export type { Logger };

/**
 * Paths pino blanks if they ever reach a log line. We log no headers, variables, bodies or
 * connectionParams, so nothing here is expected to match: this is the second line of defence.
 */
const REDACT = [
  'authorization',
  'headers.authorization',
  'headers["x-pavior-key"]',
  'req.headers.authorization',
  'req.headers["x-pavior-key"]',
  'variables.password',
  'variables.*.password',
  'variables.*.*.password',
  'connectionParams',
  'password',
  'token',
  'secret',
  '*.password',
  '*.token',
  '*.secret',
  '*.apiKey',
  '*.connectionParams',
];

/** Structured JSON logs on stdout (or `destination`), at LOG_LEVEL; silent under NODE_ENV=test. */
export function createLogger(config: Pick<Config, 'logLevel'>, destination?: DestinationStream): Logger {
  return pino({ level: config.logLevel, base: { service: 'pavior' }, redact: { paths: REDACT, censor: '[redacted]' } }, destination);
}

// A caller's x-request-id is echoed and logged, so it is kept only when it looks like an id:
// anything longer or stranger (a header stuffed with a payload) is replaced by a fresh UUID.
const REQUEST_ID = /^[\w.:@/+=-]{1,128}$/;

/** The caller's `x-request-id` when it is a plausible id, else a new UUID. */
export function requestIdFrom(header: string | null | undefined): string {
  return header && REQUEST_ID.test(header) ? header : randomUUID();
}

/** Operation names come from the client; a valid one is a GraphQL name, and we cap its length. */
function operationNameOf(name: unknown): string | undefined {
  return typeof name === 'string' && /^[_A-Za-z][_0-9A-Za-z]{0,99}$/.test(name) ? name : undefined;
}

function findOperation(document: DocumentNode, operationName?: string | null): OperationDefinitionNode | undefined {
  return document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === 'OperationDefinition' && (!operationName || d.name?.value === operationName),
  );
}

/** Distinct `extensions.code`s of a result's errors (at most 5), e.g. ["UNAUTHENTICATED"]. */
function errorCodesOf(errors: readonly unknown[] | undefined): string[] | undefined {
  if (!errors?.length) return undefined;
  const codes = new Set<string>();
  for (const error of errors) {
    const code = (error as Partial<GraphQLError>)?.extensions?.code;
    codes.add(typeof code === 'string' ? code : 'UNKNOWN');
    if (codes.size === 5) break;
  }
  return [...codes];
}

const roundMs = (ms: number) => Math.round(ms * 10) / 10;

// ─── HTTP ────────────────────────────────────────────────────────────────────────────────────

interface RequestLog {
  start: number;
  context?: Partial<Context>;
  operationName?: string;
  operationType?: string;
  errorCodes?: string[];
}

/**
 * One line per HTTP request to Yoga: request id (the caller's `x-request-id` or a new one,
 * always answered as `x-request-id`), team, credential kind, operation name and type, HTTP
 * status, GraphQL error codes and duration. Never headers, variables or results. A request
 * refused before it runs (syntax, validation, limits, CSRF) is logged too, with the operation
 * name the client sent. For a subscription over SSE the duration is the time to the response's
 * headers, not the stream's length.
 */
export function useRequestLogging(logger: Logger): Plugin<{}, {}, Context> {
  const requests = new WeakMap<Request, RequestLog>();
  return {
    onRequest({ request }) {
      requests.set(request, { start: performance.now() });
    },
    onParams({ request, params }) {
      const entry = requests.get(request);
      if (entry) entry.operationName ??= operationNameOf(params.operationName);
    },
    onExecute({ args }) {
      describe(requests, args);
    },
    onSubscribe({ args }) {
      describe(requests, args);
    },
    onResultProcess({ request, result }) {
      const entry = requests.get(request);
      // A single result (or a batch); a stream's errors arrive later and are not counted.
      if (entry && !(Symbol.asyncIterator in (result as object))) {
        const results = Array.isArray(result) ? result : [result];
        entry.errorCodes = errorCodesOf(results.flatMap((r) => (r as { errors?: unknown[] }).errors ?? []));
      }
    },
    onResponse({ request, response }) {
      const entry = requests.get(request);
      if (!entry) return;
      requests.delete(request);
      // The context's id when the operation ran; otherwise (refused before running) a new one.
      const requestId = entry.context?.requestId ?? requestIdFrom(request.headers.get('x-request-id'));
      if (!response.headers.has('x-request-id')) response.headers.set('x-request-id', requestId);
      const status = response.status;
      // Read at the end: createTeam, login and acceptInvite sign the caller in while they run.
      const viewer = entry.context?.viewer;
      const line = {
        requestId,
        teamId: viewer?.teamId,
        viewer: viewer?.kind,
        clientAddress: entry.context?.clientAddress,
        operationName: entry.operationName,
        operationType: entry.operationType,
        method: request.method,
        status,
        ...(entry.errorCodes ? { errorCodes: entry.errorCodes } : {}),
        durationMs: roundMs(performance.now() - entry.start),
      };
      if (status >= 500 || entry.errorCodes?.includes('INTERNAL_SERVER_ERROR')) logger.error(line, 'request');
      else logger.info(line, 'request');
    },
  };
}

function describe(requests: WeakMap<Request, RequestLog>, args: ExecutionArgs): void {
  const ctx = args.contextValue as Partial<Context> & { request?: Request };
  const entry = ctx.request && requests.get(ctx.request);
  if (!entry) return;
  const operation = findOperation(args.document, args.operationName);
  entry.context = ctx;
  entry.operationName = operation?.name?.value ?? operationNameOf(args.operationName);
  entry.operationType = operation?.operation;
}

// ─── Masked errors ───────────────────────────────────────────────────────────────────────────

// Yoga's maskError hook sees an error but not the operation it came from; this remembers the
// request id of each error in a result so the "unexpected error (masked)" line can carry it.
const errorRequestIds = new WeakMap<object, string>();

/** The request id of the operation whose result held `error` (see useErrorRequestIds). */
export function requestIdOfError(error: unknown): string | undefined {
  return error && typeof error === 'object' ? errorRequestIds.get(error) : undefined;
}

type DonePayload = Parameters<typeof handleStreamOrSingleExecutionResult>[0];

/**
 * Marks every error of a result, and of each event of a stream, with the operation's request id:
 * the context's, which the HTTP `request` line and the `ws operation start/end` lines carry.
 * Yoga masks results after the plugins given to createYoga have seen them, so the marks are
 * there when maskError runs.
 */
export function useErrorRequestIds(): Plugin<{}, {}, Context> {
  const mark = ({ args, result }: { args: ExecutionArgs; result: { errors?: readonly unknown[] } }) => {
    const requestId = (args.contextValue as Partial<Context> | undefined)?.requestId;
    if (!requestId || !result.errors) return;
    for (const error of result.errors) if (error && typeof error === 'object') errorRequestIds.set(error, requestId);
  };
  return {
    onExecute: () => ({ onExecuteDone: (payload: DonePayload) => handleStreamOrSingleExecutionResult(payload, mark) }),
    onSubscribe: ({ args }) => ({
      onSubscribeResult: (payload: DonePayload) => handleStreamOrSingleExecutionResult(payload, mark),
      onSubscribeError: ({ error }) => mark({ args, result: { errors: [error] } }),
    }),
  };
}

// ─── graphql-ws ──────────────────────────────────────────────────────────────────────────────

interface ConnectionLog {
  connectionId: string;
  start: number;
  teamId?: string;
  viewer?: string;
  clientAddress?: string | null;
  operations: number;
  active: Map<string, OperationLog>;
}

interface OperationLog {
  start: number;
  requestId?: string;
  operationName?: string;
  operationType?: string;
  events: number;
  outcome?: 'completed' | 'cancelled' | 'closed' | 'error';
  errorCodes?: string[];
}

/** What the graphql-ws hooks know about a socket: the socket itself and whether it is open. */
interface SocketLike {
  readyState: number;
}
const OPEN = 1;

/**
 * Log lines for graphql-ws, called from the hooks in websocket.ts:
 *
 * - `ws open` once connection_init is handled: connectionId, teamId, viewer, accepted;
 * - `ws close` for every socket: connectionId, code, reason, teamId, viewer, operations, durationMs
 *   (a socket that never sent connection_init has only this line, e.g. code 4408);
 * - `ws operation start` / `ws operation end` per operation: connectionId, id, requestId,
 *   operationName, operationType, teamId, viewer; the end adds outcome (completed — the server
 *   ended it; cancelled — the client did; closed — the socket went away; error), errorCodes,
 *   events delivered and durationMs;
 * - `ws operation rejected` for one refused before it ran (syntax, validation, limits).
 *
 * Never connectionParams, variables or results.
 */
export function createWsLogging(logger: Logger) {
  const connections = new WeakMap<object, ConnectionLog>();
  const connectionOf = (socket: object): ConnectionLog => {
    let connection = connections.get(socket);
    if (!connection) {
      connection = { connectionId: randomUUID(), start: performance.now(), operations: 0, active: new Map() };
      connections.set(socket, connection);
    }
    return connection;
  };
  const who = (c: ConnectionLog) => ({ connectionId: c.connectionId, teamId: c.teamId, viewer: c.viewer, clientAddress: c.clientAddress });
  const end = (socket: SocketLike, id: string, outcome: NonNullable<OperationLog['outcome']>) => {
    const connection = connectionOf(socket);
    const operation = connection.active.get(id);
    if (!operation) return;
    connection.active.delete(id);
    const line = {
      ...who(connection),
      id,
      requestId: operation.requestId,
      operationName: operation.operationName,
      operationType: operation.operationType,
      outcome: operation.outcome ?? outcome,
      ...(operation.errorCodes ? { errorCodes: operation.errorCodes } : {}),
      events: operation.events,
      durationMs: roundMs(performance.now() - operation.start),
    };
    if (operation.errorCodes?.includes('INTERNAL_SERVER_ERROR')) logger.error(line, 'ws operation end');
    else logger.info(line, 'ws operation end');
  };

  return {
    /** The socket is open (before connection_init): starts its clock. */
    opened(socket: object): void {
      connectionOf(socket);
    },
    /** connection_init handled: the credential was accepted (or the socket closes with 4403). */
    connected(socket: object, viewer: { teamId: string; kind: string } | null, clientAddress?: string | null): void {
      const connection = connectionOf(socket);
      connection.clientAddress = clientAddress;
      connection.teamId = viewer?.teamId;
      connection.viewer = viewer?.kind;
      logger.info({ ...who(connection), accepted: viewer !== null }, 'ws open');
    },
    /** An operation passed onSubscribe and is about to run. */
    started(socket: object, id: string, args: Pick<ExecutionArgs, 'document' | 'operationName' | 'contextValue'>): void {
      const connection = connectionOf(socket);
      const operation = findOperation(args.document, args.operationName);
      const entry: OperationLog = {
        start: performance.now(),
        requestId: (args.contextValue as Partial<Context> | undefined)?.requestId,
        operationName: operation?.name?.value ?? operationNameOf(args.operationName),
        operationType: operation?.operation,
        events: 0,
      };
      connection.operations++;
      connection.active.set(id, entry);
      logger.info(
        { ...who(connection), id, requestId: entry.requestId, operationName: entry.operationName, operationType: entry.operationType },
        'ws operation start',
      );
    },
    /** The operation's first result: a stream, or one result whose errors are the outcome. */
    executed(socket: object, id: string, result: unknown): void {
      const operation = connectionOf(socket).active.get(id);
      if (!operation || !result || Symbol.asyncIterator in (result as object)) return;
      operation.errorCodes = errorCodesOf((result as { errors?: unknown[] }).errors);
      if (operation.errorCodes) operation.outcome = 'error';
    },
    /** One event sent on a stream (counted, never logged one by one). */
    delivered(socket: object, id: string): void {
      const operation = connectionOf(socket).active.get(id);
      if (operation) operation.events++;
    },
    /** graphql-ws sent an error message: a refusal before running, or a stream that failed. */
    failed(socket: SocketLike, id: string, errors: readonly unknown[]): void {
      const connection = connectionOf(socket);
      const operation = connection.active.get(id);
      if (!operation) {
        logger.info({ ...who(connection), id, errorCodes: errorCodesOf(errors) }, 'ws operation rejected');
        return;
      }
      operation.outcome = 'error';
      operation.errorCodes = errorCodesOf(errors);
      end(socket, id, 'error');
    },
    /** graphql-ws completed the operation: by the server, the client, or because the socket closed. */
    completed(socket: SocketLike, id: string, cancelledByClient: boolean): void {
      end(socket, id, socket.readyState !== OPEN ? 'closed' : cancelledByClient ? 'cancelled' : 'completed');
    },
    /** The socket closed: its operations still open end as `closed`, then one close line. */
    closed(socket: SocketLike, code: number | undefined, reason: string | undefined): void {
      const connection = connectionOf(socket);
      for (const id of [...connection.active.keys()]) end(socket, id, 'closed');
      logger.info(
        {
          ...who(connection),
          code,
          ...(reason ? { reason: reason.slice(0, 120) } : {}),
          operations: connection.operations,
          durationMs: roundMs(performance.now() - connection.start),
        },
        'ws close',
      );
      connections.delete(socket);
    },
  };
}

export type WsLogging = ReturnType<typeof createWsLogging>;
