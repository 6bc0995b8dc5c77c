// HTTP transport of the client: persisted documents with fallback, retries with backoff, and
// GraphQL multipart uploads. Runs in Node ≥ 20 and browsers (fetch, FormData, Blob); it imports
// nothing but types.
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';

/**
 * A typed GraphQL document: one generated in client/generated/ (`ViewerDocument`, …) or any
 * string-mode document carrying its result and variables types.
 */
export type TypedDocument<TResult, TVariables> = DocumentTypeDecoration<TResult, TVariables> & (string | String);

/** Variables are optional when the operation declares none or only optional ones. */
export type VariablesArgs<TVariables> = {} extends TVariables ? [variables?: TVariables] : [variables: TVariables];

/** One entry of a GraphQL response's `errors` array. */
export interface GraphQLErrorEntry {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: { code?: string; [key: string]: unknown };
}

/**
 * A request that failed as a whole: the server answered with GraphQL `errors` (`code` is their
 * `extensions.code`, e.g. UNAUTHENTICATED or FORBIDDEN), or with an HTTP or network failure
 * (`code` NETWORK_ERROR, RATE_LIMITED (429), UNAVAILABLE (503), HTTP_ERROR or BAD_RESPONSE).
 *
 * @example
 * try {
 *   await client.viewer();
 * } catch (error) {
 *   if (error instanceof PaviorError && error.code === 'UNAUTHENTICATED') await logInAgain();
 *   else throw error;
 * }
 */
export class PaviorError extends Error {
  override readonly name = 'PaviorError';
  /** Machine-readable; stable. */
  readonly code: string;
  /** HTTP status of the response, when there was one. */
  readonly status: number | undefined;
  /** Every GraphQL error of the response (the first one gives `code` and `message`). */
  readonly errors: readonly GraphQLErrorEntry[];
  /** Any partial data the server returned alongside the errors. */
  readonly data: unknown;
  /** How many times the request was sent (retries included). */
  readonly attempts: number;

  constructor(
    code: string,
    message: string,
    details: { status?: number; errors?: readonly GraphQLErrorEntry[]; data?: unknown; cause?: unknown; attempts?: number } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.status = details.status;
    this.errors = details.errors ?? [];
    this.data = details.data;
    this.attempts = details.attempts ?? 1;
  }
}

/**
 * When a failed request is sent again. Defaults: 4 attempts in all, waits drawn at random from
 * [0, min(maxDelayMs, baseDelayMs · 2^retry)] ("full jitter"), a `Retry-After` header honoured up
 * to maxDelayMs.
 *
 * The rule: a request is retried only when sending it again cannot do anything twice.
 * - Queries (reads) are retried on network errors, 429, 502, 503 and 504.
 * - Mutations (and uploads) are retried on 429 and 503 — answers that by HTTP semantics mean the
 *   request was not handled — and on network errors that happen before the request is sent
 *   (connection refused, DNS failure, host unreachable, connect timeout). A connection reset
 *   or a timeout after sending may mean the server did the work, so it is not retried.
 */
export interface RetryOptions {
  /** Attempts in all, the first included; 1 disables retries. Default 4. */
  attempts?: number;
  /** Default 250. */
  baseDelayMs?: number;
  /** Default 8000. */
  maxDelayMs?: number;
  /** Called before each retry (for logging). */
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
}

export interface TransportOptions {
  endpoint: string;
  headers: Record<string, string>;
  fetch: typeof globalThis.fetch;
  persistedDocuments: boolean;
  retry: RetryOptions | false;
}

/** A file for an upload variable: a Blob/File, with a name when the Blob has none. */
export interface UploadFile {
  path: string;
  file: Blob;
  name: string;
}

type OperationKind = 'query' | 'mutation' | 'subscription';

/** Network error codes meaning the request never left this machine. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/** The `sha256:<hex>` codegen put on a generated document, if any. */
export function documentHash(document: string | String): string | undefined {
  const meta = (document as { __meta__?: { hash?: unknown } }).__meta__;
  return typeof meta?.hash === 'string' ? meta.hash : undefined;
}

export function documentText(document: string | String): string {
  // Generated documents are `TypedDocumentString`s (documentMode: 'string'); an AST document
  // (`TypedDocumentNode`) would need graphql's `print`, which the client does not ship.
  if (typeof document === 'string') return document;
  if (document instanceof String) return document.toString();
  throw new TypeError('Pass a string-mode typed document, such as one from client/generated/.');
}

