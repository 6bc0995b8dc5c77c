/**
 * Child process of the load bench: `clients` concurrent clients, each sending one request at a
 * time (closed loop: the next leaves when the answer is read) over its own keep-alive connection,
 * each request an operation drawn by weight from OPERATIONS — reads, writes and heavier queries,
 * as a dashboard and an integrator mix them. autocannon sends one body per run, so this
 * generator is ours; it records, per operation, every latency and every answer that is not a
 * clean 2xx with data: HTTP status, network error, GraphQL `errors`, or a typed error result.
 *
 * Warm-up first (not recorded), then `durationSec` measured: a request counts when it was sent
 * inside the window; at the end no new request leaves and the ones in flight are awaited.
 *
 * load.ts forks this file (runLoadChild), sends one `MixRequest` and receives one reply.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';

export interface MixRequest {
  graphqlUrl: string;
  clients: number;
  warmupSec: number;
  durationSec: number;
  /** Credentials (session tokens, API keys); client i uses credentials[i % length]. */
  credentials: string[];
  /** Global IDs of existing users of the team. */
  userIds: string[];
  /** externalIds of existing users of the team. */
  externalIds: string[];
  tags: string[];
  eventNames: string[];
  /** Unique per run: createUser's externalIds and emails are built from it. */
  runId: string;
  /** Send only BASELINE_OPERATION (the same-run reference the mix is compared with). */
  baseline?: boolean;
}

export interface OperationStats {
  name: string;
  kind: 'read' | 'write' | 'heavy';
  weight: number;
  count: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  maxMs: number;
  non2xx: number;
  status5xx: number;
  networkErrors: number;
  timeouts: number;
  /** Answers with a top-level `errors` array. */
  graphqlErrors: number;
  /** Mutation results that were an error type (ValidationError…) or not what was asked. */
  typedErrors: number;
}

export interface MixResult {
  durationSec: number;
  /** Answers received during the warm-up (not measured, but served: CPU accounting counts them). */
  warmupRequests: number;
  /** Every operation together (weight 100). */
  all: OperationStats;
  operations: OperationStats[];
  statuses: Record<string, number>;
  /** A few distinct problems, for the report. */
  samples: string[];
}

// ─── operations ──────────────────────────────────────────────────────────────────────────────

interface Draw {
  int(n: number): number;
  pick<T>(list: readonly T[]): T;
}

interface Operation {
  name: string;
  kind: OperationStats['kind'];
  weight: number;
  query: string;
  variables(draw: Draw, request: MixRequest, client: number, n: number): Record<string, unknown>;
  /** A problem with a 2xx answer's `data`, or null when it is the expected answer. */
  check(data: any): string | null;
}

const USER_FIELDS = 'id externalId email displayName status lastSeenAt groups { name } tags { name }';
const ORDER_FIELDS = ['CREATED_AT', 'LAST_SEEN_AT', 'EMAIL'] as const;
const PATHS = ['/', '/pricing', '/docs', '/dashboard', '/settings', '/billing'];
const PLANS = ['free', 'pro', 'enterprise'];

const typed = (result: any, expected: string) =>
  result?.__typename === expected ? null : `${result?.__typename ?? 'null'} ${result?.code ?? ''} ${result?.message ?? ''}`.trim();

