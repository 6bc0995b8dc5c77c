import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { type SignedUpTeam, signUp } from './helpers/fixtures.ts';
import { CALLERS, type Caller, describeTenancy, lazyWorld, type Outcome } from './helpers/tenancy.ts';
import { createUserVia, definePropertyVia } from './helpers/users.ts';

// Custom property definitions, and proof that one validator governs every write of a value:
// createUser, updateUser, and the stored values a definition change is checked against.

let t: TestApp;
let team: SignedUpTeam;
beforeAll(async () => {
  t = await createTestApp();
  team = await signUp(t);
});

const USER_ERRORS = `... on Error { code message path } ... on ValidationError { issues { path code message } }`;
const ERRORS = `${USER_ERRORS} ... on DefinitionChangeError { breakingCount invalidCount duplicateCount missingCount }`;
const DEFINITION = `id key label type required unique description min max minLength maxLength pattern options createdAt updatedAt`;
const DEFINE = `mutation($input: DefinePropertyInput!) { definePropertyDefinition(input: $input) {
  __typename ... on PropertyDefinitionPayload { definition { ${DEFINITION} } } ${ERRORS} } }`;
const UPDATE_DEFINITION = `mutation($input: UpdatePropertyInput!) { updatePropertyDefinition(input: $input) {
  __typename ... on UpdatePropertyDefinitionPayload { clearedCount definition { ${DEFINITION} } } ${ERRORS} } }`;
const DELETE_DEFINITION = `mutation($input: DeletePropertyInput!) { deletePropertyDefinition(input: $input) {
  __typename ... on DeletePropertyDefinitionPayload { deletedDefinitionId clearedCount } ... on Error { code message path } } }`;
const CREATE_USER = `mutation($input: CreateUserInput!) { createUser(input: $input) {
  __typename ... on UserPayload { user { id properties } } ${USER_ERRORS} } }`;
const UPDATE_USER = `mutation($input: UpdateUserInput!) { updateUser(input: $input) {
  __typename ... on UserPayload { user { id properties } } ${USER_ERRORS} } }`;
const PROPERTIES = `query($id: ID!) { user(id: $id) { properties } }`;
const HISTORY = `query($id: ID!) { user(id: $id) { history(first: 50) { edges { node { field oldValue newValue origin member { id } } } } } }`;

const define = async (input: Record<string, unknown>, token = team.token) =>
  (await t.gql(DEFINE, { input }, { token })).data?.definePropertyDefinition;
const updateDefinition = async (input: Record<string, unknown>, token = team.token) =>
  (await t.gql(UPDATE_DEFINITION, { input }, { token })).data?.updatePropertyDefinition;
const createUser = async (input: Record<string, unknown>, token = team.token) => (await t.gql(CREATE_USER, { input }, { token })).data?.createUser;
const updateUser = async (id: string, patch: Record<string, unknown>, token = team.token) =>
  (await t.gql(UPDATE_USER, { input: { id, patch } }, { token })).data?.updateUser;
const propertiesOf = async (id: string, token = team.token) => (await t.gql(PROPERTIES, { id }, { token })).data.user.properties;

let serial = 0;
const ext = () => `u-${++serial}`;