/** The kind of the document's (first) operation, read without a GraphQL parser. */
export function operationKind(text: string): OperationKind {
  let depth = 0;
  let inFragment = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '"') {
      const block = text.startsWith('"""', i);
      const end = block ? text.indexOf('"""', i + 3) : text.indexOf('"', i + 1);
      i = end < 0 ? text.length : end + (block ? 2 : 0);
    } else if (c === '{') {
      if (depth === 0 && !inFragment) return 'query'; // the `{ … }` shorthand
      depth++;
    } else if (c === '}') {
      depth--;
      if (depth === 0) inFragment = false;
    } else if (depth === 0 && /[A-Za-z_]/.test(c)) {
      const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i))![0];
      if (word === 'query' || word === 'mutation' || word === 'subscription') return word;
      if (word === 'fragment') inFragment = true;
      i += word.length - 1;
    }
  }
  return 'query';
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function retryAfterMs(response: Response): number | undefined {
  const header = response.headers.get('retry-after');
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

const isPersistedNotFound = (status: number, errors: readonly GraphQLErrorEntry[] | undefined) =>
  !!errors?.some(
    (error) =>
      error.extensions?.code === 'PERSISTED_QUERY_NOT_IN_LIST' ||
      error.message === 'PersistedQueryNotFound' ||
      // A server without persisted documents reads no query at all.
      (status === 400 && error.message === 'Must provide query string.'),
  );

/** The HTTP side of a client: one `send` for JSON and multipart requests. */
export function createTransport(options: TransportOptions) {
  const { endpoint, headers, persistedDocuments } = options;
  const fetchImpl = options.fetch;
  const retry = options.retry === false ? { attempts: 1 } : options.retry;
  const maxAttempts = Math.max(1, Math.floor(retry.attempts ?? 4));
  const baseDelayMs = retry.baseDelayMs ?? 250;
  const maxDelayMs = retry.maxDelayMs ?? 8000;
  // Hashes this server answered PersistedQueryNotFound for: sent as text from then on.
  const unknownHashes = new Set<string>();

  function body(text: string, hash: string | undefined, variables: unknown, asText: boolean) {
    if (hash && !asText) {
      return { variables, extensions: { persistedQuery: { version: 1, sha256Hash: hash.replace(/^sha256:/, '') } } };
    }
    return { query: text, variables };
  }

  function build(payload: object, files: readonly UploadFile[]): RequestInit {
    const requestHeaders: Record<string, string> = { accept: 'application/graphql-response+json, application/json', ...headers };
    if (files.length === 0) {
      return { method: 'POST', headers: { ...requestHeaders, 'content-type': 'application/json' }, body: JSON.stringify(payload) };
    }
    // GraphQL multipart request spec: `operations` (files as null), `map`, then the files.
    const form = new FormData();
    form.append('operations', JSON.stringify(payload));
    form.append('map', JSON.stringify(Object.fromEntries(files.map((file, index) => [String(index), [file.path]]))));
    files.forEach((file, index) => form.append(String(index), file.file, file.name));
    // fetch sets the multipart content-type with its boundary; the header tells the server's
    // CSRF check that no HTML form sent this.
    return { method: 'POST', headers: { ...requestHeaders, 'x-pavior-upload': '1' }, body: form };
  }

  async function send<TResult>(document: string | String, variables: unknown, files: readonly UploadFile[] = []): Promise<TResult> {
    const text = documentText(document);
    const hash = persistedDocuments ? documentHash(document) : undefined;
    const kind = operationKind(text);
    let asText = !hash || unknownHashes.has(hash);
    let attempt = 0;

    for (;;) {
      attempt++;
      const canRetry = attempt < maxAttempts;
      const wait = async (reason: string, minimum?: number) => {
        const jitter = Math.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
        const delayMs = minimum === undefined ? jitter : Math.min(maxDelayMs, Math.max(minimum, jitter));
        retry.onRetry?.({ attempt, delayMs, reason });
        await sleep(delayMs);
      };

      let response: Response;
      try {
        response = await fetchImpl(endpoint, build(body(text, hash, variables ?? {}, asText), files));
      } catch (cause) {
        const code = networkCode(cause);
        const safe = kind === 'query' || (code !== undefined && NEVER_SENT.has(code));
        if (safe && canRetry) {
          await wait(`network error${code ? ` ${code}` : ''}`);
          continue;
        }
        throw new PaviorError('NETWORK_ERROR', `Could not reach ${endpoint}: ${String((cause as Error)?.cause ?? cause)}`, { cause, attempts: attempt });
      }

      const status = response.status;
      const transient = status === 429 || status === 503 || (kind === 'query' && (status === 502 || status === 504));
      if (transient) {
        if (canRetry) {
          await response.body?.cancel().catch(() => {});
          await wait(`HTTP ${status}`, retryAfterMs(response));
          continue;
        }
        const code = status === 429 ? 'RATE_LIMITED' : status === 503 ? 'UNAVAILABLE' : 'HTTP_ERROR';
        throw new PaviorError(code, `${endpoint} answered HTTP ${status} (${attempt} attempts)`, { status, attempts: attempt });
      }

      let result: { data?: unknown; errors?: GraphQLErrorEntry[] };
      try {
        result = (await response.json()) as typeof result;
      } catch (cause) {
        throw new PaviorError(response.ok ? 'BAD_RESPONSE' : 'HTTP_ERROR', `${endpoint} answered HTTP ${status} without a GraphQL response`, {
          status,
          cause,
          attempts: attempt,
        });
      }

      if (!asText && isPersistedNotFound(status, result.errors)) {
        // The server does not know this hash (an older or newer deployment): send the text. Not
        // a retry — the server did nothing with the request.
        unknownHashes.add(hash!);
        asText = true;
        attempt--;
        continue;
      }

      const first = result.errors?.[0];
      if (first) {
        throw new PaviorError(first.extensions?.code ?? 'GRAPHQL_ERROR', first.message, {
          status,
          errors: result.errors,
          data: result.data,
          attempts: attempt,
        });
      }
      if (result.data == null) {
        throw new PaviorError(response.ok ? 'BAD_RESPONSE' : 'HTTP_ERROR', `${endpoint} answered HTTP ${status} with neither data nor errors`, {
          status,
          attempts: attempt,
        });
      }
      return result.data as TResult;
    }
  }

  return { send };
}

export type Transport = ReturnType<typeof createTransport>;
