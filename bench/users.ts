/**
 * Users at scale. Seeds 100,000 users (and a second team of 10,000, so tenancy filtering is real)
 * with set-based SQL, then measures, in one run:
 *
 * - page-sql: a page of 50 users with their groups and tags, the count and hasNextPage, as one
 *   hand-written statement returning the JSON body, driven by a `pg` pool the size of the app's
 *   pool with as many concurrent loops as autocannon has connections (sql-load-child.ts);
 * - page-graphql: the same page through `users(first: 50)` with an API key, under autocannon;
 *   its requests/s as a share of page-sql's is the price of the API (target ≥ 50 %);
 * - filtered: `users(first: 50, filter: {tags, properties: plan = pro})` one request at a time,
 *   median and p95 (target median < 20 ms), with EXPLAIN (ANALYZE, BUFFERS) of the SQL the app
 *   generates for it.
 *
 * Environment (besides run.ts's): BENCH_USERS (default 100000), BENCH_OTHER_USERS (default
 * 10000), BENCH_FILTER_RUNS (sequential filtered requests measured, default 200), BENCH_ROUNDS
 * (interleaved rounds the BENCH_DURATION of each page scenario is split into, default 1). More
 * rounds share background load out more evenly, but every autocannon run starts with all its
 * connections waiting at once: the first ≈ connections ÷ req/s seconds complete little, which
 * costs a slow scenario (GraphQL here: ≈ 1 s) a larger share of a short slice than a fast one.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { isObjectType } from 'graphql';
import { CamelCasePlugin, type CompiledQuery, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { schema } from '../schema/index.ts';
import { toUserFilter } from '../schema/user.ts';
import type { Database } from '../server/db/types.ts';
import { listPropertyDefinitions } from '../server/modules/properties/queries.ts';
import { countUsers, DEFAULT_USER_ORDER, listUsers } from '../server/modules/users/list.ts';
import {
  authHeaders,
  type Bench,
  type BenchApp,
  type BenchSettings,
  createBenchApiKey,
  createBenchTeam,
  formatNumber,
  formatPercent,
  type LoadResult,
  postGraphql,
  runLoad,
  runSqlLoad,
  type ScenarioResult,
  settle,
} from './lib.ts';
import { canReadBackendCpu, otherBackendPids, processCpuMs } from './cpu.ts';

const PAGE_SIZE = 50;
/** Share of hand-written SQL's requests/s the GraphQL page must reach. */
const TARGET_PERCENT_OF_SQL = 50;
/** Median latency the filtered query must stay under, in ms. */
const TARGET_FILTER_MEDIAN_MS = 20;
const FILTER_WARMUP_RUNS = 20;

// ─── data ────────────────────────────────────────────────────────────────────────────────────

const FIRST_NAMES = [
  'Emma', 'Liam', 'Olivia', 'Noah', 'Ava', 'Elijah', 'Sophia', 'Lucas', 'Mia', 'Mateo', 'Amelia', 'Levi',
  'Harper', 'Ethan', 'Evelyn', 'James', 'Aisha', 'Yusuf', 'Chloé', 'Hugo', 'Léa', 'Louis', 'Sofia', 'Leon',
  'Hannah', 'Jonas', 'Lena', 'Felix', 'Maja', 'Finn', 'Nora', 'Oskar', 'Ingrid', 'Lars', 'Giulia', 'Marco',
  'Lucía', 'Pablo', 'Ana', 'João', 'Mei', 'Wei', 'Yuki', 'Haruto', 'Priya', 'Arjun', 'Fatima', 'Omar',
  'Zoe', 'Samuel', 'Chiara', 'Tomás', 'Nina', 'Ivan', 'Olga', 'Piotr', 'Zofia', 'Mehmet', 'Elif', 'Kwame',
];
const LAST_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hernández', 'Lopez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Martin', 'Lee', 'Thompson',
  'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Dubois', 'Moreau', 'Laurent', 'Rossi', 'Russo',
  'Ferrari', 'Silva', 'Santos', 'Kowalski', 'Nowak', 'Novák', 'Jensen', 'Nielsen', 'Johansson', 'Larsen',
  'Kim', 'Park', 'Chen', 'Wang', 'Tanaka', 'Sato', 'Patel', 'Singh', 'Khan', 'Ali', 'Yilmaz', 'Mensah',
];
const EMAIL_DOMAINS = [
  'gmail.com', 'outlook.com', 'yahoo.com', 'icloud.com', 'proton.me', 'gmx.de', 'acme.io', 'globex.com',
  'initech.co', 'umbrella.org', 'hooli.xyz', 'stark.industries', 'wayne.example', 'example.com',
];
const COMPANIES = [
  'Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Stark Industries', 'Wayne Enterprises', 'Soylent',
  'Vandelay Industries', 'Cyberdyne', 'Tyrell', 'Wonka', 'Aperture', 'Black Mesa', 'Massive Dynamic',
];
const GROUP_NAMES = [
  'Beta testers', 'Newsletter', 'Early adopters', 'Enterprise accounts', 'Partners', 'Design council',
  'Support priority', 'Trial', 'Churned', 'Education', 'Non-profit', 'EMEA', 'Americas', 'APAC',
  'Power users', 'Mobile', 'Developers', 'Marketing leads', 'Webinar attendees', 'Ambassadors',
];
const TAG_NAMES = [
  'vip', 'churn-risk', 'onboarded', 'needs-follow-up', 'upsell', 'referral', 'survey-responded',
  'bug-reporter', 'feature-requester', 'power-user', 'inactive', 'reactivated', 'newsletter', 'webinar',
  'conference-2026', 'mobile-only', 'api-user', 'sso', 'gdpr-request', 'invoice-overdue', 'annual-plan',
  'monthly-plan', 'trial-extended', 'champion', 'detractor', 'promoter', 'integration-slack',
  'integration-github', 'localized', 'accessibility',
];
// Distinct memberships without a per-user sort: a user's k-th group (tag) is start + k·step
// (mod count); the steps keep the 0–3 groups (0–4 tags) of one user distinct.
const GROUP_STEP = 7;
const TAG_STEP = 11;