/** 60 % reads, 30 % writes, 10 % heavier queries. */
export const OPERATIONS: Operation[] = [
  {
    name: 'users-page',
    kind: 'read',
    weight: 25,
    query: `query LoadUsersPage($orderBy: UserOrder) { users(first: 20, orderBy: $orderBy) { totalCount edges { cursor node { ${USER_FIELDS} } } pageInfo { hasNextPage endCursor } } }`,
    variables: (draw) => ({ orderBy: { field: draw.pick(ORDER_FIELDS), direction: draw.pick(['ASC', 'DESC']) } }),
    check: (data) => (data?.users?.edges?.length === 20 ? null : 'a page without 20 users'),
  },
  {
    name: 'user-by-id',
    kind: 'read',
    weight: 20,
    query: `query LoadUser($id: ID!) { user(id: $id) { ${USER_FIELDS} jobTitle properties } }`,
    variables: (draw, request) => ({ id: draw.pick(request.userIds) }),
    check: (data) => (data?.user?.id ? null : 'user not found'),
  },
  {
    name: 'activity',
    kind: 'read',
    weight: 15,
    query: 'query LoadActivity($id: ID!) { user(id: $id) { id events(first: 20) { edges { node { id name occurredAt origin properties } } pageInfo { hasNextPage } } } }',
    variables: (draw, request) => ({ id: draw.pick(request.userIds) }),
    check: (data) => (Array.isArray(data?.user?.events?.edges) ? null : 'no activity connection'),
  },
  {
    name: 'update-user',
    kind: 'write',
    weight: 10,
    query:
      'mutation LoadUpdateUser($input: UpdateUserInput!) { updateUser(input: $input) { __typename ... on UserPayload { user { id jobTitle } } ... on Error { code message } } }',
    variables: (draw, request) => ({
      input: { id: draw.pick(request.userIds), patch: { jobTitle: `Engineer ${draw.int(1000)}`, properties: { seats: 1 + draw.int(50) } } },
    }),
    check: (data) => typed(data?.updateUser, 'UserPayload'),
  },
  {
    name: 'track',
    kind: 'write',
    weight: 10,
    query: 'mutation LoadTrack($input: TrackInput!) { track(input: $input) { __typename ... on Error { code message } } }',
    variables: (draw, request) => ({
      input: { user: { externalId: draw.pick(request.externalIds) }, name: draw.pick(request.eventNames), properties: { path: draw.pick(PATHS) } },
    }),
    check: (data) => typed(data?.track, 'EventPayload'),
  },
  {
    name: 'track-batch-10',
    kind: 'write',
    weight: 5,
    query:
      'mutation LoadTrackBatch($input: TrackBatchInput!) { trackBatch(input: $input) { __typename ... on TrackBatchPayload { accepted rejected { index code } } ... on Error { code message } } }',
    variables: (draw, request) => ({
      input: {
        events: Array.from({ length: 10 }, () => ({
          user: { externalId: draw.pick(request.externalIds) },
          name: draw.pick(request.eventNames),
          properties: { path: draw.pick(PATHS), source: 'web' },
        })),
      },
    }),
    check: (data) => typed(data?.trackBatch, 'TrackBatchPayload') ?? (data.trackBatch.accepted === 10 ? null : `accepted ${data.trackBatch.accepted} of 10`),
  },
  {
    name: 'create-user',
    kind: 'write',
    weight: 5,
    query:
      'mutation LoadCreateUser($input: CreateUserInput!) { createUser(input: $input) { __typename ... on UserPayload { user { id } } ... on Error { code message } } }',
    variables: (draw, request, client, n) => {
      const key = `load-${request.runId}-${client}-${n}`;
      return { input: { externalId: key, email: `${key}@load.example`, displayName: `Load ${client}.${n}`, properties: { plan: draw.pick(PLANS) } } };
    },
    check: (data) => typed(data?.createUser, 'UserPayload'),
  },
  {
    name: 'filtered-users',
    kind: 'heavy',
    weight: 5,
    query: 'query LoadFilteredUsers($filter: UserFilter!) { users(first: 20, filter: $filter) { totalCount edges { node { id email displayName } } } }',
    variables: (draw, request) => ({
      filter: { tags: [draw.pick(request.tags)], properties: [{ key: 'plan', op: 'EQ', value: draw.pick(PLANS) }] },
    }),
    check: (data) => (typeof data?.users?.totalCount === 'number' ? null : 'no totalCount'),
  },
  {
    name: 'event-counts',
    kind: 'heavy',
    weight: 5,
    query: 'query LoadEventCounts($names: [String!]) { eventCounts(days: 30, names: $names) { date count } }',
    variables: (draw, request) => ({ names: [draw.pick(request.eventNames)] }),
    check: (data) => (data?.eventCounts?.length === 30 ? null : `${data?.eventCounts?.length} days instead of 30`),
  },
];

/** The cheapest authenticated request: credential lookup, parse, validate, no resolver. */
export const BASELINE_OPERATION: Operation = {
  name: 'baseline',
  kind: 'read',
  weight: 100,
  query: 'query LoadBaseline { __typename }',
  variables: () => ({}),
  check: (data) => (data?.__typename === 'Query' ? null : 'not Query'),
};

// ─── the generator ───────────────────────────────────────────────────────────────────────────

/** Deterministic PRNG (mulberry32), one per client, so runs draw the same sequence. */
function prng(seed: number): Draw {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { int: (n) => Math.floor(next() * n), pick: (list) => list[Math.floor(next() * list.length)]! };
}

const REQUEST_TIMEOUT_MS = 30_000;

interface Answer {
  status: number;
  body: string;
}

/** One POST on the shared keep-alive agent; rejects on a network error or after the timeout. */
function post(agent: http.Agent, url: URL, headers: Record<string, string>, body: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', agent, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, timeout: REQUEST_TIMEOUT_MS },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    req.on('error', reject);
    req.end(body);
  });
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

interface Tally {
  latencies: number[];
  non2xx: number;
  status5xx: number;
  networkErrors: number;
  timeouts: number;
  graphqlErrors: number;
  typedErrors: number;
}