describe('every property type, through createUser and updateUser', () => {
  let typed: SignedUpTeam;
  let existing: string;
  beforeAll(async () => {
    typed = await signUp(t);
    for (const input of [
      { key: 'nickname', label: 'Nickname', type: 'STRING', minLength: 2, maxLength: 5, pattern: '[a-z]+' },
      { key: 'score', label: 'Score', type: 'NUMBER', min: 0, max: 10 },
      { key: 'seats', label: 'Seats', type: 'INTEGER', min: 1, max: 100 },
      { key: 'beta', label: 'Beta', type: 'BOOLEAN' },
      { key: 'renewal', label: 'Renewal', type: 'DATE' },
      { key: 'trial_ends', label: 'Trial ends', type: 'DATETIME' },
      { key: 'billing_email', label: 'Billing email', type: 'EMAIL', maxLength: 30 },
      { key: 'website', label: 'Website', type: 'URL' },
      { key: 'plan', label: 'Plan', type: 'ENUM', options: ['free', 'pro'] },
    ]) {
      await definePropertyVia(t, typed.token, input);
    }
    existing = await createUserVia(t, typed.token, { externalId: 'typed-existing' });
  });

  const GOOD: [string, unknown, unknown][] = [
    ['nickname', 'abc', 'abc'],
    ['nickname', '  ab ', 'ab'],
    ['score', 3.5, 3.5],
    ['score', '7', 7],
    ['score', ' 1e1 ', 10],
    ['score', 0, 0],
    ['seats', 42, 42],
    ['seats', '42', 42],
    ['beta', true, true],
    ['beta', 'FALSE', false],
    ['renewal', '2028-02-29', '2028-02-29'],
    ['trial_ends', '2026-01-31T10:30:00+02:00', '2026-01-31T08:30:00.000Z'],
    ['trial_ends', '2026-01-31T09:30Z', '2026-01-31T09:30:00.000Z'],
    ['trial_ends', '2026-01-31T09:30:00.123456-05:30', '2026-01-31T15:00:00.123Z'],
    ['billing_email', ' Ada@Example.COM ', 'ada@example.com'],
    ['website', 'https://example.com/pricing?x=1', 'https://example.com/pricing?x=1'],
    ['plan', 'pro', 'pro'],
  ];
  const BAD: [string, unknown, string][] = [
    ['nickname', 'a', 'MIN_LENGTH'],
    ['nickname', 'abcdef', 'MAX_LENGTH'],
    ['nickname', 'ab1', 'PATTERN'],
    ['nickname', 12, 'TYPE'],
    ['score', -1, 'MIN'],
    ['score', 10.5, 'MAX'],
    ['score', 'abc', 'TYPE'],
    ['score', '0x5', 'TYPE'],
    ['score', true, 'TYPE'],
    ['score', [1], 'TYPE'],
    ['seats', 1.5, 'TYPE'],
    ['seats', 0, 'MIN'],
    ['seats', '101', 'MAX'],
    ['beta', 'yes', 'TYPE'],
    ['beta', 1, 'TYPE'],
    ['renewal', '2026-02-30', 'TYPE'],
    ['renewal', '28/02/2026', 'TYPE'],
    ['trial_ends', '2026-01-31T09:30:00', 'TYPE'],
    ['trial_ends', '2026-02-30T10:00:00Z', 'TYPE'],
    ['trial_ends', '2026-01-31', 'TYPE'],
    ['trial_ends', 1769851800000, 'TYPE'],
    ['billing_email', 'not-an-email', 'TYPE'],
    ['billing_email', `${'a'.repeat(25)}@example.com`, 'MAX_LENGTH'],
    ['website', 'ftp://example.com', 'TYPE'],
    ['website', 'example.com', 'TYPE'],
    ['plan', 'gold', 'OPTION'],
    ['plan', 'Pro', 'OPTION'],
    ['plan', 1, 'TYPE'],
    ['undefined_key', 'x', 'UNKNOWN_PROPERTY'],
  ];

  it.each(GOOD)('%s accepts %j as %j', async (key, value, stored) => {
    const created = await createUser({ externalId: ext(), properties: { [key]: value } }, typed.token);
    expect(created, JSON.stringify(created)).toMatchObject({ __typename: 'UserPayload', user: { properties: { [key]: stored } } });
    const updated = await updateUser(existing, { properties: { [key]: value } }, typed.token);
    expect(updated.user.properties[key]).toEqual(stored);
  });

  it.each(BAD)('%s rejects %j with %s', async (key, value, code) => {
    const created = await createUser({ externalId: ext(), properties: { [key]: value } }, typed.token);
    expect(created).toMatchObject({ __typename: 'ValidationError', code, path: ['input', 'properties', key] });
    expect(created.issues).toHaveLength(1);
    const before = await propertiesOf(existing, typed.token);
    const updated = await updateUser(existing, { properties: { [key]: value } }, typed.token);
    expect(updated).toMatchObject({ __typename: 'ValidationError', code, path: ['input', 'patch', 'properties', key] });
    expect(await propertiesOf(existing, typed.token)).toEqual(before);
  });

  it('reports every bad property at once and writes nothing', async () => {
    const before = (await t.gql(`{ users { totalCount } }`, {}, { token: typed.token })).data.users.totalCount;
    const res = await createUser({ externalId: ext(), properties: { score: 99, plan: 'gold', beta: 'maybe' } }, typed.token);
    expect(res.issues.map((i: any) => [i.path.join('.'), i.code]).sort()).toEqual([
      ['input.properties.beta', 'TYPE'],
      ['input.properties.plan', 'OPTION'],
      ['input.properties.score', 'MAX'],
    ]);
    expect((await t.gql(`{ users { totalCount } }`, {}, { token: typed.token })).data.users.totalCount).toBe(before);
  });

  it('null or an empty string removes a value; other keys stay', async () => {
    const id = await createUserVia(t, typed.token, { externalId: ext(), properties: { score: 5, plan: 'free' } });
    const res = await updateUser(id, { properties: { score: null, plan: '' } }, typed.token);
    expect(res.user.properties).toEqual({});
    await updateUser(id, { properties: { seats: 3 } }, typed.token);
    await updateUser(id, { displayName: 'Still here' }, typed.token);
    expect(await propertiesOf(id, typed.token)).toEqual({ seats: 3 });
  });

  it('keys with underscores are stored and read back exactly, across later patches', async () => {
    const id = await createUserVia(t, typed.token, { externalId: ext(), properties: { trial_ends: '2026-05-01T00:00:00Z', billing_email: 'b@example.com' } });
    await updateUser(id, { properties: { score: 1 } }, typed.token);
    expect(await propertiesOf(id, typed.token)).toEqual({ trial_ends: '2026-05-01T00:00:00.000Z', billing_email: 'b@example.com', score: 1 });
    const raw = await sql<{ keys: string[] }>`select array(select jsonb_object_keys(properties) order by 1) as keys from users where external_id = ${`u-${serial}`}`.execute(t.db);
    expect(raw.rows[0]?.keys).toEqual(['billing_email', 'score', 'trial_ends']);
  });

  it('a pattern is tested in Unicode mode against the whole value', async () => {
    await definePropertyVia(t, typed.token, { key: 'code', label: 'Code', type: 'STRING', pattern: '\\p{Lu}{2}\\d' });
    expect((await createUser({ externalId: ext(), properties: { code: 'ÄB1' } }, typed.token)).__typename).toBe('UserPayload');
    expect(await createUser({ externalId: ext(), properties: { code: 'xÄB1' } }, typed.token)).toMatchObject({ code: 'PATTERN' });
    expect(await createUser({ externalId: ext(), properties: { code: 'ÄB12' } }, typed.token)).toMatchObject({ code: 'PATTERN' });
  });
});

