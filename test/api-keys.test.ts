import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { addApiKey, type SignedUpTeam, signUp } from './helpers/fixtures.ts';

let t: TestApp;
let team: SignedUpTeam;
beforeAll(async () => {
  t = await createTestApp();
  team = await signUp(t);
});

const CREATE = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) {
  __typename
  ... on CreateApiKeyPayload { secret apiKey { id name prefix scopes createdAt lastUsedAt createdBy { id } } }
  ... on Error { code message path }
} }`;
const LIST = `{ viewer { team { apiKeys { id name prefix scopes lastUsedAt } } } }`;
const REVOKE = `mutation($id: ID!) { revokeApiKey(input: {id: $id}) {
  __typename ... on RevokeApiKeyPayload { apiKey { id revokedAt } } ... on Error { code path } } }`;

describe('API keys', () => {
  it('returns the secret once and stores only its hash', async () => {
    const res = await t.gql(CREATE, { input: { name: 'CRM sync', scopes: ['users:write', 'users:read', 'users:read'] } }, { token: team.token });
    const { secret, apiKey } = res.data.createApiKey;
    expect(secret).toMatch(/^pav_sk_[A-Za-z0-9_-]{43}$/);
    expect(apiKey).toMatchObject({ name: 'CRM sync', scopes: ['users:read', 'users:write'], lastUsedAt: null, createdBy: { id: team.adminId } });
    expect(secret.startsWith(apiKey.prefix)).toBe(true);
    expect(apiKey.prefix.length).toBeLessThan(16);
    const rows = await t.db.selectFrom('apiKeys').select(['secretHash', 'prefix']).execute();
    expect(rows.some((r) => r.secretHash.includes(secret) || secret === r.secretHash)).toBe(false);
    // The listing never shows the secret.
    const listed = await t.gql(LIST, {}, { token: team.token });
    expect(JSON.stringify(listed)).not.toContain(secret);
    expect(listed.data.viewer.team.apiKeys).toContainEqual(expect.objectContaining({ id: apiKey.id, prefix: apiKey.prefix }));
  });

  it('records when a key was last used', async () => {
    const key = await addApiKey(t, team, ['users:read']);
    await t.gql(`{ viewer { scopes } }`, {}, { token: key.secret });
    await new Promise((r) => setTimeout(r, 100)); // the write is off the request path
    const listed = await t.gql(LIST, {}, { token: team.token });
    const row = listed.data.viewer.team.apiKeys.find((k: { id: string }) => k.id === key.id);
    expect(new Date(row.lastUsedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('revocation takes effect on the next request', async () => {
    const key = await addApiKey(t, team, ['team:read']);
    expect((await t.gql(`{ viewer { scopes } }`, {}, { token: key.secret })).data.viewer.scopes).toEqual(['team:read']);
    const res = await t.gql(REVOKE, { id: key.id }, { token: team.token });
    expect(res.data.revokeApiKey.apiKey.revokedAt).toBeTruthy();
    const after = await t.gql(`{ viewer { scopes } }`, {}, { token: key.secret });
    expect(after.errors?.[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    expect(after.errors?.[0]?.message).toContain('revoked');
    const listed = await t.gql(LIST, {}, { token: team.token });
    expect(listed.data.viewer.team.apiKeys.map((k: { id: string }) => k.id)).not.toContain(key.id);
    expect((await t.gql(REVOKE, { id: key.id }, { token: team.token })).data.revokeApiKey.code).toBe('NOT_FOUND');
  });

  it('refuses unknown scopes and blank or over-long names', async () => {
    const scope = await t.gql(CREATE, { input: { name: 'x', scopes: ['users:read', 'everything'] } }, { token: team.token });
    expect(scope.data.createApiKey).toMatchObject({ __typename: 'ValidationError', code: 'INVALID_SCOPE', path: ['input', 'scopes'] });
    expect(scope.data.createApiKey.message).toContain('"everything"');
    const blank = await t.gql(CREATE, { input: { name: '  ', scopes: [] } }, { token: team.token });
    expect(blank.data.createApiKey).toMatchObject({ code: 'REQUIRED', path: ['input', 'name'] });
    const long = await t.gql(CREATE, { input: { name: 'k'.repeat(101), scopes: [] } }, { token: team.token });
    expect(long.data.createApiKey).toMatchObject({ code: 'TOO_LONG', path: ['input', 'name'] });
  });

  it('a key without team:read cannot list members, and cannot load them by ID', async () => {
    const key = await addApiKey(t, team, ['users:read']);
    const list = await t.gql(`{ viewer { team { members { totalCount } } } }`, {}, { token: key.secret });
    expect(list.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const node = await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: team.adminId }, { token: key.secret });
    expect(node.data.node).toBeNull();
    const reader = await addApiKey(t, team, ['team:read']);
    const allowed = await t.gql(`{ viewer { team { members { totalCount } } } }`, {}, { token: reader.secret });
    expect(allowed.data.viewer.team.members.totalCount).toBe(1);
  });
});
