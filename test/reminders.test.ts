import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { addApiKey, addMember, type SignedUpTeam, signUp } from './helpers/fixtures.ts';
import { countingApp } from './helpers/query-count.ts';
import { describeTenancy, lazyWorld } from './helpers/tenancy.ts';
import { memberOnHomeObject, nodeOfHomeObject, onHomeObject } from './helpers/tenancy-outcomes.ts';
import { createUserVia } from './helpers/users.ts';

let t: TestApp;
let team: SignedUpTeam;
beforeAll(async () => {
  t = await createTestApp();
  team = await signUp(t);
});

const ERROR = `... on Error { code message path }`;
const REMINDER = `id text dueAt completedAt createdAt createdBy { id } user { id }`;
const CREATE = `mutation($input: CreateReminderInput!) { createReminder(input: $input) {
  __typename ... on ReminderPayload { reminder { ${REMINDER} } } ${ERROR} ... on ValidationError { issues { path code message } } } }`;
const COMPLETE = `mutation($id: ID!) { completeReminder(input: {id: $id}) { __typename ... on ReminderPayload { reminder { ${REMINDER} } } ${ERROR} } }`;
const DELETE = `mutation($id: ID!) { deleteReminder(input: {id: $id}) { __typename ... on DeleteReminderPayload { deletedReminderId user { id } } ${ERROR} } }`;
const LIST = `query($id: ID!) { user(id: $id) { reminders { ${REMINDER} } } }`;

const globalId = (type: string, id = '00000000-0000-4000-8000-000000000000') => Buffer.from(`${type}:${id}`).toString('base64');

let counter = 0;
const newUser = (token = team.token) => createUserVia(t, token, { externalId: `rem-${++counter}` });

async function create(userId: string, text: string, dueAt: string, token = team.token) {
  return (await t.gql(CREATE, { input: { userId, text, dueAt } }, { token })).data?.createReminder;
}
async function listed(userId: string, token = team.token) {
  return (await t.gql(LIST, { id: userId }, { token })).data.user.reminders;
}
const historyCount = async (userId: string) =>
  (await t.gql(`query($id: ID!) { user(id: $id) { history { totalCount } } }`, { id: userId }, { token: team.token })).data.user.history.totalCount;

describe('createReminder', () => {
  it('creates a reminder on a user, written by the calling member, with no history entry', async () => {
    const userId = await newUser();
    const before = await historyCount(userId);
    const res = await create(userId, '  Call about the renewal  ', '2030-01-02T09:00:00.000Z');
    expect(res).toMatchObject({
      __typename: 'ReminderPayload',
      reminder: { text: 'Call about the renewal', dueAt: '2030-01-02T09:00:00.000Z', completedAt: null, createdBy: { id: team.adminId }, user: { id: userId } },
    });
    expect(await listed(userId)).toEqual([res.reminder]);
    const node = await t.gql(`query($id: ID!) { node(id: $id) { ... on Reminder { text } } }`, { id: res.reminder.id }, { token: team.token });
    expect(node.data.node).toEqual({ text: 'Call about the renewal' });
    expect(await historyCount(userId)).toBe(before);
  });

  it('accepts a due time in the past and text of exactly 2,000 characters', async () => {
    const userId = await newUser();
    expect((await create(userId, 'overdue', '2001-01-01T00:00:00Z')).reminder.dueAt).toBe('2001-01-01T00:00:00.000Z');
    expect((await create(userId, 'x'.repeat(2000), '2030-01-01T00:00:00Z')).reminder.text).toHaveLength(2000);
  });

  it('refuses blank and too long texts (ValidationError at input.text) and writes nothing', async () => {
    const userId = await newUser();
    for (const [text, code] of [['', 'REQUIRED'], [' \n\t ', 'REQUIRED'], ['x'.repeat(2001), 'TOO_LONG']] as const) {
      const res = await create(userId, text, '2030-01-01T00:00:00Z');
      expect(res).toMatchObject({ __typename: 'ValidationError', code, path: ['input', 'text'], issues: [{ code, path: ['input', 'text'] }] });
    }
    expect(await listed(userId)).toEqual([]);
  });

  it('answers a missing, malformed, other-type or other team\u2019s user with NOT_FOUND at input.userId', async () => {
    const other = await signUp(t);
    const foreign = await newUser(other.token);
    for (const userId of [globalId('User'), 'junk', team.teamId, foreign]) {
      const res = await create(userId, 'hello', '2030-01-01T00:00:00Z');
      expect(res).toEqual({ __typename: 'NotFoundError', code: 'NOT_FOUND', message: 'User not found', path: ['input', 'userId'] });
    }
    expect(await listed(foreign, other.token)).toEqual([]);
  });

  it('rejects a due time that is not a DateTime before running (a request error, HTTP 400)', async () => {
    const res = await t.gql(CREATE, { input: { userId: await newUser(), text: 'x', dueAt: 'next tuesday' } }, { token: team.token });
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.message).toContain('input.dueAt');
  });
});