interface SeededTeam {
  teamId: string;
  users: number;
  userGroups: number;
  userTags: number;
  /** Milliseconds spent inserting users, then memberships. */
  usersMs: number;
  membershipsMs: number;
}

/**
 * One team's property definitions, groups, tags, users and memberships, each one INSERT … SELECT
 * over generate_series / unnest. `random()` is seeded by the caller, so runs are reproducible.
 */
export async function seedTeam(client: pg.Client, teamId: string, count: number): Promise<SeededTeam> {
  await client.query(
    `insert into property_definitions (team_id, key, label, type, options, min)
     values ($1, 'plan', 'Plan', 'ENUM', array['free', 'pro', 'enterprise'], null),
            ($1, 'seats', 'Seats', 'INTEGER', null, 1)`,
    [teamId],
  );
  await client.query(
    `insert into groups (team_id, name, description)
     select $1, name, 'Seeded by the users bench' from unnest($2::text[]) as name`,
    [teamId, GROUP_NAMES],
  );
  await client.query(`insert into tags (team_id, name) select $1, name from unnest($2::text[]) as name`, [teamId, TAG_NAMES]);

  // Every random draw is made once per row in a materialized CTE, then combined.
  const usersStart = performance.now();
  const users = await client.query(
    `with draws as materialized (
       select i,
              $3::text[] as first_names, $4::text[] as last_names, $5::text[] as domains, $6::text[] as companies,
              random() as r_first, random() as r_last, random() as r_domain, random() as r_company,
              random() as r_status, random() as r_age, random() as r_seen, random() as r_seen_at,
              random() as r_plan, random() as r_tier, random() as r_seats, random() as r_seats_n
       from generate_series(1, $2::int) as i
     ), named as materialized (
       select d.*,
              first_names[1 + floor(r_first * array_length(first_names, 1))::int] as first_name,
              last_names[1 + floor(r_last * array_length(last_names, 1))::int] as last_name,
              date_trunc('milliseconds', now() - r_age * interval '365 days') as created_at
       from draws d
     )
     insert into users (
       team_id, external_id, email, status, display_name, first_name, last_name, company, properties,
       signed_up_at, last_seen_at, created_at, updated_at
     )
     select $1,
            'cus_' || lpad(i::text, 7, '0'),
            lower(translate(first_name || '.' || last_name, 'éáóúíüöçñč', 'eaouiuocnc')) || i || '@'
              || domains[1 + floor(r_domain * array_length(domains, 1))::int],
            case when r_status < 0.95 then 'ACTIVE' when r_status < 0.99 then 'ARCHIVED' else 'DISABLED' end,
            first_name || ' ' || last_name, first_name, last_name,
            case when r_company < 0.6 then companies[1 + floor(r_company / 0.6 * array_length(companies, 1))::int] end,
            case when r_plan < 0.8 then jsonb_strip_nulls(jsonb_build_object(
              'plan', case when r_tier < 0.55 then 'free' when r_tier < 0.85 then 'pro' else 'enterprise' end,
              'seats', case when r_seats < 0.9 then
                case when r_tier < 0.55 then 1
                     when r_tier < 0.85 then 2 + floor(r_seats_n * 49)::int
                     else 50 + floor(r_seats_n * 951)::int end end))
            else '{}'::jsonb end,
            created_at,
            seen.at,
            created_at,
            coalesce(seen.at, created_at)
     from named,
          lateral (select case when r_seen < 0.85 then date_trunc('milliseconds', created_at + r_seen_at * (now() - created_at)) end as at) as seen`,
    [teamId, count, FIRST_NAMES, LAST_NAMES, EMAIL_DOMAINS, COMPANIES],
  );

  // Memberships: popularity is skewed (start index drawn from r^1.5), as real segments are.
  const membership = (table: 'user_groups' | 'user_tags', column: 'group_id' | 'tag_id', source: 'groups' | 'tags', max: number, step: number) =>
    client.query(
      `insert into ${table} (team_id, user_id, ${column}, created_at)
       select u.team_id, u.id, s.ids[1 + (u.start + j * ${step}) % s.n], u.created_at
       from (select id, team_id, created_at,
                    floor(power(random(), 1.5) * (select count(*) from ${source} where team_id = $1))::int as start,
                    floor(random() * ${max + 1})::int as k
             from users where team_id = $1 offset 0) as u
       cross join (select array_agg(id order by created_at, name) as ids, count(*)::int as n from ${source} where team_id = $1) as s
       cross join lateral generate_series(0, u.k - 1) as j`,
      [teamId],
    );
  const membershipsStart = performance.now();
  // The memberships are drawn from the rows just inserted, so their foreign keys hold by
  // construction: a superuser skips the per-row checks (three a row, 350,000 rows), which halves
  // this step. Anyone else pays for them.
  const { rows: role } = await client.query<{ superuser: boolean }>('select rolsuper as superuser from pg_roles where rolname = current_user');
  if (role[0]?.superuser) await client.query('set session_replication_role = replica');
  const groups = await membership('user_groups', 'group_id', 'groups', 3, GROUP_STEP);
  const tags = await membership('user_tags', 'tag_id', 'tags', 4, TAG_STEP);
  if (role[0]?.superuser) await client.query('reset session_replication_role');
  // Replica mode also skips the triggers that keep users.tag_ids (migration user_tag_ids): fill it
  // as that migration's backfill does. (Without replica mode the triggers have done it already.)
  await client.query(
    `update users as u set tag_ids = l.ids
       from (select user_id, array_agg(tag_id order by tag_id) as ids from user_tags where team_id = $1 group by user_id) as l
      where u.id = l.user_id`,
    [teamId],
  );
  return {
    teamId,
    users: users.rowCount ?? 0,
    userGroups: groups.rowCount ?? 0,
    userTags: tags.rowCount ?? 0,
    usersMs: membershipsStart - usersStart,
    membershipsMs: performance.now() - membershipsStart,
  };
}

