/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type AcceptInviteInput = {
  name?: string | null | undefined;
  password: string;
  /** The `token` parameter of the accept link. */
  token: string;
};

export type CreateApiKeyInput = {
  name: string;
  /** Any of: team:read, users:read, users:write, events:read, events:write, imports:read, imports:write. */
  scopes: Array<string>;
};

export type CreateTeamAdminInput = {
  email: string;
  name?: string | null | undefined;
  /** 8 to 256 characters, never truncated. */
  password: string;
};

export type CreateTeamInput = {
  admin: CreateTeamAdminInput;
  name: string;
  /** 3–40 lowercase letters, digits and hyphens; unique; a few words (api, www, admin…) are reserved. */
  slug: string;
};

export type InviteMemberInput = {
  email: string;
  role: MemberRole;
};

export type LoginInput = {
  email: string;
  password: string;
  teamSlug: string;
};

/** ADMIN also manages members, invites, API keys and secrets. */
export type MemberRole =
  | 'ADMIN'
  | 'MEMBER';

export type RemoveMemberInput = {
  id: string;
};

export type RevokeApiKeyInput = {
  id: string;
};

export type RevokeInviteInput = {
  id: string;
};

export type UpdateMemberRoleInput = {
  id: string;
  role: MemberRole;
};

export type UpdateTeamInput = {
  name: string;
};

export type ApiKeyFieldsFragment = { id: string, name: string, prefix: string, scopes: Array<string>, createdAt: string, lastUsedAt: string | null, revokedAt: string | null, createdBy: { id: string, email: string } | null };

export type ApiKeysQueryVariables = Exact<{ [key: string]: never; }>;


export type ApiKeysQuery = { viewer: { team: { id: string, apiKeys: Array<{ id: string, name: string, prefix: string, scopes: Array<string>, createdAt: string, lastUsedAt: string | null, revokedAt: string | null, createdBy: { id: string, email: string } | null }> } } };

export type CreateApiKeyMutationVariables = Exact<{
  input: CreateApiKeyInput;
}>;


export type CreateApiKeyMutation = { createApiKey:
    | { __typename: 'CreateApiKeyPayload', secret: string, apiKey: { id: string, name: string, prefix: string, scopes: Array<string>, createdAt: string, lastUsedAt: string | null, revokedAt: string | null, createdBy: { id: string, email: string } | null } }
    | { __typename: 'ValidationError', code: string, message: string, path: Array<string> | null, issues: Array<{ path: Array<string>, code: string, message: string }> }
   };

export type RevokeApiKeyMutationVariables = Exact<{
  input: RevokeApiKeyInput;
}>;


export type RevokeApiKeyMutation = { revokeApiKey:
    | { __typename: 'NotFoundError', code: string, message: string, path: Array<string> | null }
    | { __typename: 'RevokeApiKeyPayload', apiKey: { id: string, name: string, prefix: string, scopes: Array<string>, createdAt: string, lastUsedAt: string | null, revokedAt: string | null, createdBy: { id: string, email: string } | null } }
   };

export type InviteFieldsFragment = { id: string, email: string, role: MemberRole, createdAt: string, expiresAt: string, invitedBy: { id: string, email: string } | null };

export type InvitesQueryVariables = Exact<{ [key: string]: never; }>;


export type InvitesQuery = { viewer: { team: { id: string, invites: Array<{ id: string, email: string, role: MemberRole, createdAt: string, expiresAt: string, invitedBy: { id: string, email: string } | null }> } } };

export type InviteMemberMutationVariables = Exact<{
  input: InviteMemberInput;
}>;


export type InviteMemberMutation = { inviteMember:
    | { __typename: 'ConflictError', code: string, message: string, path: Array<string> | null }
    | { __typename: 'InviteMemberPayload', acceptUrl: string, invite: { id: string, email: string, role: MemberRole, createdAt: string, expiresAt: string, invitedBy: { id: string, email: string } | null } }
    | { __typename: 'ValidationError', code: string, message: string, path: Array<string> | null, issues: Array<{ path: Array<string>, code: string, message: string }> }
   };

export type AcceptInviteMutationVariables = Exact<{
  input: AcceptInviteInput;
}>;


export type AcceptInviteMutation = { acceptInvite:
    | { __typename: 'ConflictError', code: string, message: string, path: Array<string> | null }
    | { __typename: 'SessionPayload', token: string, member: { id: string, email: string, name: string | null, role: MemberRole, createdAt: string } }
    | { __typename: 'ValidationError', code: string, message: string, path: Array<string> | null, issues: Array<{ path: Array<string>, code: string, message: string }> }
   };

