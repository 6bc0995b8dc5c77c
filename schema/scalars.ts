import { GraphQLScalarType } from 'graphql';
import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import { builder } from './builder.ts';

builder.addScalarType('DateTime', DateTimeResolver, {});

// JSON literals may hold variables (`value: [$a, $b]`); graphql-js passes them as the second
// argument. graphql-jit warns about any scalar whose parseLiteral declares two parameters — it
// parses literals without variables — yet server/compiled-queries.ts never hands it a literal
// that holds one, so the parameter is taken as a rest argument (the function's length is 1).
const parseJsonLiteral = JSONResolver.parseLiteral.bind(JSONResolver);
builder.addScalarType(
  'JSON',
  new GraphQLScalarType({ ...JSONResolver.toConfig(), parseLiteral: (ast, ...variables) => parseJsonLiteral(ast, variables[0]) }),
  {},
);
