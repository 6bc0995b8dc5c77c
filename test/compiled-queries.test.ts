import { getNamedType, type GraphQLNamedType, isInputObjectType, isInterfaceType, isObjectType } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../schema/index.ts';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { type SignedUpTeam, signUp } from './helpers/fixtures.ts';
import { createUserVia, definePropertyVia } from './helpers/users.ts';

// Queries run compiled by graphql-jit (server/compiled-queries.ts). What a client sees must not
// change: the same data for the same document run twice (the second from the compiled cache),
// and a variable that does not coerce is still a request error (HTTP 400, graphql-js's message)
// rather than a 200 from the compiled executor's own coercion.

let t: TestApp;
let team: SignedUpTeam;

beforeAll(async () => {
  t = await createTestApp();
  team = await signUp(t);
  await createUserVia(t, team.token, { externalId: 'jit-1', email: 'jit-1@x.example', displayName: 'Jit One' });
  await createUserVia(t, team.token, { externalId: 'jit-2', displayName: 'Jit Two' });
});

const PAGE = `query($first: Int, $filter: UserFilter) { users(first: $first, filter: $filter) {
  totalCount edges { cursor node { id externalId email displayName status lastSeenAt createdAt properties groups { name } tags { name } } }
  pageInfo { hasNextPage endCursor } } }`;

describe('compiled queries', () => {
  it('answer the same data on every run of a document', async () => {
    const first = await t.gql(PAGE, { first: 10, filter: { search: 'jit' } }, { token: team.token });
    expect(first.errors, JSON.stringify(first.errors)).toBeUndefined();
    expect(first.data.users.edges.map((e: any) => e.node.externalId)).toEqual(['jit-2', 'jit-1']);
    expect(first.data.users.edges[1].node).toMatchObject({ email: 'jit-1@x.example', displayName: 'Jit One', status: 'ACTIVE', groups: [], tags: [] });
    const again = await t.gql(PAGE, { first: 10, filter: { search: 'jit' } }, { token: team.token });
    expect(again).toEqual(first);
  });

  it('leave a variable that does not coerce to graphql-js: a request error, HTTP 400', async () => {
    const res = await t.gql(PAGE, { first: 'ten' }, { token: team.token });
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.message).toContain('Variable "$first" got invalid value "ten"');
    expect((res as { data?: unknown }).data).toBeUndefined();
  });

  it('read a variable inside a JSON literal (graphql-jit would parse the literal without variables)', async () => {
    await definePropertyVia(t, team.token, { key: 'tier', label: 'Tier', type: 'ENUM', options: ['a', 'b', 'c'] });
    await createUserVia(t, team.token, { externalId: 'jit-tier-a', properties: { tier: 'a' } });
    await createUserVia(t, team.token, { externalId: 'jit-tier-b', properties: { tier: 'b' } });
    const byTiers = `query($a: JSON, $b: JSON) { users(filter: {properties: [{key: "tier", op: IN, value: [$a, $b]}]}) { edges { node { externalId } } } }`;
    for (let run = 0; run < 2; run++) {
      const res = await t.gql(byTiers, { a: 'a', b: 'b' }, { token: team.token });
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      expect(res.data.users.edges.map((e: any) => e.node.externalId)).toEqual(['jit-tier-b', 'jit-tier-a']);
    }
    const literal = await t.gql(`{ users(filter: {properties: [{key: "tier", op: IN, value: ["a"]}]}) { edges { node { externalId } } } }`, {}, { token: team.token });
    expect(literal.data.users.edges.map((e: any) => e.node.externalId)).toEqual(['jit-tier-a']);
  });

  it('keep auth errors as they were: no credential is UNAUTHENTICATED', async () => {
    const res = await t.gql('{ users(first: 1) { totalCount } }', {}, {});
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('what keeps compiled queries correct', () => {
  it('no input type a query can take has a field default (graphql-jit would not apply it)', () => {
    const withDefaults: string[] = [];
    const seen = new Set<string>();
    const visit = (type: GraphQLNamedType) => {
      if (!isInputObjectType(type) || seen.has(type.name)) return;
      seen.add(type.name);
      for (const field of Object.values(type.getFields())) {
        if (field.defaultValue !== undefined) withDefaults.push(`${type.name}.${field.name}`);
        visit(getNamedType(field.type));
      }
    };
    // Query's arguments and those of every output type's fields (e.g. User.events(filter:)), which
    // a query reaches too; mutations and subscriptions run on graphql-js.
    for (const type of Object.values(schema.getTypeMap())) {
      if (!(isObjectType(type) || isInterfaceType(type)) || type === schema.getMutationType() || type === schema.getSubscriptionType()) continue;
      for (const field of Object.values(type.getFields())) for (const arg of field.args) visit(getNamedType(arg.type));
    }
    expect(seen.has('UserFilter')).toBe(true);
    expect(withDefaults, 'give these defaults in the resolver, or keep such queries off graphql-jit (server/compiled-queries.ts)').toEqual([]);
  });
});
