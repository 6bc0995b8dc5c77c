import type { IncomingHttpHeaders } from 'node:http';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import type { GraphQLArmorRejectCallback } from '@escape.tech/graphql-armor-types';
import {
  type ArgumentNode,
  type ASTVisitor,
  type DocumentNode,
  GraphQLError,
  type GraphQLSchema,
  Kind,
  type ValidationContext,
  validate,
  visit,
} from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { Config } from './config.ts';
import type { Context } from './context.ts';
import { bucketKeyFor, type CostReport, type RateLimitDecision, type RateLimiter } from './rate-limit/index.ts';

/**
 * Abuse limits on every operation, over HTTP and graphql-ws alike (both run Yoga's enveloped
 * parse/validate/execute): lexer tokens, selection depth, aliases, directives (graphql-armor),
 * a cost ceiling, and the caller's rate limit, paid in the same cost. Introspection and field
 * suggestions are off unless enabled (INTROSPECTION, default on outside production). Every
 * refusal is a GraphQL error with `extensions.code` LIMIT_EXCEEDED (and `limit`: the setting,
 * `max`: its value), RATE_LIMITED (and `retryAfter`) or INTROSPECTION_DISABLED.
 */
export type LimitsConfig = Pick<
  Config,
  'queryMaxDepth' | 'queryMaxAliases' | 'queryMaxDirectives' | 'queryMaxTokens' | 'queryMaxCost' | 'introspection' | 'rateLimitReport'
>;

function limitExtensions(limit: string, max: number) {
  return { code: 'LIMIT_EXCEEDED', limit, max };
}

/** armor reports "Syntax Error: Query depth limit of 12 exceeded, found 13." — it is not a syntax error. */
const armorMessage = (error: GraphQLError) => error.message.replace(/^Syntax Error: /, '');

/** Reports armor's refusal as one validation error of ours (with a code) instead of a throw. */
function reportLimit(limit: string, max: number): { propagateOnRejection: false; onReject: GraphQLArmorRejectCallback[] } {
  return {
    propagateOnRejection: false,
    onReject: [(ctx, error) => ctx?.reportError(new GraphQLError(armorMessage(error), { extensions: limitExtensions(limit, max) }))],
  };
}

export function useQueryLimits(config: LimitsConfig, rateLimiter: RateLimiter): Plugin[] {
  const plugins: Plugin[] = [
    EnvelopArmorPlugin({
      // The token count runs inside the parser, with no validation context: armor throws (a
      // syntax error, answered 400); the callback gives that error our code first.
      maxTokens: {
        n: config.queryMaxTokens,
        onReject: [(_ctx, error) => void Object.assign(error.extensions, limitExtensions('QUERY_MAX_TOKENS', config.queryMaxTokens))],
      },
      maxDepth: { n: config.queryMaxDepth, ...reportLimit('QUERY_MAX_DEPTH', config.queryMaxDepth) },
      maxAliases: { n: config.queryMaxAliases, ...reportLimit('QUERY_MAX_ALIASES', config.queryMaxAliases) },
      maxDirectives: { n: config.queryMaxDirectives, ...reportLimit('QUERY_MAX_DIRECTIVES', config.queryMaxDirectives) },
      // Cost is checked at execution (below), where `first: $n` has its value.
      costLimit: { enabled: false },
      // "Did you mean …" spells out the schema; hidden whenever introspection is.
      blockFieldSuggestion: { enabled: !config.introspection, mask: '' },
    }),
    useCostLimit(config.queryMaxCost, rateLimiter, config.rateLimitReport),
  ];
  if (!config.introspection) plugins.push(useNoIntrospection());
  return plugins;
}

/**
 * graphql-armor's cost (objects 2, scalars 1, a selection with `first`/`last` multiplied by it;
 * no extra factor per level, so it reads as "fields × page sizes"), computed on the operation with its variables' page sizes written in, so
 * `users(first: $n)` costs what `users(first: 100)` does. Over the ceiling the operation is not
 * run. Its cost is returned for callers that account for it.
 */
