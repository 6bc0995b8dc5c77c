import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import * as rollupMigration from '../migrations/20261122000600_event_counts_rollup.ts';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { addApiKey, type SignedUpTeam, signUp } from './helpers/fixtures.ts';

// eventCounts reads an hourly rollup kept by triggers; these tests hold it to counting the events
// themselves, in zones whole hours, half and quarter hours from UTC, across DST, after deletes.

let t: TestApp;
let team: SignedUpTeam;
let teamId: string;
let key: string;
beforeAll(async () => {
  t = await createTestApp();
  team = await signUp(t);
  teamId = (await sql<{ id: string }>`select id from teams where slug = ${team.slug}`.execute(t.db)).rows[0]!.id;
  key = (await addApiKey(t, team, ['events:write', 'events:read', 'users:write', 'users:read'])).secret;
});

const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Tokyo', 'Asia/Kolkata', 'Asia/Kathmandu', 'Pacific/Chatham', 'Australia/Lord_Howe', 'America/St_Johns'];
const NAME_SETS: (string[] | null)[] = [['login'], ['login', 'logout'], null];
const DAYS = 12;

const BATCH = `mutation($input: TrackBatchInput!) { trackBatch(input: $input) {
  __typename ... on TrackBatchPayload { accepted rejected { index code } } ... on Error { code message } } }`;

/** Deterministic PRNG (mulberry32): the same events every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let r = a;
    r = Math.imul(r ^ (r >>> 15), r | 1);
    r ^= r + Math.imul(r ^ (r >>> 7), r | 61);
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

/** What eventCounts must answer: every event counted by hand, by its local date. */
async function countedByHand(days: number, timeZone: string, names: string[] | null, userId?: string) {
  const { rows } = await sql<{ day: string; count: number }>`
    with b as (select (now() at time zone ${timeZone})::date - ${days - 1}::int as first_day, (now() at time zone ${timeZone})::date as last_day)
    select to_char(d::date, 'YYYY-MM-DD') as day,
           (select count(*)::int from events e
            where e.team_id = ${teamId} and (e.occurred_at at time zone ${timeZone})::date = d::date
              ${names ? sql`and e.name = any(${names}::text[])` : sql``}
              ${userId ? sql`and e.user_id = ${userId}` : sql``}) as count
    from b, generate_series(b.first_day, b.last_day, interval '1 day') as d
    order by 1`.execute(t.db);
  return rows.map((r) => ({ date: r.day, count: r.count }));
}

async function eventCounts(days: number, timeZone: string, names: string[] | null) {
  const res = await t.gql(`query($days: Int!, $tz: String, $names: [String!]) { eventCounts(days: $days, timezone: $tz, names: $names) { date count } }`, { days, tz: timeZone, names }, { token: key });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data.eventCounts as { date: string; count: number }[];
}

async function expectExact(label: string) {
  for (const zone of ZONES) {
    for (const names of NAME_SETS) {
      const answered = await eventCounts(DAYS, zone, names);
      expect(answered, `${label}: ${zone} ${JSON.stringify(names)}`).toEqual(await countedByHand(DAYS, zone, names));
    }
  }
  // The rollup itself, hour by hour, against the events.
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from (
      select name, date_trunc('hour', occurred_at, 'UTC') as hour, count(*) as count from events where team_id = ${teamId} group by 1, 2
    ) e full join (select name, hour, count from event_hourly_counts where team_id = ${teamId} and count <> 0) c using (name, hour)
    where e.count is distinct from c.count`.execute(t.db);
  expect(rows[0]!.n, `${label}: hours where the rollup differs from the events`).toBe(0);
}

describe('eventCounts equals counting the events', () => {
  it('in every kind of time zone, after tracking, deleting events and deleting a user', async () => {
    const random = prng(4);
    const now = Date.now();
    const hour = 3_600_000;
    // Instants on and next to every local midnight of the period in every zone, and next to
    // every UTC hour, where a rollup that mis-files an hour would show.
    const { rows: midnights } = await sql<{ at: Date }>`
      select (((now() at time zone z)::date - i)::timestamp at time zone z) as at
      from unnest(${ZONES}::text[]) as z, generate_series(0, ${DAYS}) as i`.execute(t.db);
    const instants = [
      ...midnights.flatMap(({ at }) => [at.getTime() - 1, at.getTime(), at.getTime() + 1]),
      ...Array.from({ length: 40 }, () => Math.floor(now / hour) * hour - Math.floor(random() * DAYS * 24) * hour + (random() < 0.5 ? -1 : 0)),
      ...Array.from({ length: 300 }, () => now - Math.floor(random() * (DAYS + 1) * 24 * hour)),
    ].filter((at) => at < now);
    const names = ['login', 'logout', 'page.viewed'];
    const events = instants.map((at, i) => ({
      user: { externalId: `counted-${i % 7}` },
      name: names[Math.floor(random() * names.length)]!,
      occurredAt: new Date(at).toISOString(),
    }));
    for (let i = 0; i < events.length; i += 400) {
      const res = await t.gql(BATCH, { input: { events: events.slice(i, i + 400), createMissingUsers: true } }, { token: key });
      expect(res.data.trackBatch, JSON.stringify(res)).toMatchObject({ __typename: 'TrackBatchPayload', rejected: [] });
    }
    await expectExact('tracked');

    // Delete a few events through the API.
    const listed = await t.gql(`{ events(first: 25, filter: {names: ["login"]}) { edges { node { id } } } }`, {}, { token: key });
    for (const { node } of listed.data.events.edges) {
      const res = await t.gql(`mutation($id: ID!) { deleteEvent(input: {id: $id}) { __typename } }`, { id: node.id }, { token: key });
      expect(res.data.deleteEvent.__typename).toBe('DeleteEventPayload');
    }
    await expectExact('after deleteEvent');

    // Deleting users removes their events by cascade; the counts follow.
    const users = await t.gql(`{ a: user(externalId: "counted-1") { id } b: user(externalId: "counted-2") { id } }`, {}, { token: key });
    const deleted = await t.gql(`mutation($ids: [ID!]!) { deleteUsers(input: {ids: $ids}) { __typename ... on Error { code message } } }`, { ids: [users.data.a.id, users.data.b.id] }, { token: team.token });
    expect(deleted.data.deleteUsers.__typename, JSON.stringify(deleted)).toBe('DeleteUsersPayload');
    await expectExact('after deleteUsers');
  });

  it('per user, as before (from the user\u2019s own events)', async () => {
    const res = await t.gql(`{ user(externalId: "counted-3") { id eventCounts(days: ${DAYS}, names: ["login"], timezone: "Asia/Kolkata") { date count } } }`, {}, { token: key });
    const userId = Buffer.from(res.data.user.id, 'base64').toString().split(':')[1]!;
    expect(res.data.user.eventCounts).toEqual(await countedByHand(DAYS, 'Asia/Kolkata', ['login'], userId));
  });

  it('the migration counts the events that were there before it', async () => {
    await rollupMigration.down(t.db);
    try {
      // Events written while no trigger keeps the rollup (as before this migration).
      const added = await sql`
        insert into events (team_id, user_id, name, properties, occurred_at, origin)
        select team_id, user_id, name, properties, occurred_at - interval '30 minutes', origin from events where team_id = ${teamId}`.execute(t.db);
      expect(Number(added.numAffectedRows)).toBeGreaterThan(300);
    } finally {
      await rollupMigration.up(t.db);
    }
    await expectExact('after the backfill');
  });
});
