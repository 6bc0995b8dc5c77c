import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type GraphQLParams, type Plugin } from 'graphql-yoga';
import { GraphQLError } from 'graphql';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';

/**
 * Persisted (trusted) documents: codegen's client preset writes every client document to
 * client/generated/persisted-documents.json as `"sha256:<hex>": "<document>"`. A client may send
 * `extensions.persistedQuery = { version: 1, sha256Hash: "<hex>" }` (the Apollo shape Yoga's
 * plugin reads; the `sha256:` prefix is accepted too) instead of the text. With
 * PERSISTED_DOCUMENTS_ONLY the server runs nothing else, over HTTP and WebSocket alike.
 *
 * An unknown hash answers `PersistedQueryNotFound` (extensions.code PERSISTED_QUERY_NOT_IN_LIST);
 * a document sent as text in only-mode answers `PersistedQueryOnly`
 * (CANNOT_SEND_PQ_ID_AND_BODY). The client falls back to the text on the first.
 */
export interface PersistedDocuments {
  /** The document for a hash (`sha256:<hex>` or bare `<hex>`), or undefined. */
  get(id: string): string | undefined;
  readonly size: number;
}

/** The manifest codegen writes next to the generated client. */
export const CLIENT_MANIFEST = fileURLToPath(new URL('../client/generated/persisted-documents.json', import.meta.url));

/** Reads and merges manifests (hash → document). A missing or malformed file is a startup error. */
export function loadPersistedDocuments(files: readonly string[]): PersistedDocuments {
  const documents = new Map<string, string>();
  for (const file of files) {
    let manifest: unknown;
    try {
      manifest = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new Error(`Cannot read the persisted documents manifest ${file}: ${(error as Error).message}`);
    }
    if (!manifest || typeof manifest !== 'object' || Array.isArray(manifest)) {
      throw new Error(`${file} must be a JSON object of hash → document`);
    }
    for (const [hash, document] of Object.entries(manifest)) {
      if (typeof document !== 'string') throw new Error(`${file}: the document of ${hash} is not a string`);
      documents.set(bareHash(hash), document);
    }
  }
  return {
    get: (id) => documents.get(bareHash(id)),
    get size() {
      return documents.size;
    },
  };
}

const bareHash = (id: string) => id.trim().toLowerCase().replace(/^sha256:/, '');

function persistedIdOf(params: Pick<GraphQLParams, 'extensions'> | undefined): string | null {
  const persisted = (params?.extensions as { persistedQuery?: { version?: unknown; sha256Hash?: unknown } } | undefined)?.persistedQuery;
  return persisted && persisted.version === 1 && typeof persisted.sha256Hash === 'string' ? persisted.sha256Hash : null;
}

/** The Yoga plugin for HTTP (and multipart uploads, which reach Yoga as JSON requests). */
export function usePersistedDocuments(documents: PersistedDocuments, only: boolean): Plugin {
  return usePersistedOperations({
    allowArbitraryOperations: !only,
    extractPersistedOperationId: (params) => persistedIdOf(params),
    getPersistedOperation: (id) => documents.get(id) ?? null,
  }) as Plugin;
}

type Enveloped = { parse: (source: string) => unknown };

/**
 * graphql-ws runs operations through `yoga.getEnveloped`, which skips Yoga's request pipeline and
 * so the plugin above. This wraps `parse` for WebSocket operations: a known hash in the payload's
 * extensions runs the manifest's document (whatever text came along); in only-mode anything else
 * is refused. server/websocket.ts returns parse errors to that one subscription.
 */
export function guardWebSocketDocuments<T extends { getEnveloped: (context: any) => Enveloped }>(
  yoga: T,
  documents: PersistedDocuments,
  only: boolean,
): Pick<T, 'getEnveloped'> {
  return {
    getEnveloped(context: { params?: GraphQLParams }) {
      const enveloped = yoga.getEnveloped(context);
      const parse = (source: string) => {
        const id = persistedIdOf(context.params);
        const document = id === null ? undefined : documents.get(id);
        if (document !== undefined) return enveloped.parse(document);
        if (id !== null && (only || !source)) {
          throw new GraphQLError('PersistedQueryNotFound', { extensions: { code: 'PERSISTED_QUERY_NOT_IN_LIST' } });
        }
        if (only) throw new GraphQLError('PersistedQueryOnly', { extensions: { code: 'CANNOT_SEND_PQ_ID_AND_BODY' } });
        return enveloped.parse(source);
      };
      return { ...enveloped, parse };
    },
  } as Pick<T, 'getEnveloped'>;
}