export function operationCost(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | null | undefined, max: number): OperationCost {
  let known = costs.get(document);
  if (!known || known.schema !== schema || known.max !== max) {
    known = { schema, max, cost: hasVariablePageSizes(document) ? null : costOf(schema, document, max) };
    costs.set(document, known);
  }
  return known.cost ?? costOf(schema, withPageSizes(document, variables ?? {}), max);
}

type OperationCost = { cost: number; errors: readonly GraphQLError[] };

// A document's cost depends on nothing else unless a page size is a variable: computed once per
// parsed document (Yoga caches them), as validation is.
const costs = new WeakMap<DocumentNode, { schema: GraphQLSchema; max: number; cost: OperationCost | null }>();

function costOf(schema: GraphQLSchema, document: DocumentNode, max: number): OperationCost {
  let cost = 0;
  const errors = validate(schema, document, [
    costLimitRule({
      maxCost: max,
      depthCostFactor: 1,
      propagateOnRejection: false,
      onAccept: [(_ctx, details: { n: number }) => void (cost = Math.max(cost, details.n))],
      onReject: [(ctx, error) => ctx?.reportError(new GraphQLError(armorMessage(error), { extensions: limitExtensions('QUERY_MAX_COST', max) }))],
    }),
  ]);
  return { cost, errors };
}

const isPageSize = (node: ArgumentNode) => node.name.value === 'first' || node.name.value === 'last';

function hasVariablePageSizes(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Argument(node) {
      if (isPageSize(node) && node.value.kind === Kind.VARIABLE) found = true;
    },
  });
  return found;
}

function withPageSizes(document: DocumentNode, variables: Record<string, unknown>): DocumentNode {
  return visit(document, {
    Argument(node) {
      if (!isPageSize(node) || node.value.kind !== Kind.VARIABLE) return undefined;
      const value = variables[node.value.name.value];
      if (typeof value !== 'number' || !Number.isInteger(value)) return undefined;
      return { ...node, value: { kind: Kind.INT, value: String(value) } };
    },
  });
}

type CostedArgs = {
  schema: GraphQLSchema;
  document: DocumentNode;
  variableValues?: Record<string, unknown> | null;
  contextValue: unknown;
};
type StopWith = (result: { errors: GraphQLError[]; extensions?: Record<string, unknown> }) => void;
type Resultish = { extensions?: Record<string, unknown> } & object;

/**
 * The cost ceiling, then the rate limit: the operation's cost, computed once, is checked
 * against QUERY_MAX_COST and then taken from the caller's bucket (server/rate-limit/). A refused
 * operation does not run. Every query and mutation reports `extensions.cost` (RATE_LIMIT_REPORT).
 */
function useCostLimit(maxCost: number, rateLimiter: RateLimiter, report: boolean): Plugin {
  const charge = async (args: CostedArgs, stop: StopWith): Promise<CostReport | null> => {
    const { cost, errors } = operationCost(args.schema, args.document, args.variableValues, maxCost);
    if (errors.length > 0) {
      stop({ errors: [...errors] });
      return null;
    }
    const context = args.contextValue as RateLimitedContext;
    const decision = await rateLimiter.charge(bucketKeyFor(context.viewer ?? null, clientAddressOf(context)), cost);
    if (decision.allowed) return decision.cost;
    stop({ errors: [rateLimitedError(decision, !context.connectionParams)], ...(report ? { extensions: { cost: decision.cost } } : {}) });
    return null;
  };
  const withCost = (result: Resultish, cost: CostReport) => ({ ...result, extensions: { ...result.extensions, cost } });
  return {
    async onExecute({ args, setResultAndStopExecution }: { args: CostedArgs; setResultAndStopExecution: StopWith }) {
      const cost = await charge(args, setResultAndStopExecution);
      if (!cost || !report) return;
      return {
        onExecuteDone({ result, setResult }: { result: unknown; setResult: (result: Resultish) => void }) {
          if (!isAsyncIterable(result)) setResult(withCost(result as Resultish, cost));
        },
      };
    },
    // A subscription pays once, when it starts; its events carry no report (they are not
    // answers to a request, and each would show a budget already out of date).
    async onSubscribe({ args, setResultAndStopExecution }: { args: CostedArgs; setResultAndStopExecution: StopWith }) {
      await charge(args, setResultAndStopExecution);
    },
  } as Plugin;
}

