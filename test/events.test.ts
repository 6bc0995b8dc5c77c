import { createHmac } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { addApiKey, type SignedUpTeam, signUp } from './helpers/fixtures.ts';
import { createUserVia } from './helpers/users.ts';

let t: TestApp;
let team: SignedUpTeam;
let writer: string; // events:write + events:read + users:read key
beforeAll(async () => {
  t = await createTestApp();
  team = await signUp(t);
  writer = (await addApiKey(t, team, ['events:write', 'events:read', 'users:read', 'users:write'])).secret;
});

const TRACK = `mutation($input: TrackInput!) { track(input: $input) {
  __typename ... on EventPayload { event { id name properties occurredAt origin user { id externalId lastSeenAt kind } } }
  ... on Error { code message path } } }`;
const BATCH = `mutation($input: TrackBatchInput!) { trackBatch(input: $input) {
  __typename ... on TrackBatchPayload { accepted rejected { index code message path } } ... on Error { code message path } } }`;

const identitySecret = async (token: string) =>
  (await t.gql(`{ viewer { team { identitySecret } } }`, {}, { token })).data.viewer.team.identitySecret as string;

describe('track (server API)', () => {
  it('tracks an event for a user by externalId and moves lastSeenAt', async () => {
    const id = await createUserVia(t, team.token, { externalId: 'ev-1' });
    const occurredAt = new Date(Date.now() - 60_000).toISOString();
    const res = await t.gql(TRACK, { input: { user: { externalId: 'ev-1' }, name: 'Signed In', properties: { plan: 'pro' }, occurredAt } }, { token: writer });
    expect(res.data.track.event).toMatchObject({ name: 'Signed In', properties: { plan: 'pro' }, occurredAt, origin: 'SERVER', user: { id, lastSeenAt: occurredAt } });
    // An older event does not move lastSeenAt back.
    await t.gql(TRACK, { input: { user: { id }, name: 'Old', occurredAt: '2020-01-01T00:00:00Z' } }, { token: writer });
    const user = await t.gql(`query($id: ID!) { user(id: $id) { lastSeenAt } }`, { id }, { token: writer });
    expect(user.data.user.lastSeenAt).toBe(occurredAt);
  });

  it('rejects an unknown user (NOT_FOUND), and creates it when asked', async () => {
    const missing = await t.gql(TRACK, { input: { user: { externalId: 'nobody-yet' }, name: 'Visited' } }, { token: writer });
    expect(missing.data.track).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND', path: ['input', 'user'] });
    const created = await t.gql(TRACK, { input: { user: { externalId: 'nobody-yet', email: 'nobody@example.com' }, name: 'Visited', createMissingUser: true } }, { token: writer });
    expect(created.data.track.event.user).toMatchObject({ externalId: 'nobody-yet', kind: 'USER' });
    const history = await t.gql(`{ user(externalId: "nobody-yet") { history(first: 5) { edges { node { field origin } } } } }`, {}, { token: team.token });
    expect(history.data.user.history.edges[0].node).toEqual({ field: 'created', origin: 'API_KEY' });
  });

  it('answers another team\u2019s user exactly like a missing one', async () => {
    const other = await signUp(t);
    const foreign = await createUserVia(t, other.token, { externalId: 'foreign-ev' });
    const byId = await t.gql(TRACK, { input: { user: { id: foreign }, name: 'X' } }, { token: writer });
    const missing = await t.gql(TRACK, { input: { user: { id: Buffer.from('User:00000000-0000-4000-8000-000000000000').toString('base64') }, name: 'X' } }, { token: writer });
    expect(byId).toEqual(missing);
    expect(byId.data.track.code).toBe('NOT_FOUND');
    const malformed = await t.gql(TRACK, { input: { user: { id: Buffer.from('User:not-a-uuid').toString('base64') }, name: 'X' } }, { token: writer });
    expect(malformed.data.track.code).toBe('NOT_FOUND');
    const byExternalId = await t.gql(TRACK, { input: { user: { externalId: 'foreign-ev' }, name: 'X' } }, { token: writer });
    expect(byExternalId.data.track.code).toBe('NOT_FOUND');
  });

  it.each([
    [{ name: '' }, 'REQUIRED', ['input', 'name']],
    [{ name: 'x'.repeat(101) }, 'TOO_LONG', ['input', 'name']],
    [{ name: '<script>' }, 'INVALID_NAME', ['input', 'name']],
    [{ name: 'ok', properties: [1] }, 'TYPE', ['input', 'properties']],
    [{ name: 'ok', properties: 'text' }, 'TYPE', ['input', 'properties']],
    [{ name: 'ok', properties: { blob: 'x'.repeat(17 * 1024) } }, 'TOO_LARGE', ['input', 'properties']],
    [{ name: 'ok', occurredAt: 'yesterday' }, 'INVALID_TIMESTAMP', ['input', 'occurredAt']],
    [{ name: 'ok', occurredAt: '2026-02-30' }, 'INVALID_TIMESTAMP', ['input', 'occurredAt']],
    [{ name: 'ok', occurredAt: new Date(Date.now() + 3_600_000).toISOString() }, 'FUTURE_TIMESTAMP', ['input', 'occurredAt']],
  ])('rejects bad input %j with %s', async (fields, code, path) => {
    await createUserVia(t, team.token, { externalId: `bad-${code}-${Math.random()}` }).catch(() => {});
    const res = await t.gql(TRACK, { input: { user: { externalId: 'ev-1' }, ...fields } }, { token: writer });
    expect(res.data.track).toMatchObject({ __typename: 'ValidationError', code, path });
  });
});

