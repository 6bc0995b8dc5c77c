import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { type SignedUpTeam, signUp } from './helpers/fixtures.ts';
import { countingApp } from './helpers/query-count.ts';
import { definePropertyVia } from './helpers/users.ts';

// No N+1: a page of users with their groups, tags, identities, properties and latest events
// costs the same number of SQL statements for 5 users as for 50.

let t: TestApp;
let team: SignedUpTeam;
beforeAll(async () => {
  t = await createTestApp();
  team = await signUp(t);
  await definePropertyVia(t, team.token, { key: 'plan', label: 'Plan', type: 'ENUM', options: ['free', 'pro'] });
  const teamId = Buffer.from(team.teamId, 'base64').toString().split(':')[1]!;
  // 60 users, each in two groups, with two tags, an identity and three events (set-based seeding).
  await sql`insert into users (team_id, external_id, email, display_name, properties)
    select ${teamId}::uuid, 'u' || i, 'u' || i || '@example.com', 'User ' || i, jsonb_build_object('plan', case when i % 2 = 0 then 'pro' else 'free' end)
    from generate_series(1, 60) i`.execute(t.db);
  await sql`insert into groups (team_id, name) select ${teamId}::uuid, 'Group ' || g from generate_series(1, 3) g`.execute(t.db);
  await sql`insert into tags (team_id, name) select ${teamId}::uuid, 'tag-' || g from generate_series(1, 3) g`.execute(t.db);
  await sql`insert into user_groups (team_id, user_id, group_id)
    select u.team_id, u.id, g.id from users u join groups g on g.team_id = u.team_id and g.name in ('Group 1', 'Group 2')
    where u.team_id = ${teamId}::uuid`.execute(t.db);
  await sql`insert into user_tags (team_id, user_id, tag_id)
    select u.team_id, u.id, g.id from users u join tags g on g.team_id = u.team_id and g.name in ('tag-1', 'tag-3')
    where u.team_id = ${teamId}::uuid`.execute(t.db);
  await sql`insert into identities (team_id, user_id, source, username)
    select team_id, id, 'slack', external_id from users where team_id = ${teamId}::uuid`.execute(t.db);
  await sql`insert into events (team_id, user_id, name, occurred_at, origin)
    select team_id, id, 'page.viewed', now() - (n || ' minutes')::interval, 'SERVER' from users, generate_series(1, 3) n
    where team_id = ${teamId}::uuid`.execute(t.db);
});

const PAGE = `query($first: Int!) { users(first: $first) {
  totalCount
  edges { node {
    id externalId email displayName properties
    groups { id name userCount }
    tags { id name }
    identities { source username }
    events(first: 2) { totalCount pageInfo { hasNextPage } edges { node { name occurredAt } } }
  } }
} }`;

describe('a page of users with everything attached', () => {
  it('costs the same number of statements for 5 users as for 50', async () => {
    const counting = countingApp(t);
    const run = async (first: number) => {
      counting.reset();
      const res = await counting.gql(PAGE, { first }, { token: team.token });
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      expect(res.data.users.edges).toHaveLength(first);
      const node = res.data.users.edges[0].node;
      expect(node.groups.map((g: { name: string }) => g.name)).toEqual(['Group 1', 'Group 2']);
      expect(node.tags).toHaveLength(2);
      expect(node.identities).toHaveLength(1);
      expect(node.events.edges).toHaveLength(2);
      expect(node.events.pageInfo.hasNextPage).toBe(true);
      expect(node.events.totalCount).toBe(3);
      return counting.statements();
    };
    const five = await run(5);
    const fifty = await run(50);
    expect(fifty).toBe(five);
    expect(five).toBeLessThanOrEqual(10);
  });
});
