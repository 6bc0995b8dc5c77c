import { GraphQLError } from 'graphql';
import { resolveUploadToken } from '../server/uploads.ts';
import { builder } from './builder.ts';

// The `File` scalar: a file sent with the request as a GraphQL multipart request. The upload
// handler (server/uploads.ts) has already streamed it to a temporary file and put a token in the
// variables; the scalar turns the token back into that file. Input only.

builder.scalarType('File', {
  description:
    'A file sent with this request: POST multipart/form-data to /graphql following the GraphQL multipart request spec ' +
    '(fields `operations`, then `map`, then the files), with the variable set to null in `operations`. Input only.',
  serialize: () => {
    throw new GraphQLError('File is an input-only scalar');
  },
  parseValue: (value) => {
    const file = resolveUploadToken(value);
    if (!file) throw new GraphQLError('A File variable must be sent as a file of a multipart request (GraphQL multipart request spec)');
    return file;
  },
  parseLiteral: () => {
    throw new GraphQLError('A File cannot be written in the query: pass it as a variable of a multipart request');
  },
});