describe('trackBatch', () => {
  it('accepts and rejects per item and writes the accepted ones', async () => {
    await createUserVia(t, team.token, { externalId: 'b-1' });
    const events = [
      { user: { externalId: 'b-1' }, name: 'a' },
      { user: { externalId: 'missing' }, name: 'b' },
      { user: { externalId: 'b-1' }, name: '' },
      { user: { externalId: 'b-1' }, name: 'c', occurredAt: 'not a time' },
      { user: { externalId: 'b-1' }, name: 'd', properties: { n: 1 } },
    ];
    const res = await t.gql(BATCH, { input: { events } }, { token: writer });
    expect(res.data.trackBatch.accepted).toBe(2);
    expect(res.data.trackBatch.rejected.map((r: any) => [r.index, r.code])).toEqual([
      [1, 'USER_NOT_FOUND'],
      [2, 'REQUIRED'],
      [3, 'INVALID_TIMESTAMP'],
    ]);
    const stored = await t.gql(`{ user(externalId: "b-1") { events(first: 10, origins: [SERVER]) { totalCount edges { node { name } } } } }`, {}, { token: writer });
    expect(stored.data.user.events.edges.map((e: any) => e.node.name).sort()).toEqual(['a', 'd']);
  });

  it('names users by id, externalId and email in one batch, prefers a USER to a LEAD, and stores each event as sent', async () => {
    const fresh = await signUp(t);
    const key = (await addApiKey(t, fresh, ['events:write', 'events:read', 'users:read', 'users:write'])).secret;
    const byId = await createUserVia(t, fresh.token, { externalId: 'mix-id' });
    const byExternalId = await createUserVia(t, fresh.token, { externalId: 'mix-ext' });
    const byEmail = await createUserVia(t, fresh.token, { email: 'mix@example.com' });
    // An unverified visitor with the same externalId is a LEAD beside the USER.
    const lead = await t.gql(CLIENT_TRACK, { input: { user: { externalId: 'mix-ext' }, name: 'lead.visit' } }, { publicKey: fresh.publicKey });
    expect(lead.data.track.__typename).toBe('EventPayload');
    const occurredAt = new Date(Date.now() - 3_600_000).toISOString();
    const properties = { nested: { list: [1, 'two', null, true] }, text: 'ü "quoted" \\ ✓', n: 1.5 };
    const events = [
      { user: { id: byId }, name: 'mix.a', properties, occurredAt },
      { user: { externalId: 'mix-ext' }, name: 'mix.b' },
      { user: { email: ' Mix@Example.COM ' }, name: 'mix.c', properties: { n: 2 } },
      { user: { externalId: 'mix-ext' }, name: 'mix.d' },
      { user: { email: 'nobody@example.com' }, name: 'mix.e' },
    ];
    const res = await t.gql(BATCH, { input: { events } }, { token: key });
    expect(res.data.trackBatch).toEqual({
      __typename: 'TrackBatchPayload',
      accepted: 4,
      rejected: [{ index: 4, code: 'USER_NOT_FOUND', message: 'No such user in this team', path: ['input', 'events', '4', 'user'] }],
    });
    const stored = await t.gql(
      `{ events(filter: {names: ["mix.a", "mix.b", "mix.c", "mix.d"]}, first: 10) { edges { node { name properties occurredAt user { id kind lastSeenAt } } } } }`,
      {},
      { token: key },
    );
    const byName = Object.fromEntries(stored.data.events.edges.map((e: any) => [e.node.name, e.node]));
    expect(byName['mix.a']).toEqual({ name: 'mix.a', properties, occurredAt, user: { id: byId, kind: 'USER', lastSeenAt: occurredAt } });
    expect(byName['mix.b'].user).toMatchObject({ id: byExternalId, kind: 'USER' });
    expect(byName['mix.d'].user).toMatchObject({ id: byExternalId, kind: 'USER' });
    expect(byName['mix.c']).toMatchObject({ properties: { n: 2 }, user: { id: byEmail, kind: 'USER' } });
    expect(byName['mix.c'].user.lastSeenAt).toBe(byName['mix.c'].occurredAt);
  });

  it('refuses more than 1,000 events at once and writes none', async () => {
    const events = Array.from({ length: 1001 }, () => ({ user: { externalId: 'b-1' }, name: 'flood' }));
    const res = await t.gql(BATCH, { input: { events } }, { token: writer });
    expect(res.data.trackBatch).toMatchObject({ __typename: 'LimitError', code: 'LIMIT_EXCEEDED', path: ['input', 'events'] });
    const counts = await t.gql(`{ events(filter: {names: ["flood"]}) { totalCount } }`, {}, { token: writer });
    expect(counts.data.events.totalCount).toBe(0);
  });

  it('ingests 1,000 events for many users in one call', async () => {
    const events = Array.from({ length: 1000 }, (_, i) => ({ user: { externalId: `bulk-${i % 50}` }, name: 'page.viewed', properties: { i } }));
    const res = await t.gql(BATCH, { input: { events, createMissingUsers: true } }, { token: writer });
    expect(res.data.trackBatch).toEqual({ __typename: 'TrackBatchPayload', accepted: 1000, rejected: [] });
    const users = await t.gql(`{ users(filter: {search: "bulk-"}) { totalCount } }`, {}, { token: writer });
    expect(users.data.users).toBeDefined();
  });
});