describe('required properties', () => {
  let fresh: SignedUpTeam;
  beforeAll(async () => {
    fresh = await signUp(t);
    await definePropertyVia(t, fresh.token, { key: 'tier', label: 'Tier', type: 'STRING', required: true });
  });

  it('a new user needs a value (missing, null or empty is REQUIRED)', async () => {
    for (const properties of [undefined, {}, { tier: null }, { tier: '  ' }]) {
      const res = await createUser({ externalId: ext(), properties }, fresh.token);
      expect(res, JSON.stringify(properties)).toMatchObject({ __typename: 'ValidationError', code: 'REQUIRED', path: ['input', 'properties', 'tier'] });
    }
    const wrong = await createUser({ externalId: ext(), properties: { tier: 5 } }, fresh.token);
    expect(wrong.issues.map((i: any) => i.code)).toEqual(['TYPE']);
  });

  it('a patch may leave it alone but not remove it', async () => {
    const id = await createUserVia(t, fresh.token, { externalId: ext(), properties: { tier: 'gold' } });
    expect((await updateUser(id, { displayName: 'Gold' }, fresh.token)).__typename).toBe('UserPayload');
    expect(await updateUser(id, { properties: { tier: null } }, fresh.token)).toMatchObject({
      code: 'REQUIRED',
      path: ['input', 'patch', 'properties', 'tier'],
    });
    expect(await propertiesOf(id, fresh.token)).toEqual({ tier: 'gold' });
  });

  it('a new required property is refused while users exist (WOULD_BREAK, with the count)', async () => {
    const res = await define({ key: 'territory', label: 'Territory', type: 'STRING', required: true }, fresh.token);
    const users = (await t.gql(`{ users { totalCount } }`, {}, { token: fresh.token })).data.users.totalCount;
    expect(users).toBeGreaterThan(0);
    expect(res).toMatchObject({
      __typename: 'DefinitionChangeError',
      code: 'WOULD_BREAK',
      path: ['input', 'required'],
      breakingCount: users,
      missingCount: users,
      invalidCount: 0,
      duplicateCount: 0,
    });
    const list = (await t.gql(`{ propertyDefinitions { key } }`, {}, { token: fresh.token })).data.propertyDefinitions;
    expect(list.map((d: any) => d.key)).toEqual(['tier']);
  });
});

describe('unique properties', () => {
  let fresh: SignedUpTeam;
  beforeAll(async () => {
    fresh = await signUp(t);
    await definePropertyVia(t, fresh.token, { key: 'account', label: 'Account', type: 'STRING', unique: true });
    await definePropertyVia(t, fresh.token, { key: 'contact', label: 'Contact', type: 'EMAIL', unique: true });
    await definePropertyVia(t, fresh.token, { key: 'badge', label: 'Badge', type: 'INTEGER', unique: true });
  });

  it('no two users of a team hold the same value; a user may keep its own', async () => {
    const a = await createUserVia(t, fresh.token, { externalId: ext(), properties: { account: 'ACC-1', badge: 7 } });
    expect(await createUser({ externalId: ext(), properties: { account: ' ACC-1 ' } }, fresh.token)).toMatchObject({
      code: 'UNIQUE',
      path: ['input', 'properties', 'account'],
    });
    expect(await createUser({ externalId: ext(), properties: { badge: '7' } }, fresh.token)).toMatchObject({ code: 'UNIQUE', path: ['input', 'properties', 'badge'] });
    const b = await createUserVia(t, fresh.token, { externalId: ext(), properties: { account: 'ACC-2' } });
    expect(await updateUser(b, { properties: { account: 'ACC-1' } }, fresh.token)).toMatchObject({
      code: 'UNIQUE',
      path: ['input', 'patch', 'properties', 'account'],
    });
    expect((await updateUser(a, { properties: { account: 'ACC-1', badge: 7 } }, fresh.token)).__typename).toBe('UserPayload');
    // Another team is another namespace.
    await definePropertyVia(t, team.token, { key: 'account', label: 'Account', type: 'STRING', unique: true });
    expect((await createUser({ externalId: ext(), properties: { account: 'ACC-1' } }, team.token)).__typename).toBe('UserPayload');
  });

  it('an EMAIL property compares addresses case-insensitively', async () => {
    await createUserVia(t, fresh.token, { externalId: ext(), properties: { contact: 'Billing@Example.com' } });
    expect(await createUser({ externalId: ext(), properties: { contact: 'billing@EXAMPLE.com' } }, fresh.token)).toMatchObject({ code: 'UNIQUE' });
  });

  it('concurrent creates with the same value: exactly one wins', async () => {
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) => createUser({ externalId: `race-${i}`, properties: { account: 'RACE' } }, fresh.token)),
    );
    expect(results.map((r) => r.__typename).sort()).toEqual(['UserPayload', 'ValidationError', 'ValidationError', 'ValidationError', 'ValidationError']);
    for (const r of results.filter((r) => r.__typename === 'ValidationError')) {
      expect(r).toMatchObject({ code: 'UNIQUE', path: ['input', 'properties', 'account'] });
    }
    const holders = await t.db
      .selectFrom('users')
      .select('id')
      .where(sql<boolean>`properties @> ${JSON.stringify({ account: 'RACE' })}::jsonb`)
      .execute();
    expect(holders).toHaveLength(1);
  });
});

