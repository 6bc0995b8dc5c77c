import { getNamedType, type GraphQLField, type GraphQLNamedType, isLeafType, isObjectType } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../schema/index.ts';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { type SignedUpTeam, signUp } from './helpers/fixtures.ts';
import { createUserVia, definePropertyVia } from './helpers/users.ts';

// A page of users reads only the columns its selected fields need (schema/user.ts,
// USER_FIELD_COLUMNS). Every field of User, asked alone on a page, must answer what it answers
// for the same users loaded whole (nodes(ids:) reads every column).

let t: TestApp;
let team: SignedUpTeam;
let ids: string[];

beforeAll(async () => {
  t = await createTestApp();
  team = await signUp(t);
  await definePropertyVia(t, team.token, { key: 'plan', label: 'Plan', type: 'ENUM', options: ['free', 'pro'] });
  const full = {
    externalId: 'cols-1',
    email: 'cols-1@cols.example',
    kind: 'LEAD',
    status: 'ARCHIVED',
    role: 'ADMIN',
    displayName: 'Cols One',
    firstName: 'Cols',
    lastName: 'One',
    jobTitle: 'Tester',
    phone: '+1 555 0100',
    company: 'Columns Inc',
    address: { line1: '1 Main St', line2: 'Unit 2', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' },
    note: 'private',
    emailConsent: true,
    signedUpAt: '2026-01-02T03:04:05.678Z',
    properties: { plan: 'pro' },
  };
  ids = [await createUserVia(t, team.token, full), await createUserVia(t, team.token, { externalId: 'cols-2' })];
  await t.gql(
    `mutation($ids: [ID!]!) { tagUsers(input: {userIds: $ids, tagNames: ["cols"], createMissingTags: true}) { __typename } }`,
    { ids: [ids[0]] },
    { token: team.token },
  );
});

/** A selection of a field: its leaf subfields (without required arguments) for an object. */
function selectionOf(field: GraphQLField<unknown, unknown>): string {
  const type: GraphQLNamedType = getNamedType(field.type);
  if (isLeafType(type)) return field.name;
  if (!isObjectType(type)) return `${field.name} { __typename }`;
  const leaves = Object.values(type.getFields()).filter((f) => isLeafType(getNamedType(f.type)) && f.args.every((a) => a.type.toString().slice(-1) !== '!'));
  return `${field.name} { __typename ${leaves.map((f) => f.name).join(' ')} }`;
}

const userType = schema.getType('User');
const fields = isObjectType(userType) ? Object.values(userType.getFields()).filter((f) => f.args.every((a) => !a.type.toString().endsWith('!'))) : [];

describe('a page reads the columns its fields need', () => {
  const page = async (selection: string) => {
    const res = await t.gql(`{ users(first: 10) { edges { node { id ${selection} } } } }`, {}, { token: team.token });
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    return res.data.users.edges.map((e: any) => e.node);
  };
  const whole = async (selection: string) => {
    const res = await t.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { ... on User { id ${selection} } } }`, { ids: [...ids].reverse() }, { token: team.token });
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    return res.data.nodes;
  };

  it('has User fields to check', () => {
    expect(fields.map((f) => f.name)).toEqual(expect.arrayContaining(['externalId', 'address', 'emailConsent', 'properties', 'groups', 'tags']));
  });

  for (const field of fields) {
    it(`User.${field.name} alone answers as for the whole row`, async () => {
      const selection = selectionOf(field);
      expect(await page(selection)).toEqual(await whole(selection));
    });
  }

  it('every field together answers as for the whole row', async () => {
    const selection = fields.map(selectionOf).join(' ');
    const answer = await page(selection);
    expect(answer[1]).toMatchObject({ externalId: 'cols-1', note: 'private', tags: [expect.objectContaining({ name: 'cols' })] });
    expect(answer).toEqual(await whole(selection));
  });
});
