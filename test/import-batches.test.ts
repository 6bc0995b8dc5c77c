import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRunsSettled } from '../server/modules/imports/runner.ts';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { type SignedUpTeam, signUp } from './helpers/fixtures.ts';
import { commitAndWait, configureVia, importRowId, stageImport, TEMPLATE_HEADER, templateMapping, userVia } from './helpers/imports.ts';

// How validation and the commit walk the staged file: batches are ranges of row numbers (so each
// costs the same however large the file), a run of blank lines longer than a batch is skipped,
// and only the rows validation does not CREATE have their action stored — so a configure must
// forget what the previous one decided.

let t: TestApp;
let team: SignedUpTeam;
const BATCH = 20;

beforeAll(async () => {
  t = await createTestApp({ IMPORT_BATCH_SIZE: String(BATCH) });
  team = await signUp(t);
  const res = await t.gql(`mutation($input: CreateGroupInput!) { createGroup(input: $input) { __typename } }`, { input: { name: 'Sales' } }, { token: team.token });
  expect(res.data.createGroup.__typename).toBe('GroupPayload');
});

afterAll(async () => {
  await importRunsSettled(t.db);
});

const MAPPING = templateMapping();
const row = (externalId: string, groups = 'Sales') => ['Active', `Name ${externalId}`, `${externalId}@b.example`, 'User', groups, '', externalId];

async function countUsers(prefix: string): Promise<number> {
  const found = await t.db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('teamId', '=', importRowId(team.teamId))
    .where('externalId', 'like', `${prefix}%`)
    .executeTakeFirstOrThrow();
  return Number(found.n);
}

describe('the staged file in batches', () => {
  it('commits every row across gaps in the row numbers longer than a batch (blank lines)', async () => {
    const rows = Array.from({ length: 3 * BATCH + 5 }, (_, i) => row(`gap-${i}`));
    const id = await stageImport(t, team.teamId, TEMPLATE_HEADER, rows);
    // As blank lines leave them: 5 × BATCH missing row numbers after the 7th row, 3 × BATCH after the 30th.
    await sql`update import_rows set row_number = row_number + ${5 * BATCH} where import_id = ${importRowId(id)} and row_number > 8`.execute(t.db);
    await sql`update import_rows set row_number = row_number + ${3 * BATCH} where import_id = ${importRowId(id)} and row_number > ${31 + 5 * BATCH}`.execute(t.db);

    const configured = await configureVia(t, team.token, { id, idColumn: 'External ID', mapping: MAPPING });
    expect(configured.preview).toEqual({ create: rows.length, update: 0, unchanged: 0, invalid: 0 });
    const done = await commitAndWait(t, team.token, id);
    expect(done).toMatchObject({ status: 'COMPLETED', progress: { processed: rows.length, total: rows.length }, result: { created: rows.length, failed: 0 } });
    expect(await countUsers('gap-')).toBe(rows.length);
  });

  it('forgets what the previous configure decided: rows INVALID then are created when a new configure allows them', async () => {
    const rows = Array.from({ length: 2 * BATCH }, (_, i) => row(`again-${i}`, i % 2 ? 'Sales' : 'Brand New'));
    const id = await stageImport(t, team.teamId, TEMPLATE_HEADER, rows);
    const first = await configureVia(t, team.token, { id, idColumn: 'External ID', mapping: MAPPING });
    expect(first.preview).toEqual({ create: BATCH, update: 0, unchanged: 0, invalid: BATCH });

    const second = await configureVia(t, team.token, { id, idColumn: 'External ID', mapping: MAPPING, createMissingGroups: true });
    expect(second.preview).toEqual({ create: 2 * BATCH, update: 0, unchanged: 0, invalid: 0 });
    const done = await commitAndWait(t, team.token, id);
    expect(done.result).toEqual({ created: 2 * BATCH, updated: 0, unchanged: 0, failed: 0 });
    expect(await userVia(t, team.token, 'again-0')).toMatchObject({ groups: [{ name: 'Brand New' }] });
  });

  it('re-validates a file after its users exist: the stored actions change from CREATE to UNCHANGED and back', async () => {
    const rows = Array.from({ length: 2 * BATCH }, (_, i) => row(`back-${i}`));
    const id = await stageImport(t, team.teamId, TEMPLATE_HEADER, rows);
    const before = await configureVia(t, team.token, { id, idColumn: 'External ID', mapping: MAPPING });
    expect(before.preview).toEqual({ create: 2 * BATCH, update: 0, unchanged: 0, invalid: 0 });

    // The same rows committed through another import: this one's rows are now UNCHANGED…
    const twin = await stageImport(t, team.teamId, TEMPLATE_HEADER, rows);
    await configureVia(t, team.token, { id: twin, idColumn: 'External ID', mapping: MAPPING });
    expect((await commitAndWait(t, team.token, twin)).result).toEqual({ created: 2 * BATCH, updated: 0, unchanged: 0, failed: 0 });
    const after = await configureVia(t, team.token, { id, idColumn: 'External ID', mapping: MAPPING });
    expect(after.preview).toEqual({ create: 0, update: 0, unchanged: 2 * BATCH, invalid: 0 });
    expect((await commitAndWait(t, team.token, id)).result).toEqual({ created: 0, updated: 0, unchanged: 2 * BATCH, failed: 0 });
  });
});