/** The parts of the context the limiter reads: Yoga's (HTTP) or graphql-ws's server context plus ours. */
type RateLimitedContext = Partial<Pick<Context, 'viewer' | 'clientAddress'>> & {
  /** Present on graphql-ws operations. */
  connectionParams?: unknown;
};

/** The caller's address (through trusted proxies only: TRUST_PROXY); the public key's viewer carries its own. */
function clientAddressOf(context: RateLimitedContext): string | null {
  return context.clientAddress ?? null;
}

/**
 * RATE_LIMITED, with `retryAfter` seconds; over HTTP also status 429 and a Retry-After header
 * (Yoga reads `extensions.http` and leaves it out of the body).
 */
function rateLimitedError(decision: Extract<RateLimitDecision, { allowed: false }>, overHttp: boolean): GraphQLError {
  const { cost, retryAfter } = decision;
  return new GraphQLError(
    `Rate limit exceeded: this operation costs ${cost.requested} points and ${cost.remaining} of ${cost.limit} remain; retry in ${retryAfter} s`,
    {
      extensions: {
        code: 'RATE_LIMITED',
        retryAfter,
        ...(overHttp ? { http: { status: 429, headers: { 'Retry-After': String(retryAfter) } } } : {}),
      },
    },
  );
}

/** Refuses `__schema` and `__type` (`__typename` stays: clients need it). */
function useNoIntrospection(): Plugin {
  const rule = (context: ValidationContext): ASTVisitor => ({
    Field(node) {
      if (node.name.value === '__schema' || node.name.value === '__type') {
        context.reportError(
          new GraphQLError('Introspection is disabled on this server (INTROSPECTION=true enables it)', {
            nodes: node,
            extensions: { code: 'INTROSPECTION_DISABLED' },
          }),
        );
      }
    },
  });
  return { onValidate: ({ addValidationRule }) => addValidationRule(rule) };
}

/**
 * CSRF. A browser sends a cross-site request without asking first (no CORS preflight) only when
 * it is "simple": GET, or a POST of a form-like content type with no custom header. Our
 * credentials travel in headers (authorization, x-pavior-key), never cookies, so a forged
 * request carries no credential; still, a simple POST must show a header a form cannot send:
 * a credential header, or one of these (apollo-require-preflight is what upload links send).
 * GET stays open: Yoga runs only queries over GET.
 */
export const CSRF_HEADERS = ['x-pavior-upload', 'apollo-require-preflight', 'x-graphql-yoga-csrf'];
const PREFLIGHTED_HEADERS = [...CSRF_HEADERS, 'authorization', 'x-pavior-key'];
const SIMPLE_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

export function isSimpleRequest(method: string, contentType: string | null | undefined): boolean {
  if (method !== 'POST') return false;
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return SIMPLE_CONTENT_TYPES.includes(type);
}

/** True when a POST could have been sent cross-site by a form and shows no header proving otherwise. */
export function isCsrfSuspect(method: string, headers: Headers | IncomingHttpHeaders): boolean {
  // Yoga's Headers may be @whatwg-node's, not the global class: test for `get`, not instanceof.
  const get = (name: string) =>
    typeof (headers as Headers).get === 'function' ? (headers as Headers).get(name) : ((headers as IncomingHttpHeaders)[name] as string | undefined);
  if (!isSimpleRequest(method, get('content-type'))) return false;
  return !PREFLIGHTED_HEADERS.some((name) => !!get(name));
}

export const CSRF_MESSAGE = `This request could have been forged by another site: send it as JSON, or with one of the headers ${CSRF_HEADERS.join(', ')}`;

/** The same check for what reaches Yoga directly (the upload handler applies it to multipart). */
export function useCsrfPrevention(): Plugin {
  return {
    onRequest({ request, endResponse, fetchAPI }) {
      if (!isCsrfSuspect(request.method, request.headers)) return;
      endResponse(
        new fetchAPI.Response(JSON.stringify({ errors: [{ message: CSRF_MESSAGE, extensions: { code: 'CSRF_REJECTED' } }] }), {
          status: 403,
          headers: { 'content-type': 'application/json; charset=utf-8' },
        }),
      );
    },
  };
}
