/**
 * A bulk import end to end through the API on a real port, next to the same rows merged by hand
 * through `pg` (COPY into a temp staging table + one INSERT … ON CONFLICT, plus the memberships
 * and identities), in one run on the same database.
 *
 * The import: a generated standard-template CSV (Current Status, Display Name, Primary Email,
 * Role, Groups, Source Username(s), External ID; a few groups created first; identities on
 * slack) uploaded with createImport (a multipart request: upload + analysis), configured with
 * configureImport (id column External ID, the suggested mapping: validation) and committed with
 * commitImport, followed on the importProgress subscription (graphql-ws) until COMPLETED.
 *
 * Settings: BENCH_IMPORT_ROWS (default 100,000; the memory target is for 1,000,000).
 * Memory: the app runs in this process, so its RSS is sampled here every 50 ms during the run.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { openAsBlob } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createClient as createWsClient } from 'graphql-ws';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { WebSocket } from 'ws';
import { type Bench, createBenchTeam, formatNumber, formatPercent, graphql, type ScenarioResult } from './lib.ts';

export const GROUPS = ['Sales', 'Support', 'Engineering', 'Marketing', 'Finance'];
const TARGET_ROWS_PER_SEC = 20_000;
const TARGET_PERCENT_OF_RAW = 30;
const TARGET_RSS_MB = 200;

function rowCountFromEnv(): number {
  const raw = process.env.BENCH_IMPORT_ROWS;
  if (raw === undefined || raw === '') return 100_000;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`BENCH_IMPORT_ROWS must be a positive integer, got "${raw}"`);
  return value;
}

/** Writes the template CSV (streamed: a million rows never sit in memory); returns its size. */
export async function writeTemplateCsv(path: string, rows: number, prefix: string): Promise<void> {
  const out = createWriteStream(path);
  const write = (chunk: string) => (out.write(chunk) ? undefined : new Promise<void>((resolve) => out.once('drain', () => resolve())));
  await write('Current Status,Display Name,Primary Email,Role,Groups,Source Username(s),External ID\n');
  const roles = ['User', 'User', 'User', 'Admin', 'Supervisor'];
  let chunk = '';
  for (let i = 1; i <= rows; i++) {
    const groups = i % 7 === 0 ? 'none' : i % 3 === 0 ? `"${GROUPS[i % 5]},${GROUPS[(i + 1) % 5]}"` : GROUPS[i % 5]!;
    chunk += `${i % 10 === 0 ? 'Archived' : 'Active'},User ${i},${prefix}${i}@example.com,${roles[i % 5]},${groups},slack:${prefix}${i},${prefix}-${i}\n`;
    if (chunk.length > 1 << 16) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

/**
 * The GraphQL multipart upload of `file` (field "0"), streamed from disk with backpressure over
 * node:http. Not fetch + FormData: undici buffered up to ~90 MB of the request body in this
 * process (measured sending the 72 MB million-row file to a server that discards it: RSS +108 MB
 * with fetch, +33 MB with this), and this process is the one whose memory the bench reports as
 * the app's — a real client is in another process.
 */
async function postMultipart(url: string, token: string, parts: { operations: string; map: string; file: string }): Promise<{ status: number; body: string }> {
  const boundary = `----pavior-bench-${Date.now().toString(16)}`;
  const field = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  async function* body() {
    yield Buffer.from(
      field('operations', parts.operations) +
        field('map', parts.map) +
        `--${boundary}\r\nContent-Disposition: form-data; name="0"; filename="users.csv"\r\nContent-Type: text/csv\r\n\r\n`,
    );
    yield* createReadStream(parts.file);
    yield Buffer.from(`\r\n--${boundary}--\r\n`);
  }
  // x-pavior-upload: the CSRF preflight header a browser-less client sends with a multipart request.
  const request = httpRequest(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'x-pavior-upload': '1', 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
  const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
    request.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
      response.on('error', reject);
    });
    request.on('error', reject);
  });
  await pipeline(Readable.from(body()), request);
  return answered;
}

const CREATE_IMPORT = `mutation($input: CreateImportInput!) { createImport(input: $input) {
  __typename ... on Import { id status rowCount idColumnCandidates suggestedMapping { column kind key type } }
  ... on Error { code message } } }`;
const CONFIGURE = `mutation($input: ConfigureImportInput!) { configureImport(input: $input) {
  __typename ... on Import { id status preview { create update unchanged invalid } }
  ... on Error { code message } } }`;