describe('completeReminder', () => {
  it('completes once: a second call keeps the first completion time', async () => {
    const userId = await newUser();
    const { reminder } = await create(userId, 'follow up', '2030-01-01T00:00:00Z');
    const first = (await t.gql(COMPLETE, { id: reminder.id }, { token: team.token })).data.completeReminder;
    expect(first.__typename).toBe('ReminderPayload');
    expect(Date.parse(first.reminder.completedAt)).toBeGreaterThanOrEqual(Date.parse(reminder.createdAt));
    await new Promise((resolve) => setTimeout(resolve, 5));
    const member = await addMember(t, team);
    const second = (await t.gql(COMPLETE, { id: reminder.id }, { token: member.token })).data.completeReminder;
    expect(second).toEqual(first);
  });

  it('answers a missing, malformed, other-type or other team\u2019s reminder with NOT_FOUND and changes nothing', async () => {
    const other = await signUp(t);
    const foreignUser = await newUser(other.token);
    const foreign = (await create(foreignUser, 'theirs', '2030-01-01T00:00:00Z', other.token)).reminder;
    for (const id of [foreign.id, globalId('Reminder'), 'junk', foreignUser]) {
      const res = await t.gql(COMPLETE, { id }, { token: team.token });
      expect(res.data.completeReminder).toEqual({ __typename: 'NotFoundError', code: 'NOT_FOUND', message: 'Reminder not found', path: ['input', 'id'] });
    }
    expect((await listed(foreignUser, other.token))[0].completedAt).toBeNull();
  });
});

describe('deleteReminder', () => {
  it('deletes a reminder; deleting it again is NOT_FOUND', async () => {
    const userId = await newUser();
    const { reminder } = await create(userId, 'to delete', '2030-01-01T00:00:00Z');
    const res = await t.gql(DELETE, { id: reminder.id }, { token: team.token });
    expect(res.data.deleteReminder).toEqual({ __typename: 'DeleteReminderPayload', deletedReminderId: reminder.id, user: { id: userId } });
    expect(await listed(userId)).toEqual([]);
    const again = await t.gql(DELETE, { id: reminder.id }, { token: team.token });
    expect(again.data.deleteReminder).toMatchObject({ __typename: 'NotFoundError', path: ['input', 'id'] });
    const node = await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: reminder.id }, { token: team.token });
    expect(node.data.node).toBeNull();
  });

  it('answers another team\u2019s reminder with NOT_FOUND and keeps it', async () => {
    const other = await signUp(t);
    const foreignUser = await newUser(other.token);
    const foreign = (await create(foreignUser, 'theirs', '2030-01-01T00:00:00Z', other.token)).reminder;
    for (const id of [foreign.id, globalId('Reminder'), 'junk']) {
      const res = await t.gql(DELETE, { id }, { token: team.token });
      expect(res.data.deleteReminder).toEqual({ __typename: 'NotFoundError', code: 'NOT_FOUND', message: 'Reminder not found', path: ['input', 'id'] });
    }
    expect(await listed(foreignUser, other.token)).toHaveLength(1);
  });
});

