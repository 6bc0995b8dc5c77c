import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { addApiKey, type SignedUpTeam, signUp } from './helpers/fixtures.ts';
import { createUserVia, USER_FIELDS } from './helpers/users.ts';

let t: TestApp;
let team: SignedUpTeam;
beforeAll(async () => {
  t = await createTestApp();
  team = await signUp(t);
});

const CREATE = `mutation($input: CreateUserInput!) { createUser(input: $input) {
  __typename ... on UserPayload { user { ${USER_FIELDS} } }
  ... on Error { code message path } ... on ValidationError { issues { path code message } } } }`;
const UPDATE = `mutation($input: UpdateUserInput!) { updateUser(input: $input) {
  __typename ... on UserPayload { user { ${USER_FIELDS} } }
  ... on Error { code message path } ... on ValidationError { issues { path code message } } } }`;

describe('createUser', () => {
  it('creates a user with every default attribute and records who did it', async () => {
    const input = {
      externalId: 'cust-1',
      email: ' Ada@Example.COM ',
      displayName: 'Ada Lovelace',
      firstName: 'Ada',
      lastName: 'Lovelace',
      jobTitle: 'Analyst',
      phone: '+44 20 7946 0000',
      company: 'Analytical Engines',
      role: 'SUPERVISOR',
      status: 'ARCHIVED',
      address: { line1: '12 St James Sq', city: 'London', country: 'GB' },
      note: 'Met at the conference',
      emailConsent: true,
      signedUpAt: '2026-01-02T03:04:05.000Z',
    };
    const res = await t.gql(CREATE, { input }, { token: team.token });
    const user = res.data.createUser.user;
    expect(user).toMatchObject({
      externalId: 'cust-1',
      email: 'ada@example.com',
      kind: 'USER',
      status: 'ARCHIVED',
      role: 'SUPERVISOR',
      displayName: 'Ada Lovelace',
      address: { line1: '12 St James Sq', line2: null, city: 'London', country: 'GB' },
      emailConsent: { subscribed: true },
      note: 'Met at the conference',
      properties: {},
      signedUpAt: '2026-01-02T03:04:05.000Z',
      lastSeenAt: null,
    });
    expect(user.emailConsent.changedAt).toBeTruthy();

    const history = await t.gql(
      `query($id: ID!) { node(id: $id) { ... on User { history(first: 50) { totalCount edges { node { field oldValue newValue origin member { id } } } } } } }`,
      { id: user.id },
      { token: team.token },
    );
    const changes = history.data.node.history.edges.map((e: any) => e.node);
    expect(changes.map((c: any) => c.field)).toContain('created');
    expect(changes.find((c: any) => c.field === 'displayName')).toMatchObject({ oldValue: null, newValue: 'Ada Lovelace', origin: 'MEMBER', member: { id: team.adminId } });
  });

  it('defaults the externalId to the email', async () => {
    const res = await t.gql(CREATE, { input: { email: 'grace@example.com' } }, { token: team.token });
    expect(res.data.createUser.user.externalId).toBe('grace@example.com');
  });

  it('needs an externalId or an email', async () => {
    const res = await t.gql(CREATE, { input: { displayName: 'Nobody' } }, { token: team.token });
    expect(res.data.createUser).toMatchObject({ __typename: 'ValidationError', code: 'REQUIRED', path: ['input', 'externalId'] });
  });

  it('reports every invalid field at once and writes nothing', async () => {
    const before = await t.gql(`{ users { totalCount } }`, {}, { token: team.token });
    const res = await t.gql(CREATE, { input: { email: 'not-an-email', displayName: 'x'.repeat(201), phone: '1'.repeat(51), address: { city: 'c'.repeat(201) } } }, { token: team.token });
    expect(res.data.createUser.__typename).toBe('ValidationError');
    expect(res.data.createUser.issues.map((i: any) => [i.path.join('.'), i.code])).toEqual([
      ['input.email', 'INVALID_EMAIL'],
      ['input.displayName', 'TOO_LONG'],
      ['input.phone', 'TOO_LONG'],
      ['input.address.city', 'TOO_LONG'],
    ]);
    const after = await t.gql(`{ users { totalCount } }`, {}, { token: team.token });
    expect(after.data.users.totalCount).toBe(before.data.users.totalCount);
  });

  it('refuses a duplicate externalId or email in the team (UNIQUE), but not in another team', async () => {
    await createUserVia(t, team.token, { externalId: 'dup-1', email: 'dup@example.com' });
    const sameId = await t.gql(CREATE, { input: { externalId: 'dup-1' } }, { token: team.token });
    expect(sameId.data.createUser).toMatchObject({ code: 'UNIQUE', path: ['input', 'externalId'] });
    const sameEmail = await t.gql(CREATE, { input: { externalId: 'dup-2', email: 'DUP@example.com' } }, { token: team.token });
    expect(sameEmail.data.createUser).toMatchObject({ code: 'UNIQUE', path: ['input', 'email'] });
    const other = await signUp(t);
    await createUserVia(t, other.token, { externalId: 'dup-1', email: 'dup@example.com' });
  });

  it('refuses properties that are not an object, and unknown properties', async () => {
    const list = await t.gql(CREATE, { input: { externalId: 'p-1', properties: [1, 2] } }, { token: team.token });
    expect(list.data.createUser).toMatchObject({ code: 'TYPE', path: ['input', 'properties'] });
    const text = await t.gql(CREATE, { input: { externalId: 'p-1', properties: 'plan=pro' } }, { token: team.token });
    expect(text.data.createUser).toMatchObject({ code: 'TYPE', path: ['input', 'properties'] });
    const unknown = await t.gql(CREATE, { input: { externalId: 'p-1', properties: { plan: 'pro' } } }, { token: team.token });
    expect(unknown.data.createUser).toMatchObject({ code: 'UNKNOWN_PROPERTY', path: ['input', 'properties', 'plan'] });
  });
});

