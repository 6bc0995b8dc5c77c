import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { type SignedUpTeam, signUp } from './helpers/fixtures.ts';
import { createUserVia, definePropertyVia } from './helpers/users.ts';

// users(filter:): search, attribute lists, time ranges and property predicates of every type.
// Every listing also checks that totalCount counts exactly what the filter matches.

let t: TestApp;
let team: SignedUpTeam;

const decode = (globalId: string) => Buffer.from(globalId, 'base64').toString('utf8').split(':')[1]!;

beforeAll(async () => {
  t = await createTestApp();
  team = await signUp(t);
  for (const input of [
    { key: 'score', label: 'Score', type: 'NUMBER' },
    { key: 'seats', label: 'Seats', type: 'INTEGER' },
    { key: 'renewal', label: 'Renewal', type: 'DATE' },
    { key: 'trial_ends', label: 'Trial ends', type: 'DATETIME' },
    { key: 'nickname', label: 'Nickname', type: 'STRING' },
    { key: 'beta', label: 'Beta', type: 'BOOLEAN' },
    { key: 'plan', label: 'Plan', type: 'ENUM', options: ['free', 'pro', 'team'] },
  ]) {
    await definePropertyVia(t, team.token, input);
  }
  const users = [
    {
      externalId: 'f1', email: 'ada@example.com', displayName: 'Ada Lovelace', firstName: 'Ada', lastName: 'Lovelace', role: 'ADMIN',
      properties: { score: 10, seats: 5, renewal: '2026-03-01', trial_ends: '2026-01-31T10:00:00Z', nickname: 'countess', beta: true, plan: 'pro' },
    },
    {
      externalId: 'f2', email: 'grace@example.com', displayName: 'Grace Hopper', firstName: 'Grace', lastName: 'Hopper', role: 'SUPERVISOR', status: 'ARCHIVED',
      properties: { score: 2.5, seats: 1, renewal: '2026-01-15', trial_ends: '2026-01-31T08:00:00+01:00', nickname: 'amazing grace', beta: false, plan: 'free' },
    },
    { externalId: 'f3', email: '100%real@example.com', displayName: '100% Real', properties: { score: -3, nickname: 'percent', plan: 'team' } },
    { externalId: 'f4', email: '100xreal@example.com', displayName: '100x Real', status: 'DISABLED' },
    { externalId: 'f5', email: 'a_b@example.com', displayName: 'Under_score', kind: 'LEAD', properties: { score: '10', nickname: 'snake_case' } },
    { externalId: 'f6', email: 'axb@example.com', displayName: 'Axb', firstName: 'Adam', lastName: 'Lovelace-Byron' },
  ];
  const seen: Record<string, string> = { f1: '2026-02-01T10:00:00Z', f2: '2026-02-03T00:00:00Z' };
  for (const [index, input] of users.entries()) {
    const id = decode(await createUserVia(t, team.token, input));
    // Fixed creation and last-seen times, so ranges have exact answers (test setup, not the API under test).
    await t.db
      .updateTable('users')
      .set({ createdAt: new Date(Date.UTC(2026, 0, index + 1)), lastSeenAt: seen[input.externalId] ?? null } as never)
      .where('id', '=', id)
      .execute();
  }
  // Another team's users never show up.
  const other = await signUp(t);
  await definePropertyVia(t, other.token, { key: 'score', label: 'Score', type: 'NUMBER' });
  await createUserVia(t, other.token, { externalId: 'o1', email: 'ada@other.example', displayName: 'Ada Other', properties: { score: 10 } });
});

const LIST = `query($filter: UserFilter) { users(first: 100, filter: $filter) { totalCount edges { node { externalId } } } }`;

/** The externalIds a filter matches (sorted), after checking totalCount agrees. */
async function matching(filter: Record<string, unknown>): Promise<string[]> {
  const res = await t.gql(LIST, { filter }, { token: team.token });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  const ids = res.data.users.edges.map((e: any) => e.node.externalId).sort();
  expect(res.data.users.totalCount, `totalCount for ${JSON.stringify(filter)}`).toBe(ids.length);
  return ids;
}

const where = (key: string, op: string, value?: unknown) => ({ properties: [{ key, op, value }] });

describe('search', () => {
  it.each([
    ['ada', ['f1', 'f6']],
    ['LOVE', ['f1', 'f6']],
    ['grace@', ['f2']],
    ['hopper', ['f2']],
    ['100%', ['f3']],
    ['a_b', ['f5']],
    ['real', []],
    ['  ', ['f1', 'f2', 'f3', 'f4', 'f5', 'f6']],
  ])('"%s" matches a prefix of email, display, first or last name: %j', async (search, expected) => {
    expect(await matching({ search })).toEqual(expected);
  });
});

