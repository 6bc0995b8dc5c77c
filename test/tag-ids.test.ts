import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { importRunsSettled } from '../server/modules/imports/runner.ts';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { type SignedUpTeam, signUp } from './helpers/fixtures.ts';
import { commitAndWait, configureVia, REVERT, stageImport, TEMPLATE_HEADER, templateMapping } from './helpers/imports.ts';
import { createUserVia, definePropertyVia } from './helpers/users.ts';

// users.tag_ids is a copy of user_tags kept by triggers (migration user_tag_ids) so that the tag
// filter is an index condition on users. It must equal the links after every kind of write:
// tagging and untagging (with tags created inline), deleting a tag, importing tags, reverting the
// import, deleting users, writes straight to user_tags, and two transactions tagging one user at
// once. After each step the copy is compared with the links for every user in the database, and
// the filter is checked through the API.

let t: TestApp;
let team: SignedUpTeam;
const ids = new Map<string, string>(); // externalId → global ID

beforeAll(async () => {
  t = await createTestApp();
  team = await signUp(t);
  await definePropertyVia(t, team.token, { key: 'plan', label: 'Plan', type: 'ENUM', options: ['free', 'pro'] });
  for (const [externalId, plan] of [['ana', 'pro'], ['bo', 'free'], ['cy', 'pro'], ['di', 'pro']] as const) {
    ids.set(externalId, await createUserVia(t, team.token, { externalId, properties: { plan } }));
  }
});

afterAll(() => importRunsSettled(t.db));

/** Users whose tag_ids differ from their user_tags links (sorted ids), in the whole database. */
async function drifted(): Promise<string[]> {
  const { rows } = await sql<{ externalId: string }>`
    select u.external_id from users as u
     where u.tag_ids is distinct from
           (select coalesce(array_agg(l.tag_id order by l.tag_id), '{}') from user_tags as l where l.user_id = u.id)`.execute(t.db);
  return rows.map((r) => r.externalId);
}

/** externalIds of the users `users(filter: {tags})` answers, optionally with plan = pro, sorted. */
async function tagged(tags: string[], proOnly = false): Promise<string[]> {
  const filter = { tags, ...(proOnly ? { properties: [{ key: 'plan', op: 'EQ', value: 'pro' }] } : {}) };
  const res = await t.gql(`query($filter: UserFilter) { users(first: 100, filter: $filter) { totalCount edges { node { externalId } } } }`, { filter }, { token: team.token });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  const names = res.data.users.edges.map((e: any) => e.node.externalId).sort();
  expect(res.data.users.totalCount).toBe(names.length);
  return names;
}

const userIds = (...externalIds: string[]) => externalIds.map((x) => ids.get(x)!);

async function mutate(name: string, inputType: string, input: Record<string, unknown>) {
  const res = await t.gql(`mutation($input: ${inputType}!) { ${name}(input: $input) { __typename } }`, { input }, { token: team.token });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data[name].__typename as string;
}

