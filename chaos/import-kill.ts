/**
 * Scenario "import-kill": the server is SIGKILLed in the middle of an import's commit and started
 * again; the import must resume from its checkpoint (or be reported FAILED and resume when
 * committed again) and end with every row of the file written exactly once, with its values.
 *
 * The file is the imports bench's standard-template CSV (bench/imports.ts writeTemplateCsv).
 * Settings: CHAOS_IMPORT_ROWS (default 50,000).
 */
import { openAsBlob } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import pg from 'pg';
import { GROUPS, writeTemplateCsv } from '../bench/imports.ts';
import { createBenchTeam, createScratchDatabase, graphql } from '../bench/lib.ts';
import { type ChaosResult, type ChaosScenario, gql, waitFor } from './scenario.ts';
import { type ServerProcess, startServer } from './server-process.ts';

const BATCH_SIZE = 1000;
/** Seconds after which a dead instance's import is taken over (30 in production). */
const STALE_SECONDS = 2;

const CREATE_IMPORT = `mutation($input: CreateImportInput!) { createImport(input: $input) {
  __typename ... on Import { id rowCount suggestedMapping { column kind key type } } ... on Error { code message } } }`;
const CONFIGURE = `mutation($input: ConfigureImportInput!) { configureImport(input: $input) {
  __typename ... on Import { status preview { create } } ... on Error { code message } } }`;
const COMMIT = `mutation($input: ImportIdInput!) { commitImport(input: $input) { __typename ... on Import { status } ... on Error { code message } } }`;
const READ_IMPORT = `query($id: ID!) { node(id: $id) { ... on Import {
  status failure progress { processed total } result { created updated unchanged failed } } } }`;

interface ImportState {
  status: string;
  failure: string | null;
  progress: { processed: number; total: number };
  result: { created: number; updated: number; unchanged: number; failed: number };
}

function rowCount(): number {
  const raw = process.env.CHAOS_IMPORT_ROWS;
  const rows = raw ? Number(raw) : 50_000;
  if (!Number.isInteger(rows) || rows < 5 * BATCH_SIZE) throw new Error(`CHAOS_IMPORT_ROWS must be an integer ≥ ${5 * BATCH_SIZE}, got "${raw}"`);
  return rows;
}

async function readImport(server: ServerProcess, id: string, token: string): Promise<ImportState | undefined> {
  const reply = await gql(server.graphqlUrl, READ_IMPORT, { id }, token, 5000);
  return reply.json?.data?.node ?? undefined;
}

/** What the file says each user must look like, keyed by external id. */
function expectedUsers(csv: string) {
  const records = parse(csv, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const list = (cell: string) =>
    cell
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s && s.toLowerCase() !== 'none')
      .sort();
  return new Map(
    records.map((r) => [
      r['External ID']!,
      {
        email: r['Primary Email']!,
        displayName: r['Display Name']!,
        status: r['Current Status']!.toUpperCase(),
        role: r['Role']!.toUpperCase(),
        groups: list(r['Groups']!).join('|'),
        identities: list(r['Source Username(s)']!).join('|'),
      },
    ]),
  );
}

/** Every user of the team as stored, with its groups, identities and `user.imported` events. */
async function storedUsers(client: pg.Client, teamId: string) {
  const { rows } = await client.query<{
    external_id: string;
    email: string;
    display_name: string;
    status: string;
    role: string;
    groups: string;
    identities: string;
    imported_events: number;
  }>(
    `select u.external_id, u.email, u.display_name, u.status, u.role,
            coalesce((select string_agg(g.name, '|' order by g.name) from user_groups ug join groups g on g.id = ug.group_id where ug.user_id = u.id), '') as groups,
            coalesce((select string_agg(i.source || ':' || i.username, '|' order by i.source, i.username) from identities i where i.user_id = u.id), '') as identities,
            (select count(*)::int from events e where e.user_id = u.id and e.name = 'user.imported') as imported_events
       from users u where u.team_id = $1`,
    [teamId],
  );
  return rows;
}

