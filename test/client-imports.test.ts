// client.imports against a real server on a port: the multipart upload, configure with the
// suggested mapping and overrides, dry runs, commit followed through importProgress (or by
// polling), typed errors per step, and the import's error listing.
import { connect, createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createClient, type ImportStateFragment, type PaviorClient } from '../client/index.ts';
import { mergeMapping, parseColumnTarget } from '../client/imports.ts';
import { createTestApp } from './helpers/app.ts';
import { addApiKey, signUp } from './helpers/fixtures.ts';

let client: PaviorClient;
let pollingClient: PaviorClient;
let base: string;
let secret: string;

beforeAll(async () => {
  const t = await createTestApp();
  base = await t.listen();
  const team = await signUp(t);
  secret = (await addApiKey(t, team, ['users:read', 'users:write', 'imports:read', 'imports:write'])).secret;
  client = createClient({ url: base, apiKey: secret, webSocketImpl: WebSocket });
  // No WebSocket implementation on Node 20: `follow: 'auto'` falls back to polling.
  pollingClient = createClient({ url: base, apiKey: secret, webSocketImpl: 'WebSocket' in globalThis ? undefined : null });
});
afterAll(() => client.close());

const csv = (...lines: string[]) => new File([lines.join('\n') + '\n'], 'users.csv', { type: 'text/csv' });