describe('attributes and ranges', () => {
  it('kind, status and role match any of their values; fields combine with AND', async () => {
    expect(await matching({ kind: ['LEAD'] })).toEqual(['f5']);
    expect(await matching({ kind: ['USER'] })).toEqual(['f1', 'f2', 'f3', 'f4', 'f6']);
    expect(await matching({ status: ['ARCHIVED', 'DISABLED'] })).toEqual(['f2', 'f4']);
    expect(await matching({ role: ['ADMIN', 'SUPERVISOR'] })).toEqual(['f1', 'f2']);
    expect(await matching({ status: ['ACTIVE'], role: ['USER'] })).toEqual(['f3', 'f5', 'f6']);
    expect(await matching({ search: 'ada', role: ['ADMIN'] })).toEqual(['f1']);
  });

  it('createdAt and lastSeenAt ranges are half-open: from <= t < to', async () => {
    expect(await matching({ createdAt: { from: '2026-01-02T00:00:00Z', to: '2026-01-04T00:00:00Z' } })).toEqual(['f2', 'f3']);
    expect(await matching({ createdAt: { from: '2026-01-05T00:00:00Z' } })).toEqual(['f5', 'f6']);
    expect(await matching({ createdAt: { to: '2026-01-01T00:00:00.001Z' } })).toEqual(['f1']);
    expect(await matching({ lastSeenAt: { from: '2026-02-01T10:00:00Z', to: '2026-02-02T00:00:00Z' } })).toEqual(['f1']);
    expect(await matching({ lastSeenAt: { from: '2026-02-02T00:00:00Z' } })).toEqual(['f2']);
    expect(await matching({ lastSeenAt: { to: '2026-02-10T00:00:00Z' } })).toEqual(['f1', 'f2']);
    expect(await matching({ lastSeenAt: { to: '2026-02-03T00:00:00Z' }, createdAt: { from: '2026-01-02T00:00:00Z' } })).toEqual([]);
  });
});

describe('property predicates', () => {
  it.each([
    // NUMBER (a value given as text is the same number)
    ['score', 'EQ', 10, ['f1', 'f5']],
    ['score', 'EQ', '10.0', ['f1', 'f5']],
    ['score', 'NE', 10, ['f2', 'f3', 'f4', 'f6']],
    ['score', 'GT', 2.5, ['f1', 'f5']],
    ['score', 'GTE', 2.5, ['f1', 'f2', 'f5']],
    ['score', 'LT', 0, ['f3']],
    ['score', 'LTE', '2.5', ['f2', 'f3']],
    ['score', 'IN', [2.5, -3], ['f2', 'f3']],
    ['score', 'CONTAINS', '.5', ['f2']],
    ['score', 'EXISTS', true, ['f1', 'f2', 'f3', 'f5']],
    ['score', 'EXISTS', false, ['f4', 'f6']],
    ['score', 'EXISTS', undefined, ['f1', 'f2', 'f3', 'f5']],
    // INTEGER
    ['seats', 'GT', 1, ['f1']],
    ['seats', 'LTE', 5, ['f1', 'f2']],
    // DATE
    ['renewal', 'EQ', '2026-01-15', ['f2']],
    ['renewal', 'GT', '2026-02-01', ['f1']],
    ['renewal', 'LTE', '2026-01-15', ['f2']],
    ['renewal', 'LT', '2026-01-15', []],
    ['renewal', 'IN', ['2026-03-01', '2026-01-15'], ['f1', 'f2']],
    // DATETIME: compared as instants, whatever the offset it is written with
    ['trial_ends', 'EQ', '2026-01-31T07:00:00Z', ['f2']],
    ['trial_ends', 'EQ', '2026-01-31T11:00:00+01:00', ['f1']],
    ['trial_ends', 'GT', '2026-01-31T09:00:00+01:00', ['f1']],
    ['trial_ends', 'GTE', '2026-01-31T10:00:00Z', ['f1']],
    ['trial_ends', 'LT', '2026-01-31T10:00:00Z', ['f2']],
    ['trial_ends', 'LTE', '2026-01-31T05:00:00-05:00', ['f1', 'f2']],
    // STRING (CONTAINS is case-insensitive; % and _ are literal)
    ['nickname', 'EQ', 'percent', ['f3']],
    ['nickname', 'NE', 'percent', ['f1', 'f2', 'f4', 'f5', 'f6']],
    ['nickname', 'CONTAINS', 'GRACE', ['f2']],
    ['nickname', 'CONTAINS', '_', ['f5']],
    ['nickname', 'CONTAINS', '%', []],
    ['nickname', 'GT', 'c', ['f1', 'f3', 'f5']],
    ['nickname', 'LT', 'b', ['f2']],
    ['nickname', 'IN', ['countess', 'percent', 'nobody'], ['f1', 'f3']],
    // BOOLEAN
    ['beta', 'EQ', true, ['f1']],
    ['beta', 'EQ', 'false', ['f2']],
    ['beta', 'NE', true, ['f2', 'f3', 'f4', 'f5', 'f6']],
    ['beta', 'IN', [true, false], ['f1', 'f2']],
    ['beta', 'EXISTS', true, ['f1', 'f2']],
    // ENUM
    ['plan', 'EQ', 'pro', ['f1']],
    ['plan', 'NE', 'free', ['f1', 'f3', 'f4', 'f5', 'f6']],
    ['plan', 'IN', ['free', 'team'], ['f2', 'f3']],
    ['plan', 'EXISTS', false, ['f4', 'f5', 'f6']],
  ] as [string, string, unknown, string[]][])('%s %s %j → %j', async (key, op, value, expected) => {
    expect(await matching(where(key, op, value))).toEqual(expected);
  });

  it('several predicates, and predicates with other fields, combine with AND', async () => {
    expect(await matching({ properties: [{ key: 'score', op: 'GTE', value: 2.5 }, { key: 'plan', op: 'IN', value: ['pro', 'free'] }] })).toEqual(['f1', 'f2']);
    expect(await matching({ ...where('score', 'EQ', 10), kind: ['LEAD'] })).toEqual(['f5']);
    expect(await matching({ ...where('score', 'EXISTS', true), status: ['ARCHIVED'], search: 'grace' })).toEqual(['f2']);
  });

  it('totalCount alone answers the filtered count', async () => {
    const res = await t.gql(`query($filter: UserFilter) { users(filter: $filter) { totalCount } }`, { filter: where('score', 'GT', 0) }, { token: team.token });
    expect(res.data.users.totalCount).toBe(3);
  });
});

