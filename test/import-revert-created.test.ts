import { encodeGlobalID } from '@pothos/plugin-relay';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitBatch } from '../server/modules/imports/commit.ts';
import { importRunsSettled } from '../server/modules/imports/runner.ts';
import { readStagedRows } from '../server/modules/imports/staged-rows.ts';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { type SignedUpTeam, signUp } from './helpers/fixtures.ts';
import { commitAndWait, configureVia, importRowId, REVERT, stageImport, userVia } from './helpers/imports.ts';
import { createUserVia, definePropertyVia } from './helpers/users.ts';

// revertImport also removes what the import itself created — groups (createMissingGroups), tags,
// NEW_PROPERTY definitions — when nothing uses them any more; what existed before, what another
// team has, and what later work uses are left alone.

const BATCH = 50;
let t: TestApp;
let team: SignedUpTeam;
let other: SignedUpTeam;

beforeAll(async () => {
  t = await createTestApp({ IMPORT_BATCH_SIZE: String(BATCH) });
  team = await signUp(t);
  other = await signUp(t);
  await definePropertyVia(t, team.token, { key: 'code', label: 'Code', type: 'STRING', pattern: '[A-Z]{3}' });
});

afterAll(() => importRunsSettled(t.db));

const HEADER = ['External ID', 'Display Name', 'Groups', 'Tags', 'Score', 'Code'];
const MAPPING = [
  { column: 'External ID', kind: 'ATTRIBUTE', key: 'externalId' },
  { column: 'Display Name', kind: 'ATTRIBUTE', key: 'displayName' },
  { column: 'Groups', kind: 'GROUPS' },
  { column: 'Tags', kind: 'TAGS' },
  { column: 'Code', kind: 'PROPERTY', key: 'code' },
];

/** Stages and configures an import of `rows` (Score mapped to a NEW_PROPERTY `scoreKey` when given). */
async function configured(who: SignedUpTeam, rows: string[][], scoreKey?: string): Promise<string> {
  const id = await stageImport(t, who.teamId, HEADER, rows);
  const mapping = scoreKey ? [...MAPPING, { column: 'Score', kind: 'NEW_PROPERTY', key: scoreKey, type: 'INTEGER' }] : MAPPING;
  await configureVia(t, who.token, { id, idColumn: 'External ID', mapping, createMissingGroups: true, createMissingProperties: !!scoreKey });
  return id;
}

async function imported(who: SignedUpTeam, rows: string[][], scoreKey?: string): Promise<string> {
  const id = await configured(who, rows, scoreKey);
  expect((await commitAndWait(t, who.token, id)).status).toBe('COMPLETED');
  return id;
}

const revert = (who: SignedUpTeam, id: string, force = false) => t.gql(REVERT, { input: { id, force } }, { token: who.token });

/** The team's groups / tags / property definitions by lower-cased name (or key) → id. */
async function labels(who: SignedUpTeam, table: 'groups' | 'tags'): Promise<Map<string, string>> {
  const rows = await t.db.selectFrom(table).select(['id', 'name']).where('teamId', '=', importRowId(who.teamId)).execute();
  return new Map(rows.map((r) => [r.name.toLowerCase(), r.id]));
}
async function definitions(who: SignedUpTeam): Promise<Map<string, string>> {
  const rows = await t.db.selectFrom('propertyDefinitions').select(['id', 'key']).where('teamId', '=', importRowId(who.teamId)).execute();
  return new Map(rows.map((r) => [r.key, r.id]));
}

/** What the import recorded as created, as sorted `KIND name` strings. */
async function recorded(id: string): Promise<string[]> {
  const result = await sql<{ entry: string }>`
    select r.kind || ' ' || coalesce(g.name, tg.name, d.key, '(gone)') as entry
      from import_created_targets as r
      left join groups as g on r.kind = 'GROUP' and g.id = r.target_id
      left join tags as tg on r.kind = 'TAG' and tg.id = r.target_id
      left join property_definitions as d on r.kind = 'PROPERTY' and d.id = r.target_id
     where r.import_id = ${importRowId(id)}`.execute(t.db);
  return result.rows.map((r) => r.entry).sort();
}