describe('trackBatch under concurrency', () => {
  it('overlapping batches, creating the same new users in different orders, all land once, without deadlock', async () => {
    const fresh = await signUp(t);
    const key = (await addApiKey(t, fresh, ['events:write', 'events:read', 'users:read', 'users:write'])).secret;
    // Each batch names the same 40 users (half of them new) in its own order, so the users'
    // rows, the new users' keys and the hourly counts are all taken by several at once.
    const batches = Array.from({ length: 6 }, (_, b) => {
      const order = Array.from({ length: 40 }, (_, i) => (b % 2 ? 39 - i : (i * 7 + b) % 40));
      return order.map((u, i) => ({ user: { externalId: `conc-${u}` }, name: `conc.${i % 3}`, properties: { b, i } }));
    });
    await t.gql(BATCH, { input: { events: Array.from({ length: 20 }, (_, u) => ({ user: { externalId: `conc-${u}` }, name: 'seed' })), createMissingUsers: true } }, { token: key });
    const results = await Promise.all(batches.map((events) => t.gql(BATCH, { input: { events, createMissingUsers: true } }, { token: key })));
    for (const res of results) expect(res.data.trackBatch, JSON.stringify(res)).toEqual({ __typename: 'TrackBatchPayload', accepted: 40, rejected: [] });
    const stored = await t.gql(`{ events(filter: {names: ["conc.0", "conc.1", "conc.2"]}) { totalCount } }`, {}, { token: key });
    expect(stored.data.events.totalCount).toBe(240);
    // Every user created exactly once (20 by the first batch, 20 by the concurrent ones).
    const created = await t.gql(`{ events(filter: {names: ["user.created"]}) { totalCount } }`, {}, { token: key });
    expect(created.data.events.totalCount).toBe(40);
  });
});