describe('definePropertyDefinition', () => {
  it('defines a property and lists definitions by key', async () => {
    const fresh = await signUp(t);
    const res = await define({ key: 'zeta', label: ' Zeta ', type: 'NUMBER', min: 1.5, max: 2, description: '  Why  ' }, fresh.token);
    expect(res).toMatchObject({
      __typename: 'PropertyDefinitionPayload',
      definition: { key: 'zeta', label: 'Zeta', type: 'NUMBER', required: false, unique: false, description: 'Why', min: 1.5, max: 2, options: null },
    });
    await definePropertyVia(t, fresh.token, { key: 'alpha', label: 'Alpha', type: 'ENUM', options: [' a ', 'b'] });
    const list = (await t.gql(`{ propertyDefinitions { key options } }`, {}, { token: fresh.token })).data.propertyDefinitions;
    expect(list).toEqual([{ key: 'alpha', options: ['a', 'b'] }, { key: 'zeta', options: null }]);
    const node = await t.gql(`query($id: ID!) { node(id: $id) { ... on PropertyDefinition { key } } }`, { id: res.definition.id }, { token: fresh.token });
    expect(node.data.node).toEqual({ key: 'zeta' });
  });

  const BAD: [string, Record<string, unknown>, string, string[]][] = [
    ['an empty key', { key: '', label: 'X', type: 'STRING' }, 'REQUIRED', ['input', 'key']],
    ['an upper-case key', { key: 'Plan', label: 'X', type: 'STRING' }, 'INVALID_KEY', ['input', 'key']],
    ['a key starting with a digit', { key: '1plan', label: 'X', type: 'STRING' }, 'INVALID_KEY', ['input', 'key']],
    ['a key with a dash', { key: 'my-plan', label: 'X', type: 'STRING' }, 'INVALID_KEY', ['input', 'key']],
    ['a 64-character key', { key: `a${'b'.repeat(63)}`, label: 'X', type: 'STRING' }, 'INVALID_KEY', ['input', 'key']],
    ['the key email', { key: 'email', label: 'X', type: 'STRING' }, 'RESERVED_KEY', ['input', 'key']],
    ['the key external_id', { key: 'external_id', label: 'X', type: 'STRING' }, 'RESERVED_KEY', ['input', 'key']],
    ['the key externalid', { key: 'externalid', label: 'X', type: 'STRING' }, 'RESERVED_KEY', ['input', 'key']],
    ['the key display_name', { key: 'display_name', label: 'X', type: 'STRING' }, 'RESERVED_KEY', ['input', 'key']],
    ['the key status', { key: 'status', label: 'X', type: 'STRING' }, 'RESERVED_KEY', ['input', 'key']],
    ['the key note', { key: 'note', label: 'X', type: 'STRING' }, 'RESERVED_KEY', ['input', 'key']],
    ['an empty label', { key: 'k1', label: '  ', type: 'STRING' }, 'REQUIRED', ['input', 'label']],
    ['a 101-character label', { key: 'k1', label: 'x'.repeat(101), type: 'STRING' }, 'TOO_LONG', ['input', 'label']],
    ['min above max', { key: 'k1', label: 'X', type: 'NUMBER', min: 5, max: 1 }, 'INVALID_RANGE', ['input', 'max']],
    ['minLength above maxLength', { key: 'k1', label: 'X', type: 'STRING', minLength: 5, maxLength: 2 }, 'INVALID_RANGE', ['input', 'maxLength']],
    ['a negative minLength', { key: 'k1', label: 'X', type: 'STRING', minLength: -1 }, 'INVALID_RANGE', ['input', 'minLength']],
    ['min on a STRING', { key: 'k1', label: 'X', type: 'STRING', min: 1 }, 'NOT_APPLICABLE', ['input', 'min']],
    ['maxLength on a NUMBER', { key: 'k1', label: 'X', type: 'NUMBER', maxLength: 3 }, 'NOT_APPLICABLE', ['input', 'maxLength']],
    ['maxLength on a DATE', { key: 'k1', label: 'X', type: 'DATE', maxLength: 3 }, 'NOT_APPLICABLE', ['input', 'maxLength']],
    ['a pattern on an EMAIL', { key: 'k1', label: 'X', type: 'EMAIL', pattern: 'a' }, 'NOT_APPLICABLE', ['input', 'pattern']],
    ['options on a STRING', { key: 'k1', label: 'X', type: 'STRING', options: ['a'] }, 'NOT_APPLICABLE', ['input', 'options']],
    ['a pattern that does not compile', { key: 'k1', label: 'X', type: 'STRING', pattern: '([a-z]' }, 'INVALID_PATTERN', ['input', 'pattern']],
    ['a pattern invalid in Unicode mode', { key: 'k1', label: 'X', type: 'STRING', pattern: '\\-' }, 'INVALID_PATTERN', ['input', 'pattern']],
    ['a 501-character pattern', { key: 'k1', label: 'X', type: 'STRING', pattern: 'a'.repeat(501) }, 'INVALID_PATTERN', ['input', 'pattern']],
    ['an ENUM without options', { key: 'k1', label: 'X', type: 'ENUM' }, 'REQUIRED', ['input', 'options']],
    ['an ENUM with no options', { key: 'k1', label: 'X', type: 'ENUM', options: [] }, 'REQUIRED', ['input', 'options']],
    ['an empty option', { key: 'k1', label: 'X', type: 'ENUM', options: ['a', ' '] }, 'REQUIRED', ['input', 'options', '1']],
    ['a repeated option', { key: 'k1', label: 'X', type: 'ENUM', options: ['a', 'b', 'a '] }, 'DUPLICATE', ['input', 'options', '2']],
    ['a 201-character option', { key: 'k1', label: 'X', type: 'ENUM', options: ['x'.repeat(201)] }, 'TOO_LONG', ['input', 'options', '0']],
    ['501 options', { key: 'k1', label: 'X', type: 'ENUM', options: Array.from({ length: 501 }, (_, i) => `o${i}`) }, 'TOO_MANY', ['input', 'options']],
  ];

  it.each(BAD)('refuses %s', async (_name, input, code, path) => {
    const res = await define(input);
    expect(res).toMatchObject({ __typename: 'ValidationError', code, path });
  });

  it('accepts the bounds of each rule', async () => {
    for (const input of [
      { key: `a${'b'.repeat(62)}`, label: 'x'.repeat(100), type: 'STRING', minLength: 0, maxLength: 0, pattern: 'a'.repeat(500) },
      { key: 'bounded_number', label: 'N', type: 'INTEGER', min: 3, max: 3 },
      { key: 'many_options', label: 'E', type: 'ENUM', options: Array.from({ length: 500 }, (_, i) => `${i}`.padEnd(200, 'x')) },
      { key: 'url_length', label: 'U', type: 'URL', maxLength: 100 },
    ]) {
      expect((await define(input)).__typename, input.key).toBe('PropertyDefinitionPayload');
    }
  });

  it('reports every problem of a definition at once', async () => {
    const res = await define({ key: 'Bad Key', label: '', type: 'NUMBER', min: 2, max: 1, pattern: 'x' });
    expect(res.issues.map((i: any) => [i.path.join('.'), i.code])).toEqual([
      ['input.key', 'INVALID_KEY'],
      ['input.label', 'REQUIRED'],
      ['input.pattern', 'NOT_APPLICABLE'],
    ]);
  });

  it('refuses a key the team already uses (UNIQUE), even when asked twice at once', async () => {
    await definePropertyVia(t, team.token, { key: 'taken', label: 'Taken', type: 'STRING' });
    expect(await define({ key: 'taken', label: 'Again', type: 'NUMBER' })).toMatchObject({ code: 'UNIQUE', path: ['input', 'key'] });
    const both = await Promise.all([1, 2].map(() => define({ key: 'twice', label: 'Twice', type: 'STRING' })));
    expect(both.map((r) => r.__typename).sort()).toEqual(['PropertyDefinitionPayload', 'ValidationError']);
    expect(both.find((r) => r.__typename === 'ValidationError')).toMatchObject({ code: 'UNIQUE', path: ['input', 'key'] });
  });
});

