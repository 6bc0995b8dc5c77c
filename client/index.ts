// The typed Pavior client. Documents and their result types come from client/generated/ (run
// `npm run codegen` after editing client/operations/); this file only moves them over HTTP.
//
// Two kinds of failure, kept apart on purpose:
// - expected mutation failures (validation, conflict, wrong password…) are part of the result
//   union and come back as values, discriminated by `__typename`;
// - transport failures (no or bad credential, forbidden, network, masked server errors) throw a
//   `PaviorError`.
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
import {
  CreateApiKeyDocument,
  type CreateApiKeyInput,
  type CreateApiKeyMutation,
  CreateTeamDocument,
  type CreateTeamInput,
  type CreateTeamMutation,
  LoginDocument,
  type LoginInput,
  type LoginMutation,
  ViewerDocument,
  type ViewerQuery,
} from './generated/graphql.ts';

export * from './generated/graphql.ts';

/**
 * A typed GraphQL document: one generated in client/generated/ (`ViewerDocument`, …) or any
 * string-mode document carrying its result and variables types.
 */
export type TypedDocument<TResult, TVariables> = DocumentTypeDecoration<TResult, TVariables> &
  (string | String);

/** Variables are optional when the operation declares none or only optional ones. */
export type VariablesArgs<TVariables> = {} extends TVariables
  ? [variables?: TVariables]
  : [variables: TVariables];

export interface ClientOptions {
  /** The server's base URL (`https://pavior.example.com`) or its GraphQL endpoint (`…/graphql`). */
  url: string;
  /** A member's session token (`pav_st_…`), from `createTeam`, `login` or `acceptInvite`. */
  token?: string;
  /** A secret API key (`pav_sk_…`), from `createApiKey`. */
  apiKey?: string;
  /** A `fetch` implementation; defaults to the global one. */
  fetch?: typeof globalThis.fetch;
}

/** One entry of a GraphQL response's `errors` array. */
export interface GraphQLErrorEntry {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: { code?: string; [key: string]: unknown };
}

/**
 * A request that failed as a whole: the server answered with GraphQL `errors` (`code` is their
 * `extensions.code`, e.g. UNAUTHENTICATED or FORBIDDEN), or with an HTTP or network failure
 * (`code` HTTP_ERROR, NETWORK_ERROR or BAD_RESPONSE).
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

  constructor(
    code: string,
    message: string,
    details: { status?: number; errors?: readonly GraphQLErrorEntry[]; data?: unknown; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.status = details.status;
    this.errors = details.errors ?? [];
    this.data = details.data;
  }
}

export interface PaviorClient {
  /** The GraphQL endpoint this client posts to. */
  readonly endpoint: string;
  /**
   * Runs any typed document and resolves to its `data`.
   *
   * @example
   * import { createClient, TeamMembersDocument } from 'pavior/client';
   * const client = createClient({ url: 'http://localhost:4000', apiKey: process.env.PAVIOR_KEY });
   * const { viewer } = await client.request(TeamMembersDocument, { first: 50 });
   * console.log(viewer.team.members.totalCount);
   */
  request<TResult, TVariables>(
    document: TypedDocument<TResult, TVariables>,
    ...args: VariablesArgs<TVariables>
  ): Promise<TResult>;
  /**
   * Who is calling: the member or API key, its scopes and its team.
   *
   * @example
   * const { team, scopes } = await client.viewer();
   */
  viewer(): Promise<ViewerQuery['viewer']>;
  /**
   * Signs a team up; a `CreateTeamPayload` carries the new admin's session token.
   *
   * @example
   * const result = await client.createTeam({ slug: 'acme', name: 'Acme', admin: { email, password } });
   * if (result.__typename === 'CreateTeamPayload') console.log(result.token);
   * else console.error(result.code, result.path);
   */
  createTeam(input: CreateTeamInput): Promise<CreateTeamMutation['createTeam']>;
  /**
   * Logs a member in to one team; a wrong password is a `CredentialsError` value, not a throw.
   *
   * @example
   * const result = await client.login({ teamSlug: 'acme', email, password });
   * if (result.__typename === 'SessionPayload') saveToken(result.token);
   */
  login(input: LoginInput): Promise<LoginMutation['login']>;
  /**
   * Creates a secret API key with scopes (ADMIN session only); its secret is shown only now.
   *
   * @example
   * const result = await admin.createApiKey({ name: 'CRM sync', scopes: ['users:read'] });
   * if (result.__typename === 'CreateApiKeyPayload') store(result.secret);
   */
  createApiKey(input: CreateApiKeyInput): Promise<CreateApiKeyMutation['createApiKey']>;
}

