import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRunsSettled } from '../server/modules/imports/runner.ts';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { type SignedUpTeam, signUp } from './helpers/fixtures.ts';
import { commitAndWait, configureVia, importRowId, importVia, REVERT, stageImport, TEMPLATE_HEADER, templateMapping, userVia } from './helpers/imports.ts';
import { onHomeObject } from './helpers/tenancy-outcomes.ts';
import { describeTenancy, lazyWorld } from './helpers/tenancy.ts';
import { createUserVia, definePropertyVia } from './helpers/users.ts';

// Step 4 of an import: revertImport undoes it from the history it recorded — created users
// removed, changed fields restored, added groups, tags and identities removed — and refuses
// (listing them) where something changed since, unless forced.

let t: TestApp;
let team: SignedUpTeam;

beforeAll(async () => {
  t = await createTestApp();
  team = await signUp(t);
  await definePropertyVia(t, team.token, { key: 'seats', label: 'Seats', type: 'INTEGER' });
  await definePropertyVia(t, team.token, { key: 'tier', label: 'Tier', type: 'STRING' });
  for (const name of ['Sales', 'Support']) {
    await t.gql(`mutation($input: CreateGroupInput!) { createGroup(input: $input) { __typename } }`, { input: { name } }, { token: team.token });
  }
});

afterAll(() => importRunsSettled(t.db));

const HEADER = [...TEMPLATE_HEADER, 'Seats', 'Tier', 'Tags'];
const MAPPING = templateMapping([
  { column: 'Seats', kind: 'PROPERTY', key: 'seats' },
  { column: 'Tier', kind: 'PROPERTY', key: 'tier' },
  { column: 'Tags', kind: 'TAGS' },
]);

/** Stages, configures and commits `rows`; returns the completed import's id. */
async function imported(rows: string[][]): Promise<string> {
  const id = await stageImport(t, team.teamId, HEADER, rows);
  await configureVia(t, team.token, { id, idColumn: 'External ID', mapping: MAPPING });
  expect((await commitAndWait(t, team.token, id)).status).toBe('COMPLETED');
  return id;
}

const revert = (id: string, force = false) => t.gql(REVERT, { input: { id, force } }, { token: team.token });

async function updateUser(externalId: string, patch: Record<string, unknown>) {
  const user = await userVia(t, team.token, externalId);
  const res = await t.gql(`mutation($input: UpdateUserInput!) { updateUser(input: $input) { __typename } }`, { input: { id: user.id, patch } }, { token: team.token });
  expect(res.data.updateUser.__typename).toBe('UserPayload');
}