export type RevokeInviteMutationVariables = Exact<{
  input: RevokeInviteInput;
}>;


export type RevokeInviteMutation = { revokeInvite:
    | { __typename: 'NotFoundError', code: string, message: string, path: Array<string> | null }
    | { __typename: 'RevokeInvitePayload', invite: { id: string, email: string, role: MemberRole, createdAt: string, expiresAt: string, invitedBy: { id: string, email: string } | null } }
   };

export type TeamMembersQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type TeamMembersQuery = { viewer: { team: { id: string, members: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, email: string, name: string | null, role: MemberRole, createdAt: string } }> } } } };

export type UpdateMemberRoleMutationVariables = Exact<{
  input: UpdateMemberRoleInput;
}>;


export type UpdateMemberRoleMutation = { updateMemberRole:
    | { __typename: 'ConflictError', code: string, message: string, path: Array<string> | null }
    | { __typename: 'MemberPayload', member: { id: string, email: string, name: string | null, role: MemberRole, createdAt: string } }
    | { __typename: 'NotFoundError', code: string, message: string, path: Array<string> | null }
   };

export type RemoveMemberMutationVariables = Exact<{
  input: RemoveMemberInput;
}>;


export type RemoveMemberMutation = { removeMember:
    | { __typename: 'ConflictError', code: string, message: string, path: Array<string> | null }
    | { __typename: 'NotFoundError', code: string, message: string, path: Array<string> | null }
    | { __typename: 'RemoveMemberPayload', removedMemberId: string }
   };

export type LoginMutationVariables = Exact<{
  input: LoginInput;
}>;


export type LoginMutation = { login:
    | { __typename: 'CredentialsError', code: string, message: string, path: Array<string> | null, retryAfterSeconds: number | null }
    | { __typename: 'SessionPayload', token: string, member: { id: string, email: string, name: string | null, role: MemberRole, createdAt: string } }
    | { __typename: 'ValidationError', code: string, message: string, path: Array<string> | null, issues: Array<{ path: Array<string>, code: string, message: string }> }
   };

export type LogoutMutationVariables = Exact<{ [key: string]: never; }>;


export type LogoutMutation = { logout: { __typename: 'LogoutPayload', ok: boolean } };

export type MemberFieldsFragment = { id: string, email: string, name: string | null, role: MemberRole, createdAt: string };

export type TeamFieldsFragment = { id: string, slug: string, name: string, publicKey: string, createdAt: string };

export type CreateTeamMutationVariables = Exact<{
  input: CreateTeamInput;
}>;


export type CreateTeamMutation = { createTeam:
    | { __typename: 'ConflictError', code: string, message: string, path: Array<string> | null }
    | { __typename: 'CreateTeamPayload', token: string, team: { id: string, slug: string, name: string, publicKey: string, createdAt: string }, member: { id: string, email: string, name: string | null, role: MemberRole, createdAt: string } }
    | { __typename: 'ValidationError', code: string, message: string, path: Array<string> | null, issues: Array<{ path: Array<string>, code: string, message: string }> }
   };

export type ViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type ViewerQuery = { viewer: { apiKeyId: string | null, scopes: Array<string>, member: { id: string, email: string, name: string | null, role: MemberRole, createdAt: string } | null, team: { id: string, slug: string, name: string, publicKey: string, createdAt: string } } };

export type UpdateTeamMutationVariables = Exact<{
  input: UpdateTeamInput;
}>;


export type UpdateTeamMutation = { updateTeam:
    | { __typename: 'TeamPayload', team: { id: string, slug: string, name: string, publicKey: string, createdAt: string } }
    | { __typename: 'ValidationError', code: string, message: string, path: Array<string> | null, issues: Array<{ path: Array<string>, code: string, message: string }> }
   };

export type RotateIdentitySecretMutationVariables = Exact<{ [key: string]: never; }>;


