/**
 * `npx tsx bench/profile-users.ts`: where the app's CPU goes while it serves the users bench's
 * page of 50 (users with groups and tags, API key). Seeds the users bench's data into a scratch
 * PostgreSQL database, starts the app in this process, drives it with autocannon from a child
 * process (as `npm run bench` does) while the V8 profiler samples this process only, then prints
 * the functions and packages with the most self time and writes the .cpuprofile (open it in
 * Chrome DevTools or speedscope). The scratch database is dropped at the end.
 *
 * Environment: PROFILE_OUT (default /tmp/pavior-users.cpuprofile), PROFILE_SECONDS (default 10),
 * PROFILE_QUERY (`page` or `filtered`, default page), BENCH_USERS, BENCH_OTHER_USERS,
 * BENCH_CONNECTIONS, BENCH_DATABASE_URL as in run.ts and users.ts.
 */
import { Session } from 'node:inspector/promises';
import { writeFile } from 'node:fs/promises';
import pg from 'pg';
import { authHeaders, createScratchDatabase, postGraphql, readSettings, runLoad, settle, startBenchApp } from './lib.ts';
import { setupUsersBench } from './users.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const PAGE = '{ users(first: 50) { totalCount edges { cursor node { id externalId email displayName status lastSeenAt groups { name } tags { name } } } pageInfo { hasNextPage endCursor } } }';
const FILTERED = '{ users(first: 50, filter: {tags: ["detractor"], properties: [{key: "plan", op: EQ, value: "pro"}]}) { totalCount edges { node { id } } } }';

const BREAKDOWN: [string, string][] = [
  ['typename (no auth)', '{ __typename }'],
  ['viewer (API key)', '{ viewer { __typename } }'],
  ['users totalCount', '{ users(first: 50) { totalCount } }'],
  ['users ids', '{ users(first: 50) { edges { node { id } } } }'],
  ['page without groups/tags', '{ users(first: 50) { totalCount edges { cursor node { id externalId email displayName status lastSeenAt } } pageInfo { hasNextPage endCursor } } }'],
  ['page with groups', '{ users(first: 50) { totalCount edges { cursor node { id externalId email displayName status lastSeenAt groups { name } } } pageInfo { hasNextPage endCursor } } }'],
  ['page with groups and tags', PAGE],
];

/** The package (or our own top folder) a script URL belongs to. */
function ownerOf(url: string): string {
  if (!url) return '(native / idle / gc)';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith('node:')) return 'node core';
  const ours = /\/(server|schema|bench|client)\/(.*)$/.exec(url);
  return ours ? `${ours[1]}/${ours[2]!.split('/')[0]}` : url;
}

function summarise(profile: Profile, top: number): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const byFunction = new Map<string, number>();
  const byOwner = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const fn = `${functionName || '(anonymous)'} ${url ? `${url.replace(/^.*node_modules\//, '').replace(/^.*\/work\/main\//, '')}:${lineNumber + 1}` : ''}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
    byOwner.set(ownerOf(url), (byOwner.get(ownerOf(url)) ?? 0) + us);
  }
  const rows = (map: Map<string, number>) =>
    [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, us]) => `  ${((us / total) * 100).toFixed(1).padStart(5)} %  ${name}`);
  return ['self time by package / folder:', ...rows(byOwner), '', 'self time by function:', ...rows(byFunction)];
}

async function main(): Promise<void> {
  const settings = readSettings(process.env);
  const seconds = Number(process.env.PROFILE_SECONDS ?? 10);
  const out = process.env.PROFILE_OUT ?? '/tmp/pavior-users.cpuprofile';
  const query = process.env.PROFILE_QUERY === 'filtered' ? FILTERED : PAGE;
  const database = await createScratchDatabase(settings.adminUrl);
  const app = await startBenchApp(database.url, settings.nodeEnv);
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const users = Number(process.env.BENCH_USERS ?? 100_000);
    const others = Number(process.env.BENCH_OTHER_USERS ?? 10_000);
    const { apiKey } = await setupUsersBench(app, client, users, others, (line) => console.log(line));
    const headers = authHeaders(apiKey);
    const body = JSON.stringify({ query });
    const first = await postGraphql(app.graphqlUrl, body, headers);
    if (first.status !== 200 || first.json.errors) throw new Error(`query failed: ${first.text.slice(0, 300)}`);
    const load = (title: string, durationSec: number) =>
      runLoad({ title, url: app.graphqlUrl, headers, body, connections: settings.connections, durationSec, expectBody: first.text });
    await load('warm-up', settings.warmupSec);
    await settle();
    if (process.env.PROFILE_MODE === 'breakdown') {
      // App CPU per request for growing parts of the page: what each part costs.
      for (const [name, text] of BREAKDOWN) {
        const partBody = JSON.stringify({ query: text });
        const expected = await postGraphql(app.graphqlUrl, partBody, headers);
        if (expected.status !== 200 || expected.json.errors) throw new Error(`${name} failed: ${expected.text.slice(0, 300)}`);
        const run = (durationSec: number) =>
          runLoad({ title: name, url: app.graphqlUrl, headers, body: partBody, connections: settings.connections, durationSec, expectBody: expected.text });
        await run(2);
        await settle();
        const start = process.cpuUsage();
        const r = await run(seconds);
        const used = process.cpuUsage(start);
        await settle();
        console.log(`  ${name.padEnd(28)} ${String(Math.round(r.requestsPerSec)).padStart(5)} req/s  app CPU ${((used.user + used.system) / 1000 / Math.max(1, r.totalRequests)).toFixed(2)} ms/request` + (r.non2xx + r.errors + r.mismatches ? `  (${r.non2xx} non-2xx, ${r.errors} errors, ${r.mismatches} mismatches)` : ''));
      }
      return;
    }

    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
    const cpuStart = process.cpuUsage();
    const result = await load('profiled', seconds);
    const cpu = process.cpuUsage(cpuStart);
    const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: Profile };
    session.disconnect();
    await writeFile(out, JSON.stringify(profile));

    const perRequest = (cpu.user + cpu.system) / 1000 / Math.max(1, result.totalRequests);
    console.log(`\n${result.totalRequests} requests, ${result.requestsPerSec.toFixed(0)} req/s, app CPU ${perRequest.toFixed(2)} ms per request (profiler on)`);
    console.log(summarise(profile, 25).join('\n'));
    console.log(`\nprofile written to ${out}`);
  } finally {
    // autocannon cuts its last requests off; let the app finish them before the pool closes.
    await settle(1000);
    await client.end();
    await app.stop();
    await database.drop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
