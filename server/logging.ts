import { pino, type DestinationStream, type Logger } from 'pino';
import type { ExecutionArgs } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Config } from './config.ts';
import type { Context } from './context.ts';

export type { Logger };

/**
 * Paths pino blanks if they ever reach a log line. We log no headers, variables or bodies, so
 * nothing here is expected to match: this is the second line of defence.
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
  'password',
  'token',
  'secret',
  '*.password',
  '*.token',
  '*.secret',
  '*.apiKey',
];

/** Structured JSON logs on stdout (or `destination`), at LOG_LEVEL; silent under NODE_ENV=test. */
export function createLogger(config: Pick<Config, 'logLevel'>, destination?: DestinationStream): Logger {
  return pino({ level: config.logLevel, base: { service: 'pavior' }, redact: { paths: REDACT, censor: '[redacted]' } }, destination);
}

interface RequestLog {
  start: number;
  requestId?: string;
  teamId?: string;
  viewer?: string;
  operationName?: string | null;
  operationType?: string;
}

/**
 * One line per HTTP request to Yoga: request id (also answered as `x-request-id`), team,
 * credential kind, operation name and type, HTTP status and duration. Never headers, variables
 * or results.
 */
export function useRequestLogging(logger: Logger): Plugin<{}, {}, Context> {
  const requests = new WeakMap<Request, RequestLog>();
  return {
    onRequest({ request }) {
      requests.set(request, { start: performance.now() });
    },
    onExecute({ args }) {
      describe(requests, args);
    },
    onSubscribe({ args }) {
      describe(requests, args);
    },
    onResponse({ request, response }) {
      const entry = requests.get(request);
      if (!entry) return;
      requests.delete(request);
      if (entry.requestId && !response.headers.has('x-request-id')) response.headers.set('x-request-id', entry.requestId);
      const status = response.status;
      const line = {
        requestId: entry.requestId ?? request.headers.get('x-request-id') ?? undefined,
        teamId: entry.teamId,
        viewer: entry.viewer,
        operationName: entry.operationName ?? undefined,
        operationType: entry.operationType,
        method: request.method,
        status,
        durationMs: Math.round((performance.now() - entry.start) * 10) / 10,
      };
      if (status >= 500) logger.error(line, 'request');
      else logger.info(line, 'request');
    },
  };
}

function describe(requests: WeakMap<Request, RequestLog>, args: ExecutionArgs): void {
  const ctx = args.contextValue as Partial<Context> & { request?: Request };
  const entry = ctx.request && requests.get(ctx.request);
  if (!entry) return;
  const operation = args.document.definitions.find(
    (d) => d.kind === 'OperationDefinition' && (!args.operationName || d.name?.value === args.operationName),
  ) as { name?: { value: string }; operation: string } | undefined;
  entry.requestId = ctx.requestId;
  entry.teamId = ctx.viewer?.teamId;
  entry.viewer = ctx.viewer?.kind;
  entry.operationName = args.operationName ?? operation?.name?.value ?? null;
  entry.operationType = operation?.operation;
}
