import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { createClient as createWsClient, type Client } from 'graphql-ws';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createApp } from '../server/app.ts';
import { importRunsSettled, resumeStaleImports } from '../server/modules/imports/runner.ts';
import { authHeaders, createTestApp, type TestApp } from './helpers/app.ts';
import { addApiKey, type SignedUpTeam, signUp } from './helpers/fixtures.ts';
import {
  CANCEL,
  COMMIT,
  CONFIGURE,
  commitAndWait,
  configureVia,
  importRowId,
  importVia,
  stageImport,
  TEMPLATE_HEADER,
  templateMapping,
  userVia,
  waitForImport,
} from './helpers/imports.ts';
import { onHomeObject } from './helpers/tenancy-outcomes.ts';
import { CALLERS, type Caller, describeTenancy, lazyWorld, type Outcome } from './helpers/tenancy.ts';
import { createUserVia, definePropertyVia } from './helpers/users.ts';

// Steps 2 and 3 of an import through the API: configureImport (every template rule and
// constraint, the preview per conflict policy), commitImport in the background with live
// progress over a real WebSocket, cancel, skipInvalidRows, failures at commit time, resuming
// after a crash, an identical file committed twice, and who may do each.

let t: TestApp;
let base: string;
let team: SignedUpTeam;
const clients: Client[] = [];
// Small batches: a few thousand rows take many transactions, so progress and cancel are visible.
const BATCH = 50;

beforeAll(async () => {
  t = await createTestApp({ IMPORT_BATCH_SIZE: String(BATCH) });
  base = await t.listen();
  team = await signUp(t);
  await definePropertyVia(t, team.token, { key: 'plan', label: 'Plan', type: 'ENUM', options: ['free', 'pro'] });
  await definePropertyVia(t, team.token, { key: 'seats', label: 'Seats', type: 'INTEGER', min: 1, max: 100 });
  await definePropertyVia(t, team.token, { key: 'code', label: 'Code', type: 'STRING', unique: true, pattern: '[A-Z]{3}' });
  for (const name of ['Sales', 'Support']) {
    const res = await t.gql(`mutation($input: CreateGroupInput!) { createGroup(input: $input) { __typename } }`, { input: { name } }, { token: team.token });
    expect(res.data.createGroup.__typename).toBe('GroupPayload');
  }
  const disabled = await t.gql(`mutation { disableSource(input: {key: "zendesk"}) { __typename } }`, {}, { token: team.token });
  expect(disabled.errors).toBeUndefined();
  await createUserVia(t, team.token, { externalId: 'old-1', email: 'old1@x.example', displayName: 'Old One', properties: { code: 'OLD' } });
  const holder = await createUserVia(t, team.token, { externalId: 'holder', email: 'holder@x.example' });
  const res = await t.gql(`mutation { addIdentity(input: {userId: "${holder}", source: "slack", username: "taken"}) { __typename } }`, {}, { token: team.token });
  expect(res.data.addIdentity.__typename).toBe('IdentityPayload');
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await importRunsSettled(t.db);
});

const HEADER = [...TEMPLATE_HEADER, 'Plan', 'Seats', 'Code'];
const MAPPING = templateMapping([
  { column: 'Plan', kind: 'PROPERTY', key: 'plan' },
  { column: 'Seats', kind: 'PROPERTY', key: 'seats' },
  { column: 'Code', kind: 'PROPERTY', key: 'code' },
]);
/** A template row: status, name, email, role, groups, identities, externalId, plan, seats, code. */
const row = (externalId: string, over: Partial<Record<'status' | 'name' | 'email' | 'role' | 'groups' | 'ids' | 'plan' | 'seats' | 'code', string>> = {}) => [
  over.status ?? 'Active',
  over.name ?? `Name ${externalId}`,
  over.email ?? `${externalId}@x.example`,
  over.role ?? 'User',
  over.groups ?? 'Sales',
  over.ids ?? '',
  externalId,
  over.plan ?? 'free',
  over.seats ?? '3',
  over.code ?? '',
];

const errorsOf = (imp: any) => imp.errors.edges.map((e: any) => e.node);
const brief = (imp: any) => errorsOf(imp).map((e: any) => `${e.row} ${e.column} ${e.code}`);

async function stageConfigured(rows: string[][], options: Record<string, unknown> = {}) {
  const id = await stageImport(t, team.teamId, HEADER, rows);
  const imp = await configureVia(t, team.token, { id, idColumn: 'External ID', mapping: MAPPING, ...options });
  return { id, imp };
}