describe('updatePropertyDefinition', () => {
  let fresh: SignedUpTeam;
  beforeAll(async () => {
    fresh = await signUp(t);
  });
  const update = (input: Record<string, unknown>) => updateDefinition(input, fresh.token);

  it('changes label and description without looking at values; key and type stay', async () => {
    const id = await definePropertyVia(t, fresh.token, { key: 'labelled', label: 'Old', type: 'STRING', description: 'd' });
    const res = await update({ id, label: 'New', description: null });
    expect(res).toMatchObject({ clearedCount: 0, definition: { key: 'labelled', type: 'STRING', label: 'New', description: null } });
    const immutable = await t.gql(UPDATE_DEFINITION, { input: { id, type: 'NUMBER' } }, { token: fresh.token });
    expect(immutable.errors?.[0]?.message).toMatch(/type/);
  });

  it('tightening a bound that stored values break: WOULD_BREAK with the count, then clearInvalidValues', async () => {
    const id = await definePropertyVia(t, fresh.token, { key: 'score', label: 'Score', type: 'NUMBER' });
    const users = [];
    for (const score of [1, 5, 9, 12]) users.push(await createUserVia(t, fresh.token, { externalId: ext(), properties: { score } }));
    const bare = await createUserVia(t, fresh.token, { externalId: ext() });

    const refused = await update({ id, max: 6 });
    expect(refused).toMatchObject({
      __typename: 'DefinitionChangeError',
      code: 'WOULD_BREAK',
      path: ['input', 'max'],
      breakingCount: 2,
      invalidCount: 2,
      duplicateCount: 0,
      missingCount: 0,
    });
    // Nothing changed.
    expect(await propertiesOf(users[2]!, fresh.token)).toEqual({ score: 9 });
    const unchanged = (await t.gql(`{ propertyDefinitions { key max } }`, {}, { token: fresh.token })).data.propertyDefinitions;
    expect(unchanged).toContainEqual({ key: 'score', max: null });

    const cleared = await update({ id, max: 6, clearInvalidValues: true });
    expect(cleared).toMatchObject({ __typename: 'UpdatePropertyDefinitionPayload', clearedCount: 2, definition: { max: 6 } });
    expect(await propertiesOf(users[0]!, fresh.token)).toEqual({ score: 1 });
    expect(await propertiesOf(users[2]!, fresh.token)).toEqual({});
    expect(await propertiesOf(bare, fresh.token)).toEqual({});
    const history = (await t.gql(HISTORY, { id: users[3] }, { token: fresh.token })).data.user.history.edges.map((e: any) => e.node);
    expect(history[0]).toEqual({ field: 'properties.score', oldValue: 12, newValue: null, origin: 'MEMBER', member: { id: fresh.adminId } });
    // The new bound governs writes from now on.
    expect(await createUser({ externalId: ext(), properties: { score: 7 } }, fresh.token)).toMatchObject({ code: 'MAX' });
  });

  it('names no single input when several constraints break values', async () => {
    const id = await definePropertyVia(t, fresh.token, { key: 'handle', label: 'Handle', type: 'STRING' });
    await createUserVia(t, fresh.token, { externalId: ext(), properties: { handle: 'a' } });
    await createUserVia(t, fresh.token, { externalId: ext(), properties: { handle: 'UPPER' } });
    await createUserVia(t, fresh.token, { externalId: ext(), properties: { handle: 'fine' } });
    expect(await update({ id, minLength: 2 })).toMatchObject({ code: 'WOULD_BREAK', path: ['input', 'minLength'], breakingCount: 1 });
    expect(await update({ id, minLength: 2, pattern: '[a-z]+' })).toMatchObject({ code: 'WOULD_BREAK', path: null, breakingCount: 2, invalidCount: 2 });
    expect(await update({ id, pattern: '[a-z]+' })).toMatchObject({ path: ['input', 'pattern'], breakingCount: 1 });
    expect(await update({ id, minLength: 2, pattern: '[a-zA-Z]+', maxLength: 10 })).toMatchObject({ path: ['input', 'minLength'], breakingCount: 1 });
  });

  it('removing an ENUM option breaks the values that hold it', async () => {
    const id = await definePropertyVia(t, fresh.token, { key: 'tier', label: 'Tier', type: 'ENUM', options: ['free', 'pro', 'team'] });
    for (const tier of ['free', 'team', 'team']) await createUserVia(t, fresh.token, { externalId: ext(), properties: { tier } });
    expect(await update({ id, options: ['free', 'pro'] })).toMatchObject({ code: 'WOULD_BREAK', path: ['input', 'options'], breakingCount: 2 });
    expect(await update({ id, options: ['free', 'pro', 'team', 'enterprise'] })).toMatchObject({ clearedCount: 0 });
    expect(await update({ id, options: ['free', 'pro'], clearInvalidValues: true })).toMatchObject({ clearedCount: 2 });
    const counts = await t.gql(`{ users(filter: {properties: [{key: "tier", op: EXISTS, value: true}]}) { totalCount } }`, {}, { token: fresh.token });
    expect(counts.data.users.totalCount).toBe(1);
  });

  it('becoming unique: duplicates are counted, and clearing keeps the oldest holder\u2019s value', async () => {
    const id = await definePropertyVia(t, fresh.token, { key: 'ref', label: 'Ref', type: 'STRING' });
    const holders = [];
    for (const ref of ['A', 'A', 'B', 'A', 'B', 'C']) holders.push(await createUserVia(t, fresh.token, { externalId: ext(), properties: { ref } }));
    expect(await update({ id, unique: true })).toMatchObject({
      code: 'WOULD_BREAK',
      path: ['input', 'unique'],
      breakingCount: 3,
      duplicateCount: 3,
      invalidCount: 0,
    });
    expect(await update({ id, unique: true, clearInvalidValues: true })).toMatchObject({ clearedCount: 3, definition: { unique: true } });
    const values = [];
    for (const holder of holders) values.push((await propertiesOf(holder, fresh.token)).ref ?? null);
    expect(values).toEqual(['A', null, 'B', null, null, 'C']);
    expect(await createUser({ externalId: ext(), properties: { ref: 'C' } }, fresh.token)).toMatchObject({ code: 'UNIQUE' });
  });

  it('becoming required: users without a value are refused even with clearInvalidValues', async () => {
    const id = await definePropertyVia(t, fresh.token, { key: 'owner', label: 'Owner', type: 'STRING' });
    const total = (await t.gql(`{ users { totalCount } }`, {}, { token: fresh.token })).data.users.totalCount;
    await createUserVia(t, fresh.token, { externalId: ext(), properties: { owner: 'ada' } });
    for (const clearInvalidValues of [false, true]) {
      expect(await update({ id, required: true, clearInvalidValues })).toMatchObject({
        __typename: 'DefinitionChangeError',
        code: 'WOULD_BREAK',
        path: ['input', 'required'],
        missingCount: total,
        breakingCount: total,
      });
    }
  });

  it('a required property: clearing values would leave users without one, so it is refused', async () => {
    const other = await signUp(t);
    const id = await definePropertyVia(t, other.token, { key: 'size', label: 'Size', type: 'INTEGER', required: true });
    const small = await createUserVia(t, other.token, { externalId: ext(), properties: { size: 2 } });
    await createUserVia(t, other.token, { externalId: ext(), properties: { size: 20 } });
    expect(await updateDefinition({ id, max: 10 }, other.token)).toMatchObject({ path: ['input', 'max'], invalidCount: 1 });
    expect(await updateDefinition({ id, max: 10, clearInvalidValues: true }, other.token)).toMatchObject({
      code: 'WOULD_BREAK',
      path: ['input', 'required'],
      breakingCount: 1,
    });
    // Once the value is corrected, the change goes through.
    const big = (await t.gql(`{ users(filter: {properties: [{key: "size", op: GT, value: 10}]}) { edges { node { id } } } }`, {}, { token: other.token })).data.users.edges[0].node.id;
    await updateUser(big, { properties: { size: 10 } }, other.token);
    expect(await updateDefinition({ id, max: 10 }, other.token)).toMatchObject({ clearedCount: 0, definition: { max: 10, required: true } });
    expect(await propertiesOf(small, other.token)).toEqual({ size: 2 });
    // And making it optional needs no check at all.
    expect(await updateDefinition({ id, required: false, min: null }, other.token)).toMatchObject({ definition: { required: false } });
  });

  it('checks the changed definition like a new one', async () => {
    const num = await definePropertyVia(t, fresh.token, { key: 'ranged', label: 'Ranged', type: 'NUMBER', max: 10 });
    expect(await update({ id: num, min: 11 })).toMatchObject({ __typename: 'ValidationError', code: 'INVALID_RANGE', path: ['input', 'min'] });
    expect(await update({ id: num, minLength: 1 })).toMatchObject({ code: 'NOT_APPLICABLE', path: ['input', 'minLength'] });
    expect(await update({ id: num, label: '' })).toMatchObject({ code: 'REQUIRED', path: ['input', 'label'] });
    const en = await definePropertyVia(t, fresh.token, { key: 'choice', label: 'Choice', type: 'ENUM', options: ['a'] });
    expect(await update({ id: en, options: null })).toMatchObject({ code: 'REQUIRED', path: ['input', 'options'] });
    expect(await update({ id: en, options: ['a', 'a'] })).toMatchObject({ code: 'DUPLICATE', path: ['input', 'options', '1'] });
    const str = await definePropertyVia(t, fresh.token, { key: 'patterned', label: 'P', type: 'STRING' });
    expect(await update({ id: str, pattern: '*' })).toMatchObject({ code: 'INVALID_PATTERN', path: ['input', 'pattern'] });
  });

  it('answers NOT_FOUND for an unknown, malformed, other-type or other-team ID', async () => {
    const foreign = await definePropertyVia(t, team.token, { key: 'foreign', label: 'F', type: 'STRING' });
    const missing = Buffer.from('PropertyDefinition:00000000-0000-4000-8000-000000000000').toString('base64');
    const user = await createUserVia(t, fresh.token, { externalId: ext() });
    for (const id of [foreign, missing, 'not-an-id', user]) {
      expect(await update({ id, label: 'x' }), id).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND', path: ['input', 'id'] });
    }
  });
});

