// The generated client against a real server on a port: typed results, typed mutation errors as
// values, transport errors as PaviorError.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ApiKeysDocument,
  createClient,
  CreateTeamDocument,
  InviteMemberDocument,
  type PaviorClient,
  PaviorError,
  TeamMembersDocument,
} from '../client/index.ts';
import { createTestApp } from './helpers/app.ts';
import { PASSWORD, uniqueSlug } from './helpers/fixtures.ts';

let base: string;
let anonymous: PaviorClient;
let admin: PaviorClient;
let slug: string;
let adminEmail: string;

beforeAll(async () => {
  const t = await createTestApp();
  base = await t.listen();
  anonymous = createClient({ url: base });
  slug = uniqueSlug('client');
  adminEmail = `admin@${slug}.example`;
  const created = await anonymous.createTeam({
    slug,
    name: 'Client Co',
    admin: { email: adminEmail, password: PASSWORD, name: 'Ada' },
  });
  if (created.__typename !== 'CreateTeamPayload') throw new Error(`createTeam: ${JSON.stringify(created)}`);
  admin = createClient({ url: base, token: created.token });
});

describe('createClient', () => {
  it('signs a team up and reads the viewer with the session token', async () => {
    const viewer = await admin.viewer();
    expect(viewer.team).toMatchObject({ slug, name: 'Client Co' });
    expect(viewer.team.publicKey).toMatch(/^pav_pk_/);
    expect(viewer.member).toMatchObject({ email: adminEmail, role: 'ADMIN', name: 'Ada' });
    expect(viewer.apiKeyId).toBeNull();
    expect(viewer.scopes).toContain('users:write');
  });

  it('accepts the base URL or the /graphql URL', () => {
    expect(createClient({ url: base }).endpoint).toBe(`${base}/graphql`);
    expect(createClient({ url: `${base}/` }).endpoint).toBe(`${base}/graphql`);
    expect(createClient({ url: `${base}/graphql` }).endpoint).toBe(`${base}/graphql`);
    expect(createClient({ url: 'https://example.com/pavior/' }).endpoint).toBe('https://example.com/pavior/graphql');
  });

  it('returns typed mutation errors as values', async () => {
    const taken = await anonymous.createTeam({ slug, name: 'Again', admin: { email: 'x@example.com', password: PASSWORD } });
    expect(taken).toMatchObject({ __typename: 'ConflictError', code: 'SLUG_TAKEN', path: ['input', 'slug'] });

    const invalid = await anonymous.createTeam({ slug: 'X', name: 'Bad', admin: { email: 'nope', password: 'short' } });
    expect(invalid.__typename).toBe('ValidationError');
    if (invalid.__typename !== 'ValidationError') return;
    expect(invalid.issues.map((issue) => issue.code)).toEqual(
      expect.arrayContaining(['INVALID_SLUG', 'INVALID_EMAIL', 'PASSWORD_TOO_SHORT']),
    );
  });

  it('answers a wrong password with a CredentialsError value, not a throw', async () => {
    const wrong = await anonymous.login({ teamSlug: slug, email: adminEmail, password: 'not the password' });
    expect(wrong).toMatchObject({ __typename: 'CredentialsError', code: 'INVALID_CREDENTIALS' });

    const right = await anonymous.login({ teamSlug: slug, email: adminEmail, password: PASSWORD });
    expect(right.__typename).toBe('SessionPayload');
    if (right.__typename !== 'SessionPayload') return;
    const session = createClient({ url: `${base}/graphql`, token: right.token });
    expect((await session.viewer()).member?.email).toBe(adminEmail);
  });

  it('creates an API key whose client sees only the key’s scopes', async () => {
    const created = await admin.createApiKey({ name: 'sync', scopes: ['team:read', 'users:read'] });
    expect(created.__typename).toBe('CreateApiKeyPayload');
    if (created.__typename !== 'CreateApiKeyPayload') return;
    expect(created.secret).toMatch(/^pav_sk_/);
    expect(created.apiKey).toMatchObject({ name: 'sync', revokedAt: null, createdBy: { email: adminEmail } });

    const integration = createClient({ url: base, apiKey: created.secret });
    const viewer = await integration.viewer();
    expect(viewer).toMatchObject({ member: null, apiKeyId: created.apiKey.id, team: { slug } });
    expect([...viewer.scopes].sort()).toEqual(['team:read', 'users:read']);

    const members = await integration.request(TeamMembersDocument, { first: 10 });
    expect(members.viewer.team.members.totalCount).toBe(1);
    expect(members.viewer.team.members.edges[0]?.node.email).toBe(adminEmail);

    const keys = await admin.request(ApiKeysDocument);
    expect(keys.viewer.team.apiKeys.map((key) => key.id)).toContain(created.apiKey.id);
  });

  it('rejects an unknown API key scope as a ValidationError value', async () => {
    const result = await admin.createApiKey({ name: 'bad', scopes: ['everything'] });
    expect(result).toMatchObject({ __typename: 'ValidationError', code: 'INVALID_SCOPE' });
  });

  it('runs any generated document with request()', async () => {
    const invited = await admin.request(InviteMemberDocument, { input: { email: `new@${slug}.example`, role: 'MEMBER' } });
    expect(invited.inviteMember.__typename).toBe('InviteMemberPayload');
  });

  it('throws PaviorError UNAUTHENTICATED without credentials', async () => {
    const error = await anonymous.viewer().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PaviorError);
    expect(error).toMatchObject({ name: 'PaviorError', code: 'UNAUTHENTICATED' });
    expect((error as PaviorError).message).toBeTruthy();
  });

  it('throws PaviorError for a revoked or unknown credential and for a forbidden call', async () => {
    const unknown = createClient({ url: base, apiKey: 'pav_sk_notarealkey' });
    await expect(unknown.viewer()).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });

    const key = await admin.createApiKey({ name: 'reader', scopes: ['users:read'] });
    if (key.__typename !== 'CreateApiKeyPayload') throw new Error(JSON.stringify(key));
    const reader = createClient({ url: base, apiKey: key.secret });
    await expect(reader.createApiKey({ name: 'escalate', scopes: ['users:write'] })).rejects.toMatchObject({
      name: 'PaviorError',
      code: 'FORBIDDEN',
    });
  });

  it('throws NETWORK_ERROR when the server cannot be reached', async () => {
    const failing = createClient({ url: base, fetch: () => Promise.reject(new Error('connection refused')) });
    await expect(failing.viewer()).rejects.toMatchObject({ name: 'PaviorError', code: 'NETWORK_ERROR' });
  });

  it('refuses both a token and an API key', () => {
    expect(() => createClient({ url: base, token: 'a', apiKey: 'b' })).toThrow(TypeError);
  });

  it('types variables from the document', () => {
    // Compile-time checks (tsc --noEmit); the calls are never awaited against the server.
    const typecheck = () => {
      // @ts-expect-error createTeam requires its input
      void admin.request(CreateTeamDocument);
      // @ts-expect-error `first` is an Int
      void admin.request(TeamMembersDocument, { first: 'ten' });
      void admin.request(TeamMembersDocument);
    };
    expect(typecheck).toBeTypeOf('function');
  });
});
