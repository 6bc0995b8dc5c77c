/**
 * The price of rate limiting: requests/s of the cheapest authenticated query (an API key's
 * `{ viewer { team { slug } scopes } }`, where the limiter's share of the work is largest) on
 * the bench app (rate limits off, the baseline), on a second instance with in-process buckets,
 * and — when Redis answers at BENCH_REDIS_URL (default redis://127.0.0.1:6379) — on one with
 * buckets in Redis (one Lua script per request). The budgets are far above what the load spends,
 * so every answer is a 200: what is measured is the check, not refusals.
 */
import { Redis } from 'ioredis';
import { createApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { createAppPubSub } from '../server/pubsub.ts';
import {
  authHeaders,
  type Bench,
  type BenchApp,
  formatPercent,
  graphql,
  measureScenarios,
  postGraphql,
  type Scenario,
  type ScenarioResult,
} from './lib.ts';

const TEAM_SLUG = 'bench-rate-limit';
const VIEWER_QUERY = '{ viewer { team { slug } scopes } }';
/** Never spent by a bench run: the limiter checks and reports, and always lets through. */
const HUGE = '1000000000';

async function redisAnswers(redisUrl: string): Promise<boolean> {
  const probe = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 2000 });
  probe.on('error', () => {});
  try {
    await probe.connect();
    await probe.ping();
    return true;
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

/** A second instance on the bench database with rate limits on (buckets in Redis when `redisUrl`). */
async function startLimitedInstance(app: BenchApp, redisUrl?: string) {
  const config = loadConfig({
    NODE_ENV: app.config.env,
    DATABASE_URL: app.databaseUrl,
    LOG_LEVEL: app.config.logLevel,
    SHUTDOWN_GRACE_MS: '2000',
    RATE_LIMIT: 'true',
    RATE_LIMIT_POINTS: HUGE,
    RATE_LIMIT_REFILL_PER_SECOND: HUGE,
    ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
  });
  // In-process pub/sub either way: only the buckets are under test.
  const pubsub = createAppPubSub();
  const instance = createApp({ config, db: app.db, pubsub });
  const url = await instance.start(0, '127.0.0.1');
  return {
    graphqlUrl: `${url}/graphql`,
    async stop() {
      await instance.stop();
      await pubsub.close();
    },
  };
}

export const rateLimitBench: Bench = {
  name: 'rate-limit',
  description: 'viewer query with rate limits off vs. buckets in process vs. buckets in Redis',
  async run({ app, settings, log }) {
    log(`  setup: createTeam "${TEAM_SLUG}" and an API key (users:read)`);
    const team = await graphql(app.graphqlUrl, `mutation($input: CreateTeamInput!) { createTeam(input: $input) { ... on CreateTeamPayload { token } } }`, {
      input: { slug: TEAM_SLUG, name: 'Bench Rate Limit', admin: { email: 'bench@example.com', password: 'bench-password-123', name: 'Bench' } },
    });
    const key = await graphql(
      app.graphqlUrl,
      `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { ... on CreateApiKeyPayload { secret } } }`,
      { input: { name: 'bench', scopes: ['users:read'] } },
      team.createTeam.token,
    );
    const headers = authHeaders(key.createApiKey.secret as string);
    const body = JSON.stringify({ query: VIEWER_QUERY });

    const off = await postGraphql(app.graphqlUrl, body, headers);
    if (off.status !== 200 || off.json.data?.viewer?.team?.slug !== TEAM_SLUG) throw new Error(`viewer query answered ${off.status}: ${off.text}`);

    const redisUrl = process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379';
    const withRedis = await redisAnswers(redisUrl);
    if (!withRedis) log(`  Redis does not answer at ${redisUrl}: measuring in-process buckets only`);
    const instances = [
      { name: 'in-process', description: 'rate limits on, buckets in this process', instance: await startLimitedInstance(app) },
      ...(withRedis ? [{ name: 'redis', description: 'rate limits on, buckets in Redis (Lua)', instance: await startLimitedInstance(app, redisUrl) }] : []),
    ];
    try {
      // Off is measured first and again last, so a drift of the machine's load during the run
      // shows, and the baseline is their mean.
      // No exact-body check for any scenario (the limited ones' bodies change): checking bodies
      // costs the load generator CPU on the cores the server uses, and would favour the others.
      const offScenario = (name: string): Scenario => ({ name, description: 'viewer query, API key, RATE_LIMIT=false', headers, body });
      const results: ScenarioResult[] = await measureScenarios(app.graphqlUrl, [offScenario('off')], settings, log);
      for (const { name, description, instance } of instances) {
        // The body carries a changing `extensions.cost.remaining`: checked once here, then by status.
        const sample = await postGraphql(instance.graphqlUrl, body, headers);
        if (sample.status !== 200 || sample.json.data?.viewer?.team?.slug !== TEAM_SLUG || !(sample.json as any).extensions?.cost?.remaining) {
          throw new Error(`${name}: viewer query answered ${sample.status}: ${sample.text}`);
        }
        const scenario: Scenario = { name, description, headers, body, baseline: 'off' };
        results.push(...(await measureScenarios(instance.graphqlUrl, [scenario], settings, log)));
      }
      results.push(...(await measureScenarios(app.graphqlUrl, [offScenario('off-again')], settings, log)));
      const offs = results.filter((r) => r.scenario.startsWith('off'));
      const baselineRps = offs.reduce((sum, r) => sum + r.requestsPerSec, 0) / offs.length;
      const limited = results.filter((r) => !r.scenario.startsWith('off'));
      for (const result of limited) {
        result.baseline = 'off (mean)';
        result.percentOfBaseline = (result.requestsPerSec / baselineRps) * 100;
      }
      const notes = [
        `baseline: mean of off and off-again, ${baselineRps.toFixed(0)} req/s (they differ by ${formatPercent((Math.abs(offs[0]!.requestsPerSec - offs[1]!.requestsPerSec) / baselineRps) * 100)}: the machine's drift)`,
        ...limited.map((r) => `price of rate limiting (${r.scenario}): ${formatPercent(r.percentOfBaseline)} of the requests/s without it`),
      ];
      return { scenarios: results, notes };
    } finally {
      for (const { instance } of instances) await instance.stop();
    }
  },
};