async function run(request: MixRequest): Promise<MixResult> {
  const url = new URL(request.graphqlUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: request.clients });
  const operations = request.baseline ? [BASELINE_OPERATION] : OPERATIONS;
  const totalWeight = operations.reduce((sum, op) => sum + op.weight, 0);
  const tallies = new Map<string, Tally>();
  const statuses: Record<string, number> = {};
  const samples = new Set<string>();
  const note = (line: string) => {
    if (samples.size < 10) samples.add(line.slice(0, 300));
  };
  const reset = () => {
    for (const op of operations) {
      tallies.set(op.name, { latencies: [], non2xx: 0, status5xx: 0, networkErrors: 0, timeouts: 0, graphqlErrors: 0, typedErrors: 0 });
    }
    for (const key of Object.keys(statuses)) delete statuses[key];
    samples.clear();
  };
  reset();

  let recording = false;
  let warmupRequests = 0;
  let stopAt = Number.POSITIVE_INFINITY;
  // Requests sent per client over warm-up and measurement: createUser's keys stay unique.
  const sent = new Array<number>(request.clients).fill(0);
  const draws = Array.from({ length: request.clients }, (_, client) => prng(0x5eed + client));
  const clientLoop = async (client: number) => {
    const draw = draws[client]!;
    const headers = {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      authorization: `Bearer ${request.credentials[client % request.credentials.length]}`,
    };
    while (performance.now() < stopAt) {
      const n = sent[client]!++;
      let r = draw.int(totalWeight);
      const op = operations.find((o) => (r -= o.weight) < 0)!;
      const body = JSON.stringify({ query: op.query, variables: op.variables(draw, request, client, n), operationName: op.query.match(/^\w+ (\w+)/)?.[1] });
      const counted = recording;
      const t0 = performance.now();
      let answer: Answer;
      try {
        answer = await post(agent, url, headers, body);
      } catch (error) {
        if (!counted) continue;
        const tally = tallies.get(op.name)!;
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'TIMEOUT') tally.timeouts++;
        else tally.networkErrors++;
        note(`${op.name}: ${code ?? ''} ${(error as Error).message}`);
        continue;
      }
      const ms = performance.now() - t0;
      if (!counted) {
        warmupRequests++;
        continue;
      }
      const tally = tallies.get(op.name)!;
      tally.latencies.push(ms);
      statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
      if (answer.status < 200 || answer.status > 299) {
        tally.non2xx++;
        if (answer.status >= 500) tally.status5xx++;
        note(`${op.name}: HTTP ${answer.status} ${answer.body.slice(0, 200)}`);
        continue;
      }
      let json: { data?: unknown; errors?: { message?: string; extensions?: { code?: string } }[] };
      try {
        json = JSON.parse(answer.body) as typeof json;
      } catch {
        tally.graphqlErrors++;
        note(`${op.name}: a 2xx that is not JSON: ${answer.body.slice(0, 200)}`);
        continue;
      }
      if (json.errors?.length) {
        tally.graphqlErrors++;
        note(`${op.name}: ${json.errors[0]?.extensions?.code ?? ''} ${json.errors[0]?.message ?? ''}`);
        continue;
      }
      const problem = op.check(json.data);
      if (problem) {
        tally.typedErrors++;
        note(`${op.name}: ${problem}`);
      }
    }
  };

  // Warm-up: every client running, nothing recorded.
  stopAt = performance.now() + request.warmupSec * 1000;
  await Promise.all(Array.from({ length: request.clients }, (_, i) => clientLoop(i)));
  // Measured window.
  reset();
  recording = true;
  const start = performance.now();
  stopAt = start + request.durationSec * 1000;
  await Promise.all(Array.from({ length: request.clients }, (_, i) => clientLoop(i)));
  const durationSec = (performance.now() - start) / 1000;
  agent.destroy();

  const summarise = (name: string, kind: OperationStats['kind'], weight: number, tally: Tally): OperationStats => {
    const sorted = Float64Array.from(tally.latencies).sort();
    const sum = tally.latencies.reduce((a, b) => a + b, 0);
    return {
      name,
      kind,
      weight,
      count: tally.latencies.length + tally.networkErrors + tally.timeouts,
      p50Ms: percentile(sorted, 50),
      p99Ms: percentile(sorted, 99),
      meanMs: sorted.length ? sum / sorted.length : 0,
      maxMs: sorted.length ? sorted[sorted.length - 1]! : 0,
      non2xx: tally.non2xx,
      status5xx: tally.status5xx,
      networkErrors: tally.networkErrors,
      timeouts: tally.timeouts,
      graphqlErrors: tally.graphqlErrors,
      typedErrors: tally.typedErrors,
    };
  };
  const stats = operations.map((op) => summarise(op.name, op.kind, op.weight, tallies.get(op.name)!));
  const every = [...tallies.values()];
  const total = (pick: (t: Tally) => number) => every.reduce((sum, t) => sum + pick(t), 0);
  const all = summarise('all', 'read', totalWeight, {
    latencies: every.flatMap((t) => t.latencies),
    non2xx: total((t) => t.non2xx),
    status5xx: total((t) => t.status5xx),
    networkErrors: total((t) => t.networkErrors),
    timeouts: total((t) => t.timeouts),
    graphqlErrors: total((t) => t.graphqlErrors),
    typedErrors: total((t) => t.typedErrors),
  });
  return { durationSec, warmupRequests, all, operations: stats, statuses, samples: [...samples] };
}

process.once('message', (request: MixRequest) => {
  run(request).then(
    (result) => process.send?.({ ok: true, result }, () => process.exit(0)),
    (error) => process.send?.({ ok: false, error: error instanceof Error ? error.message : String(error) }, () => process.exit(0)),
  );
});

// The parent went away (crash, Ctrl-C): nothing is left to report to.
process.once('disconnect', () => process.exit(1));