async function teamIdOf(client: pg.Client, slug: string): Promise<string> {
  const { rows } = await client.query<{ id: string }>('select id from teams where slug = $1', [slug]);
  if (!rows[0]) throw new Error(`team ${slug} not found after createTeam`);
  return rows[0].id;
}

/** Teams and key through the API, the rest set-based; the bench's setup, reusable for profiling. */
export async function setupUsersBench(
  app: BenchApp,
  client: pg.Client,
  userCount: number,
  otherCount: number,
  log: (line: string) => void,
): Promise<{ apiKey: string; teamId: string; otherTeamId: string; seedLine: string }> {
  log('  setup: createTeam "bench-users" (+ API key, users:read) and "bench-users-other" through the API');
  const sessionToken = await createBenchTeam(app.graphqlUrl, 'bench-users', 'Bench Users');
  const apiKey = await createBenchApiKey(app.graphqlUrl, sessionToken, ['users:read']);
  await createBenchTeam(app.graphqlUrl, 'bench-users-other', 'Bench Users (other team)');
  const teamId = await teamIdOf(client, 'bench-users');
  const otherTeamId = await teamIdOf(client, 'bench-users-other');

  log(`  seed: ${formatNumber(userCount)} users + ${formatNumber(otherCount)} in a second team (generate_series / unnest)…`);
  const seedStart = performance.now();
  await client.query('select setseed(0.2026)');
  const main = await seedTeam(client, teamId, userCount);
  const other = await seedTeam(client, otherTeamId, otherCount);
  const insertedMs = performance.now() - seedStart;
  // VACUUM as well as ANALYZE: it sets the visibility map, as autovacuum would soon after a
  // bulk load, so counts can use index-only scans and the figures do not drift mid-run.
  await client.query('vacuum (analyze) users, user_groups, user_tags, groups, tags, property_definitions');
  const seedMs = performance.now() - seedStart;
  for (const team of [main, other]) {
    log(
      `        team ${team.teamId}: ${formatNumber(team.users)} users, ${formatNumber(team.userGroups)} group memberships, ` +
        `${formatNumber(team.userTags)} tag memberships, ${GROUP_NAMES.length} groups, ${TAG_NAMES.length} tags, 2 property definitions ` +
        `(users ${(team.usersMs / 1000).toFixed(1)} s, memberships ${(team.membershipsMs / 1000).toFixed(1)} s)`,
    );
  }
  const seedLine =
    `seed: ${formatNumber(userCount + otherCount)} users in ${(seedMs / 1000).toFixed(1)} s ` +
    `(inserts ${(insertedMs / 1000).toFixed(1)} s, VACUUM ANALYZE ${((seedMs - insertedMs) / 1000).toFixed(1)} s)`;
  log(`  ${seedLine}`);
  return { apiKey, teamId, otherTeamId, seedLine };
}

// ─── queries ─────────────────────────────────────────────────────────────────────────────────

function userFieldNames(): Set<string> {
  const type = schema.getType('User');
  return new Set(isObjectType(type) ? Object.keys(type.getFields()) : []);
}