describe('updateUser', () => {
  it('patches only the given fields, clears with null, and records each change', async () => {
    const id = await createUserVia(t, team.token, { externalId: 'upd-1', email: 'upd@example.com', displayName: 'Old', company: 'Acme' });
    const res = await t.gql(UPDATE, { input: { id, patch: { displayName: 'New', company: null } } }, { token: team.token });
    expect(res.data.updateUser.user).toMatchObject({ displayName: 'New', company: null, email: 'upd@example.com' });
    const history = await t.gql(`query($id: ID!) { user(id: $id) { history(first: 10) { edges { node { field oldValue newValue } } } } }`, { id }, { token: team.token });
    const latest = history.data.user.history.edges.slice(0, 2).map((e: any) => e.node);
    expect(latest).toEqual(expect.arrayContaining([
      { field: 'displayName', oldValue: 'Old', newValue: 'New' },
      { field: 'company', oldValue: 'Acme', newValue: null },
    ]));
  });

  it('refuses an email change (EMAIL_IMMUTABLE) but lets a user without one get one', async () => {
    const id = await createUserVia(t, team.token, { externalId: 'imm-1', email: 'imm@example.com' });
    const res = await t.gql(UPDATE, { input: { id, patch: { email: 'other@example.com' } } }, { token: team.token });
    expect(res.data.updateUser).toMatchObject({ code: 'EMAIL_IMMUTABLE', path: ['input', 'patch', 'email'] });
    const noEmail = await createUserVia(t, team.token, { externalId: 'imm-2' });
    const set = await t.gql(UPDATE, { input: { id: noEmail, patch: { email: 'late@example.com' } } }, { token: team.token });
    expect(set.data.updateUser.user.email).toBe('late@example.com');
  });

  it('answers another team\u2019s user exactly like a missing one', async () => {
    const other = await signUp(t);
    const foreign = await createUserVia(t, other.token, { externalId: 'foreign' });
    const missing = Buffer.from('User:00000000-0000-4000-8000-000000000000').toString('base64');
    const a = await t.gql(UPDATE, { input: { id: foreign, patch: { displayName: 'x' } } }, { token: team.token });
    const b = await t.gql(UPDATE, { input: { id: missing, patch: { displayName: 'x' } } }, { token: team.token });
    expect(a).toEqual(b);
    expect(a.data.updateUser).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND', path: ['input', 'id'] });
  });

  it('a private note is for members: an API key reads it as FORBIDDEN', async () => {
    const id = await createUserVia(t, team.token, { externalId: 'note-1', note: 'secret' });
    const key = await addApiKey(t, team, ['users:read']);
    const res = await t.gql(`query($id: ID!) { user(id: $id) { externalId note } }`, { id }, { token: key.secret });
    expect(res.data.user).toEqual({ externalId: 'note-1', note: null });
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('bulk status and delete', () => {
  it('sets the status of many users, all or none', async () => {
    const ids = [await createUserVia(t, team.token, { externalId: 'st-1' }), await createUserVia(t, team.token, { externalId: 'st-2' })];
    const missing = Buffer.from('User:00000000-0000-4000-8000-000000000000').toString('base64');
    const SET = `mutation($ids: [ID!]!) { setUserStatus(input: {ids: $ids, status: DISABLED}) {
      __typename ... on UsersPayload { users { id status } } ... on Error { code path } } }`;
    const partial = await t.gql(SET, { ids: [...ids, missing] }, { token: team.token });
    expect(partial.data.setUserStatus).toEqual({ __typename: 'NotFoundError', code: 'NOT_FOUND', path: ['input', 'ids', '2'] });
    const unchanged = await t.gql(`query($id: ID!) { user(id: $id) { status } }`, { id: ids[0] }, { token: team.token });
    expect(unchanged.data.user.status).toBe('ACTIVE');
    const ok = await t.gql(SET, { ids }, { token: team.token });
    expect(ok.data.setUserStatus.users).toEqual(ids.map((id) => ({ id, status: 'DISABLED' })));
  });

  it('refuses more than 1,000 IDs per call', async () => {
    const ids = Array.from({ length: 1001 }, () => Buffer.from('User:00000000-0000-4000-8000-000000000000').toString('base64'));
    const res = await t.gql(`mutation($ids: [ID!]!) { deleteUsers(input: {ids: $ids}) { __typename ... on Error { code path } } }`, { ids }, { token: team.token });
    expect(res.data.deleteUsers).toEqual({ __typename: 'LimitError', code: 'LIMIT_EXCEEDED', path: ['input', 'ids'] });
  });

  it('deletes users; their history keeps a deleted entry', async () => {
    const id = await createUserVia(t, team.token, { externalId: 'del-1', email: 'del@example.com' });
    const res = await t.gql(`mutation($ids: [ID!]!) { deleteUsers(input: {ids: $ids}) { __typename ... on DeleteUsersPayload { deletedUserIds } } }`, { ids: [id] }, { token: team.token });
    expect(res.data.deleteUsers.deletedUserIds).toEqual([id]);
    expect((await t.gql(`query($id: ID!) { user(id: $id) { id } }`, { id }, { token: team.token })).data.user).toBeNull();
    const rows = await t.db.selectFrom('userChanges').select('field').where('userId', '=', Buffer.from(id, 'base64').toString().split(':')[1]!).execute();
    expect(rows.map((r) => r.field)).toContain('deleted');
  });
});

describe('reading users', () => {
  it('finds one user by id, externalId or email, and needs exactly one of them', async () => {
    const id = await createUserVia(t, team.token, { externalId: 'find-1', email: 'find@example.com' });
    for (const args of [{ id }, { externalId: 'find-1' }, { email: 'FIND@example.com' }]) {
      const res = await t.gql(`query($id: ID, $externalId: String, $email: String) { user(id: $id, externalId: $externalId, email: $email) { id } }`, args, { token: team.token });
      expect(res.data.user.id).toBe(id);
    }
    const none = await t.gql(`{ user { id } }`, {}, { token: team.token });
    expect(none.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('pages through users with keyset cursors in every order, forwards and backwards', async () => {
    const fresh = await signUp(t);
    for (let i = 0; i < 7; i++) await createUserVia(t, fresh.token, { externalId: `page-${i}`, email: `u${i}@page.example` });
    for (const orderBy of [{ field: 'CREATED_AT', direction: 'DESC' }, { field: 'EMAIL', direction: 'ASC' }, { field: 'LAST_SEEN_AT', direction: 'DESC' }]) {
      const seen: string[] = [];
      let after: string | null = null;
      do {
        const res: any = await t.gql(
          `query($after: String, $orderBy: UserOrder) { users(first: 3, after: $after, orderBy: $orderBy) { totalCount pageInfo { hasNextPage endCursor } edges { node { externalId } } } }`,
          { after, orderBy },
          { token: fresh.token },
        );
        expect(res.data.users.totalCount).toBe(7);
        seen.push(...res.data.users.edges.map((e: any) => e.node.externalId));
        after = res.data.users.pageInfo.hasNextPage ? res.data.users.pageInfo.endCursor : null;
      } while (after);
      expect(new Set(seen).size).toBe(7);
      if (orderBy.field === 'EMAIL') expect(seen).toEqual([...seen].sort());
      const back: any = await t.gql(`query($orderBy: UserOrder) { users(last: 2, orderBy: $orderBy) { edges { node { externalId } } } }`, { orderBy }, { token: fresh.token });
      expect(back.data.users.edges.map((e: any) => e.node.externalId)).toEqual(seen.slice(-2));
    }
  });
});
