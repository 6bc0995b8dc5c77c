import { type DefaultConnectionArguments, resolveCursorConnection, type ResolveCursorConnectionArgs } from '@pothos/plugin-relay';
import { GraphQLError } from 'graphql';
import type { KeysetCursor, KeysetPage } from '../server/lib/keyset.ts';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

function encodeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');
}

export function badCursor(argName: string): GraphQLError {
  return new GraphQLError(`Argument "${argName}" is not a cursor from this connection`, {
    extensions: { code: 'BAD_USER_INPUT' },
  });
}

function decodeCursor(cursor: string | undefined, argName: string): KeysetCursor | undefined {
  if (cursor === undefined) return undefined;
  const [iso, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(iso ?? '');
  if (!id || Number.isNaN(createdAt.getTime())) throw badCursor(argName);
  return { createdAt, id };
}

export function checkPageSize(value: number | null | undefined, name: string): void {
  if (value != null && (value < 1 || value > MAX_PAGE_SIZE)) {
    throw new GraphQLError(`Argument "${name}" must be between 1 and ${MAX_PAGE_SIZE}`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
}

/**
 * A Relay connection over a list ordered by (createdAt, id), read with keyset pagination so a
 * deep page costs what the first one does. `totalCount` runs only when the client asks for it.
 */
export async function keysetConnection<T extends { id: string }>(
  args: DefaultConnectionArguments,
  fetchPage: (page: KeysetPage) => Promise<T[]>,
  count: () => Promise<number>,
  /** The timestamp the list is ordered by (with id); createdAt unless said otherwise. */
  sortedBy: (row: T) => Date = (row) => (row as unknown as { createdAt: Date }).createdAt,
) {
  checkPageSize(args.first, 'first');
  checkPageSize(args.last, 'last');
  const connection = await resolveCursorConnection(
    { args, toCursor: (row: T) => encodeCursor(sortedBy(row), row.id), defaultSize: DEFAULT_PAGE_SIZE, maxSize: MAX_PAGE_SIZE },
    ({ after, before, limit, inverted }: ResolveCursorConnectionArgs) =>
      fetchPage({ after: decodeCursor(after, 'after'), before: decodeCursor(before, 'before'), limit, inverted }),
  );
  return { ...connection, totalCount: count };
}

/**
 * A first page built from rows already fetched (batch loaders fetch `first + 1` rows per parent):
 * the same cursors as keysetConnection, so `after` continues from it.
 */
export function firstPageFromRows<T extends { id: string }>(
  rows: readonly T[],
  first: number,
  sortedBy: (row: T) => Date,
  count: () => Promise<number>,
) {
  const page = rows.slice(0, first);
  const edges = page.map((node) => ({ cursor: encodeCursor(sortedBy(node), node.id), node }));
  return {
    edges,
    pageInfo: {
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
      hasPreviousPage: false,
      hasNextPage: rows.length > first,
    },
    totalCount: count,
  };
}