describe('deletePropertyDefinition', () => {
  it('removes the definition and every user\u2019s value, recording each removal', async () => {
    const fresh = await signUp(t);
    const id = await definePropertyVia(t, fresh.token, { key: 'temp', label: 'Temp', type: 'STRING' });
    await definePropertyVia(t, fresh.token, { key: 'keep', label: 'Keep', type: 'STRING' });
    const a = await createUserVia(t, fresh.token, { externalId: ext(), properties: { temp: 'x', keep: 'k' } });
    await createUserVia(t, fresh.token, { externalId: ext(), properties: { temp: 'y' } });
    await createUserVia(t, fresh.token, { externalId: ext() });
    // Another team's property of the same key is untouched.
    await definePropertyVia(t, team.token, { key: 'temp', label: 'Temp', type: 'STRING' });
    const elsewhere = await createUserVia(t, team.token, { externalId: ext(), properties: { temp: 'other team' } });

    const res = (await t.gql(DELETE_DEFINITION, { input: { id } }, { token: fresh.token })).data.deletePropertyDefinition;
    expect(res).toEqual({ __typename: 'DeletePropertyDefinitionPayload', deletedDefinitionId: id, clearedCount: 2 });
    expect(await propertiesOf(a, fresh.token)).toEqual({ keep: 'k' });
    const history = (await t.gql(HISTORY, { id: a }, { token: fresh.token })).data.user.history.edges.map((e: any) => e.node);
    expect(history[0]).toEqual({ field: 'properties.temp', oldValue: 'x', newValue: null, origin: 'MEMBER', member: { id: fresh.adminId } });
    expect((await t.gql(`{ propertyDefinitions { key } }`, {}, { token: fresh.token })).data.propertyDefinitions).toEqual([{ key: 'keep' }]);
    expect(await updateUser(a, { properties: { temp: 'z' } }, fresh.token)).toMatchObject({ code: 'UNKNOWN_PROPERTY' });
    expect(await propertiesOf(elsewhere)).toEqual({ temp: 'other team' });

    const again = (await t.gql(DELETE_DEFINITION, { input: { id } }, { token: fresh.token })).data.deletePropertyDefinition;
    expect(again).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND', path: ['input', 'id'] });
    // The key is free again, with a new type if wanted.
    expect((await define({ key: 'temp', label: 'Temp', type: 'NUMBER' }, fresh.token)).__typename).toBe('PropertyDefinitionPayload');
  });
});

