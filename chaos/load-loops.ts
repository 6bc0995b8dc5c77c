/**
 * A small load generator for fault scenarios: concurrent fetch loops of reads and writes (and a
 * /ready probe), where every answer is classified rather than just counted, because the point is
 * *how* requests fail while something is broken:
 *
 * - `ok`: the expected answer;
 * - `clean`: a failure a client can act on: a JSON GraphQL error (any HTTP status), or /ready
 *   answering 503 with `ready: false`;
 * - `unclean`: anything else: a hang past the timeout, a dropped connection, a non-JSON body,
 *   an answer that claims success with the wrong data.
 *
 * Writes create users with unique external ids, so the ones acknowledged can be checked later.
 */
import { gql, type Reply, request } from './scenario.ts';

export type Outcome = 'ok' | 'clean' | 'unclean';
export type Kind = 'read' | 'write' | 'ready';

export interface Sample {
  /** performance.now() when the answer (or the timeout) came. */
  at: number;
  kind: Kind;
  outcome: Outcome;
  /** How long the answer took. */
  ms: number;
  /** For failures: status and a short reason. */
  detail?: string;
}

const READ = `query ChaosRead { users(first: 5) { totalCount edges { node { id externalId } } } }`;
const WRITE = `mutation ChaosWrite($input: CreateUserInput!) { createUser(input: $input) {
  __typename ... on UserPayload { user { id externalId } } ... on Error { code message } } }`;

function classifyGraphql(reply: Reply, ok: (data: any) => boolean): Pick<Sample, 'outcome' | 'detail'> {
  if (reply.timedOut) return { outcome: 'unclean', detail: `timeout after ${reply.ms.toFixed(0)} ms` };
  if (reply.status === 0) return { outcome: 'unclean', detail: `no response: ${reply.text}` };
  if (!reply.json) return { outcome: 'unclean', detail: `${reply.status} non-JSON: ${reply.text.slice(0, 120)}` };
  const errors = reply.json.errors;
  if (Array.isArray(errors) && errors.length && errors.every((e) => typeof e?.message === 'string')) {
    return { outcome: 'clean', detail: `${reply.status} ${errors[0]!.extensions?.code ?? ''} ${errors[0]!.message}`.slice(0, 160) };
  }
  if (reply.status === 200 && ok(reply.json.data)) return { outcome: 'ok' };
  return { outcome: 'unclean', detail: `${reply.status} unexpected: ${reply.text.slice(0, 160)}` };
}

function classifyReady(reply: Reply): Pick<Sample, 'outcome' | 'detail'> {
  if (reply.timedOut) return { outcome: 'unclean', detail: `timeout after ${reply.ms.toFixed(0)} ms` };
  if (reply.status === 0) return { outcome: 'unclean', detail: `no response: ${reply.text}` };
  if (reply.status === 200 && reply.json?.ready === true) return { outcome: 'ok' };
  if (reply.status === 503 && reply.json?.ready === false) return { outcome: 'clean', detail: `503 ${reply.text.slice(0, 80)}` };
  return { outcome: 'unclean', detail: `${reply.status} ${reply.text.slice(0, 120)}` };
}

export interface LoadLoops {
  samples: Sample[];
  /** External ids of the users whose creation was acknowledged (ok). */
  acknowledged: Set<string>;
  /** Stops the loops and waits for requests in flight. */
  stop(): Promise<void>;
}

/**
 * Starts `workers` loops, each alternating a read and a write, plus one /ready probe every
 * `readyEveryMs`. Each request has a hard `timeoutMs`.
 */
export function startLoadLoops(options: { url: string; token: string; workers: number; timeoutMs: number; readyEveryMs?: number; prefix: string }): LoadLoops {
  const graphqlUrl = `${options.url}/graphql`;
  const samples: Sample[] = [];
  const acknowledged = new Set<string>();
  let running = true;
  let sequence = 0;
  const record = (kind: Kind, reply: Reply, result: Pick<Sample, 'outcome' | 'detail'>) => samples.push({ at: performance.now(), kind, ms: reply.ms, ...result });

  const worker = async () => {
    while (running) {
      const read = await gql(graphqlUrl, READ, {}, options.token, options.timeoutMs);
      record('read', read, classifyGraphql(read, (data) => Array.isArray(data?.users?.edges) && typeof data.users.totalCount === 'number'));
      if (!running) break;
      const externalId = `${options.prefix}-${++sequence}`;
      const write = await gql(graphqlUrl, WRITE, { input: { externalId, displayName: `Load ${sequence}` } }, options.token, options.timeoutMs);
      const result = classifyGraphql(write, (data) => data?.createUser?.__typename === 'UserPayload' && data.createUser.user.externalId === externalId);
      if (result.outcome === 'ok') acknowledged.add(externalId);
      record('write', write, result);
      // A connection refused answers at once: do not spin.
      if (result.outcome !== 'ok') await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const readyProbe = async () => {
    while (running) {
      const ready = await request(`${options.url}/ready`, {}, options.timeoutMs);
      record('ready', ready, classifyReady(ready));
      await new Promise((resolve) => setTimeout(resolve, options.readyEveryMs ?? 200));
    }
  };
  const loops = [...Array.from({ length: options.workers }, worker), readyProbe()];
  return {
    samples,
    acknowledged,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

/** Counts of each outcome among `samples` answered in [from, to). */
export function tally(samples: Sample[], from = 0, to = Infinity) {
  const counts = { ok: 0, clean: 0, unclean: 0 };
  for (const s of samples) if (s.at >= from && s.at < to) counts[s.outcome]++;
  return counts;
}