async function createGroup(who: SignedUpTeam, name: string) {
  const res = await t.gql(`mutation($input: CreateGroupInput!) { createGroup(input: $input) { __typename } }`, { input: { name } }, { token: who.token });
  expect(res.data.createGroup.__typename, JSON.stringify(res)).toBe('GroupPayload');
}

async function addToGroup(who: SignedUpTeam, externalId: string, groupName: string) {
  const user = await userVia(t, who.token, externalId);
  const res = await t.gql(`mutation($input: AddUsersToGroupsInput!) { addUsersToGroups(input: $input) { __typename } }`, {
    input: { userIds: [user.id], groupNames: [groupName] },
  }, { token: who.token });
  expect(res.data.addUsersToGroups.__typename, JSON.stringify(res)).toBe('AddUsersToGroupsPayload');
}

describe('revertImport and what the import created', () => {
  it('deletes the groups, tags and property definitions the import created; same-named ones that existed, and another team’s, stay', async () => {
    await createGroup(team, 'Known Group');
    await createGroup(other, 'Typo One');
    await definePropertyVia(t, team.token, { key: 'known', label: 'Known', type: 'STRING' });
    await createUserVia(t, team.token, { externalId: 'c-old', displayName: 'Old' });
    await t.gql(`mutation($input: TagUsersInput!) { tagUsers(input: $input) { __typename } }`, {
      input: { userIds: [(await userVia(t, team.token, 'c-old')).id], tagNames: ['known-tag'], createMissingTags: true },
    }, { token: team.token });
    const before = { groups: await labels(team, 'groups'), tags: await labels(team, 'tags'), definitions: await definitions(team), other: await labels(other, 'groups') };

    const id = await imported(team, [
      ['c-old', 'Old', 'known group, Typo One', 'KNOWN-TAG, fresh-tag', '1', ''],
      ['c-new', 'New', 'Typo One, Typo Two', 'fresh-tag', '2', ''],
    ], 'score');
    expect(await recorded(id)).toEqual(['GROUP Typo One', 'GROUP Typo Two', 'PROPERTY score', 'TAG fresh-tag']);
    expect([...(await labels(team, 'groups')).keys()].sort()).toEqual(['known group', 'typo one', 'typo two']);
    expect((await userVia(t, team.token, 'c-new')).properties).toEqual({ score: 2 });

    const res = await revert(team, id);
    expect(res.data.revertImport, JSON.stringify(res)).toMatchObject({ __typename: 'Import', status: 'REVERTED' });
    expect(await labels(team, 'groups')).toEqual(before.groups);
    expect(await labels(team, 'tags')).toEqual(before.tags);
    expect(await definitions(team)).toEqual(before.definitions);
    expect(await labels(other, 'groups')).toEqual(before.other);
    const old = await userVia(t, team.token, 'c-old');
    expect(old).toMatchObject({ groups: [], tags: [{ name: 'known-tag' }], properties: {} });
    const defs = await t.gql(`{ propertyDefinitions { key } }`, {}, { token: team.token });
    expect(defs.data.propertyDefinitions.map((d: any) => d.key).sort()).toEqual(['code', 'known']);
  });

  it('keeps what later work uses — a created group someone else joined, a created property set elsewhere — also when forced', async () => {
    await createUserVia(t, team.token, { externalId: 'k-outside', displayName: 'Outside' });
    const id = await imported(team, [
      ['k-1', 'One', 'Joined Later, Left Alone', 'later-tag, lonely-tag', '5', ''],
    ], 'points');
    // Outside the import: a user it never touched joins one created group, gets the other
    // created tag, and holds a value of the created property.
    await addToGroup(team, 'k-outside', 'Joined Later');
    const outside = await userVia(t, team.token, 'k-outside');
    await t.gql(`mutation($input: TagUsersInput!) { tagUsers(input: $input) { __typename } }`, { input: { userIds: [outside.id], tagNames: ['later-tag'] } }, { token: team.token });
    const updated = await t.gql(`mutation($input: UpdateUserInput!) { updateUser(input: $input) { __typename } }`, { input: { id: outside.id, patch: { properties: { points: 9 } } } }, { token: team.token });
    expect(updated.data.updateUser.__typename, JSON.stringify(updated)).toBe('UserPayload');
    // …and a later change to the imported user, so only a forced revert goes through.
    const user = await userVia(t, team.token, 'k-1');
    await t.gql(`mutation($input: UpdateUserInput!) { updateUser(input: $input) { __typename } }`, { input: { id: user.id, patch: { displayName: 'Edited' } } }, { token: team.token });

    expect((await revert(team, id)).data.revertImport).toMatchObject({ __typename: 'RevertConflictError', code: 'LATER_CHANGES' });
    // Refused: nothing removed.
    expect([...(await labels(team, 'groups')).keys()]).toEqual(expect.arrayContaining(['joined later', 'left alone']));
    expect([...(await labels(team, 'tags')).keys()]).toEqual(expect.arrayContaining(['later-tag', 'lonely-tag']));

    expect((await revert(team, id, true)).data.revertImport).toMatchObject({ __typename: 'Import', status: 'REVERTED' });
    expect(await userVia(t, team.token, 'k-1')).toBeNull();
    const groups = await labels(team, 'groups');
    expect(groups.has('joined later')).toBe(true);
    expect(groups.has('left alone')).toBe(false);
    const tags = await labels(team, 'tags');
    expect(tags.has('later-tag')).toBe(true);
    expect(tags.has('lonely-tag')).toBe(false);
    expect((await definitions(team)).has('points')).toBe(true);
    expect(await userVia(t, team.token, 'k-outside')).toMatchObject({ groups: [{ name: 'Joined Later' }], tags: [{ name: 'later-tag' }], properties: { points: 9 } });
  });

  it('keeps a created group, tag or definition edited since (renamed, described, relabelled): the edit is later work', async () => {
    const id = await imported(team, [
      ['e-1', 'E', 'Renamed Later, Described Later, Untouched Group', 'renamed-tag, untouched-tag', '3', ''],
    ], 'edited');
    const groups = await labels(team, 'groups');
    const tags = await labels(team, 'tags');
    const edit = async (mutation: string, field: string, input: object) => {
      const res = await t.gql(`mutation($input: ${mutation}) { ${field}(input: $input) { __typename } }`, { input }, { token: team.token });
      expect(res.data[field].__typename, JSON.stringify(res)).not.toMatch(/Error$/);
    };
    await edit('UpdateGroupInput!', 'updateGroup', { id: encodeGlobalID('Group', groups.get('renamed later')!), name: 'Renamed Since' });
    await edit('UpdateGroupInput!', 'updateGroup', { id: encodeGlobalID('Group', groups.get('described later')!), description: 'kept for the beta' });
    await edit('RenameTagInput!', 'renameTag', { id: encodeGlobalID('Tag', tags.get('renamed-tag')!), name: 'renamed-since' });
    await edit('UpdatePropertyInput!', 'updatePropertyDefinition', { id: encodeGlobalID('PropertyDefinition', (await definitions(team)).get('edited')!), label: 'Edited since' });

    expect((await revert(team, id)).data.revertImport).toMatchObject({ __typename: 'Import', status: 'REVERTED' });
    expect(await userVia(t, team.token, 'e-1')).toBeNull();
    const after = await labels(team, 'groups');
    expect([after.has('renamed since'), after.has('described later'), after.has('untouched group')]).toEqual([true, true, false]);
    const tagsAfter = await labels(team, 'tags');
    expect([tagsAfter.has('renamed-since'), tagsAfter.has('untouched-tag')]).toEqual([true, false]);
    expect((await definitions(team)).has('edited')).toBe(true);
  });

  it('records only what it created: a resumed import and a second import of the same names record nothing more', async () => {
    const rows = Array.from({ length: 3 * BATCH }, (_, i) => [
      `res-${i}`, `R ${i}`, i < BATCH ? 'Resumed Group' : `Resumed Group, Batch ${Math.floor(i / BATCH)}`, 'resumed-tag', String(i), i === 2 * BATCH ? 'RES' : '',
    ]);
    const id = await configured(team, rows, 'resumed');
    // Break a property's rule under the import: the third batch cannot be checked and fails
    // (FAILED, its checkpoint kept); committed again, it resumes — and creates targets again.
    const code = (pattern: string) => sql`update property_definitions set pattern = ${pattern} where key = 'code' and team_id = ${importRowId(team.teamId)}`;
    await code('(').execute(t.db);
    const failed = await commitAndWait(t, team.token, id);
    await code('[A-Z]{3}').execute(t.db);
    expect(failed).toMatchObject({ status: 'FAILED', progress: { processed: 2 * BATCH } });
    const afterFailure = await recorded(id);
    expect(afterFailure).toEqual(['GROUP Batch 1', 'GROUP Batch 2', 'GROUP Resumed Group', 'PROPERTY resumed', 'TAG resumed-tag']);
    expect((await commitAndWait(t, team.token, id)).status).toBe('COMPLETED');
    expect(await recorded(id)).toEqual(afterFailure);

    const second = await imported(team, [['res-extra', 'Extra', 'Resumed Group, batch 1', 'RESUMED-TAG', '', '']]);
    expect(await recorded(second)).toEqual([]);
    expect((await revert(team, second)).data.revertImport.status).toBe('REVERTED');
    expect((await labels(team, 'groups')).has('resumed group')).toBe(true);

    expect((await revert(team, id)).data.revertImport.status).toBe('REVERTED');
    const groups = await labels(team, 'groups');
    expect(['resumed group', 'batch 1', 'batch 2'].filter((n) => groups.has(n))).toEqual([]);
    expect((await labels(team, 'tags')).has('resumed-tag')).toBe(false);
    expect((await definitions(team)).has('resumed')).toBe(false);
  });

  it('records a label a batch has to create (missing when the batch runs: deleted since the up-front creation), and removes it on revert', async () => {
    const id = await configured(team, [['b-1', 'B', 'Batch Made', 'batch-made', '', '']]);
    const raw = importRowId(id);
    // As the runner does, minus the up-front creation: the batch finds the labels missing.
    const imp = await t.db.selectFrom('imports').selectAll().where('id', '=', raw).executeTakeFirstOrThrow();
    await t.db.transaction().execute(async (trx) => commitBatch(trx, imp, await readStagedRows(trx, raw, 0, BATCH)));
    expect(await recorded(id)).toEqual(['GROUP Batch Made', 'TAG batch-made']);
    // The same batch once more (a retry): nothing new created, nothing recorded twice.
    await t.db.transaction().execute(async (trx) => commitBatch(trx, imp, await readStagedRows(trx, raw, 0, BATCH)));
    expect(await recorded(id)).toEqual(['GROUP Batch Made', 'TAG batch-made']);

    await t.db.updateTable('imports').set({ status: 'COMPLETED', processed: 1 }).where('id', '=', raw).execute();
    expect((await revert(team, id)).data.revertImport.status).toBe('REVERTED');
    expect((await labels(team, 'groups')).has('batch made')).toBe(false);
    expect((await labels(team, 'tags')).has('batch-made')).toBe(false);
  });

  it('removes nothing for an import with nothing recorded (one committed before the records existed)', async () => {
    const id = await imported(team, [['pre-1', 'Pre', 'Before Records', 'before-records', '', '']]);
    await t.db.deleteFrom('importCreatedTargets').where('importId', '=', importRowId(id)).execute();
    expect((await revert(team, id)).data.revertImport.status).toBe('REVERTED');
    expect(await userVia(t, team.token, 'pre-1')).toBeNull();
    expect((await labels(team, 'groups')).has('before records')).toBe(true);
    expect((await labels(team, 'tags')).has('before-records')).toBe(true);
  });
});