function pageQuery(withMemberships: boolean): string {
  const memberships = withMemberships ? ' groups { name } tags { name }' : '';
  return (
    `{ users(first: ${PAGE_SIZE}) { totalCount edges { cursor node { id externalId email displayName status lastSeenAt${memberships} } } ` +
    'pageInfo { hasNextPage endCursor } } }'
  );
}

function filteredQuery(tag: string): string {
  return (
    `{ users(first: ${PAGE_SIZE}, filter: {tags: [${JSON.stringify(tag)}], properties: [{key: "plan", op: EQ, value: "pro"}]}) ` +
    '{ totalCount edges { node { id } } } }'
  );
}

/**
 * The best hand-written equivalent of the page query: one statement, one round trip. The page
 * by the (team_id, created_at, id) index, each user's groups and tags aggregated with json_agg,
 * the count, hasNextPage from a 51st row, and the whole body built as JSON text by PostgreSQL.
 */
function pageSql(withMemberships: boolean): string {
  const memberships = withMemberships
    ? `,
        'groups', coalesce((select json_agg(json_build_object('name', g.name) order by g.name)
                            from user_groups ug join groups g on g.id = ug.group_id
                            where ug.user_id = p.id), '[]'::json),
        'tags', coalesce((select json_agg(json_build_object('name', t.name) order by t.name)
                          from user_tags ut join tags t on t.id = ut.tag_id
                          where ut.user_id = p.id), '[]'::json)`
    : '';
  return `
    with page as (
      select id, external_id, email, display_name, status, last_seen_at, created_at,
             row_number() over (order by created_at desc, id desc) as n
      from (select id, external_id, email, display_name, status, last_seen_at, created_at
            from users where team_id = $1
            order by created_at desc, id desc
            limit ${PAGE_SIZE + 1}) as rows
    )
    select json_build_object(
      'totalCount', (select count(*) from users where team_id = $1),
      'hasNextPage', (select count(*) > ${PAGE_SIZE} from page),
      'users', coalesce((
        select json_agg(json_build_object(
          'id', p.id, 'externalId', p.external_id, 'email', p.email, 'displayName', p.display_name,
          'status', p.status, 'lastSeenAt', p.last_seen_at, 'createdAt', p.created_at${memberships}
        ) order by p.n)
        from page p where p.n <= ${PAGE_SIZE}), '[]'::json)
    )::text as body`;
}

interface SqlPage {
  totalCount: number;
  hasNextPage: boolean;
  users: {
    id: string;
    email: string | null;
    externalId: string;
    displayName: string | null;
    status: string;
    lastSeenAt: string | null;
    groups?: { name: string }[];
    tags?: { name: string }[];
  }[];
}

const names = (list: { name: string }[] | undefined) => (list ?? []).map((x) => x.name).sort().join(',');
const decodeUserId = (globalId: string) => Buffer.from(globalId, 'base64').toString('utf8').replace(/^User:/, '');

/** Checks the GraphQL page is the hand-written SQL's page, field by field; throws otherwise. */
function checkSamePage(data: any, sql: SqlPage, withMemberships: boolean): void {
  const fail = (what: string) => {
    throw new Error(`users(first: ${PAGE_SIZE}) differs from the hand-written SQL: ${what}`);
  };
  const connection = data?.users;
  if (!connection || !Array.isArray(connection.edges)) fail('no connection in the answer');
  if (connection.totalCount !== sql.totalCount) fail(`totalCount ${connection.totalCount} ≠ ${sql.totalCount}`);
  if (connection.pageInfo?.hasNextPage !== sql.hasNextPage) fail('pageInfo.hasNextPage');
  if (connection.edges.length !== sql.users.length) fail(`${connection.edges.length} edges ≠ ${sql.users.length} rows`);
  if (connection.pageInfo.endCursor !== connection.edges.at(-1)?.cursor) fail('endCursor is not the last edge’s cursor');
  connection.edges.forEach((edge: any, i: number) => {
    const node = edge.node;
    const row = sql.users[i]!;
    if (typeof edge.cursor !== 'string' || !edge.cursor) fail(`edge ${i} has no cursor`);
    if (decodeUserId(node.id) !== row.id) fail(`edge ${i}: id ${node.id} is not user ${row.id}`);
    for (const key of ['externalId', 'email', 'displayName', 'status'] as const) {
      if (node[key] !== row[key]) fail(`edge ${i}: ${key} ${JSON.stringify(node[key])} ≠ ${JSON.stringify(row[key])}`);
    }
    const seen = (v: string | null) => (v === null ? null : Date.parse(v));
    if (seen(node.lastSeenAt) !== seen(row.lastSeenAt)) fail(`edge ${i}: lastSeenAt ${node.lastSeenAt} ≠ ${row.lastSeenAt}`);
    if (withMemberships) {
      if (names(node.groups) !== names(row.groups)) fail(`edge ${i}: groups [${names(node.groups)}] ≠ [${names(row.groups)}]`);
      if (names(node.tags) !== names(row.tags)) fail(`edge ${i}: tags [${names(node.tags)}] ≠ [${names(row.tags)}]`);
    }
  });
}