describe('reading reminders', () => {
  it('lists open reminders soonest due first, then completed ones latest completed first', async () => {
    const userId = await newUser();
    const make = async (text: string, dueAt: string) => (await create(userId, text, dueAt)).reminder.id as string;
    const later = await make('later', '2031-06-01T00:00:00Z');
    const overdue = await make('overdue', '2020-01-01T00:00:00Z');
    const soon = await make('soon', '2030-01-01T00:00:00Z');
    const doneFirst = await make('done first', '2019-01-01T00:00:00Z');
    const doneSecond = await make('done second', '2035-01-01T00:00:00Z');
    await t.gql(COMPLETE, { id: doneFirst }, { token: team.token });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await t.gql(COMPLETE, { id: doneSecond }, { token: team.token });
    const reminders = await listed(userId);
    expect(reminders.map((r: any) => r.text)).toEqual(['overdue', 'soon', 'later', 'done second', 'done first']);
    expect(reminders.map((r: any) => r.id)).toEqual([overdue, soon, later, doneSecond, doneFirst]);
  });

  it('API keys with users:read read reminders but never write them; the author shows with team:read', async () => {
    const userId = await newUser();
    await create(userId, 'visible to keys', '2030-01-01T00:00:00Z');
    const reader = await addApiKey(t, team, ['users:read']);
    const teamReader = await addApiKey(t, team, ['users:read', 'team:read']);
    const writer = await addApiKey(t, team, ['users:read', 'users:write', 'team:read']);
    expect(await listed(userId, reader.secret)).toMatchObject([{ text: 'visible to keys', createdBy: null }]);
    expect(await listed(userId, teamReader.secret)).toMatchObject([{ text: 'visible to keys', createdBy: { id: team.adminId } }]);
    const refused = await t.gql(CREATE, { input: { userId, text: 'from a key', dueAt: '2030-01-01T00:00:00Z' } }, { token: writer.secret });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('keeps a reminder when its author leaves the team, without an author', async () => {
    const member = await addMember(t, team);
    const userId = await newUser();
    await create(userId, 'orphan', '2030-01-01T00:00:00Z', member.token);
    const removed = await t.gql(`mutation($id: ID!) { removeMember(input: {id: $id}) { __typename } }`, { id: member.id }, { token: team.token });
    expect(removed.data.removeMember.__typename).toBe('RemoveMemberPayload');
    expect(await listed(userId)).toMatchObject([{ text: 'orphan', createdBy: null }]);
  });

  it('loads the reminders of a page of users in one query', async () => {
    const fresh = await signUp(t);
    for (let i = 0; i < 4; i++) {
      const userId = await newUser(fresh.token);
      for (let j = 0; j < i; j++) await create(userId, `r${i}.${j}`, `203${j}-01-01T00:00:00Z`, fresh.token);
    }
    const counted = countingApp(t);
    counted.reset();
    const res = await counted.gql(
      `{ users(first: 10, orderBy: {field: CREATED_AT, direction: ASC}) { edges { node { reminders { text } } } } }`,
      {},
      { token: fresh.token },
    );
    expect(res.data.users.edges.map((e: any) => e.node.reminders.map((r: any) => r.text))).toEqual([
      [], ['r1.0'], ['r2.0', 'r2.1'], ['r3.0', 'r3.1', 'r3.2'],
    ]);
    expect(counted.selectsFrom('reminders')).toBe(1);
  });
});

// ---------------------------------------------------------------------------------------------
// Tenancy matrices. Writes are for members: every API key is FORBIDDEN, whatever its scopes.

const app = () => t;
const world = lazyWorld(app);
const ERR = `__typename ... on Error { code }`;

const homeReminder = async (token: string) => {
  const userId = await newUser(token);
  return { userId, id: (await create(userId, 'tenancy', '2030-01-01T00:00:00Z', token)).reminder.id as string };
};

describeTenancy('createReminder', app, world, {
  scope: 'users:write',
  field: 'createReminder',
  operation: async (w) => ({
    query: `mutation($userId: ID!) { createReminder(input: {userId: $userId, text: "t", dueAt: "2030-01-01T00:00:00Z"}) { ${ERR} } }`,
    variables: { userId: await newUser(w.home.token) },
  }),
  expect: memberOnHomeObject,
});

describeTenancy('completeReminder', app, world, {
  scope: 'users:write',
  field: 'completeReminder',
  operation: async (w) => ({
    query: `mutation($id: ID!) { completeReminder(input: {id: $id}) { ${ERR} } }`,
    variables: { id: (await homeReminder(w.home.token)).id },
  }),
  expect: memberOnHomeObject,
});

describeTenancy('deleteReminder', app, world, {
  scope: 'users:write',
  field: 'deleteReminder',
  operation: async (w) => ({
    query: `mutation($id: ID!) { deleteReminder(input: {id: $id}) { ${ERR} } }`,
    variables: { id: (await homeReminder(w.home.token)).id },
  }),
  expect: memberOnHomeObject,
});

describeTenancy('User.reminders', app, world, {
  scope: 'users:read',
  field: 'user',
  operation: async (w) => ({
    query: `query($id: ID!) { user(id: $id) { reminders { id text } } }`,
    variables: { id: (await homeReminder(w.home.token)).userId },
  }),
  expect: onHomeObject('NULL'),
});

describeTenancy('node(id) of a reminder', app, world, {
  scope: 'users:read',
  field: 'node',
  operation: async (w) => ({
    query: `query($id: ID!) { node(id: $id) { id ... on Reminder { text } } }`,
    variables: { id: (await homeReminder(w.home.token)).id },
  }),
  expect: nodeOfHomeObject,
});
