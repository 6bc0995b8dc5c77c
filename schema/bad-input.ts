import { GraphQLError } from 'graphql';
import { ValidationError } from '../server/errors.ts';

/**
 * Queries cannot answer typed errors: a ValidationError from a filter or argument becomes a
 * GraphQL error with extensions.code BAD_USER_INPUT (and the path and issues); others pass on.
 */
export function asBadInput(error: unknown): never {
  if (error instanceof ValidationError) {
    throw new GraphQLError(error.message, { extensions: { code: 'BAD_USER_INPUT', path: error.path, issues: error.issues } });
  }
  throw error;
}