const CLIENT_TRACK = `mutation($input: TrackInput!) { track(input: $input) {
  __typename ... on EventPayload { event { id origin } } ... on Error { code message path } } }`;

describe('client API (public key)', () => {
  it('tracks a verified visitor as the user, an unverified one as a lead', async () => {
    const userId = await createUserVia(t, team.token, { externalId: 'cli-1', email: 'cli@example.com' });
    const secret = await identitySecret(team.token);
    const hash = createHmac('sha256', secret).update('cli-1').digest('hex');
    const verified = await t.gql(CLIENT_TRACK, { input: { user: { externalId: 'cli-1', userHash: hash.toUpperCase() }, name: 'Clicked' } }, { publicKey: team.publicKey });
    expect(verified.data.track.event).toMatchObject({ origin: 'CLIENT' });
    const asOwner = await t.gql(`query($id: ID!) { node(id: $id) { ... on Event { user { id kind } } } }`, { id: verified.data.track.event.id }, { token: team.token });
    expect(asOwner.data.node.user).toEqual({ id: userId, kind: 'USER' });

    const unverified = await t.gql(CLIENT_TRACK, { input: { user: { externalId: 'cli-1', userHash: 'deadbeef' }, name: 'Clicked' } }, { publicKey: team.publicKey });
    const leadEvent = await t.gql(`query($id: ID!) { node(id: $id) { ... on Event { user { id kind externalId } } } }`, { id: unverified.data.track.event.id }, { token: team.token });
    expect(leadEvent.data.node.user).toMatchObject({ kind: 'LEAD', externalId: 'cli-1' });
    expect(leadEvent.data.node.user.id).not.toBe(userId);
  });

  it('may not name users by internal id, and never reads', async () => {
    const id = await createUserVia(t, team.token, { externalId: 'cli-2' });
    const res = await t.gql(CLIENT_TRACK, { input: { user: { id }, name: 'x' } }, { publicKey: team.publicKey });
    expect(res.data.track).toMatchObject({ code: 'NOT_ALLOWED', path: ['input', 'user', 'id'] });
    const read = await t.gql(`{ events { totalCount } }`, {}, { publicKey: team.publicKey });
    expect(read.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('activity stream', () => {
  it('lists newest first, filters by names, origins and time, and pages', async () => {
    const fresh = await signUp(t);
    const key = (await addApiKey(t, fresh, ['events:write', 'events:read', 'users:write'])).secret;
    const base = Date.now() - 10 * 60_000;
    const events = Array.from({ length: 6 }, (_, i) => ({
      user: { externalId: 'stream' },
      name: i % 2 ? 'odd' : 'even',
      occurredAt: new Date(base + i * 60_000).toISOString(),
    }));
    await t.gql(BATCH, { input: { events, createMissingUsers: true } }, { token: key });
    const all = await t.gql(`{ events(first: 4, filter: {origins: [SERVER]}) { totalCount pageInfo { hasNextPage endCursor } edges { node { name occurredAt } } } }`, {}, { token: key });
    expect(all.data.events.totalCount).toBe(6);
    const times = all.data.events.edges.map((e: any) => e.node.occurredAt);
    expect(times).toEqual([...times].sort().reverse());
    const next = await t.gql(`query($after: String) { events(first: 4, after: $after, filter: {origins: [SERVER]}) { edges { node { occurredAt } } } }`, { after: all.data.events.pageInfo.endCursor }, { token: key });
    expect(next.data.events.edges).toHaveLength(2);
    const odd = await t.gql(`{ events(filter: {names: ["odd"]}) { totalCount } }`, {}, { token: key });
    expect(odd.data.events.totalCount).toBe(3);
    const ranged = await t.gql(`query($from: DateTime) { events(filter: {from: $from, origins: [SERVER]}) { totalCount } }`, { from: new Date(base + 3 * 60_000).toISOString() }, { token: key });
    expect(ranged.data.events.totalCount).toBe(3);
    const system = await t.gql(`{ events(filter: {origins: [SYSTEM]}) { edges { node { name } } } }`, {}, { token: key });
    expect(system.data.events.edges.map((e: any) => e.node.name)).toEqual(['user.created']);
  });

  it('a member adds an activity by hand and deletes an event', async () => {
    const id = await createUserVia(t, team.token, { externalId: 'manual-1' });
    const added = await t.gql(
      `mutation($id: ID!) { addActivity(input: {userId: $id, name: "Called about renewal", properties: {minutes: 12}}) {
        __typename ... on EventPayload { event { id origin actor { id } } } ... on Error { code path } } }`,
      { id },
      { token: team.token },
    );
    expect(added.data.addActivity.event).toMatchObject({ origin: 'MANUAL', actor: { id: team.adminId } });
    const keyTries = await t.gql(`mutation($id: ID!) { addActivity(input: {userId: $id, name: "x"}) { __typename } }`, { id }, { token: writer });
    expect(keyTries.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const DELETE = `mutation($id: ID!) { deleteEvent(input: {id: $id}) { __typename ... on Error { code } } }`;
    expect((await t.gql(DELETE, { id: added.data.addActivity.event.id }, { token: team.token })).data.deleteEvent.__typename).toBe('DeleteEventPayload');
    expect((await t.gql(DELETE, { id: added.data.addActivity.event.id }, { token: team.token })).data.deleteEvent.code).toBe('NOT_FOUND');
  });
});

describe('eventCounts', () => {
  it('counts per day with zero days included, per team and per user, in a time zone', async () => {
    const fresh = await signUp(t);
    const key = (await addApiKey(t, fresh, ['events:write', 'events:read', 'users:write', 'users:read'])).secret;
    const day = 86_400_000;
    const now = Date.now();
    const events = [
      { user: { externalId: 'c-1' }, name: 'login', occurredAt: new Date(now - 60_000).toISOString() },
      { user: { externalId: 'c-1' }, name: 'login', occurredAt: new Date(now - 2 * day).toISOString() },
      { user: { externalId: 'c-2' }, name: 'login', occurredAt: new Date(now - 2 * day).toISOString() },
      { user: { externalId: 'c-2' }, name: 'logout', occurredAt: new Date(now - 2 * day).toISOString() },
    ];
    await t.gql(BATCH, { input: { events, createMissingUsers: true } }, { token: key });
    const res = await t.gql(`{ eventCounts(days: 7, names: ["login"]) { date count } }`, {}, { token: key });
    expect(res.data.eventCounts).toHaveLength(7);
    expect(res.data.eventCounts.map((d: any) => d.count).reduce((a: number, b: number) => a + b)).toBe(3);
    const dates = res.data.eventCounts.map((d: any) => d.date);
    expect(dates).toEqual([...dates].sort());
    expect(dates[6]).toBe(new Date().toISOString().slice(0, 10));
    const user = await t.gql(`{ user(externalId: "c-1") { eventCounts(days: 3, names: ["login"]) { count } } }`, {}, { token: key });
    expect(user.data.user.eventCounts.map((d: any) => d.count)).toEqual([1, 0, 1]);
    // Without names, the user's lifecycle events count too (user.created today).
    const all = await t.gql(`{ user(externalId: "c-1") { eventCounts(days: 3) { count } } }`, {}, { token: key });
    expect(all.data.user.eventCounts.map((d: any) => d.count)).toEqual([1, 0, 2]);
    const tokyo = await t.gql(`{ eventCounts(days: 3, timezone: "Asia/Tokyo") { date count } }`, {}, { token: key });
    expect(tokyo.data.eventCounts).toHaveLength(3);
  });

  it('refuses a bad time zone and an out-of-range number of days', async () => {
    const zone = await t.gql(`{ eventCounts(days: 7, timezone: "Mars/Base") { date } }`, {}, { token: writer });
    expect(zone.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const days = await t.gql(`{ eventCounts(days: 0) { date } }`, {}, { token: writer });
    expect(days.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
