import { expect } from 'vitest';
import type { TestApp } from './app.ts';

export const USER_FIELDS = `id externalId email kind status role displayName firstName lastName jobTitle phone company
  address { line1 line2 city region postalCode country } emailConsent { subscribed changedAt } note properties
  signedUpAt lastSeenAt createdAt updatedAt`;

const CREATE_USER = `mutation($input: CreateUserInput!) { createUser(input: $input) {
  __typename ... on UserPayload { user { id externalId email } } ... on Error { code message path }
  ... on ValidationError { issues { path code message } } } }`;

/** Creates a user through the API as `token` and returns its global ID. */
export async function createUserVia(t: TestApp, token: string, input: Record<string, unknown>): Promise<string> {
  const res = await t.gql(CREATE_USER, { input }, { token });
  expect(res.data?.createUser.__typename, JSON.stringify(res)).toBe('UserPayload');
  return res.data.createUser.user.id;
}

/** Defines a custom property through the API (as an admin session) and returns its global ID. */
export async function definePropertyVia(t: TestApp, token: string, input: Record<string, unknown>): Promise<string> {
  const res = await t.gql(
    `mutation($input: DefinePropertyInput!) { definePropertyDefinition(input: $input) {
       __typename ... on PropertyDefinitionPayload { definition { id } } ... on Error { code message path } } }`,
    { input },
    { token },
  );
  expect(res.data?.definePropertyDefinition.__typename, JSON.stringify(res)).toBe('PropertyDefinitionPayload');
  return res.data.definePropertyDefinition.definition.id;
}