// ─── measuring ───────────────────────────────────────────────────────────────────────────────

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}

/**
 * Warm-up of each scenario, then `rounds` rounds in which every scenario runs in turn for its
 * share of the duration (one round: each runs once, like measureScenarios). On a machine shared
 * with other work, interleaving exposes each scenario to the same background load. Per scenario:
 * requests/s over all rounds; p50 is the request-weighted mean of the rounds' medians, p99 the
 * worst round's.
 */
async function measureInterleaved(
  scenarios: { name: string; run: (title: string, durationSec: number) => Promise<LoadResult> }[],
  settings: Pick<BenchSettings, 'durationSec' | 'warmupSec'>,
  rounds: number,
  log: (line: string) => void,
): Promise<LoadResult[]> {
  for (const scenario of scenarios) {
    log(`  ${scenario.name}: warm-up ${settings.warmupSec}s…`);
    await scenario.run(`${scenario.name} (warm-up)`, settings.warmupSec);
    await settle();
  }
  const sliceSec = Math.max(1, Math.ceil(settings.durationSec / rounds));
  log(
    rounds === 1
      ? `  measuring ${scenarios.map((s) => s.name).join(', then ')}, ${sliceSec}s each…`
      : `  measuring ${scenarios.map((s) => s.name).join(' / ')} in ${rounds} interleaved rounds of ${sliceSec}s each…`,
  );
  const runs: LoadResult[][] = scenarios.map(() => []);
  for (let round = 1; round <= rounds; round++) {
    for (const [i, scenario] of scenarios.entries()) {
      const result = await scenario.run(`${scenario.name} (round ${round})`, sliceSec);
      await settle();
      runs[i]!.push(result);
      log(`    round ${round} ${scenario.name}: ${formatNumber(result.requestsPerSec)} req/s, p50 ${result.latencyP50Ms.toFixed(0)} ms`);
    }
  }
  return scenarios.map((scenario, i) => combineRuns(scenario.name, runs[i]!));
}

/**
 * Runs a load against the app (which lives in this process) and adds the CPU time it cost: this
 * process's and that of the PostgreSQL backends of the app's pool. autocannon cuts the requests
 * in flight when its time is up (one per connection); the server still finishes them, so the
 * clock stops only once the app is idle again and those requests are counted as served.
 */
async function withAppCpu(
  databaseUrl: string,
  client: pg.Client,
  connections: number,
  run: () => Promise<LoadResult>,
): Promise<LoadResult> {
  // The app's pool may have closed its idle connections: backends that appear during the run are
  // counted from their start. Whether /proc shows the server's backends is asked with our own.
  const ownPid = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
  const measureBackends = canReadBackendCpu(databaseUrl, ownPid);
  const pids = await otherBackendPids(client);
  const before = new Map(pids.map((pid) => [pid, processCpuMs(pid)]));
  const cpuStart = process.cpuUsage();
  const result = await run();
  await untilAppIdle(client);
  const cpu = process.cpuUsage(cpuStart);
  if (!measureBackends) return result;
  let databaseMs = 0;
  for (const pid of new Set([...pids, ...(await otherBackendPids(client))])) {
    const now = processCpuMs(pid);
    if (now > 0) databaseMs += now - (before.get(pid) ?? 0); // 0: the backend ended, its time is lost
  }
  return { ...result, cpu: { serverMs: (cpu.user + cpu.system) / 1000, databaseMs, requests: result.totalRequests + connections } };
}

/**
 * Waits (up to 15 s) until the app has finished the requests a load run left behind: this
 * process nearly idle over 100 ms and no other backend of the database running a statement.
 * Otherwise their tail would land in the next scenario's measurement.
 */
async function untilAppIdle(client: pg.Client): Promise<void> {
  const deadline = performance.now() + 15_000;
  while (performance.now() < deadline) {
    const start = process.cpuUsage();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const used = process.cpuUsage(start);
    const { rows } = await client.query<{ active: number }>(
      `select count(*)::int as active from pg_stat_activity
       where datname = current_database() and state = 'active' and pid <> pg_backend_pid()`,
    );
    if ((used.user + used.system) / 1000 < 5 && rows[0]?.active === 0) return;
  }
}

/** CPU ms per request of a measured scenario, as "app 1.2 + PostgreSQL 3.4 = 4.6 ms". */
function cpuPerRequest(result: LoadResult, serverLabel: string): string | undefined {
  if (!result.cpu || result.cpu.requests === 0) return undefined;
  const server = result.cpu.serverMs / result.cpu.requests;
  const database = result.cpu.databaseMs / result.cpu.requests;
  return `${serverLabel} ${server.toFixed(2)} + PostgreSQL ${database.toFixed(2)} = ${(server + database).toFixed(2)} ms`;
}