// ---------------------------------------------------------------------------------------------
// Tenancy: definitions are read with users:read and changed by ADMINs only.

const app = () => t;
const world = lazyWorld(app);
let keySerial = 0;
const freshKey = () => `tenancy_${++keySerial}`;
const ERR = `__typename ... on Error { code }`;
const homeDefinition = (w: { home: SignedUpTeam }) => definePropertyVia(t, w.home.token, { key: freshKey(), label: 'T', type: 'STRING' });

/** Only the home team's ADMIN may change its definitions; `otherTeamAdmin` acts on their own team. */
const adminOnly = (otherTeamAdmin: Outcome) =>
  ({ ...Object.fromEntries(CALLERS.map((c) => [c, 'FORBIDDEN'])), admin: 'OK', otherTeamAdmin, anonymous: 'UNAUTHENTICATED' }) as Record<Caller, Outcome>;
const adminOnTarget = adminOnly('NOT_FOUND');

describeTenancy('propertyDefinitions', app, world, {
  scope: 'users:read',
  field: 'propertyDefinitions',
  operation: async () => ({ query: `{ propertyDefinitions { id key } }` }),
  expect: {
    admin: 'OK', member: 'OK', otherTeamAdmin: 'OK', keyWithScope: 'OK', keyWithoutScope: 'FORBIDDEN', otherTeamKey: 'OK', publicKey: 'FORBIDDEN', anonymous: 'UNAUTHENTICATED',
  },
});

