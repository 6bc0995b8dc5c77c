import { useGraphQlJit } from '@envelop/graphql-jit';
import {
  type DocumentNode,
  type ExecutionArgs,
  getOperationAST,
  getNamedType,
  getNullableType,
  getVariableValues,
  type GraphQLInputType,
  type GraphQLSchema,
  isListType,
  isScalarType,
  type OperationDefinitionNode,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql';

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
 *
 * Nor a query with a variable inside a scalar's literal (`value: [$a, $b]` of a JSON argument):
 * graphql-jit parses literals once, at compile time, without variables, so it would read
 * `[null, null]` (it warns "Scalar with variable inputs detected…" whenever it meets such a
 * scalar). graphql-js parses them with the request's variables.
 */
export function useCompiledQueries() {
  return useGraphQlJit({}, { enableIf: compilable });
}

function compilable(args: ExecutionArgs): boolean {
  const operation = compilableOperation(args.schema, args.document, args.operationName);
  if (!operation) return false;
  const definitions = operation.variableDefinitions ?? [];
  if (definitions.length === 0) return true;
  return !getVariableValues(args.schema, definitions, args.variableValues ?? {}).errors;
}

// What depends on the document alone is worked out once per parsed document (Yoga caches them).
const operations = new WeakMap<DocumentNode, Map<string, OperationDefinitionNode | null>>();

/** The operation to run when it is a query graphql-jit runs faithfully, else null. */
function compilableOperation(schema: GraphQLSchema, document: DocumentNode, operationName?: string | null): OperationDefinitionNode | null {
  let byName = operations.get(document);
  if (!byName) operations.set(document, (byName = new Map()));
  const key = operationName ?? '';
  let operation = byName.get(key);
  if (operation === undefined) {
    const found = getOperationAST(document, operationName);
    operation = found?.operation === 'query' && !hasVariableInScalarLiteral(schema, document, found) ? found : null;
    byName.set(key, operation);
  }
  return operation;
}

/** Whether a variable sits inside a list or object literal of a scalar type (e.g. JSON). */
function hasVariableInScalarLiteral(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): boolean {
  const typeInfo = new TypeInfo(schema);
  let insideScalar = 0;
  let found = false;
  // A list literal of a scalar that is not a list type, or an object literal of one: a value the
  // scalar's parseLiteral reads whole. (TypeInfo has already entered the list: its type is the parent.)
  const scalarLiteral = (type: GraphQLInputType | null | undefined, list: boolean) =>
    !!type && !(list && isListType(getNullableType(type))) && isScalarType(getNamedType(type));
  const visitor = visitWithTypeInfo(typeInfo, {
    VariableDefinition: () => false,
    ListValue: {
      enter: () => void (scalarLiteral(typeInfo.getParentInputType(), true) && insideScalar++),
      leave: () => void (scalarLiteral(typeInfo.getParentInputType(), true) && insideScalar--),
    },
    ObjectValue: {
      enter: () => void (scalarLiteral(typeInfo.getInputType(), false) && insideScalar++),
      leave: () => void (scalarLiteral(typeInfo.getInputType(), false) && insideScalar--),
    },
    Variable() {
      if (insideScalar > 0 || !typeInfo.getInputType()) found = true;
    },
  });
  // Fragments are walked too: a fragment's variables belong to the operation that spreads it.
  visit(operation, visitor);
  for (const definition of document.definitions) if (definition.kind === 'FragmentDefinition') visit(definition, visitor);
  return found;
}
