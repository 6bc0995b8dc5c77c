import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { PASSWORD, signUp, uniqueSlug } from './helpers/fixtures.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ LOGIN_MAX_FAILURES: '3', LOGIN_LOCK_MINUTES: '15' });
});

const CREATE_TEAM = `mutation($input: CreateTeamInput!) { createTeam(input: $input) {
  __typename
  ... on CreateTeamPayload { token team { id slug name publicKey identitySecret } member { email role name } }
  ... on Error { code message path }
  ... on ValidationError { issues { path code } }
} }`;

const LOGIN = `mutation($input: LoginInput!) { login(input: $input) {
  __typename
  ... on SessionPayload { token member { id email } }
  ... on Error { code message path }
  ... on CredentialsError { retryAfterSeconds }
} }`;

function teamInput(overrides: { slug?: string; name?: string; email?: string; password?: string } = {}) {
  const slug = overrides.slug ?? uniqueSlug();
  return {
    slug,
    name: overrides.name ?? 'Acme Inc',
    admin: { email: overrides.email ?? `owner@${slug}.example`, password: overrides.password ?? PASSWORD, name: 'Owner' },
  };
}

describe('createTeam', () => {
  it('creates the team, makes the creator ADMIN and logs them in', async () => {
    const input = teamInput();
    const res = await t.gql(CREATE_TEAM, { input });
    const payload = res.data.createTeam;
    expect(payload.__typename).toBe('CreateTeamPayload');
    expect(payload.team).toMatchObject({ slug: input.slug, name: 'Acme Inc' });
    expect(payload.team.publicKey).toMatch(/^pav_pk_/);
    expect(payload.team.identitySecret).toMatch(/^[0-9a-f]{64}$/);
    expect(payload.member).toEqual({ email: input.admin.email, role: 'ADMIN', name: 'Owner' });
    expect(payload.token).toMatch(/^pav_st_[A-Za-z0-9_-]{43}$/); // 256 random bits
    const viewer = await t.gql(`{ viewer { team { slug } } }`, {}, { token: payload.token });
    expect(viewer.data.viewer.team.slug).toBe(input.slug);
  });

  it('stores only a hash of the session token and an argon2id hash of the password', async () => {
    const input = teamInput();
    const res = await t.gql(CREATE_TEAM, { input });
    const token: string = res.data.createTeam.token;
    const sessions = await t.db.selectFrom('sessions').select('tokenHash').execute();
    expect(sessions.some((s) => s.tokenHash === token)).toBe(false);
    const member = await t.db.selectFrom('members').select('passwordHash').where('email', '=', input.admin.email).executeTakeFirstOrThrow();
    expect(member.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
  });

  it.each([
    ['too short', 'ab', 'INVALID_SLUG'],
    ['too long', 'a'.repeat(41), 'INVALID_SLUG'],
    ['with spaces', 'my team', 'INVALID_SLUG'],
    ['with underscores', 'my_team', 'INVALID_SLUG'],
    ['with a leading hyphen', '-team', 'INVALID_SLUG'],
    ['reserved (api)', 'api', 'RESERVED_SLUG'],
    ['reserved (www)', 'www', 'RESERVED_SLUG'],
    ['reserved (admin)', 'Admin', 'RESERVED_SLUG'],
  ])('refuses a slug %s', async (_name, slug, code) => {
    const res = await t.gql(CREATE_TEAM, { input: teamInput({ slug }) });
    expect(res.data.createTeam).toMatchObject({ __typename: 'ValidationError', code, path: ['input', 'slug'] });
  });

  it('accepts a 40-character slug and lowercases what it is given', async () => {
    const slug = `Big-${'x'.repeat(36)}`;
    const res = await t.gql(CREATE_TEAM, { input: teamInput({ slug }) });
    expect(res.data.createTeam.team.slug).toBe(slug.toLowerCase());
  });

  it('refuses a taken slug, whatever its case, and creates nothing', async () => {
    const slug = uniqueSlug('taken');
    await t.gql(CREATE_TEAM, { input: teamInput({ slug }) });
    const before = await t.db.selectFrom('members').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const res = await t.gql(CREATE_TEAM, { input: teamInput({ slug: slug.toUpperCase() }) });
    expect(res.data.createTeam).toMatchObject({ __typename: 'ConflictError', code: 'SLUG_TAKEN', path: ['input', 'slug'] });
    const after = await t.db.selectFrom('members').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('lets only one of two concurrent sign-ups take a slug', async () => {
    const slug = uniqueSlug('race');
    const results = await Promise.all([t.gql(CREATE_TEAM, { input: teamInput({ slug }) }), t.gql(CREATE_TEAM, { input: teamInput({ slug }) })]);
    const kinds = results.map((r) => r.data.createTeam.__typename).sort();
    expect(kinds).toEqual(['ConflictError', 'CreateTeamPayload']);
  });

  it('lists every invalid field at once', async () => {
    const res = await t.gql(CREATE_TEAM, { input: teamInput({ slug: 'x', name: ' ', email: 'not-an-email', password: 'short' }) });
    const error = res.data.createTeam;
    expect(error.__typename).toBe('ValidationError');
    expect(error.issues.map((i: { code: string }) => i.code)).toEqual(['INVALID_SLUG', 'REQUIRED', 'INVALID_EMAIL', 'PASSWORD_TOO_SHORT']);
    expect(error.issues[3].path).toEqual(['input', 'admin', 'password']);
  });

  it('refuses passwords shorter than 8 and longer than 256 characters', async () => {
    const short = await t.gql(CREATE_TEAM, { input: teamInput({ password: '1234567' }) });
    expect(short.data.createTeam.code).toBe('PASSWORD_TOO_SHORT');
    const long = await t.gql(CREATE_TEAM, { input: teamInput({ password: 'p'.repeat(257) }) });
    expect(long.data.createTeam.code).toBe('PASSWORD_TOO_LONG');
  });

  it('never truncates a long password: only the whole of it logs in', async () => {
    const password = `${'long-passphrase-'.repeat(8)}end`; // 131 characters, past bcrypt's 72 bytes
    const input = teamInput({ password });
    await t.gql(CREATE_TEAM, { input });
    const truncated = await t.gql(LOGIN, { input: { teamSlug: input.slug, email: input.admin.email, password: password.slice(0, 72) } });
    expect(truncated.data.login.code).toBe('INVALID_CREDENTIALS');
    const whole = await t.gql(LOGIN, { input: { teamSlug: input.slug, email: input.admin.email, password } });
    expect(whole.data.login.__typename).toBe('SessionPayload');
  });
});

describe('login and logout', () => {
  it('logs in by team slug, email (any case) and password', async () => {
    const team = await signUp(t);
    const res = await t.gql(LOGIN, { input: { teamSlug: team.slug.toUpperCase(), email: team.adminEmail.toUpperCase(), password: PASSWORD } });
    expect(res.data.login).toMatchObject({ __typename: 'SessionPayload', member: { id: team.adminId } });
  });

  it('answers an unknown team, an unknown email and a wrong password the same way', async () => {
    const team = await signUp(t);
    const answers = await Promise.all([
      t.gql(LOGIN, { input: { teamSlug: 'no-such-team', email: team.adminEmail, password: PASSWORD } }),
      t.gql(LOGIN, { input: { teamSlug: team.slug, email: 'nobody@example.com', password: PASSWORD } }),
      t.gql(LOGIN, { input: { teamSlug: team.slug, email: team.adminEmail, password: 'wrong password' } }),
    ]);
    for (const res of answers) {
      expect(res.data.login).toEqual({
        __typename: 'CredentialsError',
        code: 'INVALID_CREDENTIALS',
        message: 'Invalid team, email or password',
        path: null,
        retryAfterSeconds: null,
      });
    }
  });

  it('locks a team+email after repeated failures, even with the right password, and for unknown emails too', async () => {
    const team = await signUp(t);
    const attempt = (email: string, password: string) => t.gql(LOGIN, { input: { teamSlug: team.slug, email, password } });
    for (let i = 0; i < 3; i++) expect((await attempt(team.adminEmail, 'wrong password')).data.login.code).toBe('INVALID_CREDENTIALS');
    const locked = await attempt(team.adminEmail, PASSWORD);
    expect(locked.data.login).toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
    expect(locked.data.login.retryAfterSeconds).toBeGreaterThan(14 * 60);

    // An email with no account locks the same way, so the lock reveals nothing.
    for (let i = 0; i < 3; i++) await attempt('ghost@example.com', 'wrong password');
    expect((await attempt('ghost@example.com', 'wrong password')).data.login.code).toBe('TOO_MANY_ATTEMPTS');

    // The lock is per team+email: another member of the team still logs in.
    const other = await signUp(t);
    expect((await t.gql(LOGIN, { input: { teamSlug: other.slug, email: other.adminEmail, password: PASSWORD } })).data.login.__typename).toBe('SessionPayload');
  });

  it('unlocks when the lock expires', async () => {
    const team = await signUp(t);
    for (let i = 0; i < 3; i++) await t.gql(LOGIN, { input: { teamSlug: team.slug, email: team.adminEmail, password: 'nope nope' } });
    await t.db.updateTable('loginThrottles').set({ lockedUntil: new Date(Date.now() - 1000) }).where('teamSlug', '=', team.slug).execute();
    const res = await t.gql(LOGIN, { input: { teamSlug: team.slug, email: team.adminEmail, password: PASSWORD } });
    expect(res.data.login.__typename).toBe('SessionPayload');
  });

  it('refuses empty credentials as a validation error', async () => {
    const res = await t.gql(LOGIN, { input: { teamSlug: '', email: '', password: '' } });
    expect(res.data.login).toMatchObject({ __typename: 'ValidationError', code: 'REQUIRED' });
  });

  it('ends the session on logout; other sessions of the member keep working', async () => {
    const team = await signUp(t);
    const second = (await t.gql(LOGIN, { input: { teamSlug: team.slug, email: team.adminEmail, password: PASSWORD } })).data.login.token;
    const res = await t.gql(`mutation { logout { ok } }`, {}, { token: team.token });
    expect(res.data.logout.ok).toBe(true);
    const after = await t.gql(`{ viewer { scopes } }`, {}, { token: team.token });
    expect(after.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await t.gql(`{ viewer { scopes } }`, {}, { token: second })).data.viewer.scopes.length).toBeGreaterThan(0);
  });

  it('refuses an expired session', async () => {
    const team = await signUp(t);
    await t.db.updateTable('sessions').set({ expiresAt: new Date(Date.now() - 1000) }).where('memberId', '=', Buffer.from(team.adminId, 'base64').toString().split(':')[1]!).execute();
    const res = await t.gql(`{ viewer { scopes } }`, {}, { token: team.token });
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    expect(res.errors?.[0]?.message).toContain('expired');
  });
});

describe('team settings', () => {
  it('renames the team and rotates the identity secret (ADMIN)', async () => {
    const team = await signUp(t);
    const renamed = await t.gql(`mutation { updateTeam(input: {name: "New name"}) { __typename ... on TeamPayload { team { name } } } }`, {}, { token: team.token });
    expect(renamed.data.updateTeam.team.name).toBe('New name');
    const blank = await t.gql(`mutation { updateTeam(input: {name: "  "}) { __typename ... on Error { code path } } }`, {}, { token: team.token });
    expect(blank.data.updateTeam).toEqual({ __typename: 'ValidationError', code: 'REQUIRED', path: ['input', 'name'] });

    const before = (await t.gql(`{ viewer { team { identitySecret } } }`, {}, { token: team.token })).data.viewer.team.identitySecret;
    const rotated = await t.gql(`mutation { rotateIdentitySecret { secret } }`, {}, { token: team.token });
    expect(rotated.data.rotateIdentitySecret.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(rotated.data.rotateIdentitySecret.secret).not.toBe(before);
    const now = (await t.gql(`{ viewer { team { identitySecret } } }`, {}, { token: team.token })).data.viewer.team.identitySecret;
    expect(now).toBe(rotated.data.rotateIdentitySecret.secret);
  });
});
