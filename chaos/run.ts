/**
 * `npm run chaos [-- name…]`: fault scenarios against the real server process on PostgreSQL.
 * Each one breaks something (kills the server, restarts the database, stalls a socket, sends
 * SIGTERM under load) and checks what Pavior promises; it prints one PASS/FAIL line with its
 * figures. Exits 1 when any scenario fails, 2 on a usage error.
 *
 * Environment: CHAOS_DATABASE_URL (admin connection for scratch databases, default
 * postgres://postgres@127.0.0.1:5432/postgres; the shared server is never restarted: the
 * restart scenario runs its own private PostgreSQL), and each scenario's settings at the top of
 * its file (CHAOS_IMPORT_ROWS, …).
 */
import os from 'node:os';
import { runInterruptSteps } from './cleanup.ts';
import { gracefulShutdownScenario } from './graceful-shutdown.ts';
import { importKillScenario } from './import-kill.ts';
import { postgresRestartScenario } from './postgres-restart.ts';
import type { ChaosResult, ChaosScenario } from './scenario.ts';
import { slowSubscriberScenario } from './slow-subscriber.ts';

/** Every scenario, in the order they run. */
const SCENARIOS: ChaosScenario[] = [importKillScenario, postgresRestartScenario, slowSubscriberScenario, gracefulShutdownScenario];

function usage(): string {
  return ['usage: npm run chaos [-- <name>…]', '', 'scenarios:', ...SCENARIOS.map((s) => `  ${s.name.padEnd(18)} ${s.description}`)].join('\n');
}

const load = () => os.loadavg().map((n) => n.toFixed(2)).join(' ');

function formatFigures(figures: ChaosResult['figures']): string {
  return Object.entries(figures)
    .map(([key, value]) => `${key}=${value}`)
    .join(' ');
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(usage());
    return 0;
  }
  const unknown = args.filter((name) => !SCENARIOS.some((s) => s.name === name));
  if (unknown.length) {
    console.error(`Unknown scenario(s): ${unknown.join(', ')}\n\n${usage()}`);
    return 2;
  }
  const selected = args.length ? SCENARIOS.filter((s) => args.includes(s.name)) : SCENARIOS;
  const adminUrl = process.env.CHAOS_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const cpus = os.cpus();
  console.log('Pavior chaos');
  console.log(`  machine     ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}, load ${load()}`);
  console.log(`  database    scratch databases on ${adminUrl.replace(/:[^:@/]*@/, ':***@')} (dropped at the end)`);
  console.log('');

  // Ctrl-C or a kill: stop the private PostgreSQL and the server children before leaving.
  // `on` and a flag, not `once`: tsx relays the terminal's signal a second time.
  let interrupted = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (interrupted) return;
      interrupted = true;
      console.error(`\n${signal}: cleaning up…`);
      void runInterruptSteps().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    });
  }

  const lines: string[] = [];
  let failed = 0;
  for (const scenario of selected) {
    console.log(`▶ ${scenario.name}: ${scenario.description}`);
    const started = performance.now();
    let result: ChaosResult;
    try {
      result = await scenario.run({ adminUrl, log: (line) => console.log(line) });
    } catch (error) {
      result = { figures: {}, problems: [`scenario crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`] };
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const verdict = result.problems.length ? 'FAIL' : 'PASS';
    if (result.problems.length) failed++;
    const line = `${verdict} ${scenario.name} (${seconds}s, load ${load()}) ${formatFigures(result.figures)}`;
    lines.push(line);
    console.log(line);
    for (const problem of result.problems) console.log(`     ✗ ${problem}`);
    console.log('');
  }
  console.log(lines.join('\n'));
  console.log(failed ? `\n✗ ${failed} of ${selected.length} scenario(s) failed` : `\n✓ all ${selected.length} scenario(s) passed`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
