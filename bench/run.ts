/**
 * `npm run bench [-- name…]`: the speed harness. Creates a scratch PostgreSQL database, starts the
 * app on a free port, runs the named benchmarks (all when none is named), prints a summary table,
 * writes JSON to BENCH_OUT when set, and drops the database whatever happens. Exits non-zero when
 * a benchmark fails or any measured response was not the expected 2xx answer.
 *
 * Environment: BENCH_DATABASE_URL (admin connection, default postgres://postgres@127.0.0.1:5432/postgres),
 * BENCH_DURATION (s, default 10), BENCH_WARMUP (s, default 2), BENCH_CONNECTIONS (default 50),
 * BENCH_NODE_ENV (production | test, default production), BENCH_OUT (path for JSON results).
 * A benchmark's own settings are listed at the top of its file (e.g. BENCH_USERS in users.ts).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { dirname } from 'node:path';
import { authBench } from './auth.ts';
import {
  type Bench,
  type BenchApp,
  type BenchReport,
  createScratchDatabase,
  formatNumber,
  formatPercent,
  formatTable,
  readSettings,
  redactUrl,
  resultProblems,
  type ScratchDatabase,
  startBenchApp,
  stopLoad,
} from './lib.ts';
import { eventsBench } from './events.ts';
import { importsBench } from './imports.ts';
import { loadBench } from './load.ts';
import { rateLimitBench } from './rate-limit.ts';
import { usersBench } from './users.ts';

/** Every benchmark, in the order they run. */
const BENCHES: Bench[] = [authBench, usersBench, eventsBench, importsBench, loadBench, rateLimitBench];

function usage(): string {
  return [
    'usage: npm run bench [-- <name>…]',
    '',
    'benchmarks:',
    ...BENCHES.map((b) => `  ${b.name.padEnd(12)} ${b.description}`),
  ].join('\n');
}

function selectBenches(args: string[]): Bench[] {
  if (args.length === 0) return BENCHES;
  const unknown = args.filter((name) => !BENCHES.some((b) => b.name === name));
  if (unknown.length) {
    console.error(`Unknown benchmark(s): ${unknown.join(', ')}\n\n${usage()}`);
    process.exit(2);
  }
  return BENCHES.filter((b) => args.includes(b.name));
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h') || args.includes('--list')) {
    console.log(usage());
    return 0;
  }
  const selected = selectBenches(args);
  const settings = readSettings(process.env);
  const cpus = os.cpus();
  const startedAt = new Date();

  console.log('Pavior bench');
  console.log(`  machine     ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}`);
  console.log(
    `  load        autocannon in a child process on the same machine as the server ` +
      `(they share ${cpus.length} cores): ratios within one run are the figure to trust`,
  );
  console.log(
    `  settings    ${settings.connections} connections, warm-up ${settings.warmupSec}s, ` +
      `${settings.durationSec}s per scenario, NODE_ENV=${settings.nodeEnv}` +
      (settings.nodeEnv === 'production' ? ' (Yoga logging on)' : ' (Yoga logging off)'),
  );

  let database: ScratchDatabase | undefined;
  let app: BenchApp | undefined;
  // One cleanup, shared by the normal path and a signal arriving mid-run: the app and its pool
  // must be closed before the database is dropped.
  let cleaning: Promise<void> | undefined;
  const cleanup = () =>
    (cleaning ??= (async () => {
      for (const step of [stopLoad, () => app?.stop(), () => database?.drop()]) {
        try {
          await step();
        } catch (error) {
          console.error('cleanup failed:', error);
        }
      }
    })());
  // Ctrl-C or a kill still drops the scratch database.
  // `on`, not `once`: tsx relays the terminal's signal a second time, which must not kill us
  // half-way through the cleanup.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (cleaning) return;
      console.error(`\n${signal}: cleaning up…`);
      void cleanup().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    });
  }

  const reports: { bench: Bench; report?: BenchReport; error?: string }[] = [];
  try {
    database = await createScratchDatabase(settings.adminUrl);
    console.log(`  database    PostgreSQL ${redactUrl(database.url)} (scratch, dropped at the end; admin ${redactUrl(settings.adminUrl)})`);
    if (database.swept.length) console.log(`              dropped leftovers of dead runs: ${database.swept.join(', ')}`);
    app = await startBenchApp(database.url, settings.nodeEnv);
    console.log(`  app         ${app.url} (pool max ${app.config.databasePoolMax})`);
    console.log('');

    for (const bench of selected) {
      console.log(`▶ ${bench.name}: ${bench.description}`);
      try {
        reports.push({ bench, report: await bench.run({ app, settings, log: (line) => console.log(line) }) });
      } catch (error) {
        if (cleaning) break; // interrupted: the failure is ours, not the benchmark's
        console.error(`  ✗ ${bench.name} failed:`, error);
        reports.push({ bench, error: error instanceof Error ? error.message : String(error) });
      }
    }
  } finally {
    await cleanup();
  }

  const problems: string[] = [];
  const rows: string[][] = [];
  for (const { bench, report, error } of reports) {
    if (error) problems.push(`${bench.name}: ${error}`);
    for (const r of report?.scenarios ?? []) {
      problems.push(...resultProblems(r).map((p) => `${bench.name}/${r.scenario}: ${p}`));
      rows.push([
        bench.name,
        r.scenario,
        formatNumber(r.requestsPerSec),
        r.latencyP50Ms.toFixed(0),
        r.latencyP99Ms.toFixed(0),
        formatNumber(r.totalRequests),
        String(r.non2xx),
        String(r.errors + r.timeouts + r.mismatches),
        r.baseline ? `${formatPercent(r.percentOfBaseline)} of ${r.baseline}` : '—',
        r.description,
      ]);
    }
  }

  console.log('');
  console.log(
    formatTable(
      [
        { header: 'bench' },
        { header: 'scenario' },
        { header: 'req/s', align: 'right' },
        { header: 'p50 ms', align: 'right' },
        { header: 'p99 ms', align: 'right' },
        { header: 'requests', align: 'right' },
        { header: 'non-2xx', align: 'right' },
        { header: 'err/mism', align: 'right' },
        { header: 'vs baseline', align: 'right' },
        { header: 'what' },
      ],
      rows,
    ),
  );
  const notes = reports.flatMap((r) => r.report?.notes ?? []);
  if (notes.length) console.log(`\n${notes.join('\n')}`);

  if (settings.outPath) {
    const json = {
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      machine: { cpus: cpus.length, cpuModel: cpus[0]?.model.trim(), node: process.version, platform: process.platform },
      settings: { ...settings, adminUrl: redactUrl(settings.adminUrl) },
      database: database ? { kind: 'postgresql', name: database.name } : null,
      benches: Object.fromEntries(
        reports.map(({ bench, report, error }) => [bench.name, error ? { error } : { scenarios: report?.scenarios, notes: report?.notes }]),
      ),
      problems,
    };
    await mkdir(dirname(settings.outPath), { recursive: true });
    await writeFile(settings.outPath, `${JSON.stringify(json, null, 2)}\n`);
    console.log(`\nresults written to ${settings.outPath}`);
  }

  if (problems.length) {
    console.error(`\n✗ ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
    return 1;
  }
  console.log(`\n✓ all responses were the expected 2xx answers`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