describe('users.tag_ids follows user_tags', () => {
  it('through tagUsers (creating tags inline) and untagUsers', async () => {
    await mutate('tagUsers', 'TagUsersInput', { userIds: userIds('ana', 'bo', 'cy'), tagNames: ['vip', 'beta'], createMissingTags: true });
    expect(await drifted()).toEqual([]);
    expect(await tagged(['vip'])).toEqual(['ana', 'bo', 'cy']);
    expect(await tagged(['VIP'], true)).toEqual(['ana', 'cy']);

    await mutate('untagUsers', 'UntagUsersInput', { userIds: userIds('ana', 'cy'), tagNames: ['vip'] });
    expect(await drifted()).toEqual([]);
    expect(await tagged(['vip'])).toEqual(['bo']);
    expect(await tagged(['vip', 'beta'], true)).toEqual(['ana', 'cy']);
    expect(await tagged(['no-such-tag'])).toEqual([]);
  });

  it('through deleteTag (the links go by cascade)', async () => {
    const created = await t.gql(`mutation { createTag(input: {name: "short-lived"}) { ... on TagPayload { tag { id } } } }`, {}, { token: team.token });
    await mutate('tagUsers', 'TagUsersInput', { userIds: userIds('ana', 'di'), tagNames: ['short-lived'] });
    expect(await tagged(['short-lived'])).toEqual(['ana', 'di']);
    expect(await mutate('deleteTag', 'DeleteTagInput', { id: created.data.createTag.tag.id })).toBe('DeleteTagPayload');
    expect(await drifted()).toEqual([]);
    expect(await tagged(['short-lived'])).toEqual([]);
    expect(await tagged(['beta'])).toEqual(['ana', 'bo', 'cy']);
  });

  it('through an import that adds tags, and its revert', async () => {
    const header = [...TEMPLATE_HEADER, 'Tags'];
    const importId = await stageImport(t, team.teamId, header, [
      ['Active', 'Di', 'di@x.example', 'User', '', '', 'di', 'imported, vip'],
      ['Active', 'Eve', 'eve@x.example', 'User', '', '', 'eve', 'imported'],
    ]);
    await configureVia(t, team.token, { id: importId, idColumn: 'External ID', mapping: templateMapping([{ column: 'Tags', kind: 'TAGS' }]) });
    expect((await commitAndWait(t, team.token, importId)).status).toBe('COMPLETED');
    expect(await drifted()).toEqual([]);
    expect(await tagged(['imported'])).toEqual(['di', 'eve']);
    expect(await tagged(['vip'])).toEqual(['bo', 'di']);

    const reverted = await t.gql(REVERT, { input: { id: importId, force: false } }, { token: team.token });
    expect(reverted.data.revertImport, JSON.stringify(reverted)).toMatchObject({ status: 'REVERTED' });
    expect(await drifted()).toEqual([]);
    expect(await tagged(['imported'])).toEqual([]);
    expect(await tagged(['vip'])).toEqual(['bo']);
  });

  it('through deleteUsers and writes straight to user_tags', async () => {
    const gone = await createUserVia(t, team.token, { externalId: 'gone' });
    await mutate('tagUsers', 'TagUsersInput', { userIds: [gone], tagNames: ['vip'] });
    expect(await mutate('deleteUsers', 'DeleteUsersInput', { ids: [gone] })).toBe('DeleteUsersPayload');
    expect(await tagged(['vip'])).toEqual(['bo']);

    // A set-based write outside the services (as a bulk tool or a migration would do) is kept too.
    const teamId = Buffer.from(team.teamId, 'base64').toString().split(':')[1]!;
    await sql`insert into user_tags (team_id, user_id, tag_id)
      select u.team_id, u.id, tags.id from users u join tags on tags.team_id = u.team_id and tags.name = 'vip'
      where u.team_id = ${teamId}::uuid on conflict do nothing`.execute(t.db);
    expect(await drifted()).toEqual([]);
    expect(await tagged(['vip'])).toEqual(['ana', 'bo', 'cy', 'di']);
    await sql`delete from user_tags where team_id = ${teamId}::uuid and tag_id = (select id from tags where team_id = ${teamId}::uuid and name = 'vip')`.execute(t.db);
    expect(await drifted()).toEqual([]);
    expect(await tagged(['vip'])).toEqual([]);
  });

  // PGlite runs one connection, so only PostgreSQL can interleave two transactions.
  it.skipIf(inject('dbTemplate').kind !== 'postgres')('when two transactions tag the same user at once', async () => {
    const teamId = Buffer.from(team.teamId, 'base64').toString().split(':')[1]!;
    const [userId] = userIds('bo').map((id) => Buffer.from(id, 'base64').toString().split(':')[1]!);
    const tagIds = await sql<{ id: string }>`
      insert into tags (team_id, name) values (${teamId}, 'race-a'), (${teamId}, 'race-b') returning id`.execute(t.db);
    const [a, b] = tagIds.rows.map((r) => r.id);
    const link = (tagId: string) => sql`insert into user_tags (team_id, user_id, tag_id) values (${teamId}, ${userId}, ${tagId})`;

    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let firstLinked!: () => void;
    const linked = new Promise<void>((resolve) => (firstLinked = resolve));
    const first = t.db.transaction().execute(async (trx) => {
      await link(a!).execute(trx);
      firstLinked();
      await released;
    });
    await linked;
    // The second transaction's trigger has to wait for the first's lock on the user.
    const second = t.db.transaction().execute(async (trx) => {
      await link(b!).execute(trx);
    });
    for (;;) {
      const { rows } = await sql<{ waiting: number }>`
        select count(*)::int as waiting from pg_stat_activity
         where datname = current_database() and wait_event_type = 'Lock'`.execute(t.db);
      if (rows[0]!.waiting > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    release();
    await Promise.all([first, second]);
    expect(await drifted()).toEqual([]);
    expect(await tagged(['race-a'])).toEqual(['bo']);
    expect(await tagged(['race-b'])).toEqual(['bo']);
  });
});
