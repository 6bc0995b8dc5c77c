// `pavior`, the command line, spawned as `npx pavior` would run it (node client/cli/bin.js)
// against a real server on a port: output, --json, and exit codes (0 ok, 1 failure, 2 usage,
// 3 validation errors).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type PaviorClient } from '../client/index.ts';
import { createTestApp } from './helpers/app.ts';
import { addApiKey, signUp } from './helpers/fixtures.ts';

const BIN = fileURLToPath(new URL('../client/cli/bin.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'pavior-cli-'));

let base: string;
let secret: string;
let client: PaviorClient;

/** A port free right now: the app listens on it, and its download links (PUBLIC_URL) point to it. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const t = await createTestApp({ PUBLIC_URL: base });
  await t.app.start(port, '127.0.0.1');
  afterAll(() => t.app.stop());
  const team = await signUp(t);
  secret = (await addApiKey(t, team, ['users:read', 'users:write', 'events:read', 'events:write', 'imports:read', 'imports:write'])).secret;
  client = createClient({ url: base, apiKey: secret });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function pavior(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, PAVIOR_URL: base, PAVIOR_API_KEY: secret, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function file(name: string, ...lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

describe('pavior (usage)', () => {
  it('prints help and exits 0', async () => {
    const run = await pavior(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('pavior import <file>'.replace('pavior ', ''));
    expect(run.stdout).toContain('Exit codes');
  });

  it('exits 2 on usage errors', async () => {
    const cases = [['frobnicate'], ['import'], ['import', 'a.csv', '--on-conflict', 'maybe'], ['users', 'list', '--nope'], ['track', 'only-user'], ['export', '--format', 'pdf']];
    const runs = await Promise.all(cases.map((args) => pavior(args)));
    runs.forEach((run, i) => {
      expect(run.code, `${cases[i]!.join(' ')}: ${run.stderr}`).toBe(2);
      expect(run.stderr).toContain('pavior --help');
    });
    const noUrl = await pavior(['users', 'list'], { PAVIOR_URL: '' });
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toContain('PAVIOR_URL');
  });

  it('exits 1 when the server refuses the key or cannot be reached', async () => {
    const refused = await pavior(['users', 'list'], { PAVIOR_API_KEY: 'pav_sk_nope' });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('UNAUTHENTICATED');
    const unreachable = await pavior(['users', 'list', '--url', 'http://127.0.0.1:9', '--json']);
    expect(unreachable.code).toBe(1);
    expect(JSON.parse(unreachable.stdout)).toMatchObject({ ok: false, error: { code: 'NETWORK_ERROR' } });
  });
});

describe('pavior import', () => {
  it('--dry-run prints the preview and the error report, imports nothing, exits 3 on errors', async () => {
    const path = file('dry.csv', 'External ID,Primary Email,Display Name', 'c-1,ada@example.com,Ada', 'c-2,not-an-email,Bo');
    const run = await pavior(['import', path, '--dry-run']);
    expect(run.code, run.stderr).toBe(3);
    expect(run.stdout).toContain('dry.csv: 2 rows, 3 columns (CSV');
    expect(run.stdout).toContain('Primary Email → email');
    expect(run.stdout).toContain('External ID → externalId  (identifies users)');
    expect(run.stdout).toContain('Preview: 1 to create, 0 to update, 0 unchanged, 1 invalid');
    expect(run.stderr).toMatch(/row 3, Primary Email: INVALID_EMAIL/);
    expect(run.stderr).toContain('Full error report (CSV): http');
    expect(await client.users.get({ externalId: 'c-1' })).toBeNull();

    const clean = await pavior(['import', file('clean.csv', 'External ID', 'c-9'), '--dry-run', '--json']);
    expect(clean.code).toBe(0);
    expect(JSON.parse(clean.stdout)).toMatchObject({ ok: true, dryRun: true, import: { status: 'VALIDATED', preview: { create: 1 } }, errors: [] });
  });

  it('imports with mapping flags and a progress bar fed by importProgress, exits 0', async () => {
    const path = file('run.csv', 'Customer,E-mail address,Name,Plan', 'c-1,ada@example.com,Ada,pro', 'c-2,bo@example.com,Bo,free');
    const run = await pavior([
      'import', path,
      '--id-column', 'Customer',
      '--map', 'Customer=externalId',
      '--map', 'Plan=new:plan:STRING',
      '--create-missing-properties',
      '--on-conflict', 'overwrite',
      '--progress',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Imported: 2 created, 0 updated, 0 unchanged, 0 failed');
    expect(run.stderr).toMatch(/Importing \|.*\| 100% \| 2\/2 rows/);
    expect(await client.users.get({ externalId: 'c-2' })).toMatchObject({ email: 'bo@example.com', properties: { plan: 'free' } });
  });

  it('--on-conflict keep leaves existing values; --json reports the result', async () => {
    const path = file('keep.csv', 'External ID,Display Name', 'c-1,Ada Lovelace', 'c-3,Cy');
    const run = await pavior(['import', path, '--on-conflict', 'keep', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out).toMatchObject({ ok: true, import: { status: 'COMPLETED', conflictPolicy: 'KEEP_EXISTING', result: { created: 1, unchanged: 1 } } });
    expect((await client.users.get({ externalId: 'c-1' }))?.displayName).toBe('Ada');
  });

  it('refuses rows with errors unless --skip-invalid (exit 3), and a bad mapping (exit 3)', async () => {
    const path = file('bad.csv', 'External ID,Primary Email', 'c-7,nope', 'c-8,c8@example.com');
    const refused = await pavior(['import', path, '--json']);
    expect(refused.code).toBe(3);
    expect(JSON.parse(refused.stdout)).toMatchObject({ ok: false, stage: 'commit', error: { code: 'HAS_ERRORS' }, errors: [{ row: 2, code: 'INVALID_EMAIL' }] });

    const skipped = await pavior(['import', path, '--skip-invalid']);
    expect(skipped.code, skipped.stderr).toBe(0);
    expect(skipped.stdout).toContain('1 created');

    const badMap = await pavior(['import', path, '--map', 'Primary Email=property:missing']);
    expect(badMap.code).toBe(3);
    expect(badMap.stderr).toContain('error (configure)');
    expect(badMap.stderr).toContain('UNKNOWN_PROPERTY');
  });

  it('exits 1 for a file it cannot read and 3 for one the server cannot parse', async () => {
    expect((await pavior(['import', join(dir, 'missing.csv')])).code).toBe(1);
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, '');
    const run = await pavior(['import', empty]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('EMPTY_FILE');
  });
});

describe('pavior users list, track, export', () => {
  it('lists users with filters, as text or JSON', async () => {
    await client.users.create({ externalId: 'vip-1', email: 'vip@example.com', displayName: 'Vip' });
    await client.tags.tagUsers({ userIds: [(await client.users.get({ externalId: 'vip-1' }))!.id], tagNames: ['vip'], createMissingTags: true });

    const text = await pavior(['users', 'list', '--tag', 'vip']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout.trim().split('\n')).toEqual(['vip-1\tvip@example.com\tVip\tACTIVE\tUSER\tvip']);

    const asJson = await pavior(['users', 'list', '--search', 'ada', '--status', 'active', '--json']);
    expect(asJson.code).toBe(0);
    const users = JSON.parse(asJson.stdout) as { externalId: string }[];
    expect(users.map((u) => u.externalId)).toEqual(['c-1']);

    const limited = await pavior(['users', 'list', '--limit', '2', '--json']);
    expect(JSON.parse(limited.stdout)).toHaveLength(2);
    expect((await pavior(['users', 'list', '--status', 'sleeping'])).code).toBe(2);
  });

  it('tracks an event with properties; typed failures exit 1 or 3', async () => {
    const run = await pavior(['track', 'ada@example.com', 'checkout', '--prop', 'total=42', '--prop', 'coupon=SPRING', '--prop', 'first=true']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Tracked checkout for ada@example.com \(/);
    const [event] = await client.events.list({ names: ['checkout'] }).toArray();
    expect(event).toMatchObject({ user: { externalId: 'c-1' }, properties: { total: 42, coupon: 'SPRING', first: true } });

    const unknown = await pavior(['track', 'ghost', 'login']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('--create-user');
    expect((await pavior(['track', 'ghost', 'login', '--create-user', '--json'])).code).toBe(0);

    const invalid = await pavior(['track', 'c-1', 'bad name!', '--json']);
    expect(invalid.code).toBe(3);
    expect(JSON.parse(invalid.stdout)).toMatchObject({ ok: false, result: { __typename: 'ValidationError' } });
  });

  it('exports to a file, to stdout, or prints the link', async () => {
    const out = join(dir, 'vip.csv');
    const run = await pavior(['export', '--tag', 'vip', '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    const csv = readFileSync(out, 'utf8');
    expect(csv).toContain('Primary Email');
    expect(csv).toContain('vip@example.com');
    expect(csv).not.toContain('ada@example.com');

    const toStdout = await pavior(['export', '--filter', '{"search":"ada"}', '--column', 'External ID', '--out', '-']);
    expect(toStdout.stdout.replace(/^\uFEFF/, '').trim().split(/\r?\n/)).toEqual(['External ID', 'c-1']);

    const link = await pavior(['export', '--format', 'xlsx', '--json']);
    expect(JSON.parse(link.stdout)).toMatchObject({ ok: true, url: expect.stringMatching(/^http/) });

    const badColumn = await pavior(['export', '--column', 'Shoe Size']);
    expect(badColumn.code).toBe(3);
    expect(badColumn.stderr).toContain('UNKNOWN_COLUMN');
  });
});