export type RotateIdentitySecretMutation = { rotateIdentitySecret: { __typename: 'RotateIdentitySecretPayload', secret: string } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const ApiKeyFieldsFragmentDoc = new TypedDocumentString(`
    fragment ApiKeyFields on ApiKey {
  id
  name
  prefix
  scopes
  createdAt
  lastUsedAt
  revokedAt
  createdBy {
    id
    email
  }
}
    `, {"fragmentName":"ApiKeyFields"}) as unknown as TypedDocumentString<ApiKeyFieldsFragment, unknown>;
export const InviteFieldsFragmentDoc = new TypedDocumentString(`
    fragment InviteFields on Invite {
  id
  email
  role
  createdAt
  expiresAt
  invitedBy {
    id
    email
  }
}
    `, {"fragmentName":"InviteFields"}) as unknown as TypedDocumentString<InviteFieldsFragment, unknown>;
export const MemberFieldsFragmentDoc = new TypedDocumentString(`
    fragment MemberFields on Member {
  id
  email
  name
  role
  createdAt
}
    `, {"fragmentName":"MemberFields"}) as unknown as TypedDocumentString<MemberFieldsFragment, unknown>;
export const TeamFieldsFragmentDoc = new TypedDocumentString(`
    fragment TeamFields on Team {
  id
  slug
  name
  publicKey
  createdAt
}
    `, {"fragmentName":"TeamFields"}) as unknown as TypedDocumentString<TeamFieldsFragment, unknown>;
export const ApiKeysDocument = new TypedDocumentString(`
    query ApiKeys {
  viewer {
    team {
      id
      apiKeys {
        ...ApiKeyFields
      }
    }
  }
}
    fragment ApiKeyFields on ApiKey {
  id
  name
  prefix
  scopes
  createdAt
  lastUsedAt
  revokedAt
  createdBy {
    id
    email
  }
}`) as unknown as TypedDocumentString<ApiKeysQuery, ApiKeysQueryVariables>;
export const CreateApiKeyDocument = new TypedDocumentString(`
    mutation CreateApiKey($input: CreateApiKeyInput!) {
  createApiKey(input: $input) {
    __typename
    ... on CreateApiKeyPayload {
      secret
      apiKey {
        ...ApiKeyFields
      }
    }
    ... on Error {
      code
      message
      path
    }
    ... on ValidationError {
      issues {
        path
        code
        message
      }
    }
  }
}
    fragment ApiKeyFields on ApiKey {
  id
  name
  prefix
  scopes
  createdAt
  lastUsedAt
  revokedAt
  createdBy {
    id
    email
  }
}`) as unknown as TypedDocumentString<CreateApiKeyMutation, CreateApiKeyMutationVariables>;
export const RevokeApiKeyDocument = new TypedDocumentString(`
    mutation RevokeApiKey($input: RevokeApiKeyInput!) {
  revokeApiKey(input: $input) {
    __typename
    ... on RevokeApiKeyPayload {
      apiKey {
        ...ApiKeyFields
      }
    }
    ... on Error {
      code
      message
      path
    }
  }
}
    fragment ApiKeyFields on ApiKey {
  id
  name
  prefix
  scopes
  createdAt
  lastUsedAt
  revokedAt
  createdBy {
    id
    email
  }
}`) as unknown as TypedDocumentString<RevokeApiKeyMutation, RevokeApiKeyMutationVariables>;
export const InvitesDocument = new TypedDocumentString(`
    query Invites {
  viewer {
    team {
      id
      invites {
        ...InviteFields
      }
    }
  }
}
    fragment InviteFields on Invite {
  id
  email
  role
  createdAt
  expiresAt
  invitedBy {
    id
    email
  }
}`) as unknown as TypedDocumentString<InvitesQuery, InvitesQueryVariables>;
export const InviteMemberDocument = new TypedDocumentString(`
    mutation InviteMember($input: InviteMemberInput!) {
  inviteMember(input: $input) {
    __typename
    ... on InviteMemberPayload {
      acceptUrl
      invite {
        ...InviteFields
      }
    }
    ... on Error {
      code
      message
      path
    }
    ... on ValidationError {
      issues {
        path
        code
        message
      }
    }
  }
}
    fragment InviteFields on Invite {
  id
  email
  role
  createdAt
  expiresAt
  invitedBy {
    id
    email
  }
}`) as unknown as TypedDocumentString<InviteMemberMutation, InviteMemberMutationVariables>;
export const AcceptInviteDocument = new TypedDocumentString(`
    mutation AcceptInvite($input: AcceptInviteInput!) {
  acceptInvite(input: $input) {
    __typename
    ... on SessionPayload {
      token
      member {
        ...MemberFields
      }
    }
    ... on Error {
      code
      message
      path
    }
    ... on ValidationError {
      issues {
        path
        code
        message
      }
    }
  }
}
    fragment MemberFields on Member {
  id
  email
  name
  role
  createdAt
}`) as unknown as TypedDocumentString<AcceptInviteMutation, AcceptInviteMutationVariables>;
export const RevokeInviteDocument = new TypedDocumentString(`
    mutation RevokeInvite($input: RevokeInviteInput!) {
  revokeInvite(input: $input) {
    __typename
    ... on RevokeInvitePayload {
      invite {
        ...InviteFields
      }
    }
    ... on Error {
      code
      message
      path
    }
  }
}
    fragment InviteFields on Invite {
  id
  email
  role
  createdAt
  expiresAt
  invitedBy {
    id
    email
  }
}`) as unknown as TypedDocumentString<RevokeInviteMutation, RevokeInviteMutationVariables>;
export const TeamMembersDocument = new TypedDocumentString(`
    query TeamMembers($first: Int, $after: String) {
  viewer {
    team {
      id
      members(first: $first, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          cursor
          node {
            ...MemberFields
          }
        }
      }
    }
  }
}
    fragment MemberFields on Member {
  id
  email
  name
  role
  createdAt
}`) as unknown as TypedDocumentString<TeamMembersQuery, TeamMembersQueryVariables>;
export const UpdateMemberRoleDocument = new TypedDocumentString(`
    mutation UpdateMemberRole($input: UpdateMemberRoleInput!) {
  updateMemberRole(input: $input) {
    __typename
    ... on MemberPayload {
      member {
        ...MemberFields
      }
    }
    ... on Error {
      code
      message
      path
    }
  }
}
    fragment MemberFields on Member {
  id
  email
  name
  role
  createdAt
}`) as unknown as TypedDocumentString<UpdateMemberRoleMutation, UpdateMemberRoleMutationVariables>;
export const RemoveMemberDocument = new TypedDocumentString(`
    mutation RemoveMember($input: RemoveMemberInput!) {
  removeMember(input: $input) {
    __typename
    ... on RemoveMemberPayload {
      removedMemberId
    }
    ... on Error {
      code
      message
      path
    }
  }
}
    `) as unknown as TypedDocumentString<RemoveMemberMutation, RemoveMemberMutationVariables>;
export const LoginDocument = new TypedDocumentString(`
    mutation Login($input: LoginInput!) {
  login(input: $input) {
    __typename
    ... on SessionPayload {
      token
      member {
        ...MemberFields
      }
    }
    ... on Error {
      code
      message
      path
    }
    ... on CredentialsError {
      retryAfterSeconds
    }
    ... on ValidationError {
      issues {
        path
        code
        message
      }
    }
  }
}
    fragment MemberFields on Member {
  id
  email
  name
  role
  createdAt
}`) as unknown as TypedDocumentString<LoginMutation, LoginMutationVariables>;
export const LogoutDocument = new TypedDocumentString(`
    mutation Logout {
  logout {
    __typename
    ok
  }
}
    `) as unknown as TypedDocumentString<LogoutMutation, LogoutMutationVariables>;
export const CreateTeamDocument = new TypedDocumentString(`
    mutation CreateTeam($input: CreateTeamInput!) {
  createTeam(input: $input) {
    __typename
    ... on CreateTeamPayload {
      token
      team {
        ...TeamFields
      }
      member {
        ...MemberFields
      }
    }
    ... on Error {
      code
      message
      path
    }
    ... on ValidationError {
      issues {
        path
        code
        message
      }
    }
  }
}
    fragment MemberFields on Member {
  id
  email
  name
  role
  createdAt
}
fragment TeamFields on Team {
  id
  slug
  name
  publicKey
  createdAt
}`) as unknown as TypedDocumentString<CreateTeamMutation, CreateTeamMutationVariables>;
export const ViewerDocument = new TypedDocumentString(`
    query Viewer {
  viewer {
    apiKeyId
    scopes
    member {
      ...MemberFields
    }
    team {
      ...TeamFields
    }
  }
}
    fragment MemberFields on Member {
  id
  email
  name
  role
  createdAt
}
fragment TeamFields on Team {
  id
  slug
  name
  publicKey
  createdAt
}`) as unknown as TypedDocumentString<ViewerQuery, ViewerQueryVariables>;
export const UpdateTeamDocument = new TypedDocumentString(`
    mutation UpdateTeam($input: UpdateTeamInput!) {
  updateTeam(input: $input) {
    __typename
    ... on TeamPayload {
      team {
        ...TeamFields
      }
    }
    ... on Error {
      code
      message
      path
    }
    ... on ValidationError {
      issues {
        path
        code
        message
      }
    }
  }
}
    fragment TeamFields on Team {
  id
  slug
  name
  publicKey
  createdAt
}`) as unknown as TypedDocumentString<UpdateTeamMutation, UpdateTeamMutationVariables>;
export const RotateIdentitySecretDocument = new TypedDocumentString(`
    mutation RotateIdentitySecret {
  rotateIdentitySecret {
    __typename
    secret
  }
}
    `) as unknown as TypedDocumentString<RotateIdentitySecretMutation, RotateIdentitySecretMutationVariables>;