describeTenancy('node(id) of a property definition', app, world, {
  scope: 'users:read',
  field: 'node',
  operation: async (w) => ({ query: `query($id: ID!) { node(id: $id) { id } }`, variables: { id: await homeDefinition(w) } }),
  expect: {
    admin: 'OK', member: 'OK', otherTeamAdmin: 'NULL', keyWithScope: 'OK', keyWithoutScope: 'NULL', otherTeamKey: 'NULL', publicKey: 'NULL', anonymous: 'NULL',
  },
});

describeTenancy('definePropertyDefinition', app, world, {
  scope: 'users:write',
  field: 'definePropertyDefinition',
  operation: async () => ({
    query: `mutation($input: DefinePropertyInput!) { definePropertyDefinition(input: $input) { ${ERR} } }`,
    variables: { input: { key: freshKey(), label: 'T', type: 'STRING' } },
  }),
  expect: adminOnly('OK'),
});

describeTenancy('updatePropertyDefinition', app, world, {
  scope: 'users:write',
  field: 'updatePropertyDefinition',
  operation: async (w) => ({
    query: `mutation($id: ID!) { updatePropertyDefinition(input: {id: $id, label: "Renamed"}) { ${ERR} } }`,
    variables: { id: await homeDefinition(w) },
  }),
  expect: adminOnTarget,
});

describeTenancy('deletePropertyDefinition', app, world, {
  scope: 'users:write',
  field: 'deletePropertyDefinition',
  operation: async (w) => ({
    query: `mutation($id: ID!) { deletePropertyDefinition(input: {id: $id}) { ${ERR} } }`,
    variables: { id: await homeDefinition(w) },
  }),
  expect: adminOnTarget,
});