const COMMIT = `mutation($input: ImportIdInput!) { commitImport(input: $input) { __typename ... on Import { id status } ... on Error { code message } } }`;
const PROGRESS = `subscription($id: ID!) { importProgress(id: $id) { status progress { processed total } result { created updated unchanged failed } failure } }`;

/**
 * Samples the RSS of this process (where the app runs) until stopped; answers the peak. The peak
 * of the JavaScript heap in use is kept beside it: RSS that grows while the heap does not is
 * garbage not yet collected or allocator slack, not something the import holds on to. Peaks are
 * also kept per phase (`phase(name)` starts one), to say which step a peak belongs to.
 *
 * BENCH_IMPORT_LIVE_MS (with node --expose-gc): a full collection every so many ms, and the heap
 * left after it kept as the phase's peak *live* heap — what the import holds, garbage aside.
 */
function rssSampler() {
  const start = process.memoryUsage();
  let peak = start.rss;
  let peakHeap = start.heapUsed;
  const phases: { name: string; rss: number; heap: number; live: number; external: number }[] = [];
  let current: { name: string; rss: number; heap: number; live: number; external: number } | null = null;
  const sample = () => {
    const { rss, heapUsed, external } = process.memoryUsage();
    if (rss > peak) peak = rss;
    if (heapUsed > peakHeap) peakHeap = heapUsed;
    if (current) {
      current.rss = Math.max(current.rss, rss);
      current.heap = Math.max(current.heap, heapUsed);
      current.external = Math.max(current.external, external);
    }
  };
  const timer = setInterval(sample, 50);
  const liveEvery = Number(process.env.BENCH_IMPORT_LIVE_MS || 0);
  const gc = (globalThis as { gc?: () => void }).gc;
  const liveTimer =
    liveEvery && gc
      ? setInterval(() => {
          gc();
          if (current) current.live = Math.max(current.live, process.memoryUsage().heapUsed);
        }, liveEvery)
      : undefined;
  return {
    start: start.rss,
    startHeap: start.heapUsed,
    get peakHeap() {
      return peakHeap;
    },
    phase(name: string) {
      sample();
      current = { name, rss: 0, heap: 0, live: 0, external: 0 };
      phases.push(current);
    },
    /** Each phase's peak RSS growth and peak heap in use, for the notes. */
    phases() {
      return phases.map((p) => `${p.name} RSS +${mb(p.rss - start.rss)} MB, heap ${mb(p.heap)} MB${p.live ? ` (live ${mb(p.live)} MB)` : ''}, external ${mb(p.external)} MB`).join('; ');
    },
    stop() {
      sample();
      clearInterval(timer);
      clearInterval(liveTimer);
      peak = Math.max(peak, process.memoryUsage().rss);
      return peak;
    },
  };
}

/** The 1-, 5- and 15-minute load averages: the machine is shared, so every figure carries them. */
const loadAverages = () => os.loadavg().map((n) => n.toFixed(2)).join(' ');

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);

function scenario(name: string, description: string, rows: number, ms: number, extra: Partial<ScenarioResult> = {}): ScenarioResult {
  return {
    title: name,
    scenario: name,
    description,
    requestsPerSec: rows / (ms / 1000),
    totalRequests: rows,
    latencyP50Ms: ms,
    latencyP99Ms: ms,
    latencyMeanMs: ms,
    non2xx: 0,
    errors: 0,
    timeouts: 0,
    mismatches: 0,
    durationSec: ms / 1000,
    ...extra,
  };
}