describe('bad predicates are BAD_USER_INPUT', () => {
  it.each([
    ['an unknown key', where('nope', 'EQ', 1), ['filter', 'properties', '0', 'key'], 'UNKNOWN_PROPERTY'],
    ['a number that is not one', where('score', 'EQ', 'abc'), ['filter', 'properties', '0', 'value'], 'TYPE'],
    ['a missing value', where('score', 'EQ'), ['filter', 'properties', '0', 'value'], 'TYPE'],
    ['a date that does not exist', where('renewal', 'GT', '2026-02-30'), ['filter', 'properties', '0', 'value'], 'TYPE'],
    ['a date-time without a zone', where('trial_ends', 'LT', '2026-01-31T10:00:00'), ['filter', 'properties', '0', 'value'], 'TYPE'],
    ['GT on a BOOLEAN', where('beta', 'GT', true), ['filter', 'properties', '0', 'value'], 'TYPE'],
    ['an ENUM value that is not an option', where('plan', 'EQ', 'gold'), ['filter', 'properties', '0', 'value'], 'OPTION'],
    ['IN without a list', where('plan', 'IN', 'free'), ['filter', 'properties', '0', 'value'], 'TYPE'],
    ['IN with an empty list', where('plan', 'IN', []), ['filter', 'properties', '0', 'value'], 'TYPE'],
    ['IN with a bad member', where('score', 'IN', [1, 'x']), ['filter', 'properties', '0', 'value'], 'TYPE'],
    ['IN with over 1,000 values', where('score', 'IN', Array.from({ length: 1001 }, (_, i) => i)), ['filter', 'properties', '0', 'value'], 'TOO_MANY'],
    ['CONTAINS without text', where('nickname', 'CONTAINS', 5), ['filter', 'properties', '0', 'value'], 'TYPE'],
    ['EXISTS with a non-boolean', where('score', 'EXISTS', 'yes'), ['filter', 'properties', '0', 'value'], 'TYPE'],
    [
      'the second of two predicates',
      { properties: [{ key: 'score', op: 'GT', value: 1 }, { key: 'missing', op: 'EXISTS', value: true }] },
      ['filter', 'properties', '1', 'key'],
      'UNKNOWN_PROPERTY',
    ],
  ] as [string, Record<string, unknown>, string[], string][])('%s', async (_name, filter, path, issueCode) => {
    for (const query of [LIST, `query($filter: UserFilter) { users(filter: $filter) { totalCount } }`]) {
      const res = await t.gql(query, { filter }, { token: team.token });
      expect(res.data).toBeNull();
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', path, issues: [{ code: issueCode, path }] });
    }
  });

  it('an unknown key is unknown even when another team defines it', async () => {
    const other = await signUp(t);
    await definePropertyVia(t, other.token, { key: 'elsewhere', label: 'E', type: 'STRING' });
    const res = await t.gql(LIST, { filter: where('elsewhere', 'EXISTS', true) }, { token: team.token });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