function combineRuns(title: string, runs: LoadResult[]): LoadResult {
  const sum = (pick: (r: LoadResult) => number) => runs.reduce((total, r) => total + pick(r), 0);
  const totalRequests = sum((r) => r.totalRequests);
  const durationSec = sum((r) => r.durationSec);
  const weighted = (pick: (r: LoadResult) => number) => (totalRequests ? sum((r) => pick(r) * r.totalRequests) / totalRequests : 0);
  return {
    title,
    requestsPerSec: durationSec ? totalRequests / durationSec : 0,
    totalRequests,
    latencyP50Ms: weighted((r) => r.latencyP50Ms),
    latencyP99Ms: Math.max(...runs.map((r) => r.latencyP99Ms)),
    latencyMeanMs: weighted((r) => r.latencyMeanMs),
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    mismatches: sum((r) => r.mismatches),
    durationSec,
    ...(runs.every((r) => r.cpu)
      ? {
          cpu: {
            serverMs: sum((r) => r.cpu?.serverMs ?? 0),
            databaseMs: sum((r) => r.cpu?.databaseMs ?? 0),
            requests: sum((r) => r.cpu?.requests ?? 0),
          },
        }
      : {}),
  };
}

/** SQL text and parameters of every query a Kysely instance runs, in order. */
function capturingDb(databaseUrl: string): { db: Kysely<Database>; captured: CompiledQuery[]; close(): Promise<void> } {
  const captured: CompiledQuery[] = [];
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    plugins: [new CamelCasePlugin()],
    log: (event) => {
      if (event.level === 'query') captured.push(event.query);
    },
  });
  return { db, captured, close: () => db.destroy() };
}

/** EXPLAIN (ANALYZE, BUFFERS) of one statement, as indented lines. */
async function explain(client: pg.Client, query: { sql: string; parameters: readonly unknown[] }): Promise<string[]> {
  const { rows } = await client.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${query.sql}`, [...query.parameters]);
  return rows.map((r) => r['QUERY PLAN']);
}

/** Median of `runs` sequential executions of a statement (unnamed, as Kysely sends it). */
async function sequentialSqlMedian(client: pg.Client, query: { sql: string; parameters: readonly unknown[] }, runs: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs + FILTER_WARMUP_RUNS; i++) {
    const t0 = performance.now();
    await client.query(query.sql, [...query.parameters]);
    if (i >= FILTER_WARMUP_RUNS) times.push(performance.now() - t0);
  }
  return percentile(times.sort((a, b) => a - b), 50);
}

function positiveIntFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

function cpuNotes(sql: LoadResult, graphql: LoadResult): string[] {
  const sqlCpu = cpuPerRequest(sql, 'client');
  const graphqlCpu = cpuPerRequest(graphql, 'app');
  if (!sqlCpu || !graphqlCpu || !sql.cpu || !graphql.cpu) return [];
  const cores = os.cpus().length;
  const total = (r: LoadResult) => (r.cpu!.serverMs + r.cpu!.databaseMs) / r.cpu!.requests;
  // Bounded by all cores together, and by the one thread of the serving Node.js process.
  const bound = (r: LoadResult) => Math.min((cores * 1000) / total(r), 1000 / (r.cpu!.serverMs / r.cpu!.requests));
  return [
    `users: CPU per request (user + system; far less sensitive to other load than req/s): page-sql ${sqlCpu}; ` +
      `page-graphql ${graphqlCpu} (${(total(graphql) / total(sql)).toFixed(1)}× the SQL's). On ${cores} otherwise idle cores ` +
      `(load generator aside) that allows ≈ ${formatNumber(bound(sql))} req/s for page-sql and ≈ ${formatNumber(bound(graphql))} ` +
      `for page-graphql = ${formatPercent((bound(graphql) / bound(sql)) * 100)}`,
  ];
}

// ─── the benchmark ───────────────────────────────────────────────────────────────────────────