export const importsBench: Bench = {
  name: 'imports',
  description: 'template CSV import end to end (upload, validate, commit) vs COPY + INSERT … ON CONFLICT',
  async run({ app, log }) {
    const rows = rowCountFromEnv();
    const dir = await mkdtemp(join(tmpdir(), 'pavior-bench-import-'));
    const client = new pg.Client({ connectionString: app.databaseUrl });
    await client.connect();
    try {
      const token = await createBenchTeam(app.graphqlUrl, 'bench-imports', 'Bench Imports');
      for (const name of GROUPS) await graphql(app.graphqlUrl, `mutation($input: CreateGroupInput!) { createGroup(input: $input) { __typename } }`, { input: { name } }, token);
      const file = join(dir, 'users.csv');
      await writeTemplateCsv(file, rows, 'u');
      const size = (await openAsBlob(file)).size;
      log(`  file: ${formatNumber(rows)} rows, ${(size / 1024 / 1024).toFixed(1)} MB; ${GROUPS.length} groups; identities on slack`);
      global.gc?.();

      // ── the import through the API ──
      const loadBefore = loadAverages();
      const rss = rssSampler();
      rss.phase('upload');
      const t0 = performance.now();
      const uploaded = await postMultipart(app.graphqlUrl, token, {
        operations: JSON.stringify({ query: CREATE_IMPORT, variables: { input: { file: null } } }),
        map: JSON.stringify({ 0: ['variables.input.file'] }),
        file,
      });
      const uploadJson = JSON.parse(uploaded.body) as any;
      const imp = uploadJson.data?.createImport;
      if (uploaded.status !== 200 || imp?.__typename !== 'Import' || imp.rowCount !== rows) {
        throw new Error(`createImport answered ${uploaded.status}: ${JSON.stringify(uploadJson).slice(0, 500)}`);
      }
      const t1 = performance.now();
      if (!imp.idColumnCandidates.includes('External ID')) throw new Error(`External ID is not an id candidate: ${imp.idColumnCandidates}`);
      rss.phase('validate');
      const mapping = imp.suggestedMapping.map((m: any) => Object.fromEntries(Object.entries(m).filter(([, v]) => v !== null)));
      const configured = (await graphql(app.graphqlUrl, CONFIGURE, { input: { id: imp.id, idColumn: 'External ID', mapping } }, token)).configureImport;
      if (configured.__typename !== 'Import' || configured.status !== 'VALIDATED' || configured.preview.create !== rows) {
        throw new Error(`configureImport answered ${JSON.stringify(configured)}`);
      }
      const t2 = performance.now();

      const ws = createWsClient({ url: `${app.graphqlUrl.replace('http', 'ws')}`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
      const eventTimes: number[] = [];
      let commitStart = 0;
      let subscribed!: () => void;
      const firstEvent = new Promise<void>((resolve) => (subscribed = resolve));
      const done = new Promise<any>((resolve, reject) => {
        let last: any;
        ws.subscribe(
          { query: PROGRESS, variables: { id: imp.id } },
          {
            next: (value) => {
              if (value.errors) return reject(new Error(JSON.stringify(value.errors)));
              last = value.data?.importProgress;
              if (commitStart) eventTimes.push(performance.now());
              subscribed();
            },
            error: reject,
            complete: () => resolve(last),
          },
        );
      });
      await firstEvent; // the current state (VALIDATED): the subscription is live
      rss.phase('commit');
      commitStart = performance.now();
      const committing = (await graphql(app.graphqlUrl, COMMIT, { input: { id: imp.id } }, token)).commitImport;
      if (committing.__typename !== 'Import') throw new Error(`commitImport answered ${JSON.stringify(committing)}`);
      const final = await done;
      const t3 = performance.now();
      const peak = rss.stop();
      const loadAfter = loadAverages();
      await ws.dispose();
      if (final?.status !== 'COMPLETED' || final.result.created !== rows) throw new Error(`the import ended ${JSON.stringify(final)}`);

      // Progress events per full second of the commit.
      const fullSeconds = Math.floor((t3 - commitStart) / 1000);
      const perSecond = Array.from({ length: fullSeconds }, () => 0);
      for (const time of eventTimes) {
        const second = Math.floor((time - commitStart) / 1000);
        if (second < fullSeconds) perSecond[second]!++;
      }
      const minEvents = fullSeconds ? Math.min(...perSecond) : eventTimes.length;

      // ── the baseline: COPY + one merge, by hand ──
      const baseFile = join(dir, 'baseline.csv');
      await writeTemplateCsv(baseFile, rows, 'b');
      const baseToken = await createBenchTeam(app.graphqlUrl, 'bench-imports-raw', 'Bench Imports Raw');
      for (const name of GROUPS) await graphql(app.graphqlUrl, `mutation($input: CreateGroupInput!) { createGroup(input: $input) { __typename } }`, { input: { name } }, baseToken);
      const teamId = (await client.query<{ id: string }>(`select id from teams where slug = 'bench-imports-raw'`)).rows[0]!.id;
      const b0 = performance.now();
      await client.query('begin');
      await client.query(`create temp table staging (status text, display_name text, email text, role text, groups text, identities text, external_id text) on commit drop`);
      await pipeline(createReadStream(baseFile), client.query(copyFrom(`copy staging from stdin with (format csv, header true)`)));
      await client.query(
        `insert into users (team_id, external_id, email, status, role, display_name)
         select $1::uuid, external_id, email, upper(status), upper(role), display_name from staging
         on conflict (team_id, kind, external_id) do update
           set email = excluded.email, status = excluded.status, role = excluded.role, display_name = excluded.display_name, updated_at = now()`,
        [teamId],
      );
      await client.query(
        `insert into user_groups (team_id, user_id, group_id)
         select $1::uuid, u.id, g.id
           from staging s
           join users u on u.team_id = $1 and u.kind = 'USER' and u.external_id = s.external_id
           cross join lateral unnest(string_to_array(s.groups, ',')) as n(name)
           join groups g on g.team_id = $1 and lower(g.name) = lower(btrim(n.name))
         on conflict do nothing`,
        [teamId],
      );
      await client.query(
        `insert into identities (team_id, user_id, source, username)
         select $1::uuid, u.id, split_part(btrim(i.pair), ':', 1), split_part(btrim(i.pair), ':', 2)
           from staging s
           join users u on u.team_id = $1 and u.kind = 'USER' and u.external_id = s.external_id
           cross join lateral unnest(string_to_array(s.identities, ',')) as i(pair)
         on conflict do nothing`,
        [teamId],
      );
      await client.query('commit');
      const b1 = performance.now();
      const loadAfterRaw = loadAverages();
      const check = await client.query<{ users: number; links: number }>(
        `select (select count(*)::int from users where team_id = $1) as users, (select count(*)::int from user_groups where team_id = $1) as links`,
        [teamId],
      );
      const apiLinks = await client.query<{ links: number }>(`select count(*)::int as links from user_groups ug join teams t on t.id = ug.team_id where t.slug = 'bench-imports'`);
      if (check.rows[0]!.users !== rows || check.rows[0]!.links !== apiLinks.rows[0]!.links) {
        throw new Error(`baseline wrote ${JSON.stringify(check.rows[0])}, the import ${apiLinks.rows[0]!.links} links`);
      }

      const endToEnd = t3 - t0;
      const raw = b1 - b0;
      const percentOfRaw = (raw / endToEnd) * 100;
      const growth = peak - rss.start;
      const verdict = (ok: boolean) => (ok ? 'meets the target' : 'MISSES the target');
      const perPhase = (label: string, ms: number) => `${label} ${formatNumber(rows / (ms / 1000))} rows/s (${(ms / 1000).toFixed(1)} s)`;
      const scenarios = [
        scenario('raw-sql', 'COPY into temp staging + INSERT … ON CONFLICT + memberships + identities (pg)', rows, raw),
        scenario('upload', 'createImport: multipart upload + analysis (rows/s)', rows, t1 - t0),
        scenario('validate', 'configureImport: validation + preview (rows/s)', rows, t2 - t1),
        scenario('commit', `commitImport → COMPLETED on importProgress (rows/s; min ${minEvents} events/s)`, rows, t3 - t2),
        scenario('end-to-end', 'upload + validate + commit (rows/s)', rows, endToEnd, { baseline: 'raw-sql', percentOfBaseline: percentOfRaw }),
      ];
      const notes = [
        `imports: ${formatNumber(rows)} rows: ${perPhase('upload+analysis', t1 - t0)}; ${perPhase('validation', t2 - t1)}; ${perPhase('commit', t3 - t2)}; ` +
          `${perPhase('end to end', endToEnd)} (target ≥ ${formatNumber(TARGET_ROWS_PER_SEC)}: ${verdict(rows / (endToEnd / 1000) >= TARGET_ROWS_PER_SEC)})`,
        `imports: raw COPY + merge ${perPhase('', raw).trim()}; the import is ${formatPercent(percentOfRaw)} of raw (target ≥ ${TARGET_PERCENT_OF_RAW} %: ${verdict(percentOfRaw >= TARGET_PERCENT_OF_RAW)})`,
        `imports: progress events during the commit: ${eventTimes.length} in ${((t3 - commitStart) / 1000).toFixed(1)} s; fewest in any full second: ${minEvents} (target ≥ 1: ${verdict(minEvents >= 1)})`,
        `imports: RSS of the process running the app: ${mb(rss.start)} MB before, peak ${mb(peak)} MB: growth ${mb(growth)} MB for ${formatNumber(rows)} rows ` +
          `(target < ${TARGET_RSS_MB} MB for 1,000,000 rows${rows === 1_000_000 ? `: ${verdict(growth < TARGET_RSS_MB * 1024 * 1024)}` : '; set BENCH_IMPORT_ROWS=1000000 to measure it'}); ` +
          `JS heap in use: ${mb(rss.startHeap)} MB before, peak ${mb(rss.peakHeap)} MB; per phase (peaks): ${rss.phases()}`,
        `imports: load averages (1, 5, 15 min): ${loadBefore} before the import, ${loadAfter} after it, ${loadAfterRaw} after the raw baseline`,
      ];
      return { scenarios, notes };
    } finally {
      await client.end();
      await rm(dir, { recursive: true, force: true });
    }
  },
};
