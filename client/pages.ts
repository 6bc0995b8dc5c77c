// Cursor connections as async iterables: `for await (const user of client.users.list())` walks
// every page, fetching the next one only when the previous is used up. A server may cap what one
// request costs (QUERY_MAX_COST): a page it refuses as too costly is asked again, smaller, and
// the size that fits is remembered for the next lists of that kind.
import { PaviorError } from './transport.ts';

/** One page of a connection. */
export interface Page<T> {
  items: T[];
  totalCount: number;
  hasNextPage: boolean;
  endCursor: string | null;
}

/**
 * Every item of a list, page by page. Iterate it with `for await`; `pages()` yields whole pages
 * (with `totalCount`); `toArray()` collects everything (mind large lists).
 */
export interface Paged<T> extends AsyncIterable<T> {
  pages(): AsyncIterable<Page<T>>;
  toArray(): Promise<T[]>;
  /** The first page only. */
  first(): Promise<Page<T>>;
}

/** What a page query answers: a Relay connection (or null when its parent is gone). */
export interface ConnectionShape<T> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: ReadonlyArray<{ node: T }>;
}

/** Page sizes that fit the server's cost limit, per list (shared by one client's lists). */
export type PageSizeMemo = Map<string, number>;

/**
 * The next page size to try after `error`, or undefined when the error is not a cost refusal.
 * The refusal says the limit (`extensions.max`) and the cost found ("… found 41014."): scale
 * the page by their ratio, with a margin; without them, halve it.
 */
export function smallerPageSize(error: unknown, size: number): number | undefined {
  if (!(error instanceof PaviorError) || error.code !== 'LIMIT_EXCEEDED' || size <= 1) return undefined;
  const extensions = error.errors[0]?.extensions;
  if (extensions?.limit !== 'QUERY_MAX_COST') return undefined;
  const max = Number(extensions.max);
  const found = Number(/found (\d+(?:\.\d+)?)/.exec(error.message)?.[1]);
  const scaled = max > 0 && found > 0 ? Math.floor((size * max * 0.9) / found) : Math.floor(size / 2);
  return Math.max(1, Math.min(size - 1, scaled));
}

export function paged<T>(
  fetchPage: (after: string | null, size: number) => Promise<ConnectionShape<T> | null>,
  options: { size: number; key: string; memo: PageSizeMemo },
): Paged<T> {
  let size = Math.min(options.size, options.memo.get(options.key) ?? Infinity);

  async function fetchFitting(after: string | null): Promise<ConnectionShape<T> | null> {
    for (;;) {
      try {
        return await fetchPage(after, size);
      } catch (error) {
        const next = smallerPageSize(error, size);
        if (next === undefined) throw error;
        size = next;
        options.memo.set(options.key, size);
      }
    }
  }

  async function load(after: string | null): Promise<Page<T>> {
    const connection = await fetchFitting(after);
    if (!connection) return { items: [], totalCount: 0, hasNextPage: false, endCursor: null };
    return {
      items: connection.edges.map((edge) => edge.node),
      totalCount: connection.totalCount,
      hasNextPage: connection.pageInfo.hasNextPage,
      endCursor: connection.pageInfo.endCursor,
    };
  }

  async function* pages(): AsyncGenerator<Page<T>> {
    let after: string | null = null;
    for (;;) {
      const page = await load(after);
      yield page;
      if (!page.hasNextPage || !page.endCursor) return;
      after = page.endCursor;
    }
  }

  return {
    pages,
    async *[Symbol.asyncIterator]() {
      for await (const page of pages()) yield* page.items;
    },
    async toArray() {
      const all: T[] = [];
      for await (const page of pages()) all.push(...page.items);
      return all;
    },
    first: () => load(null),
  };
}