async function countUsers(prefix: string): Promise<number> {
  const row = await t.db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('teamId', '=', importRowId(team.teamId))
    .where('externalId', 'like', `${prefix}%`)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('configureImport: the mapping', () => {
  it('reports every problem with the mapping at its input path, and changes nothing', async () => {
    const id = await stageImport(t, team.teamId, ['Email', 'Name', 'Extra', 'Dup'], [['a@x.example', 'A', '1', 'x'], ['b@x.example', 'A', '2', 'x']]);
    const res = await t.gql(CONFIGURE, {
      input: {
        id,
        idColumn: 'Email',
        mapping: [
          { column: 'Email', kind: 'ATTRIBUTE', key: 'email' },
          { column: 'Email', kind: 'ATTRIBUTE', key: 'email' },
          { column: 'Nope', kind: 'SKIP' },
          { column: 'Name', kind: 'ATTRIBUTE', key: 'shoeSize' },
          { column: 'Extra', kind: 'PROPERTY', key: 'missing' },
          { column: 'Dup', kind: 'NEW_PROPERTY', key: 'fresh' },
        ],
      },
    }, { token: team.token });
    const result = res.data.configureImport;
    expect(result.__typename, JSON.stringify(res)).toBe('ValidationError');
    expect(result.issues.map((i: any) => `${i.path.join('.')} ${i.code}`)).toEqual([
      'input.mapping.1.column DUPLICATE_COLUMN',
      'input.mapping.2.column UNKNOWN_COLUMN',
      'input.mapping.3.key UNKNOWN_ATTRIBUTE',
      'input.mapping.4.key UNKNOWN_PROPERTY',
      'input.mapping.5.kind NOT_ALLOWED',
      'input.mapping.5.type REQUIRED',
    ]);
    expect((await importVia(t, team.token, id)).status).toBe('ANALYZED');
  });

  it('takes the id column only from the candidates, mapped to externalId or email', async () => {
    const id = await stageImport(t, team.teamId, ['Email', 'Name', 'Team'], [['a@x.example', 'A', 'red'], ['b@x.example', 'B', 'red']]);
    const notCandidate = await t.gql(CONFIGURE, { input: { id, idColumn: 'Team', mapping: [{ column: 'Email', kind: 'ATTRIBUTE', key: 'email' }] } }, { token: team.token });
    expect(notCandidate.data.configureImport).toMatchObject({ __typename: 'ValidationError', code: 'INVALID_ID_COLUMN', path: ['input', 'idColumn'] });
    const wrongTarget = await t.gql(CONFIGURE, { input: { id, idColumn: 'Name', mapping: [{ column: 'Name', kind: 'ATTRIBUTE', key: 'displayName' }] } }, { token: team.token });
    expect(wrongTarget.data.configureImport).toMatchObject({ __typename: 'ValidationError', code: 'INVALID_ID_COLUMN', path: ['input', 'idColumn'] });
    const twice = await t.gql(CONFIGURE, {
      input: { id, idColumn: 'Email', mapping: [{ column: 'Email', kind: 'ATTRIBUTE', key: 'email' }, { column: 'Name', kind: 'ATTRIBUTE', key: 'email' }] },
    }, { token: team.token });
    expect(twice.data.configureImport).toMatchObject({ __typename: 'ValidationError', code: 'DUPLICATE_TARGET', path: ['input', 'mapping', '1', 'key'] });
    const enumProperty = await t.gql(CONFIGURE, {
      input: { id, idColumn: 'Email', createMissingProperties: true, mapping: [{ column: 'Email', kind: 'ATTRIBUTE', key: 'email' }, { column: 'Team', kind: 'NEW_PROPERTY', key: 'team', type: 'ENUM' }] },
    }, { token: team.token });
    expect(enumProperty.data.configureImport).toMatchObject({ __typename: 'ValidationError', code: 'NOT_APPLICABLE', path: ['input', 'mapping', '1', 'type'] });
  });

  it('answers NOT_FOUND for a missing import and WRONG_STATUS once it has run', async () => {
    const missing = await t.gql(CONFIGURE, { input: { id: 'SW1wb3J0OjAwMDAwMDAwLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwMA==', idColumn: 'x', mapping: [] } }, { token: team.token });
    expect(missing.data.configureImport).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND', path: ['input', 'id'] });
    const id = await stageImport(t, team.teamId, HEADER, [row('ws-1')], { status: 'COMPLETED' });
    const ended = await t.gql(CONFIGURE, { input: { id, idColumn: 'External ID', mapping: MAPPING } }, { token: team.token });
    expect(ended.data.configureImport).toMatchObject({ __typename: 'ConflictError', code: 'WRONG_STATUS' });
  });
});

describe('configureImport: the rows', () => {
  it('finds every template rule and constraint broken, row by row, as errors and a CSV report', async () => {
    const long = 'x'.repeat(201);
    const { id, imp } = await stageConfigured([
      row('v-1', { ids: 'slack:ada, github:ada' }), // 2: valid
      row('v-2', { status: 'Gone' }), // 3
      row('v-3', { role: 'Boss' }), // 4
      row('v-4', { groups: 'Sales, Nope' }), // 5
      row('v-5', { ids: 'zendesk:123' }), // 6
      row('v-6', { ids: 'myspace:tom' }), // 7
      row('v-7', { ids: 'justtext' }), // 8
      row('v-8', { email: 'not-an-email' }), // 9
      row('v-9', { plan: 'gold' }), // 10
      row('v-10', { seats: '0' }), // 11
      row('v-11', { seats: 'many' }), // 12
      row('v-12', { code: 'abcd' }), // 13
      row('v-13', { code: 'OLD' }), // 14: held by a stored user
      row('v-14', { code: 'DUP' }), // 15
      row('v-15', { code: 'DUP' }), // 16: repeats row 15
      row('old-1', { email: 'other@x.example' }), // 17: the stored user has old1@…
      row('v-17', { name: long }), // 18
      row('v-18', { groups: 'none, Sales' }), // 19
      row('v-19', { ids: 'slack:taken' }), // 20: another user's identity
      row('v-20', { email: 'holder@x.example' }), // 21: another user's email
      row('v-21', { email: 'v-1@x.example' }), // 22: row 2's email
      row('v-22', { ids: 'slack:ADA' }), // 23: row 2's identity
      row('v-23', { status: 'ARCHIVED', role: 'supervisor', groups: 'none' }), // 24: valid (any case; none)
    ]);
    expect(brief(imp)).toEqual([
      '3 Current Status INVALID_STATUS',
      '4 Role INVALID_ROLE',
      '5 Groups UNKNOWN_GROUP',
      '6 Source Username(s) SOURCE_DISABLED',
      '7 Source Username(s) UNKNOWN_SOURCE',
      '8 Source Username(s) INVALID_IDENTITY',
      '9 Primary Email INVALID_EMAIL',
      '10 Plan OPTION',
      '11 Seats MIN',
      '12 Seats TYPE',
      '13 Code PATTERN',
      '14 Code UNIQUE',
      '16 Code UNIQUE',
      '17 Primary Email EMAIL_IMMUTABLE',
      '18 Display Name TOO_LONG',
      '19 Groups INVALID_LIST',
      '20 Source Username(s) UNIQUE',
      '21 Primary Email UNIQUE',
      '22 Primary Email UNIQUE',
      '23 Source Username(s) UNIQUE',
    ]);
    expect(imp.status).toBe('VALIDATED');
    expect(imp.preview).toEqual({ create: 3, update: 0, unchanged: 0, invalid: 20 });
    const byRow = new Map<number, any>(errorsOf(imp).map((e: any) => [e.row, e]));
    expect(byRow.get(5)).toMatchObject({ value: 'Nope', phase: 'VALIDATION' });
    expect(byRow.get(16).message).toContain('Row 15');
    expect(byRow.get(10).value).toBe('gold');

    // The same errors as a CSV file, through a signed link that needs no credential.
    const res = await t.gql(`query($id: ID!) { node(id: $id) { ... on Import { errorReportUrl } } }`, { id }, { token: team.token });
    const url = new URL(res.data.node.errorReportUrl);
    const file = await fetch(`${base}${url.pathname}${url.search}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toContain('text/csv');
    const records = parse((await file.text()).replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];
    expect(records).toHaveLength(20);
    expect(records[0]).toMatchObject({ row: '3', column: 'Current Status', value: 'Gone', code: 'INVALID_STATUS', phase: 'VALIDATION' });
    const tampered = await fetch(`${base}${url.pathname}${url.search.replace(/sig=[^&]+/, 'sig=AAAA')}`);
    expect(tampered.status).toBe(403);
  });

  it('reports a repeated id (DUPLICATE_ID) on the later rows, emails compared as addresses', async () => {
    const id = await stageImport(t, team.teamId, ['Email', 'Name'], [['Dup@x.example', 'A'], ['b@x.example', 'B'], ['dup@X.example', 'C'], [' DUP@x.example', 'D']]);
    const imp = await configureVia(t, team.token, {
      id,
      idColumn: 'Email',
      mapping: [{ column: 'Email', kind: 'ATTRIBUTE', key: 'email' }, { column: 'Name', kind: 'ATTRIBUTE', key: 'displayName' }],
    });
    expect(brief(imp)).toEqual(['4 Email DUPLICATE_ID', '5 Email DUPLICATE_ID']);
    expect(errorsOf(imp)[0].message).toContain('Row 2');
    expect(imp.preview).toEqual({ create: 2, update: 0, unchanged: 0, invalid: 2 });
  });

  it('counts the preview under each conflict policy; re-configuring replaces the errors', async () => {
    const { teamId } = team;
    await createUserVia(t, team.token, { externalId: 'pol-1', displayName: 'Old', properties: { plan: 'free', seats: 3 } });
    await createUserVia(t, team.token, { externalId: 'pol-2', email: 'pol-2@x.example', displayName: 'Same', properties: { plan: 'free', seats: 3 } });
    await createUserVia(t, team.token, { externalId: 'pol-3', displayName: 'Kept', jobTitle: 'CEO' });
    const header = ['External ID', 'Display Name', 'Primary Email', 'Job', 'Plan', 'Seats'];
    const id = await stageImport(t, teamId, header, [
      ['pol-1', 'New', 'pol-1@x.example', 'CTO', 'free', '3'], // display differs (has a value), email and job empty before
      ['pol-2', 'Same', 'pol-2@x.example', '', 'free', '3'], // identical
      ['pol-3', 'Other', '', 'CFO', '', ''], // only fields that have values differ
      ['pol-new', 'Fresh', 'fresh@x.example', '', 'pro', '9'],
    ]);
    const mapping = [
      { column: 'External ID', kind: 'ATTRIBUTE', key: 'externalId' },
      { column: 'Display Name', kind: 'ATTRIBUTE', key: 'displayName' },
      { column: 'Primary Email', kind: 'ATTRIBUTE', key: 'email' },
      { column: 'Job', kind: 'ATTRIBUTE', key: 'jobTitle' },
      { column: 'Plan', kind: 'PROPERTY', key: 'plan' },
      { column: 'Seats', kind: 'PROPERTY', key: 'seats' },
    ];
    const preview = async (conflictPolicy: string) => (await configureVia(t, team.token, { id, idColumn: 'External ID', mapping, conflictPolicy })).preview;
    expect(await preview('OVERWRITE')).toEqual({ create: 1, update: 2, unchanged: 1, invalid: 0 });
    expect(await preview('KEEP_EXISTING')).toEqual({ create: 1, update: 0, unchanged: 3, invalid: 0 });
    expect(await preview('FILL_EMPTY')).toEqual({ create: 1, update: 1, unchanged: 2, invalid: 0 });

    const done = await commitAndWait(t, team.token, id);
    expect(done.result).toEqual({ created: 1, updated: 1, unchanged: 2, failed: 0 });
    const filled = await userVia(t, team.token, 'pol-1');
    expect(filled).toMatchObject({ displayName: 'Old', email: 'pol-1@x.example' });
    expect((await userVia(t, team.token, 'pol-3')).displayName).toBe('Kept');
  });
});

describe('commitImport', () => {
  it('refuses while rows have errors (HAS_ERRORS, with the count), then commits the valid ones with skipInvalidRows', async () => {
    const rows = [row('skip-1'), row('skip-2', { status: 'Nope', role: 'Nope' }), row('skip-3')];
    const { id } = await stageConfigured(rows);
    const refused = await t.gql(COMMIT, { input: { id } }, { token: team.token });
    expect(refused.data.commitImport).toMatchObject({ __typename: 'ConflictError', code: 'HAS_ERRORS', path: ['input', 'id'] });
    expect(refused.data.commitImport.message).toMatch(/^2 errors in 1 row/);
    expect((await importVia(t, team.token, id)).status).toBe('VALIDATED');

    await configureVia(t, team.token, { id, idColumn: 'External ID', mapping: MAPPING, skipInvalidRows: true });
    const done = await commitAndWait(t, team.token, id);
    expect(done).toMatchObject({ status: 'COMPLETED', progress: { processed: 3, total: 3, percent: 100 }, result: { created: 2, updated: 0, unchanged: 0, failed: 1 } });
    expect(await userVia(t, team.token, 'skip-2')).toBeNull();
    expect(await userVia(t, team.token, 'skip-3')).toMatchObject({ status: 'ACTIVE', role: 'USER', groups: [{ name: 'Sales' }], properties: { plan: 'free', seats: 3 } });
  });

  it('answers WRONG_STATUS for an import that is not VALIDATED', async () => {
    const analyzed = await stageImport(t, team.teamId, HEADER, [row('st-1')]);
    const res = await t.gql(COMMIT, { input: { id: analyzed } }, { token: team.token });
    expect(res.data.commitImport).toMatchObject({ __typename: 'ConflictError', code: 'WRONG_STATUS' });
    const { id } = await stageConfigured([row('st-2')]);
    await commitAndWait(t, team.token, id);
    const again = await t.gql(COMMIT, { input: { id } }, { token: team.token });
    expect(again.data.commitImport).toMatchObject({ __typename: 'ConflictError', code: 'WRONG_STATUS' });
  });

  it('records a row that can no longer be written (a clash created since validation) as a COMMIT error', async () => {
    const { id } = await stageConfigured([row('cf-1', { code: 'CCC' }), row('cf-2'), row('cf-3', { email: 'late@x.example' })]);
    await createUserVia(t, team.token, { externalId: 'cf-thief', properties: { code: 'CCC' } });
    await createUserVia(t, team.token, { externalId: 'cf-thief-2', email: 'late@x.example' });
    const done = await commitAndWait(t, team.token, id);
    expect(done.status).toBe('COMPLETED');
    expect(done.result).toEqual({ created: 1, updated: 0, unchanged: 0, failed: 2 });
    expect(errorsOf(done).map((e: any) => `${e.row} ${e.column} ${e.code} ${e.phase}`)).toEqual(['2 Code UNIQUE COMMIT', '4 Primary Email UNIQUE COMMIT']);
    expect(await userVia(t, team.token, 'cf-1')).toBeNull();
    expect(await userVia(t, team.token, 'cf-2')).not.toBeNull();
  });

  it('creates NEW_PROPERTY definitions and missing groups and tags once, up front', async () => {
    const id = await stageImport(t, team.teamId, ['External ID', 'Score', 'Groups', 'Tags'], [
      ['np-1', '12', 'Brand New, sales', 'vip'],
      ['np-2', '7', 'brand new', 'VIP, beta'],
    ]);
    await configureVia(t, team.token, {
      id,
      idColumn: 'External ID',
      createMissingGroups: true,
      createMissingProperties: true,
      mapping: [
        { column: 'External ID', kind: 'ATTRIBUTE', key: 'externalId' },
        { column: 'Score', kind: 'NEW_PROPERTY', key: 'score', type: 'INTEGER' },
        { column: 'Groups', kind: 'GROUPS' },
        { column: 'Tags', kind: 'TAGS' },
      ],
    });
    const done = await commitAndWait(t, team.token, id);
    expect(done.result).toEqual({ created: 2, updated: 0, unchanged: 0, failed: 0 });
    const user = await userVia(t, team.token, 'np-1');
    expect(user.properties).toEqual({ score: 12 });
    expect(user.groups.map((g: any) => g.name)).toEqual(['Brand New', 'Sales']);
    expect((await userVia(t, team.token, 'np-2')).tags.map((g: any) => g.name).sort()).toEqual(['beta', 'vip']);
    const defs = await t.gql(`{ propertyDefinitions { key type label } }`, {}, { token: team.token });
    expect(defs.data.propertyDefinitions).toContainEqual({ key: 'score', type: 'INTEGER', label: 'Score' });
    const groups = await t.db.selectFrom('groups').select('name').where('teamId', '=', importRowId(team.teamId)).where(sql`lower(name)`, '=', 'brand new').execute();
    expect(groups).toHaveLength(1);
  });

  it('changes nothing when the same file is committed again: every row UNCHANGED, no history, no events', async () => {
    const rows = Array.from({ length: 120 }, (_, i) => row(`same-${i}`, { ids: `github:same${i}`, groups: 'Sales, Support', code: i === 0 ? 'SAM' : '' }));
    const first = await stageConfigured(rows);
    expect((await commitAndWait(t, team.token, first.id)).result).toEqual({ created: 120, updated: 0, unchanged: 0, failed: 0 });
    const second = await stageConfigured(rows);
    expect(second.imp.preview).toEqual({ create: 0, update: 0, unchanged: 120, invalid: 0 });
    const done = await commitAndWait(t, team.token, second.id);
    expect(done.result).toEqual({ created: 0, updated: 0, unchanged: 120, failed: 0 });
    const secondId = importRowId(second.id);
    const changes = await t.db.selectFrom('userChanges').select((eb) => eb.fn.countAll<number>().as('n')).where('importId', '=', secondId).executeTakeFirstOrThrow();
    expect(Number(changes.n)).toBe(0);
    const events = await t.db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).where(sql`properties ->> 'importId'`, '=', secondId).executeTakeFirstOrThrow();
    expect(Number(events.n)).toBe(0);
    const firstEvents = await t.db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).where(sql`properties ->> 'importId'`, '=', importRowId(first.id)).where('name', '=', 'user.imported').executeTakeFirstOrThrow();
    expect(Number(firstEvents.n)).toBe(120);
  });

  it('ends FAILED with its checkpoint when a batch fails, and resumes from there when committed again', async () => {
    const rows = Array.from({ length: 3 * BATCH }, (_, i) => row(`fail-${i}`, { code: i === 2 * BATCH ? 'FAL' : '' }));
    const { id } = await stageConfigured(rows);
    // Break the property's rule under the import: the third batch's row cannot be checked.
    const code = sql`update property_definitions set pattern = '(' where key = 'code' and team_id = ${importRowId(team.teamId)}`;
    const restore = sql`update property_definitions set pattern = '[A-Z]{3}' where key = 'code' and team_id = ${importRowId(team.teamId)}`;
    await code.execute(t.db);
    const failed = await commitAndWait(t, team.token, id);
    await restore.execute(t.db);
    expect(failed.status).toBe('FAILED');
    expect(failed.progress.processed).toBe(2 * BATCH);
    expect(failed.failure).toContain(`The first ${2 * BATCH} rows stay committed`);
    expect(await countUsers('fail-')).toBe(2 * BATCH);

    const resumed = await commitAndWait(t, team.token, id);
    expect(resumed).toMatchObject({ status: 'COMPLETED', failure: null, progress: { processed: 3 * BATCH }, result: { created: 3 * BATCH, failed: 0 } });
    expect(await countUsers('fail-')).toBe(3 * BATCH);
  });
});

// ---------------------------------------------------------------------------------------------
// Live progress, cancel, resume

const wsUrl = () => `${base.replace('http', 'ws')}/graphql`;

function connect(connectionParams: Record<string, unknown> | undefined) {
  const closes: number[] = [];
  const client = createWsClient({
    url: wsUrl(),
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
    lazy: false,
    // Refused connections (4403) are expected here; the default would log them.
    onNonLazyError: () => {},
    on: { closed: (event) => void closes.push((event as { code: number }).code) },
  });
  client.on('error', () => {});
  clients.push(client);
  return { client, closes };
}

const PROGRESS = `subscription($id: ID!) { importProgress(id: $id) { id status progress { processed total } result { created failed } } }`;

function follow(client: Client, id: string) {
  const items: { at: number; data: any }[] = [];
  const errors: unknown[] = [];
  let done = false;
  const dispose = client.subscribe({ query: PROGRESS, variables: { id } }, {
    next: (value) => void items.push({ at: Date.now(), data: value }),
    error: (error) => void errors.push(error),
    complete: () => void (done = true),
  });
  return { items, errors, dispose, isDone: () => done };
}

async function until(check: () => boolean, ms = 60_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('importProgress over graphql-ws', () => {
  it('streams the state, at least once a second while a long commit runs, then completes', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => row(`live-${i}`, { groups: i % 2 ? 'Sales' : 'Support' }));
    const { id } = await stageConfigured(rows);
    const { client } = connect({ token: team.token });
    const sub = follow(client, id);
    await until(() => sub.items.length > 0);
    expect(sub.items[0]!.data.data.importProgress).toMatchObject({ status: 'VALIDATED', progress: { processed: 0, total: 5000 } });

    const res = await t.gql(COMMIT, { input: { id } }, { token: team.token });
    expect(res.data.commitImport).toMatchObject({ __typename: 'Import', status: 'RUNNING' });
    await until(() => sub.isDone(), 120_000);
    expect(sub.errors).toEqual([]);

    const states = sub.items.map((i) => i.data.data.importProgress);
    const last = states.at(-1);
    expect(last).toMatchObject({ status: 'COMPLETED', progress: { processed: 5000 }, result: { created: 5000, failed: 0 } });
    const processed = states.map((s) => s.progress.processed);
    expect(processed).toEqual([...processed].sort((a, b) => a - b));
    const running = sub.items.filter((i) => i.data.data.importProgress.status === 'RUNNING');
    const seconds = (sub.items.at(-1)!.at - running[0]!.at) / 1000;
    expect(seconds).toBeGreaterThan(1);
    // At least one event per second: no silence of a second or more while it ran.
    const gaps = running.slice(1).map((item, i) => item.at - running[i]!.at);
    expect(Math.max(...gaps), `gaps ${gaps.join(',')}`).toBeLessThan(1000 + 250);
    expect(running.length).toBeGreaterThanOrEqual(Math.floor(seconds));
    expect(await countUsers('live-')).toBe(5000);
  });

  it('answers the final state of an ended import and completes at once', async () => {
    const { id } = await stageConfigured([row('end-1')]);
    await commitAndWait(t, team.token, id);
    const { client } = connect({ token: team.token });
    const sub = follow(client, id);
    await until(() => sub.isDone());
    expect(sub.items.map((i) => i.data.data.importProgress.status)).toEqual(['COMPLETED']);
  });
});

describe('cancelImport', () => {
  it('stops a running import after the batch in hand; what was committed stays and is counted', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => row(`cx-${i}`));
    const { id } = await stageConfigured(rows);
    const { client } = connect({ token: team.token });
    const sub = follow(client, id);
    await until(() => sub.items.length > 0);
    await t.gql(COMMIT, { input: { id } }, { token: team.token });
    await until(() => sub.items.some((i) => i.data.data.importProgress.progress.processed > 0));
    const res = await t.gql(CANCEL, { input: { id } }, { token: team.token });
    expect(res.data.cancelImport).toMatchObject({ __typename: 'Import', status: 'RUNNING', cancelRequested: true });
    await until(() => sub.isDone());
    const done = await waitForImport(t, team.token, id);
    expect(done.status).toBe('CANCELLED');
    expect(done.progress.processed).toBeGreaterThan(0);
    expect(done.progress.processed).toBeLessThan(3000);
    expect(done.progress.processed % BATCH).toBe(0);
    expect(done.result.created).toBe(done.progress.processed);
    expect(await countUsers('cx-')).toBe(done.progress.processed);
    expect(sub.items.at(-1)!.data.data.importProgress.status).toBe('CANCELLED');

    const again = await t.gql(CANCEL, { input: { id } }, { token: team.token });
    expect(again.data.cancelImport).toMatchObject({ __typename: 'ConflictError', code: 'WRONG_STATUS' });
  });

  it('cancels an import that has not started at once', async () => {
    const { id } = await stageConfigured([row('cn-1')]);
    const res = await t.gql(CANCEL, { input: { id } }, { token: team.token });
    expect(res.data.cancelImport).toMatchObject({ __typename: 'Import', status: 'CANCELLED' });
    expect((await t.gql(COMMIT, { input: { id } }, { token: team.token })).data.commitImport.code).toBe('WRONG_STATUS');
  });
});

describe('resuming after a crash', () => {
  it('claims a RUNNING import with a stale heartbeat once, and finishes it from its checkpoint without duplicating or losing a row', async () => {
    const total = 20 * BATCH;
    const rows = Array.from({ length: total }, (_, i) => row(`rs-${i}`, { ids: `github:rs${i}` }));
    const { id } = await stageConfigured(rows);
    // Commit part of it for real, then make it look like its instance died mid-way: RUNNING,
    // the checkpoint where it stopped, a heartbeat long past.
    await t.gql(COMMIT, { input: { id } }, { token: team.token });
    for (;;) {
      const imp = await importVia(t, team.token, id);
      if (imp.progress.processed >= 3 * BATCH) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    await t.gql(CANCEL, { input: { id } }, { token: team.token });
    const stopped = await waitForImport(t, team.token, id);
    const checkpoint = stopped.progress.processed;
    expect(checkpoint).toBeLessThan(total);
    await t.db
      .updateTable('imports')
      .set({ status: 'RUNNING', cancelRequested: false, finishedAt: null, heartbeatAt: sql<Date>`now() - interval '1 hour'` })
      .where('id', '=', importRowId(id))
      .execute();

    // A fresh heartbeat is someone else's import: not claimed.
    const fresh = await stageConfigured([row('rs-fresh')]);
    await t.db.updateTable('imports').set({ status: 'RUNNING', heartbeatAt: sql<Date>`now()` }).where('id', '=', importRowId(fresh.id)).execute();

    const deps = { db: t.db, config: t.config, pubsub: t.pubsub };
    const [a, b] = await Promise.all([resumeStaleImports(deps), resumeStaleImports(deps)]);
    expect([...a, ...b].map((i) => i.id)).toEqual([importRowId(id)]);
    const done = await waitForImport(t, team.token, id);
    expect(done).toMatchObject({ status: 'COMPLETED', progress: { processed: total }, result: { created: total, failed: 0 } });
    expect(await countUsers('rs-')).toBe(total);
    const identities = await t.db.selectFrom('identities').select((eb) => eb.fn.countAll<number>().as('n')).where('username', 'like', 'rs%').executeTakeFirstOrThrow();
    expect(Number(identities.n)).toBe(total);
    const created = await t.db
      .selectFrom('userChanges')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('importId', '=', importRowId(id))
      .where('field', '=', 'created')
      .executeTakeFirstOrThrow();
    expect(Number(created.n)).toBe(total);
    expect((await importVia(t, team.token, fresh.id)).status).toBe('RUNNING');
    await t.db.updateTable('imports').set({ status: 'CANCELLED' }).where('id', '=', importRowId(fresh.id)).execute();
  });
});

describe('two apps sharing one database handle', () => {
  it('stopping one does not stop imports committed through the other', async () => {
    // Two instances in one process on one handle (the events bench runs a Redis instance this
    // way): the import registry is per handle, so the first stop must not mark it stopping.
    const second = createApp({ config: t.config, db: t.db, pubsub: t.pubsub });
    await second.start(0, '127.0.0.1');
    await second.stop();
    const rows = Array.from({ length: 3 * BATCH }, (_, i) => row(`two-${i}`));
    const { id } = await stageConfigured(rows);
    const done = await commitAndWait(t, team.token, id);
    expect(done).toMatchObject({ status: 'COMPLETED', result: { created: 3 * BATCH } });
    expect(await countUsers('two-')).toBe(3 * BATCH);
  });
});

// ---------------------------------------------------------------------------------------------
// From the upload on

/** createImport through a GraphQL multipart request, as a browser sends it. */
async function uploadFixture(name: string) {
  const form = new FormData();
  const query = `mutation($input: CreateImportInput!) { createImport(input: $input) {
    __typename ... on Import { id status suggestedMapping { column kind key type } } ... on Error { code message } } }`;
  form.append('operations', JSON.stringify({ query, variables: { input: { file: null } } }));
  form.append('map', JSON.stringify({ 0: ['variables.input.file'] }));
  form.append('0', new Blob([readFileSync(join(import.meta.dirname, 'fixtures', 'imports', name))], { type: 'text/csv' }), name);
  const response = await fetch(`${base}/graphql`, { method: 'POST', headers: authHeaders({ token: team.token }), body: form });
  const body = (await response.json()) as any;
  expect(body.data?.createImport.__typename, JSON.stringify(body)).toBe('Import');
  return body.data.createImport as { id: string; status: string; suggestedMapping: Record<string, string | null>[] };
}

describe('end to end from createImport', () => {
  it('reports the rows users get wrong (invalid email, unknown group, disabled source, a constraint), then commits the rest', async () => {
    const uploaded = await uploadFixture('invalid-rows.csv');
    expect(uploaded.status).toBe('ANALYZED');
    const mapping = uploaded.suggestedMapping.map(({ column, kind, key, type }) => ({ column, kind, key, type }));
    expect(mapping).toContainEqual({ column: 'Seats', kind: 'PROPERTY', key: 'seats', type: null });
    const imp = await configureVia(t, team.token, { id: uploaded.id, idColumn: 'External ID', mapping });
    expect(brief(imp)).toEqual(['3 Primary Email INVALID_EMAIL', '4 Groups UNKNOWN_GROUP', '5 Source Username(s) SOURCE_DISABLED', '6 Seats MAX']);
    expect(imp.preview).toEqual({ create: 1, update: 0, unchanged: 0, invalid: 4 });
    await configureVia(t, team.token, { id: uploaded.id, idColumn: 'External ID', mapping, skipInvalidRows: true });
    const done = await commitAndWait(t, team.token, uploaded.id);
    expect(done.result).toEqual({ created: 1, updated: 0, unchanged: 0, failed: 4 });
    expect(await userVia(t, team.token, 'e2e-1')).toMatchObject({ email: 'ada@example.com', role: 'ADMIN', properties: { seats: 5 }, identities: [{ source: 'github', username: 'ada' }] });
  });
});

// ---------------------------------------------------------------------------------------------
// Who may do what

const world = lazyWorld(() => t);
// The other teams of the matrix have no properties: the template's columns only.
const homeRows = () => [row(`tn-${Math.random().toString(36).slice(2)}`, { groups: '' }).slice(0, TEMPLATE_HEADER.length)];
const TEMPLATE = templateMapping();

describeTenancy('configureImport', () => t, world, {
  scope: 'imports:write',
  field: 'configureImport',
  operation: async (w) => ({
    query: CONFIGURE,
    variables: { input: { id: await stageImport(t, w.home.teamId, TEMPLATE_HEADER, homeRows()), idColumn: 'External ID', mapping: TEMPLATE } },
  }),
  expect: onHomeObject('NOT_FOUND'),
});

describeTenancy('commitImport', () => t, world, {
  scope: 'imports:write',
  field: 'commitImport',
  operation: async (w) => {
    const id = await stageImport(t, w.home.teamId, TEMPLATE_HEADER, homeRows());
    await configureVia(t, w.home.token, { id, idColumn: 'External ID', mapping: TEMPLATE });
    return { query: COMMIT, variables: { input: { id } } };
  },
  expect: onHomeObject('NOT_FOUND'),
});

describeTenancy('cancelImport', () => t, world, {
  scope: 'imports:write',
  field: 'cancelImport',
  operation: async (w) => ({ query: CANCEL, variables: { input: { id: await stageImport(t, w.home.teamId, TEMPLATE_HEADER, homeRows()) } } }),
  expect: onHomeObject('NOT_FOUND'),
});

describe('tenancy: importProgress (graphql-ws)', () => {
  const expected: Record<Caller, Outcome> = { ...onHomeObject('NOT_FOUND') };
  let id: string;
  beforeAll(async () => {
    id = await stageImport(t, (await world()).home.teamId, TEMPLATE_HEADER, homeRows(), { status: 'COMPLETED' });
  });
  it.each(CALLERS)('as %s', async (caller) => {
    const auth = await (await world()).auth(caller, 'imports:read');
    const params = auth?.token ? { token: auth.token } : auth?.publicKey ? { publicKey: auth.publicKey } : undefined;
    const { client, closes } = connect(params);
    const sub = follow(client, id);
    await until(() => sub.isDone() || sub.errors.length > 0 || closes.length > 0);
    let outcome: string;
    if (closes.includes(4403)) outcome = 'UNAUTHENTICATED';
    else if (sub.errors.length) outcome = JSON.stringify(sub.errors[0]).match(/"code":"([A-Z_]+)"/)?.[1] ?? 'ERROR';
    else {
      const first = sub.items[0]?.data;
      outcome = first?.errors?.length ? (first.errors[0].extensions?.code ?? 'ERROR') : first?.data?.importProgress?.id === id ? 'OK' : 'NULL';
    }
    expect(outcome, JSON.stringify({ items: sub.items, errors: sub.errors, closes })).toBe(expected[caller]);
    if (expected[caller] === 'OK') expect(sub.items.map((i) => i.data.data.importProgress.status)).toEqual(['COMPLETED']);
    sub.dispose();
  });
});

describe('imports:write keys', () => {
  it('configure and commit with a key holding imports:write (and read back with imports:read)', async () => {
    const key = (await addApiKey(t, team, ['imports:read', 'imports:write'])).secret;
    const id = await stageImport(t, team.teamId, HEADER, [row('key-1')]);
    await configureVia(t, key, { id, idColumn: 'External ID', mapping: MAPPING });
    expect((await commitAndWait(t, key, id)).status).toBe('COMPLETED');
  });
});