describe('client.imports.run', () => {
  it('dry run: uploads and configures, and stops with the preview', async () => {
    const analysed: string[] = [];
    const outcome = await client.imports.run(
      csv('External ID,Primary Email,Display Name,Plan', 'u-1,ada@example.com,Ada,pro', 'u-2,bo@example.com,Bo,free'),
      { mapping: { Plan: 'new:plan:STRING' }, createMissingProperties: true, dryRun: true },
      { onAnalyzed: (a) => analysed.push(...a.columns.map((c) => c.name)) },
    );
    expect(analysed).toEqual(['External ID', 'Primary Email', 'Display Name', 'Plan']);
    expect(outcome.__typename).toBe('Import');
    if (outcome.__typename !== 'Import') return;
    expect(outcome).toMatchObject({ status: 'VALIDATED', idColumn: 'External ID', preview: { create: 2, update: 0, invalid: 0 } });
    expect(outcome.mapping).toEqual(
      expect.arrayContaining([
        { column: 'Plan', kind: 'NEW_PROPERTY', key: 'plan', type: 'STRING' },
        { column: 'Primary Email', kind: 'ATTRIBUTE', key: 'email', type: null },
      ]),
    );
    expect(await client.users.get({ externalId: 'u-1' })).toBeNull();
  });

  it('runs an import to the end, reporting progress from the subscription', async () => {
    const states: ImportStateFragment[] = [];
    const outcome = await client.imports.run(
      csv('External ID,Primary Email,Display Name,Plan', 'u-1,ada@example.com,Ada,pro', 'u-2,bo@example.com,Bo,free'),
      { mapping: { Plan: 'new:plan:STRING' }, createMissingProperties: true, conflictPolicy: 'OVERWRITE' },
      { onProgress: (s) => states.push(s) },
    );
    expect(outcome).toMatchObject({ __typename: 'Import', status: 'COMPLETED', result: { created: 2, updated: 0, failed: 0 } });
    expect(states.at(-1)?.status).toBe('COMPLETED');
    expect(states.at(-1)?.progress).toMatchObject({ processed: 2, total: 2 });
    expect(await client.users.get({ externalId: 'u-1' })).toMatchObject({ email: 'ada@example.com', displayName: 'Ada', properties: { plan: 'pro' } });
  });

  it('follows by polling when no WebSocket is available, and applies the conflict policy', async () => {
    const outcome = await pollingClient.imports.run(
      csv('External ID,Display Name', 'u-1,Ada Lovelace', 'u-3,Cy'),
      { conflictPolicy: 'KEEP_EXISTING' },
    );
    expect(outcome).toMatchObject({ __typename: 'Import', status: 'COMPLETED', result: { created: 1, unchanged: 1 } });
    expect((await client.users.get({ externalId: 'u-1' }))?.displayName).toBe('Ada');
  });

  it('finishes when the progress subscription stays silent, by reading the import over HTTP', async () => {
    // A proxy that passes HTTP but swallows WebSocket connections: importProgress never speaks
    // (as when its last event is missed), and the client reads the import after a quiet spell.
    const held: Socket[] = [];
    const proxy = createServer((downstream) => {
      downstream.once('data', (first: Buffer) => {
        if (/upgrade: websocket/i.test(first.toString('latin1'))) return void held.push(downstream);
        const upstream = connect(Number(new URL(base).port), '127.0.0.1', () => upstream.write(first));
        upstream.on('error', () => downstream.destroy());
        downstream.pipe(upstream).pipe(downstream);
      });
      downstream.on('error', () => {});
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    const silent = createClient({ url, apiKey: secret, webSocketImpl: WebSocket });
    try {
      const outcome = await silent.imports.run(csv('External ID', 'quiet-1', 'quiet-2'));
      expect(outcome).toMatchObject({ __typename: 'Import', status: 'COMPLETED', result: { created: 2 } });
      expect(held.length).toBeGreaterThan(0);
    } finally {
      held.forEach((socket) => socket.destroy());
      await silent.close();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it('answers row errors as a typed commit refusal, and lists them', async () => {
    const outcome = await client.imports.run(csv('External ID,Primary Email', 'u-9,not-an-email', 'u-10,ok@example.com'));
    expect(outcome).toMatchObject({ __typename: 'ConflictError', stage: 'commit', code: 'HAS_ERRORS' });
    if (outcome.__typename !== 'ConflictError' || outcome.stage !== 'commit') return;
    expect(outcome.state.preview).toMatchObject({ invalid: 1, create: 1 });
    const errors = await client.imports.errors(outcome.importId).toArray();
    expect(errors).toEqual([expect.objectContaining({ row: 2, column: 'Primary Email', code: 'INVALID_EMAIL', value: 'not-an-email' })]);

    const skipped = await client.imports.run(csv('External ID,Primary Email', 'u-9,not-an-email', 'u-10,ok@example.com'), { skipInvalidRows: true });
    expect(skipped).toMatchObject({ __typename: 'Import', status: 'COMPLETED', result: { created: 1 } });
  });

  it('answers a bad file and a bad mapping as typed errors of their step', async () => {
    const empty = await client.imports.run(new File([''], 'empty.csv'));
    expect(empty).toMatchObject({ __typename: 'ValidationError', stage: 'upload', code: 'EMPTY_FILE', importId: null });

    const badMapping = await client.imports.run(csv('External ID,Plan', 'u-1,pro'), { mapping: { Plan: 'property:nope' } });
    expect(badMapping).toMatchObject({ __typename: 'ValidationError', stage: 'configure' });
    if (badMapping.__typename === 'ValidationError') expect(badMapping.issues.map((i) => i.code)).toContain('UNKNOWN_PROPERTY');
  });

  it('uploads bytes with a name, and lists and reads imports', async () => {
    const created = await client.imports.create({ data: new TextEncoder().encode('External ID\nu-20\n'), name: 'bytes.csv' });
    expect(created).toMatchObject({ __typename: 'Import', status: 'ANALYZED', fileName: 'bytes.csv', rowCount: 1 });
    if (created.__typename !== 'Import') return;
    expect(await client.imports.get(created.id)).toMatchObject({ id: created.id, status: 'ANALYZED' });
    const all = await client.imports.list().toArray();
    expect(all[0]?.id).toBe(created.id);
    expect((await client.imports.cancel({ id: created.id })).__typename).toBe('Import');
    expect((await client.imports.template('CSV')).url).toMatch(/^http/);
  });
});

describe('mapping helpers', () => {
  it('reads target strings', () => {
    expect(parseColumnTarget('E', 'email')).toEqual({ column: 'E', kind: 'ATTRIBUTE', key: 'email' });
    expect(parseColumnTarget('C', 'address.city')).toEqual({ column: 'C', kind: 'ATTRIBUTE', key: 'address.city' });
    expect(parseColumnTarget('P', 'plan')).toEqual({ column: 'P', kind: 'PROPERTY', key: 'plan' });
    expect(parseColumnTarget('P', 'property:plan')).toEqual({ column: 'P', kind: 'PROPERTY', key: 'plan' });
    expect(parseColumnTarget('P', 'new:plan:string')).toEqual({ column: 'P', kind: 'NEW_PROPERTY', key: 'plan', type: 'STRING' });
    expect(parseColumnTarget('G', 'Groups')).toEqual({ column: 'G', kind: 'GROUPS' });
    expect(parseColumnTarget('X', 'skip')).toEqual({ column: 'X', kind: 'SKIP' });
    expect(() => parseColumnTarget('X', 'new:plan:COLOUR')).toThrow(TypeError);
    expect(() => parseColumnTarget('X', 'weird:thing')).toThrow(TypeError);
  });

  it('overrides the suggestion and frees a target taken elsewhere', () => {
    const merged = mergeMapping(
      [
        { column: 'Email', kind: 'ATTRIBUTE', key: 'email', type: null },
        { column: 'Work email', kind: 'SKIP', key: null, type: null },
      ],
      { 'Work email': 'email' },
    );
    expect(merged).toEqual([
      { column: 'Email', kind: 'SKIP' },
      { column: 'Work email', kind: 'ATTRIBUTE', key: 'email' },
    ]);
  });
});
