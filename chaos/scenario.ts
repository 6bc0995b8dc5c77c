/**
 * The shape every chaos scenario has, and the few helpers they share. A scenario breaks
 * something real (a process, the database, a socket), then checks what the API promised.
 */

export interface ChaosContext {
  /** Admin connection to the shared PostgreSQL, for scratch databases (never restarted). */
  adminUrl: string;
  log(line: string): void;
}

export interface ChaosResult {
  /** Measured figures, printed on the PASS/FAIL line ("key=value" pairs, in order). */
  figures: Record<string, string | number>;
  /** Broken promises; empty means PASS. */
  problems: string[];
}

export interface ChaosScenario {
  /** Short name, used on the command line: `npm run chaos -- <name>`. */
  name: string;
  description: string;
  run(context: ChaosContext): Promise<ChaosResult>;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `check` every `everyMs` until it answers a value other than undefined, or throws after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

export interface Reply {
  /** HTTP status, or 0 when no response arrived. */
  status: number;
  /** Parsed JSON body, when the body was JSON. */
  json?: { data?: any; errors?: { message: string; extensions?: { code?: string } }[] } & Record<string, unknown>;
  /** Raw body (or the network error) for reports. */
  text: string;
  /** The request was aborted at the client's timeout: the server hung. */
  timedOut: boolean;
  ms: number;
}

/** One HTTP request with a hard client-side timeout; never throws. */
export async function request(url: string, init: RequestInit = {}, timeoutMs = 10_000): Promise<Reply> {
  const started = performance.now();
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    const text = await response.text();
    let json: Reply['json'];
    try {
      json = JSON.parse(text) as Reply['json'];
    } catch {
      json = undefined;
    }
    return { status: response.status, json, text, timedOut: false, ms: performance.now() - started };
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError';
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { status: 0, text: `${(error as Error).message}${cause ? ` (${cause})` : ''}`, timedOut, ms: performance.now() - started };
  }
}

/** A GraphQL POST with a hard client-side timeout; never throws. */
export function gql(graphqlUrl: string, query: string, variables: Record<string, unknown> = {}, token?: string, timeoutMs = 10_000): Promise<Reply> {
  return request(
    graphqlUrl,
    {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    },
    timeoutMs,
  );
}

/** Formats a byte count as MB with one decimal. */
export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)}MB`;