export const usersBench: Bench = {
  name: 'users',
  description: '100,000 users: page of 50 via GraphQL vs hand-written SQL; filtered query latency',
  async run({ app, settings, log }) {
    const userCount = positiveIntFromEnv('BENCH_USERS', 100_000);
    const otherCount = positiveIntFromEnv('BENCH_OTHER_USERS', 10_000);
    const filterRuns = positiveIntFromEnv('BENCH_FILTER_RUNS', 200);
    const rounds = positiveIntFromEnv('BENCH_ROUNDS', 1);

    const client = new pg.Client({ connectionString: app.databaseUrl });
    await client.connect();
    try {
      const { apiKey, teamId, seedLine } = await setupUsersBench(app, client, userCount, otherCount, log);

      // ── the page of 50: check GraphQL answers what the hand-written SQL answers ──
      const fields = userFieldNames();
      const withMemberships = fields.has('groups') && fields.has('tags');
      if (!withMemberships) log('  note: User.groups / User.tags are not in the schema yet: the page is measured without them');
      const pageBody = JSON.stringify({ query: pageQuery(withMemberships) });
      const headers = authHeaders(apiKey);
      const sqlText = pageSql(withMemberships);
      const sqlBody = (await client.query<{ body: string }>(sqlText, [teamId])).rows[0]!.body;
      const first = await postGraphql(app.graphqlUrl, pageBody, headers);
      if (first.status !== 200 || first.json.errors?.length) {
        throw new Error(`users(first: ${PAGE_SIZE}) answered ${first.status}: ${first.text.slice(0, 500)}`);
      }
      checkSamePage(first.json.data, JSON.parse(sqlBody) as SqlPage, withMemberships);
      if (first.json.data.users.totalCount !== userCount) throw new Error(`totalCount ${first.json.data.users.totalCount} ≠ ${userCount}: tenancy leak?`);
      log(`  checked: the GraphQL page equals the SQL page (${PAGE_SIZE} users${withMemberships ? ' with groups and tags' : ''}, totalCount ${formatNumber(userCount)})`);

      const runSql = (title: string, durationSec: number) =>
        runSqlLoad({
          title,
          databaseUrl: app.databaseUrl,
          poolMax: app.config.databasePoolMax,
          workers: settings.connections,
          durationSec,
          statementName: `bench_users_page_${withMemberships ? 'full' : 'plain'}`,
          text: sqlText,
          values: [teamId],
          expectBody: sqlBody,
        });
      const runGraphql = (title: string, durationSec: number) =>
        withAppCpu(app.databaseUrl, client, settings.connections, () =>
          runLoad({ title, url: app.graphqlUrl, headers, body: pageBody, connections: settings.connections, durationSec, expectBody: first.text }),
        );
      const loadBefore = os.loadavg()[0] ?? 0;
      const [sqlResult, graphqlResult] = (await measureInterleaved(
        [
          { name: 'page-sql', run: runSql },
          { name: 'page-graphql', run: runGraphql },
        ],
        settings,
        rounds,
        log,
      )) as [LoadResult, LoadResult];
      const loadAfter = os.loadavg()[0] ?? 0;
      const percentOfSql = sqlResult.requestsPerSec > 0 ? (graphqlResult.requestsPerSec / sqlResult.requestsPerSec) * 100 : undefined;

      // ── the filtered query, one at a time ──
      const tagStats = await client.query<{ name: string; users: number; pro: number }>(
        `select t.name, count(*)::int as users, count(*) filter (where u.properties @> '{"plan":"pro"}')::int as pro
         from tags t join user_tags ut on ut.tag_id = t.id join users u on u.id = ut.user_id
         where t.team_id = $1 group by t.name order by count(*) desc`,
        [teamId],
      );
      // The tag of median popularity: a typical segment, neither the biggest nor a rare one.
      const tag = tagStats.rows[Math.floor(tagStats.rows.length / 2)]!;
      const proUsers = (await client.query<{ n: number }>(`select count(*)::int as n from users where team_id = $1 and properties @> '{"plan":"pro"}'`, [teamId])).rows[0]!.n;
      log(`  filtered: tag "${tag.name}" (${formatNumber(tag.users)} users), plan = pro (${formatNumber(proUsers)} users), both: ${formatNumber(tag.pro)}`);
      const filteredBody = JSON.stringify({ query: filteredQuery(tag.name) });
      const check = await postGraphql(app.graphqlUrl, filteredBody, headers);
      const filtered = check.json.data?.users;
      if (check.status !== 200 || check.json.errors?.length || !filtered) throw new Error(`filtered query answered ${check.status}: ${check.text.slice(0, 500)}`);
      if (filtered.totalCount !== tag.pro || filtered.edges.length !== Math.min(PAGE_SIZE, tag.pro)) {
        throw new Error(`filtered query: totalCount ${filtered.totalCount}, ${filtered.edges.length} edges; the hand-written count is ${tag.pro}`);
      }
      const filteredIds = filtered.edges.map((e: any) => decodeUserId(e.node.id));
      const expectedIds = (
        await client.query<{ id: string }>(
          `select u.id from users u
           where u.team_id = $1 and u.properties @> '{"plan":"pro"}'
             and exists (select 1 from user_tags ut join tags t on t.id = ut.tag_id where ut.user_id = u.id and t.team_id = $1 and t.name = $2)
           order by u.created_at desc, u.id desc limit ${PAGE_SIZE}`,
          [teamId, tag.name],
        )
      ).rows.map((r) => r.id);
      if (filteredIds.join() !== expectedIds.join()) throw new Error('filtered query: the page differs from the hand-written SQL’s');

      log(`  filtered: ${FILTER_WARMUP_RUNS} warm-up + ${filterRuns} sequential requests…`);
      const latencies: number[] = [];
      let filteredFailures = 0;
      for (let i = 0; i < FILTER_WARMUP_RUNS + filterRuns; i++) {
        const t0 = performance.now();
        const response = await fetch(app.graphqlUrl, { method: 'POST', headers, body: filteredBody });
        const text = await response.text();
        const ms = performance.now() - t0;
        if (i < FILTER_WARMUP_RUNS) continue;
        latencies.push(ms);
        if (response.status !== 200 || text !== check.text) filteredFailures++;
      }
      latencies.sort((a, b) => a - b);
      const medianMs = percentile(latencies, 50);
      const p95Ms = percentile(latencies, 95);
      const totalMs = latencies.reduce((sum, ms) => sum + ms, 0);
      const filteredResult: LoadResult = {
        title: 'filtered',
        requestsPerSec: (latencies.length / totalMs) * 1000,
        totalRequests: latencies.length,
        latencyP50Ms: medianMs,
        latencyP99Ms: percentile(latencies, 99),
        latencyMeanMs: totalMs / latencies.length,
        non2xx: 0,
        errors: 0,
        timeouts: 0,
        mismatches: filteredFailures,
        durationSec: totalMs / 1000,
      };

      // ── the SQL the app generates for it, captured from Kysely, and its plans ──
      const capture = capturingDb(app.databaseUrl);
      let listQuery: CompiledQuery;
      let countQuery: CompiledQuery;
      let pageListQuery: CompiledQuery;
      let pageCountQuery: CompiledQuery;
      try {
        const definitions = await listPropertyDefinitions(capture.db, teamId);
        const filter = toUserFilter({ tags: [tag.name], properties: [{ key: 'plan', op: 'EQ', value: 'pro' }] });
        capture.captured.length = 0;
        await listUsers(capture.db, teamId, filter, definitions, DEFAULT_USER_ORDER, { limit: PAGE_SIZE + 1, inverted: false });
        await countUsers(capture.db, teamId, filter, definitions);
        await listUsers(capture.db, teamId, null, definitions, DEFAULT_USER_ORDER, { limit: PAGE_SIZE + 1, inverted: false });
        await countUsers(capture.db, teamId, null, definitions);
        [listQuery, countQuery, pageListQuery, pageCountQuery] = capture.captured as [CompiledQuery, CompiledQuery, CompiledQuery, CompiledQuery];
      } finally {
        await capture.close();
      }
      const plans: [string, CompiledQuery][] = [
        ['filtered list (listUsers)', listQuery],
        ['filtered count (countUsers)', countQuery],
        ['unfiltered page list (listUsers)', pageListQuery],
        ['unfiltered count (countUsers)', pageCountQuery],
      ];
      const sqlMedians: string[] = [];
      for (const [label, query] of plans) {
        log(`  EXPLAIN (ANALYZE, BUFFERS) — ${label}:`);
        log(`    ${query.sql.replace(/\s+/g, ' ')}`);
        log(`    parameters: ${JSON.stringify(query.parameters)}`);
        for (const line of await explain(client, query)) log(`      ${line}`);
        sqlMedians.push(`${label} ${(await sequentialSqlMedian(client, query, filterRuns)).toFixed(2)} ms`);
      }
      log(`  SQL alone, median of ${filterRuns} sequential executions: ${sqlMedians.join('; ')}`);

      const scenarios: ScenarioResult[] = [
        { ...sqlResult, scenario: 'page-sql', description: `page of ${PAGE_SIZE}${withMemberships ? ' + groups/tags' : ''} + count, one hand-written statement (pg pool ${app.config.databasePoolMax}, ${settings.connections} loops)` },
        {
          ...graphqlResult,
          scenario: 'page-graphql',
          description: `users(first: ${PAGE_SIZE})${withMemberships ? ' with groups/tags' : ' (no groups/tags yet)'}, API key`,
          baseline: 'page-sql',
          ...(percentOfSql === undefined ? {} : { percentOfBaseline: percentOfSql }),
        },
        { ...filteredResult, scenario: 'filtered', description: `users(filter: tag "${tag.name}" + plan = pro), 1 at a time` },
      ];
      const verdict = (ok: boolean) => (ok ? 'meets the target' : 'MISSES the target');
      const notes = [
        `users: ${seedLine}`,
        `users: page of ${PAGE_SIZE}: GraphQL ${formatNumber(graphqlResult.requestsPerSec)} req/s vs hand-written SQL ${formatNumber(sqlResult.requestsPerSec)} req/s = ` +
          `${formatPercent(percentOfSql)} (target ≥ ${TARGET_PERCENT_OF_SQL} %: ${verdict((percentOfSql ?? 0) >= TARGET_PERCENT_OF_SQL)})` +
          (withMemberships ? '' : ' — measured WITHOUT groups/tags (not in the schema yet)') +
          `; 1-min load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after (${os.cpus().length} cores: above that, other work shared the machine)`,
        ...cpuNotes(sqlResult, graphqlResult),
        `users: filtered (tag "${tag.name}" + plan = pro, totalCount ${formatNumber(tag.pro)}), ${filterRuns} sequential requests: ` +
          `median ${medianMs.toFixed(1)} ms, p95 ${p95Ms.toFixed(1)} ms (target median < ${TARGET_FILTER_MEDIAN_MS} ms: ${verdict(medianMs < TARGET_FILTER_MEDIAN_MS)})`,
        `users: SQL alone (median): ${sqlMedians.join('; ')}`,
      ];
      return { scenarios, notes };
    } finally {
      await client.end();
    }
  },
};
