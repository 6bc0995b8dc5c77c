import { beforeAll, describe, expect, it } from 'vitest';
import { API_SCOPES, type ApiScope } from '../../server/auth.ts';
import type { Auth, GqlResponse, TestApp } from './app.ts';
import { addApiKey, addMember, type SignedUpTeam, signUp, uniqueSlug } from './fixtures.ts';

/** Everyone who can call the API, seen from the "home" team whose data is at stake. */
export const CALLERS = [
  'admin',
  'member',
  'otherTeamAdmin',
  'keyWithScope',
  'keyWithoutScope',
  'otherTeamKey',
  'publicKey',
  'anonymous',
] as const;
export type Caller = (typeof CALLERS)[number];

/** OK, NULL (a nullable answer), a GraphQL error code, or a typed error result's code. */
export type Outcome = 'OK' | 'NULL' | 'UNAUTHENTICATED' | 'FORBIDDEN' | (string & {});

export interface TenancyWorld {
  home: SignedUpTeam;
  other: SignedUpTeam;
  homeMember: { id: string; token: string };
  /** Keys of the home team: every scope, and every scope but the one under test. */
  keyFor(scope: ApiScope | null, has: boolean): Promise<string>;
  otherKey: string;
  auth(caller: Caller, scope: ApiScope | null): Promise<Auth | undefined>;
}

/** Two teams, each with an admin, plus a member and keys in the home team. Built once per file. */
export async function createTenancyWorld(t: TestApp): Promise<TenancyWorld> {
  const home = await signUp(t, uniqueSlug('home'));
  const other = await signUp(t, uniqueSlug('other'));
  const homeMember = await addMember(t, home, 'MEMBER');
  const otherKey = (await addApiKey(t, other, [...API_SCOPES])).secret;
  const keys = new Map<string, Promise<string>>();
  const keyFor = (scope: ApiScope | null, has: boolean) => {
    const scopes = API_SCOPES.filter((s) => (has ? true : s !== scope));
    const id = scopes.join(' ');
    if (!keys.has(id)) keys.set(id, addApiKey(t, home, scopes).then((k) => k.secret));
    return keys.get(id)!;
  };
  return {
    home,
    other,
    homeMember,
    keyFor,
    otherKey,
    async auth(caller, scope) {
      switch (caller) {
        case 'admin':
          return { token: home.token };
        case 'member':
          return { token: homeMember.token };
        case 'otherTeamAdmin':
          return { token: other.token };
        case 'keyWithScope':
          return { token: await keyFor(scope, true) };
        case 'keyWithoutScope':
          return { token: await keyFor(scope, false) };
        case 'otherTeamKey':
          return { token: otherKey };
        case 'publicKey':
          return { publicKey: home.publicKey };
        case 'anonymous':
          return undefined;
      }
    },
  };
}

export function outcomeOf(res: GqlResponse, field: string): Outcome {
  if (res.errors?.length) return res.errors[0]?.extensions?.code ?? `ERROR: ${res.errors[0]?.message}`;
  const value = res.data?.[field];
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'object' && typeof value.code === 'string' && typeof value.__typename === 'string') {
    return value.code;
  }
  return 'OK';
}

export interface TenancySpec {
  /** The API key scope the operation needs; null when only a member (role) may call it. */
  scope: ApiScope | null;
  /** The top-level field whose answer is classified. */
  field: string;
  /**
   * Builds the operation against the home team's data. Called once per caller, so it can make a
   * fresh target (a member to remove, a key to revoke) each time.
   */
  operation: (world: TenancyWorld) => Promise<{ query: string; variables?: Record<string, unknown> }>;
  expect: Record<Caller, Outcome>;
}

/**
 * The tenancy matrix: runs one operation as each caller and asserts each outcome. Another
 * team's caller must see the home team's IDs exactly as missing ones.
 */
export function describeTenancy(name: string, getApp: () => TestApp, getWorld: () => Promise<TenancyWorld>, spec: TenancySpec) {
  describe(`tenancy: ${name}`, () => {
    let world: TenancyWorld;
    beforeAll(async () => {
      world = await getWorld();
    });
    it.each(CALLERS)('as %s', async (caller) => {
      const { query, variables } = await spec.operation(world);
      const res = await getApp().gql(query, variables, await world.auth(caller, spec.scope));
      expect(outcomeOf(res, spec.field), JSON.stringify(res)).toBe(spec.expect[caller]);
    });
  });
}

/** Memoises the world so several matrices in one file share it. */
export function lazyWorld(getApp: () => TestApp): () => Promise<TenancyWorld> {
  let world: Promise<TenancyWorld> | undefined;
  return () => (world ??= createTenancyWorld(getApp()));
}