export const importKillScenario: ChaosScenario = {
  name: 'import-kill',
  description: 'SIGKILL the server mid-commit of a CSV import, start it again: the import resumes, no row lost or duplicated',
  async run({ adminUrl, log }): Promise<ChaosResult> {
    const rows = rowCount();
    const problems: string[] = [];
    const figures: ChaosResult['figures'] = { rows };
    const database = await createScratchDatabase(adminUrl);
    const dir = await mkdtemp(join(tmpdir(), 'pavior-chaos-import-'));
    const client = new pg.Client({ connectionString: database.url });
    const env = { DATABASE_URL: database.url, IMPORT_STALE_SECONDS: String(STALE_SECONDS), IMPORT_BATCH_SIZE: String(BATCH_SIZE) };
    let server: ServerProcess | undefined;
    try {
      server = await startServer(env);
      await client.connect();
      const slug = `chaos-import-${process.pid}`;
      const token = await createBenchTeam(server.graphqlUrl, slug, 'Chaos Import');
      for (const name of GROUPS) await graphql(server.graphqlUrl, `mutation($input: CreateGroupInput!) { createGroup(input: $input) { __typename } }`, { input: { name } }, token);
      const teamId = (await client.query<{ id: string }>(`select id from teams where slug = $1`, [slug])).rows[0]!.id;

      const file = join(dir, 'users.csv');
      await writeTemplateCsv(file, rows, 'c');
      const form = new FormData();
      form.append('operations', JSON.stringify({ query: CREATE_IMPORT, variables: { input: { file: null } } }));
      form.append('map', JSON.stringify({ 0: ['variables.input.file'] }));
      form.append('0', await openAsBlob(file, { type: 'text/csv' }), 'users.csv');
      const uploaded = await fetch(server.graphqlUrl, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'x-pavior-upload': '1' }, body: form });
      const imp = ((await uploaded.json()) as any).data?.createImport;
      if (imp?.__typename !== 'Import' || imp.rowCount !== rows) throw new Error(`createImport answered ${uploaded.status} ${JSON.stringify(imp)}`);
      const mapping = imp.suggestedMapping.map((m: any) => Object.fromEntries(Object.entries(m).filter(([, v]) => v !== null)));
      const configured = (await graphql(server.graphqlUrl, CONFIGURE, { input: { id: imp.id, idColumn: 'External ID', mapping } }, token)).configureImport;
      if (configured.status !== 'VALIDATED' || configured.preview.create !== rows) throw new Error(`configureImport answered ${JSON.stringify(configured)}`);
      const committed = (await graphql(server.graphqlUrl, COMMIT, { input: { id: imp.id } }, token)).commitImport;
      if (committed.__typename !== 'Import') throw new Error(`commitImport answered ${JSON.stringify(committed)}`);

      // Kill once a few batches are committed, while most of the file is still to do.
      const seen = await waitFor(
        'two committed batches',
        async () => {
          const state = await readImport(server!, imp.id, token);
          if (state && state.status !== 'RUNNING') throw new Error(`the import ended before the kill: ${JSON.stringify(state)}`);
          return state && state.progress.processed >= 2 * BATCH_SIZE ? state : undefined;
        },
        120_000,
        50,
      );
      server.child.kill('SIGKILL');
      const killed = await server.exited;
      figures.killedAtProcessed = seen.progress.processed;
      if (killed.signal !== 'SIGKILL') problems.push(`the server exited by itself (${killed.code}) before the kill landed`);

      // The checkpoint is exactly what is committed: every row of this file creates one user.
      const checkpoint = (
        await client.query<{ status: string; processed: number; users: number }>(
          `select i.status, i.processed, (select count(*)::int from users u where u.team_id = i.team_id) as users
             from imports i where i.team_id = $1 and i.status <> 'ANALYZED' order by i.created_at desc limit 1`,
          [teamId],
        )
      ).rows[0]!;
      figures.checkpoint = checkpoint.processed;
      figures.usersAtKill = checkpoint.users;
      if (checkpoint.status !== 'RUNNING') problems.push(`after the kill the import is ${checkpoint.status}, not RUNNING`);
      if (checkpoint.users !== checkpoint.processed) problems.push(`after the kill ${checkpoint.users} users exist for a checkpoint of ${checkpoint.processed} rows`);
      if (checkpoint.processed >= rows) problems.push('the import had finished before the kill: nothing was interrupted');
      log(`  killed at ${seen.progress.processed}/${rows} seen; checkpoint ${checkpoint.processed}, ${checkpoint.users} users`);

      // Start again: the resumer claims the import once its heartbeat is STALE_SECONDS old.
      const restartedAt = performance.now();
      server = await startServer(env);
      let resumedBy = 'the resumer';
      let final = await waitFor(
        'the import to end',
        async () => {
          const state = await readImport(server!, imp.id, token);
          return state && state.status !== 'RUNNING' ? state : undefined;
        },
        300_000,
        250,
      );
      if (final.status === 'FAILED') {
        // Reported interrupted: resumable from its checkpoint by committing again.
        log(`  import reported FAILED (${final.failure}); committing again`);
        resumedBy = 'commitImport again';
        const again = (await graphql(server.graphqlUrl, COMMIT, { input: { id: imp.id } }, token)).commitImport;
        if (again.__typename !== 'Import') throw new Error(`commitImport (again) answered ${JSON.stringify(again)}`);
        final = await waitFor(
          'the resumed import to end',
          async () => {
            const state = await readImport(server!, imp.id, token);
            return state && state.status !== 'RUNNING' ? state : undefined;
          },
          300_000,
          250,
        );
      }
      figures.resumedBy = resumedBy;
      figures.completedAfterRestartS = ((performance.now() - restartedAt) / 1000).toFixed(1);
      figures.status = final.status;
      if (final.status !== 'COMPLETED') problems.push(`the import ended ${final.status}: ${final.failure}`);
      if (final.progress.processed !== rows) problems.push(`progress.processed is ${final.progress.processed}, expected ${rows}`);
      if (final.result.created !== rows || final.result.failed !== 0) problems.push(`result is ${JSON.stringify(final.result)}, expected ${rows} created`);

      // Every row of the file, exactly once, with its values.
      const expected = expectedUsers(await readFile(file, 'utf8'));
      const stored = await storedUsers(client, teamId);
      const byExternalId = new Map<string, (typeof stored)[number]>();
      let duplicated = 0;
      let wrong = 0;
      let unexpected = 0;
      let duplicateEvents = 0;
      const samples: string[] = [];
      for (const user of stored) {
        if (byExternalId.has(user.external_id)) duplicated++;
        byExternalId.set(user.external_id, user);
        const want = expected.get(user.external_id);
        if (!want) {
          unexpected++;
          continue;
        }
        const got = { email: user.email, displayName: user.display_name, status: user.status, role: user.role, groups: user.groups, identities: user.identities };
        if (JSON.stringify(got) !== JSON.stringify(want)) {
          wrong++;
          if (samples.length < 3) samples.push(`${user.external_id}: stored ${JSON.stringify(got)}, file ${JSON.stringify(want)}`);
        }
        if (user.imported_events !== 1) duplicateEvents++;
      }
      const lost = [...expected.keys()].filter((id) => !byExternalId.has(id)).length;
      Object.assign(figures, { users: stored.length, lost, duplicated, wrongValues: wrong });
      if (stored.length !== rows) problems.push(`${stored.length} users stored, expected ${rows}`);
      if (lost) problems.push(`${lost} rows of the file have no user`);
      if (duplicated) problems.push(`${duplicated} external ids stored more than once`);
      if (unexpected) problems.push(`${unexpected} users that are not in the file`);
      if (wrong) problems.push(`${wrong} users with values other than the file's, e.g. ${samples.join('; ')}`);
      if (duplicateEvents) problems.push(`${duplicateEvents} users without exactly one user.imported event`);
      return { figures, problems };
    } finally {
      await server?.stop('SIGTERM').catch(() => undefined);
      await client.end().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
      await database.drop();
    }
  },
};
