import { type KyselyPlugin, type RootOperationNode, TableNode } from 'kysely';
import { createApp } from '../../server/app.ts';
import { type Auth, authHeaders, type GqlResponse, type TestApp } from './app.ts';

/** The tables a SELECT reads from at its top level (not in subqueries). */
function selectedTables(node: RootOperationNode): string[] {
  if (node.kind !== 'SelectQueryNode') return [];
  return (node.from?.froms ?? []).flatMap((from) => (TableNode.is(from) ? [from.table.identifier.name] : []));
}

/**
 * A second app on the same test database whose queries are counted, to prove a field is
 * batched: `selectsFrom('identities')` is how many SELECTs read that table since `reset()`.
 */
export function countingApp(t: TestApp) {
  let tables: string[] = [];
  let statements = 0;
  const counter: KyselyPlugin = {
    transformQuery: ({ node }) => {
      statements++;
      tables.push(...selectedTables(node));
      return node;
    },
    transformResult: async ({ result }) => result,
  };
  const app = createApp({ config: t.config, db: t.db.withPlugin(counter), pubsub: t.pubsub });
  return {
    async gql<T = any>(query: string, variables?: Record<string, unknown>, auth?: Auth): Promise<GqlResponse<T>> {
      const response = await app.yoga.fetch('http://pavior.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...authHeaders(auth) },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, ...((await response.json()) as object) };
    },
    reset: () => {
      tables = [];
      statements = 0;
    },
    /** Every statement (any kind) since `reset()`. */
    statements: () => statements,
    selectsFrom: (table: string) => tables.filter((name) => name === table).length,
  };
}
