import { useGraphQlJit } from '@envelop/graphql-jit';
import { type ExecutionArgs, getOperationAST, getVariableValues } from 'graphql';

/**
 * Runs queries through graphql-jit: each document is compiled once (cached by the parsed
 * document Yoga's parser cache hands back) into plain functions, which spend about a third less
 * CPU per request than graphql-js on a page of users (bench/users.ts, bench/profile-users.ts).
 *
 * Only queries, and only those whose variables graphql-js coerces without error. The compiled
 * executor coerces variables its own way: it skips defaults inside input objects, reads uploads
 * differently and answers a bad variable with 200 instead of a request error, and its
 * subscriptions lost filters — mutations and subscriptions failed tests with it, so they stay
 * on graphql-js, as does a query with bad variables (graphql-js answers it with the proper 400).
 */
export function useCompiledQueries() {
  return useGraphQlJit({}, { enableIf: compilable });
}

function compilable(args: ExecutionArgs): boolean {
  const operation = getOperationAST(args.document, args.operationName);
  if (operation?.operation !== 'query') return false;
  const definitions = operation.variableDefinitions ?? [];
  if (definitions.length === 0) return true;
  return !getVariableValues(args.schema, definitions, args.variableValues ?? {}).errors;
}
