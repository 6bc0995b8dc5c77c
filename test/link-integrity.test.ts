import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { type SignedUpTeam, signUp } from './helpers/fixtures.ts';
import { createUserVia } from './helpers/users.ts';

// Tenancy held by the database itself (migration link_team_integrity): a link row's team is its
// user's team and its group's or tag's team. The services never write a cross-team link; these
// writes go straight to SQL, as a bug or a hand-run fix could, and must be refused.

let t: TestApp;
let a: SignedUpTeam;
let b: SignedUpTeam;
const ids = { teamA: '', teamB: '', userA: '', userB: '', groupB: '', tagB: '' };

async function rowId(query: ReturnType<typeof sql<{ id: string }>>): Promise<string> {
  return (await query.execute(t.db)).rows[0]!.id;
}

beforeAll(async () => {
  t = await createTestApp();
  a = await signUp(t);
  b = await signUp(t);
  await createUserVia(t, a.token, { externalId: 'ana' });
  await createUserVia(t, b.token, { externalId: 'bo' });
  ids.teamA = await rowId(sql<{ id: string }>`select id from teams where slug = ${a.slug}`);
  ids.teamB = await rowId(sql<{ id: string }>`select id from teams where slug = ${b.slug}`);
  ids.userA = await rowId(sql<{ id: string }>`select id from users where team_id = ${ids.teamA} and external_id = 'ana'`);
  ids.userB = await rowId(sql<{ id: string }>`select id from users where team_id = ${ids.teamB} and external_id = 'bo'`);
  ids.groupB = await rowId(sql<{ id: string }>`insert into groups (team_id, name) values (${ids.teamB}, 'B only') returning id`);
  ids.tagB = await rowId(sql<{ id: string }>`insert into tags (team_id, name) values (${ids.teamB}, 'b-only') returning id`);
});

const refused = (statement: ReturnType<typeof sql>) => expect(statement.execute(t.db)).rejects.toThrow(/foreign key/);

describe('a link row never joins two teams (enforced by PostgreSQL)', () => {
  it('refuses a membership of one team’s user in another team’s group, whichever team the row claims', async () => {
    await refused(sql`insert into user_groups (team_id, user_id, group_id) values (${ids.teamA}, ${ids.userA}, ${ids.groupB})`);
    await refused(sql`insert into user_groups (team_id, user_id, group_id) values (${ids.teamB}, ${ids.userA}, ${ids.groupB})`);
  });

  it('refuses the same for tags and identities', async () => {
    await refused(sql`insert into user_tags (team_id, user_id, tag_id) values (${ids.teamA}, ${ids.userA}, ${ids.tagB})`);
    await refused(sql`insert into identities (team_id, user_id, source, username) values (${ids.teamB}, ${ids.userA}, 'slack', 'ana')`);
  });

  it('accepts links within one team, and they go with the user', async () => {
    await sql`insert into user_groups (team_id, user_id, group_id) values (${ids.teamB}, ${ids.userB}, ${ids.groupB})`.execute(t.db);
    await sql`insert into user_tags (team_id, user_id, tag_id) values (${ids.teamB}, ${ids.userB}, ${ids.tagB})`.execute(t.db);
    await sql`delete from users where id = ${ids.userB}`.execute(t.db);
    const { rows } = await sql<{ n: number }>`
      select (select count(*) from user_groups where user_id = ${ids.userB}) + (select count(*) from user_tags where user_id = ${ids.userB}) as n`.execute(t.db);
    expect(Number(rows[0]!.n)).toBe(0);
  });
});