/**
 * Creates a client for one Pavior server and one credential (a session `token` or an `apiKey`,
 * sent as `Authorization: Bearer …`; neither for sign-up and login).
 *
 * @example
 * import { createClient } from 'pavior/client';
 * const anonymous = createClient({ url: 'http://localhost:4000' });
 * const signedUp = await anonymous.createTeam({ slug: 'acme', name: 'Acme', admin: { email, password } });
 * if (signedUp.__typename !== 'CreateTeamPayload') throw new Error(signedUp.message);
 * const admin = createClient({ url: 'http://localhost:4000', token: signedUp.token });
 * const viewer = await admin.viewer();
 */
export function createClient(options: ClientOptions): PaviorClient {
  if (options.token && options.apiKey) {
    throw new TypeError('Pass either `token` or `apiKey` to createClient, not both.');
  }
  const endpoint = graphqlEndpoint(options.url);
  const credential = options.token ?? options.apiKey;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') {
    throw new TypeError('No global fetch is available; pass `fetch` to createClient.');
  }

  async function request<TResult, TVariables>(
    document: TypedDocument<TResult, TVariables>,
    ...[variables]: VariablesArgs<TVariables>
  ): Promise<TResult> {
    const query = documentText(document);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
    };
    if (credential) headers.authorization = `Bearer ${credential}`;

    let response: Response;
    try {
      response = await fetchImpl(endpoint, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query, variables: variables ?? {} }),
      });
    } catch (cause) {
      throw new PaviorError('NETWORK_ERROR', `Could not reach ${endpoint}: ${String(cause)}`, { cause });
    }

    let body: { data?: unknown; errors?: GraphQLErrorEntry[] };
    try {
      body = (await response.json()) as typeof body;
    } catch (cause) {
      throw new PaviorError(
        response.ok ? 'BAD_RESPONSE' : 'HTTP_ERROR',
        `${endpoint} answered HTTP ${response.status} without a GraphQL response`,
        { status: response.status, cause },
      );
    }

    const first = body.errors?.[0];
    if (first) {
      throw new PaviorError(first.extensions?.code ?? 'GRAPHQL_ERROR', first.message, {
        status: response.status,
        errors: body.errors,
        data: body.data,
      });
    }
    if (body.data == null) {
      throw new PaviorError(
        response.ok ? 'BAD_RESPONSE' : 'HTTP_ERROR',
        `${endpoint} answered HTTP ${response.status} with neither data nor errors`,
        { status: response.status },
      );
    }
    return body.data as TResult;
  }

  return {
    endpoint,
    request,
    async viewer() {
      return (await request(ViewerDocument)).viewer;
    },
    async createTeam(input) {
      return (await request(CreateTeamDocument, { input })).createTeam;
    },
    async login(input) {
      return (await request(LoginDocument, { input })).login;
    },
    async createApiKey(input) {
      return (await request(CreateApiKeyDocument, { input })).createApiKey;
    },
  };
}

/** `https://host` and `https://host/graphql` both address `https://host/graphql`. */
function graphqlEndpoint(url: string): string {
  const endpoint = new URL(url);
  if (!/\/graphql\/?$/.test(endpoint.pathname)) {
    endpoint.pathname = `${endpoint.pathname.replace(/\/+$/, '')}/graphql`;
  }
  return endpoint.toString();
}

function documentText(document: string | String): string {
  // Generated documents are `TypedDocumentString`s (documentMode: 'string'); an AST document
  // (`TypedDocumentNode`) would need graphql's `print`, which the client does not ship.
  if (typeof document === 'string') return document;
  if (document instanceof String) return document.toString();
  throw new TypeError('Pass a string-mode typed document, such as one from client/generated/.');
}