describe('revertImport', () => {
  it('removes the users it created, restores the fields it changed and takes back the groups, tags and identities it added', async () => {
    await createUserVia(t, team.token, { externalId: 'r-old', email: 'r-old@x.example', displayName: 'Before', role: 'USER', properties: { tier: 'gold' } });
    await t.gql(`mutation($input: AddUsersToGroupsInput!) { addUsersToGroups(input: $input) { __typename } }`, {
      input: { userIds: [(await userVia(t, team.token, 'r-old')).id], groupNames: ['Sales'] },
    }, { token: team.token });
    const before = await userVia(t, team.token, 'r-old');

    const id = await imported([
      ['Archived', 'After', 'r-old@x.example', 'Admin', 'Sales, Support', 'slack:rold', 'r-old', '5', 'platinum', 'vip'],
      ['Active', 'Newcomer', 'r-new@x.example', 'User', 'Support', 'github:rnew', 'r-new', '2', '', 'vip, beta'],
    ]);
    const changed = await userVia(t, team.token, 'r-old');
    expect(changed).toMatchObject({ status: 'ARCHIVED', role: 'ADMIN', displayName: 'After', properties: { seats: 5, tier: 'platinum' } });
    expect(changed.groups.map((g: any) => g.name)).toEqual(['Sales', 'Support']);
    expect(await userVia(t, team.token, 'r-new')).not.toBeNull();

    const res = await revert(id);
    expect(res.data.revertImport, JSON.stringify(res)).toMatchObject({ __typename: 'Import', status: 'REVERTED' });
    expect(await userVia(t, team.token, 'r-new')).toBeNull();
    const restored = await userVia(t, team.token, 'r-old');
    expect(restored).toEqual(before);

    // The revert is in the user's history: made by the member who asked, naming the import.
    const history = await t.gql(`query($x: String) { user(externalId: $x) { history(first: 50) { edges { node { field origin importId member { email } newValue } } } } }`, { x: 'r-old' }, { token: team.token });
    const entries = history.data.user.history.edges.map((e: any) => e.node);
    const undone = entries.filter((e: any) => e.origin === 'MEMBER' && e.importId === id);
    expect(undone.map((e: any) => e.field).sort()).toEqual(['displayName', 'groups', 'identities', 'properties.seats', 'properties.tier', 'role', 'status', 'tags'].sort());
    expect(undone.every((e: any) => e.member.email === team.adminEmail)).toBe(true);
    expect(entries.filter((e: any) => e.origin === 'IMPORT' && e.importId === id)).toHaveLength(8);

    const again = await revert(id);
    expect(again.data.revertImport).toMatchObject({ __typename: 'ConflictError', code: 'WRONG_STATUS' });
  });

  it('refuses when a field changed after the import (LATER_CHANGES, listing them) and changes nothing; force reverts anyway', async () => {
    await createUserVia(t, team.token, { externalId: 'lc-1', displayName: 'Original', properties: { tier: 'bronze' } });
    const id = await imported([
      ['Active', 'Imported', '', 'User', '', '', 'lc-1', '', 'silver', ''],
      ['Active', 'Created', '', 'User', '', '', 'lc-2', '', '', ''],
      ['Active', 'Untouched', '', 'User', '', '', 'lc-3', '', '', ''],
    ]);
    await updateUser('lc-1', { displayName: 'Edited later' });
    await t.gql(`mutation($input: TagUsersInput!) { tagUsers(input: $input) { __typename } }`, {
      input: { userIds: [(await userVia(t, team.token, 'lc-2')).id], tagNames: ['later'], createMissingTags: true },
    }, { token: team.token });

    const refused = await revert(id);
    const error = refused.data.revertImport;
    expect(error, JSON.stringify(refused)).toMatchObject({ __typename: 'RevertConflictError', code: 'LATER_CHANGES', path: ['input', 'id'], conflictCount: 2 });
    expect(error.conflicts.map((c: any) => `${c.externalId} ${c.field}`)).toEqual(['lc-1 displayName', 'lc-2 tags']);
    expect(error.conflicts[0].userId).toBe((await userVia(t, team.token, 'lc-1')).id);
    expect(error.message).toContain('lc-1 displayName');
    expect((await importVia(t, team.token, id)).status).toBe('COMPLETED');
    expect(await userVia(t, team.token, 'lc-1')).toMatchObject({ displayName: 'Edited later', properties: { tier: 'silver' } });
    expect(await userVia(t, team.token, 'lc-2')).not.toBeNull();

    const forced = await revert(id, true);
    expect(forced.data.revertImport).toMatchObject({ __typename: 'Import', status: 'REVERTED' });
    expect(await userVia(t, team.token, 'lc-1')).toMatchObject({ displayName: 'Original', properties: { tier: 'bronze' } });
    expect(await userVia(t, team.token, 'lc-2')).toBeNull();
    expect(await userVia(t, team.token, 'lc-3')).toBeNull();
  });

  it('a later import of the same field is a later change too; the latest import reverts cleanly', async () => {
    await createUserVia(t, team.token, { externalId: 'two-1', displayName: 'Zero' });
    const first = await imported([['Active', 'One', '', 'User', '', '', 'two-1', '', '', '']]);
    const second = await imported([['Active', 'Two', '', 'User', '', '', 'two-1', '', '', '']]);
    expect((await revert(first)).data.revertImport).toMatchObject({ __typename: 'RevertConflictError', conflicts: [{ externalId: 'two-1', field: 'displayName' }] });
    expect((await revert(second)).data.revertImport.status).toBe('REVERTED');
    expect((await userVia(t, team.token, 'two-1')).displayName).toBe('One');
    expect((await revert(first)).data.revertImport.status).toBe('REVERTED');
    expect((await userVia(t, team.token, 'two-1')).displayName).toBe('Zero');
  });

  it('skips a user deleted since when forced, and answers WRONG_STATUS for an import that has not run', async () => {
    const id = await imported([['Active', 'Gone soon', '', 'User', '', '', 'del-1', '', '', '']]);
    const user = await userVia(t, team.token, 'del-1');
    await t.gql(`mutation($input: DeleteUsersInput!) { deleteUsers(input: $input) { __typename } }`, { input: { ids: [user.id] } }, { token: team.token });
    const refused = await revert(id);
    expect(refused.data.revertImport).toMatchObject({ code: 'LATER_CHANGES', conflicts: [{ externalId: null, field: 'deleted' }] });
    expect((await revert(id, true)).data.revertImport.status).toBe('REVERTED');

    const analyzed = await stageImport(t, team.teamId, HEADER, [['Active', 'x', '', 'User', '', '', 'nr-1', '', '', '']]);
    expect((await revert(analyzed)).data.revertImport).toMatchObject({ __typename: 'ConflictError', code: 'WRONG_STATUS' });
  });

  it('reverts a large import set-based, in one go', async () => {
    const rows = Array.from({ length: 2500 }, (_, i) => ['Active', `Bulk ${i}`, `bulk${i}@x.example`, 'User', 'Sales', `github:bulk${i}`, `bulk-${i}`, String(i % 50 + 1), '', 'bulk']);
    const id = await imported(rows);
    const count = async () =>
      Number(
        (await t.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).where('teamId', '=', importRowId(team.teamId)).where('externalId', 'like', 'bulk-%').executeTakeFirstOrThrow()).n,
      );
    expect(await count()).toBe(2500);
    expect((await revert(id)).data.revertImport.status).toBe('REVERTED');
    expect(await count()).toBe(0);
  });
});

const world = lazyWorld(() => t);

describeTenancy('revertImport', () => t, world, {
  scope: 'imports:write',
  field: 'revertImport',
  // A COMPLETED import that changed nothing: reverting it only marks it REVERTED.
  operation: async (w) => ({
    query: REVERT,
    variables: { input: { id: await stageImport(t, w.home.teamId, TEMPLATE_HEADER, [['Active', 'x', '', 'User', '', '', 'tn-1']], { status: 'COMPLETED' }) } },
  }),
  expect: onHomeObject('NOT_FOUND'),
});
