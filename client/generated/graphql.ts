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

export type AddIdentityInput = {
  /** A source key (case-insensitive), e.g. "slack". */
  source: string;
  userId: string;
  /** 1–200 characters after trimming. */
  username: string;
};

export type AddUsersToGroupsInput = {
  /** Create the groups of `groupNames` that do not exist (default false: NOT_FOUND). */
  createMissingGroups?: boolean | null | undefined;
  /** At most 1,000. */
  groupIds?: Array<string> | null | undefined;
  /** Groups by name (any case), at most 1,000. */
  groupNames?: Array<string> | null | undefined;
  /** At most 1,000. */
  userIds: Array<string>;
};

export type AddressInput = {
  city?: string | null | undefined;
  country?: string | null | undefined;
  line1?: string | null | undefined;
  line2?: string | null | undefined;
  postalCode?: string | null | undefined;
  region?: string | null | undefined;
};

export type CompleteReminderInput = {
  id: string;
};

export type CreateApiKeyInput = {
  name: string;
  /** Any of: team:read, users:read, users:write, events:read, events:write, imports:read, imports:write. */
  scopes: Array<string>;
};

export type CreateGroupInput = {
  /** At most 1,000 characters. */
  description?: string | null | undefined;
  /** Trimmed; 1–100 characters; unique in the team regardless of case. */
  name: string;
};

export type CreateReminderInput = {
  /** Any time; a past one is due at once. */
  dueAt: string;
  /** 1–2000 characters after trimming. */
  text: string;
  userId: string;
};

export type CreateTagInput = {
  /** Trimmed; 1–100 characters; unique in the team regardless of case. */
  name: string;
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

/** Constraints apply only to their types (NOT_APPLICABLE otherwise); ENUM needs `options`. */
export type DefinePropertyInput = {
  /** At most 1,000 characters. */
  description?: string | null | undefined;
  /** A lowercase letter, then up to 62 lowercase letters, digits or underscores; not a default attribute name. */
  key: string;
  /** 1 to 100 characters. */
  label: string;
  max?: number | null | undefined;
  /** 0 to 10,000. */
  maxLength?: number | null | undefined;
  min?: number | null | undefined;
  /** 0 to 10,000. */
  minLength?: number | null | undefined;
  /** ENUM only: 1 to 500 distinct, non-empty values of at most 200 characters. */
  options?: Array<string> | null | undefined;
  /** At most 500 characters; must compile as a JavaScript `u` regular expression. */
  pattern?: string | null | undefined;
  /** Refused (WOULD_BREAK) while the team has users: none has a value yet. */
  required?: boolean | null | undefined;
  type: PropertyType;
  unique?: boolean | null | undefined;
};

export type DeleteGroupInput = {
  id: string;
};

export type DeletePropertyInput = {
  id: string;
};

export type DeleteReminderInput = {
  id: string;
};

export type DeleteTagInput = {
  id: string;
};

export type DisableSourceInput = {
  /** A source key (case-insensitive). */
  key: string;
};

export type EnableSourceInput = {
  /** A source key (case-insensitive). */
  key: string;
};

export type ExportActivityInput = {
  /** occurredAt ≥ from */
  from?: string | null | undefined;
  /** Only these event names (at most 50); all when omitted or empty. */
  names?: Array<string> | null | undefined;
  /** occurredAt < to */
  to?: string | null | undefined;
  userId: string;
};

export type ExportFormat =
  | 'CSV'
  | 'XLSX';

export type ExportUsersInput = {
  /** Columns by name (a header from userExportColumns, or a property key; case-insensitive), in the order to write them; at most 200. Omitted: the default set, which re-imports with every row unchanged. */
  columns?: Array<string> | null | undefined;
  /** The users to export, as users(filter:) selects them; all when omitted. */
  filter?: UserFilter | null | undefined;
  format?: ExportFormat;
};

/** At least one of externalId and email. The user is looked up by externalId when given, else by email. */
export type IdentifyInput = {
  /** Added to a user without one; a different email than the stored one is EMAIL_IMMUTABLE. */
  email?: string | null | undefined;
  /** The team’s own id for the user; defaults to the email for a new user. */
  externalId?: string | null | undefined;
  /** Custom property values keyed by definition key; keys given are set (null removes). */
  properties?: unknown;
  traits?: IdentifyTraits | null | undefined;
  /** Client API: lowercase hex HMAC-SHA256 of the externalId (or, without one, the email) keyed with the team’s identity secret, computed on your server. Valid → a verified USER; missing or wrong → a LEAD. Ignored for the server API. */
  userHash?: string | null | undefined;
};

/** What is known about the visitor. Absent fields stay as they are; null clears. */
export type IdentifyTraits = {
  address?: AddressInput | null | undefined;
  company?: string | null | undefined;
  displayName?: string | null | undefined;
  /** Subscribed to email; the time of a change is recorded. Server API only: the public key answers FORBIDDEN_FIELD. */
  emailConsent?: boolean | null | undefined;
  firstName?: string | null | undefined;
  jobTitle?: string | null | undefined;
  lastName?: string | null | undefined;
  /** A private note for the team’s members. Server API only: the public key answers FORBIDDEN_FIELD. */
  note?: string | null | undefined;
  phone?: string | null | undefined;
  /** The user’s role. Server API only: the public key answers FORBIDDEN_FIELD. */
  role?: UserRole | null | undefined;
  signedUpAt?: string | null | undefined;
  /** The user’s status. Server API only: the public key answers FORBIDDEN_FIELD. */
  status?: UserStatus | null | undefined;
};

export type ImportFormat =
  | 'CSV'
  | 'XLSX';

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

export type OrderDirection =
  | 'ASC'
  | 'DESC';

/** EQ/NE/IN compare typed values; GT…LTE apply to numbers, dates, date-times and text; CONTAINS is a case-insensitive substring; EXISTS with value true/false tests presence. */
export type PropertyOp =
  | 'CONTAINS'
  | 'EQ'
  | 'EXISTS'
  | 'GT'
  | 'GTE'
  | 'IN'
  | 'LT'
  | 'LTE'
  | 'NE';

export type PropertyPredicateInput = {
  key: string;
  op: PropertyOp;
  /** A value of the property’s type; a list for IN; a boolean for EXISTS. */
  value?: unknown;
};

/** What a custom property holds. DATE is YYYY-MM-DD; DATETIME is ISO 8601 with a zone, stored in UTC; EMAIL is stored lower-case; URL is http(s); NUMBER and INTEGER also accept decimal text ("42"). */
export type PropertyType =
  | 'BOOLEAN'
  | 'DATE'
  | 'DATETIME'
  | 'EMAIL'
  | 'ENUM'
  | 'INTEGER'
  | 'NUMBER'
  | 'STRING'
  | 'URL';

export type RemoveIdentityInput = {
  id: string;
};

export type RemoveMemberInput = {
  id: string;
};

export type RemoveUsersFromGroupsInput = {
  /** At most 1,000. */
  groupIds?: Array<string> | null | undefined;
  /** Groups by name (any case), at most 1,000. */
  groupNames?: Array<string> | null | undefined;
  /** At most 1,000. */
  userIds: Array<string>;
};

export type RenameTagInput = {
  id: string;
  name: string;
};

export type RevokeApiKeyInput = {
  id: string;
};

export type RevokeInviteInput = {
  id: string;
};

export type TagUsersInput = {
  /** Create the tags that do not exist (default false: NOT_FOUND). */
  createMissingTags?: boolean | null | undefined;
  /** Tags by name (any case), at most 1,000. */
  tagNames: Array<string>;
  /** At most 1,000. */
  userIds: Array<string>;
};

/** A half-open range: from ≤ t < to. Either end may be omitted. */
export type TimeRangeInput = {
  from?: string | null | undefined;
  to?: string | null | undefined;
};

export type UntagUsersInput = {
  /** Tags by name (any case), at most 1,000. */
  tagNames: Array<string>;
  /** At most 1,000. */
  userIds: Array<string>;
};

/** Absent fields stay; a null description clears it (a name cannot be cleared: REQUIRED). */
export type UpdateGroupInput = {
  description?: string | null | undefined;
  id: string;
  name?: string | null | undefined;
};

export type UpdateMemberRoleInput = {
  id: string;
  role: MemberRole;
};

/** Only the fields given change. null clears description and the constraints; label, required and unique keep their value when null. The key and type never change. */
export type UpdatePropertyInput = {
  /** Remove stored values the change would break (a duplicated value stays with its oldest holder), record each removal in the user’s history, then apply. Without it such a change answers WOULD_BREAK. */
  clearInvalidValues?: boolean | null | undefined;
  description?: string | null | undefined;
  id: string;
  label?: string | null | undefined;
  max?: number | null | undefined;
  maxLength?: number | null | undefined;
  min?: number | null | undefined;
  minLength?: number | null | undefined;
  options?: Array<string> | null | undefined;
  pattern?: string | null | undefined;
  required?: boolean | null | undefined;
  unique?: boolean | null | undefined;
};

export type UpdateTeamInput = {
  name: string;
};

/** Lists match any of their values; different fields combine with AND. */
export type UserFilter = {
  createdAt?: TimeRangeInput | null | undefined;
  /** Group IDs: members of any of them. */
  groups?: Array<string> | null | undefined;
  /** Source keys: users with an identity on any of them. */
  hasIdentityOn?: Array<string> | null | undefined;
  kind?: Array<UserKind> | null | undefined;
  lastSeenAt?: TimeRangeInput | null | undefined;
  properties?: Array<PropertyPredicateInput> | null | undefined;
  role?: Array<UserRole> | null | undefined;
  /** Prefix of the email, display name, first or last name. */
  search?: string | null | undefined;
  status?: Array<UserStatus> | null | undefined;
  /** Tag names: users with any of them. */
  tags?: Array<string> | null | undefined;
};

/** USER: identified by the team (server API, dashboard, import, or a verified `identify`). LEAD: an unverified visitor. */
export type UserKind =
  | 'LEAD'
  | 'USER';

export type UserOrder = {
  direction: OrderDirection;
  field: UserOrderField;
};

/** LAST_SEEN_AT sorts never-seen users as the oldest. */
export type UserOrderField =
  | 'CREATED_AT'
  | 'EMAIL'
  | 'LAST_SEEN_AT';

export type UserRole =
  | 'ADMIN'
  | 'SUPERVISOR'
  | 'USER';

export type UserStatus =
  | 'ACTIVE'
  | 'ARCHIVED'
  | 'DISABLED';

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

export type ExportActivityMutationVariables = Exact<{
  input: ExportActivityInput;
}>;


export type ExportActivityMutation = { exportActivity:
    | { __typename: 'DownloadPayload', url: string, expiresAt: string }
    | { __typename: 'LimitError', code: string, message: string, path: Array<string> | null }
    | { __typename: 'NotFoundError', code: string, message: string, path: Array<string> | null }
   };

export type ImportTemplateQueryVariables = Exact<{
  format: ImportFormat;
}>;


export type ImportTemplateQuery = { importTemplate: { url: string, expiresAt: string } };

export type UserExportColumnsQueryVariables = Exact<{ [key: string]: never; }>;


export type UserExportColumnsQuery = { userExportColumns: Array<{ name: string, isDefault: boolean, propertyKey: string | null }> };

export type ExportUsersMutationVariables = Exact<{
  input: ExportUsersInput;
}>;


export type ExportUsersMutation = { exportUsers:
    | { __typename: 'DownloadPayload', url: string, expiresAt: string }
    | { __typename: 'LimitError', code: string, message: string, path: Array<string> | null }
    | { __typename: 'ValidationError', code: string, message: string, path: Array<string> | null, issues: Array<{ path: Array<string>, code: string, message: string }> }
   };

export type GroupFieldsFragment = { id: string, name: string, description: string | null, userCount: number, createdAt: string, updatedAt: string };

export type GroupsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  search?: string | null | undefined;
}>;


export type GroupsQuery = { groups: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, name: string, description: string | null, userCount: number, createdAt: string, updatedAt: string } }> } };

export type GroupWithUsersQueryVariables = Exact<{
  id: string;
  first?: number | null | undefined;
  after?: string | null | undefined;
  orderBy?: UserOrder | null | undefined;
}>;


export type GroupWithUsersQuery = { node:
    | { id: string, name: string, description: string | null, userCount: number, createdAt: string, updatedAt: string, users: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, externalId: string, email: string | null, displayName: string | null } }> } }
    | Record<PropertyKey, never>
   | null };

export type CreateGroupMutationVariables = Exact<{
  input: CreateGroupInput;
}>;


export type CreateGroupMutation = { createGroup:
    | { __typename: 'GroupPayload', group: { id: string, name: string, description: string | null, userCount: number, createdAt: string, updatedAt: string } }
    | { __typename: 'ValidationError', code: string, message: string, path: Array<string> | null, issues: Array<{ path: Array<string>, code: string, message: string }> }
   };

export type UpdateGroupMutationVariables = Exact<{
  input: UpdateGroupInput;
}>;


export type UpdateGroupMutation = { updateGroup:
    | { __typename: 'GroupPayload', group: { id: string, name: string, description: string | null, userCount: number, createdAt: string, updatedAt: string } }
    | { __typename: 'NotFoundError', code: string, message: string, path: Array<string> | null }
    | { __typename: 'ValidationError', code: string, message: string, path: Array<string> | null, issues: Array<{ path: Array<string>, code: string, message: string }> }
   };

export type DeleteGroupMutationVariables = Exact<{
  input: DeleteGroupInput;
}>;


export type DeleteGroupMutation = { deleteGroup:
    | { __typename: 'DeleteGroupPayload', deletedGroupId: string, removed: number }
    | { __typename: 'NotFoundError', code: string, message: string, path: Array<string> | null }
   };

export type AddUsersToGroupsMutationVariables = Exact<{
  input: AddUsersToGroupsInput;
}>;


export type AddUsersToGroupsMutation = { addUsersToGroups:
    | { __typename: 'AddUsersToGroupsPayload', added: number, users: Array<{ id: string, externalId: string, groups: Array<{ id: string, name: string }> }>, groups: Array<{ id: string, name: string, description: string | null, userCount: number, createdAt: string, updatedAt: string }>, createdGroups: Array<{ id: string, name: string, description: string | null, userCount: number, createdAt: string, updatedAt: string }> }
    | { __typename: 'LimitError', code: string, message: string, path: Array<string> | null }
    | { __typename: 'NotFoundError', code: string, message: string, path: Array<string> | null }
    | { __typename: 'ValidationError', code: string, message: string, path: Array<string> | null, issues: Array<{ path: Array<string>, code: string, message: string }> }
   };

export type RemoveUsersFromGroupsMutationVariables = Exact<{
  input: RemoveUsersFromGroupsInput;
}>;


export type RemoveUsersFromGroupsMutation = { removeUsersFromGroups:
    | { __typename: 'LimitError', code: string, message: string, path: Array<string> | null }
    | { __typename: 'NotFoundError', code: string, message: string, path: Array<string> | null }
    | { __typename: 'RemoveUsersFromGroupsPayload', removed: number, users: Array<{ id: string, externalId: string, groups: Array<{ id: string, name: string }> }>, groups: Array<{ id: string, name: string, description: string | null, userCount: number, createdAt: string, updatedAt: string }> }
    | { __typename: 'ValidationError', code: string, message: string, path: Array<string> | null, issues: Array<{ path: Array<string>, code: string, message: string }> }
   };

export type IdentifyMutationVariables = Exact<{
  input: IdentifyInput;
}>;


export type IdentifyMutation = { identify:
    | { __typename: 'IdentifyPayload', created: boolean, verified: boolean, user: { id: string, externalId: string, email: string | null, kind: UserKind, status: UserStatus, role: UserRole, displayName: string | null, firstName: string | null, lastName: string | null, jobTitle: string | null, phone: string | null, company: string | null, properties: unknown, signedUpAt: string | null, lastSeenAt: string | null, createdAt: string, updatedAt: string, address: { line1: string | null, line2: string | null, city: string | null, region: string | null, postalCode: string | null, country: string | null } | null, emailConsent: { subscribed: boolean, changedAt: string | null } } | null }
    | { __typename: 'ValidationError', code: string, message: string, path: Array<string> | null, issues: Array<{ path: Array<string>, code: string, message: string }> }
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

export type PropertyDefinitionFieldsFragment = { id: string, key: string, label: string, type: PropertyType, required: boolean, unique: boolean, description: string | null, min: number | null, max: number | null, minLength: number | null, maxLength: number | null, pattern: string | null, options: Array<string> | null, createdAt: string, updatedAt: string };

export type PropertyDefinitionsQueryVariables = Exact<{ [key: string]: never; }>;


export type PropertyDefinitionsQuery = { propertyDefinitions: Array<{ id: string, key: string, label: string, type: PropertyType, required: boolean, unique: boolean, description: string | null, min: number | null, max: number | null, minLength: number | null, maxLength: number | null, pattern: string | null, options: Array<string> | null, createdAt: string, updatedAt: string }> };

export type DefinePropertyDefinitionMutationVariables = Exact<{
  input: DefinePropertyInput;
}>;


export type DefinePropertyDefinitionMutation = { definePropertyDefinition:
    | { __typename: 'DefinitionChangeError', code: string, message: string, path: Array<string> | null, breakingCount: number, invalidCount: number, duplicateCount: number, missingCount: number }
    | { __typename: 'PropertyDefinitionPayload', definition: { id: string, key: string, label: string, type: PropertyType, required: boolean, unique: boolean, description: string | null, min: number | null, max: number | null, minLength: number | null, maxLength: number | null, pattern: string | null, options: Array<string> | null, createdAt: string, updatedAt: string } }
    | { __typename: 'ValidationError', code: string, message: string, path: Array<string> | null, issues: Array<{ path: Array<string>, code: string, message: string }> }
   };

export type UpdatePropertyDefinitionMutationVariables = Exact<{
  input: UpdatePropertyInput;
}>;


export type UpdatePropertyDefinitionMutation = { updatePropertyDefinition:
    | { __typename: 'DefinitionChangeError', code: string, message: string, path: Array<string> | null, breakingCount: number, invalidCount: number, duplicateCount: number, missingCount: number }
    | { __typename: 'NotFoundError', code: string, message: string, path: Array<string> | null }
    | { __typename: 'UpdatePropertyDefinitionPayload', clearedCount: number, definition: { id: string, key: string, label: string, type: PropertyType, required: boolean, unique: boolean, description: string | null, min: number | null, max: number | null, minLength: number | null, maxLength: number | null, pattern: string | null, options: Array<string> | null, createdAt: string, updatedAt: string } }
    | { __typename: 'ValidationError', code: string, message: string, path: Array<string> | null, issues: Array<{ path: Array<string>, code: string, message: string }> }
   };

export type DeletePropertyDefinitionMutationVariables = Exact<{
  input: DeletePropertyInput;
}>;


export type DeletePropertyDefinitionMutation = { deletePropertyDefinition:
    | { __typename: 'DeletePropertyDefinitionPayload', deletedDefinitionId: string, clearedCount: number }
    | { __typename: 'NotFoundError', code: string, message: string, path: Array<string> | null }
   };

export type ReminderFieldsFragment = { id: string, text: string, dueAt: string, completedAt: string | null, createdAt: string, createdBy: { id: string, email: string, name: string | null } | null };

export type UserRemindersQueryVariables = Exact<{
  id: string;
}>;


export type UserRemindersQuery = { user: { id: string, reminders: Array<{ id: string, text: string, dueAt: string, completedAt: string | null, createdAt: string, createdBy: { id: string, email: string, name: string | null } | null }> } | null };

export type CreateReminderMutationVariables = Exact<{
  input: CreateReminderInput;
}>;


export type CreateReminderMutation = { createReminder:
    | { __typename: 'NotFoundError', code: string, message: string, path: Array<string> | null }
    | { __typename: 'ReminderPayload', reminder: { id: string, text: string, dueAt: string, completedAt: string | null, createdAt: string, createdBy: { id: string, email: string, name: string | null } | null } }
    | { __typename: 'ValidationError', code: string, message: string, path: Array<string> | null, issues: Array<{ path: Array<string>, code: string, message: string }> }
   };

export type CompleteReminderMutationVariables = Exact<{
  input: CompleteReminderInput;
}>;


export type CompleteReminderMutation = { completeReminder:
    | { __typename: 'NotFoundError', code: string, message: string, path: Array<string> | null }
    | { __typename: 'ReminderPayload', reminder: { id: string, text: string, dueAt: string, completedAt: string | null, createdAt: string, createdBy: { id: string, email: string, name: string | null } | null } }
   };

export type DeleteReminderMutationVariables = Exact<{
  input: DeleteReminderInput;
}>;


export type DeleteReminderMutation = { deleteReminder:
    | { __typename: 'DeleteReminderPayload', deletedReminderId: string, user: { id: string } }
    | { __typename: 'NotFoundError', code: string, message: string, path: Array<string> | null }
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

export type SourceFieldsFragment = { key: string, name: string, enabled: boolean };

export type IdentityFieldsFragment = { id: string, source: string, username: string, createdAt: string };

export type TeamSourcesQueryVariables = Exact<{ [key: string]: never; }>;


export type TeamSourcesQuery = { viewer: { team: { id: string, sources: Array<{ key: string, name: string, enabled: boolean }> } } };

export type UserIdentitiesQueryVariables = Exact<{
  id: string;
}>;


export type UserIdentitiesQuery = { user: { id: string, identities: Array<{ id: string, source: string, username: string, createdAt: string }> } | null };

export type EnableSourceMutationVariables = Exact<{
  input: EnableSourceInput;
}>;


export type EnableSourceMutation = { enableSource:
    | { __typename: 'NotFoundError', code: string, message: string, path: Array<string> | null }
    | { __typename: 'SourcePayload', source: { key: string, name: string, enabled: boolean } }
   };

export type DisableSourceMutationVariables = Exact<{
  input: DisableSourceInput;
}>;


export type DisableSourceMutation = { disableSource:
    | { __typename: 'NotFoundError', code: string, message: string, path: Array<string> | null }
    | { __typename: 'SourcePayload', source: { key: string, name: string, enabled: boolean } }
   };

export type AddIdentityMutationVariables = Exact<{
  input: AddIdentityInput;
}>;


export type AddIdentityMutation = { addIdentity:
    | { __typename: 'IdentityPayload', identity: { id: string, source: string, username: string, createdAt: string }, user: { id: string, identities: Array<{ id: string, source: string, username: string, createdAt: string }> } }
    | { __typename: 'NotFoundError', code: string, message: string, path: Array<string> | null }
    | { __typename: 'ValidationError', code: string, message: string, path: Array<string> | null, issues: Array<{ path: Array<string>, code: string, message: string }> }
   };

export type RemoveIdentityMutationVariables = Exact<{
  input: RemoveIdentityInput;
}>;


export type RemoveIdentityMutation = { removeIdentity:
    | { __typename: 'NotFoundError', code: string, message: string, path: Array<string> | null }
    | { __typename: 'RemoveIdentityPayload', removedIdentityId: string, user: { id: string, identities: Array<{ id: string, source: string, username: string, createdAt: string }> } }
   };

export type TagFieldsFragment = { id: string, name: string, userCount: number, createdAt: string, updatedAt: string };

export type TagsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  search?: string | null | undefined;
}>;


export type TagsQuery = { tags: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, name: string, userCount: number, createdAt: string, updatedAt: string } }> } };

export type TagWithUsersQueryVariables = Exact<{
  id: string;
  first?: number | null | undefined;
  after?: string | null | undefined;
  orderBy?: UserOrder | null | undefined;
}>;


export type TagWithUsersQuery = { node:
    | { id: string, name: string, userCount: number, createdAt: string, updatedAt: string, users: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, externalId: string, email: string | null, displayName: string | null } }> } }
    | Record<PropertyKey, never>
   | null };

export type CreateTagMutationVariables = Exact<{
  input: CreateTagInput;
}>;


export type CreateTagMutation = { createTag:
    | { __typename: 'TagPayload', tag: { id: string, name: string, userCount: number, createdAt: string, updatedAt: string } }
    | { __typename: 'ValidationError', code: string, message: string, path: Array<string> | null, issues: Array<{ path: Array<string>, code: string, message: string }> }
   };

export type RenameTagMutationVariables = Exact<{
  input: RenameTagInput;
}>;


export type RenameTagMutation = { renameTag:
    | { __typename: 'NotFoundError', code: string, message: string, path: Array<string> | null }
    | { __typename: 'TagPayload', tag: { id: string, name: string, userCount: number, createdAt: string, updatedAt: string } }
    | { __typename: 'ValidationError', code: string, message: string, path: Array<string> | null, issues: Array<{ path: Array<string>, code: string, message: string }> }
   };

export type DeleteTagMutationVariables = Exact<{
  input: DeleteTagInput;
}>;


export type DeleteTagMutation = { deleteTag:
    | { __typename: 'DeleteTagPayload', deletedTagId: string, removed: number }
    | { __typename: 'NotFoundError', code: string, message: string, path: Array<string> | null }
   };

export type TagUsersMutationVariables = Exact<{
  input: TagUsersInput;
}>;


export type TagUsersMutation = { tagUsers:
    | { __typename: 'LimitError', code: string, message: string, path: Array<string> | null }
    | { __typename: 'NotFoundError', code: string, message: string, path: Array<string> | null }
    | { __typename: 'TagUsersPayload', added: number, users: Array<{ id: string, externalId: string, tags: Array<{ id: string, name: string }> }>, tags: Array<{ id: string, name: string, userCount: number, createdAt: string, updatedAt: string }>, createdTags: Array<{ id: string, name: string, userCount: number, createdAt: string, updatedAt: string }> }
    | { __typename: 'ValidationError', code: string, message: string, path: Array<string> | null, issues: Array<{ path: Array<string>, code: string, message: string }> }
   };

export type UntagUsersMutationVariables = Exact<{
  input: UntagUsersInput;
}>;


export type UntagUsersMutation = { untagUsers:
    | { __typename: 'LimitError', code: string, message: string, path: Array<string> | null }
    | { __typename: 'NotFoundError', code: string, message: string, path: Array<string> | null }
    | { __typename: 'UntagUsersPayload', removed: number, users: Array<{ id: string, externalId: string, tags: Array<{ id: string, name: string }> }>, tags: Array<{ id: string, name: string, userCount: number, createdAt: string, updatedAt: string }> }
    | { __typename: 'ValidationError', code: string, message: string, path: Array<string> | null, issues: Array<{ path: Array<string>, code: string, message: string }> }
   };

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
export const GroupFieldsFragmentDoc = new TypedDocumentString(`
    fragment GroupFields on Group {
  id
  name
  description
  userCount
  createdAt
  updatedAt
}
    `, {"fragmentName":"GroupFields"}) as unknown as TypedDocumentString<GroupFieldsFragment, unknown>;
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
export const PropertyDefinitionFieldsFragmentDoc = new TypedDocumentString(`
    fragment PropertyDefinitionFields on PropertyDefinition {
  id
  key
  label
  type
  required
  unique
  description
  min
  max
  minLength
  maxLength
  pattern
  options
  createdAt
  updatedAt
}
    `, {"fragmentName":"PropertyDefinitionFields"}) as unknown as TypedDocumentString<PropertyDefinitionFieldsFragment, unknown>;
export const ReminderFieldsFragmentDoc = new TypedDocumentString(`
    fragment ReminderFields on Reminder {
  id
  text
  dueAt
  completedAt
  createdAt
  createdBy {
    id
    email
    name
  }
}
    `, {"fragmentName":"ReminderFields"}) as unknown as TypedDocumentString<ReminderFieldsFragment, unknown>;
export const SourceFieldsFragmentDoc = new TypedDocumentString(`
    fragment SourceFields on Source {
  key
  name
  enabled
}
    `, {"fragmentName":"SourceFields"}) as unknown as TypedDocumentString<SourceFieldsFragment, unknown>;
export const IdentityFieldsFragmentDoc = new TypedDocumentString(`
    fragment IdentityFields on Identity {
  id
  source
  username
  createdAt
}
    `, {"fragmentName":"IdentityFields"}) as unknown as TypedDocumentString<IdentityFieldsFragment, unknown>;
export const TagFieldsFragmentDoc = new TypedDocumentString(`
    fragment TagFields on Tag {
  id
  name
  userCount
  createdAt
  updatedAt
}
    `, {"fragmentName":"TagFields"}) as unknown as TypedDocumentString<TagFieldsFragment, unknown>;
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
export const ExportActivityDocument = new TypedDocumentString(`
    mutation ExportActivity($input: ExportActivityInput!) {
  exportActivity(input: $input) {
    __typename
    ... on DownloadPayload {
      url
      expiresAt
    }
    ... on Error {
      code
      message
      path
    }
  }
}
    `) as unknown as TypedDocumentString<ExportActivityMutation, ExportActivityMutationVariables>;
export const ImportTemplateDocument = new TypedDocumentString(`
    query ImportTemplate($format: ImportFormat!) {
  importTemplate(format: $format) {
    url
    expiresAt
  }
}
    `) as unknown as TypedDocumentString<ImportTemplateQuery, ImportTemplateQueryVariables>;
export const UserExportColumnsDocument = new TypedDocumentString(`
    query UserExportColumns {
  userExportColumns {
    name
    isDefault
    propertyKey
  }
}
    `) as unknown as TypedDocumentString<UserExportColumnsQuery, UserExportColumnsQueryVariables>;
export const ExportUsersDocument = new TypedDocumentString(`
    mutation ExportUsers($input: ExportUsersInput!) {
  exportUsers(input: $input) {
    __typename
    ... on DownloadPayload {
      url
      expiresAt
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
    `) as unknown as TypedDocumentString<ExportUsersMutation, ExportUsersMutationVariables>;
export const GroupsDocument = new TypedDocumentString(`
    query Groups($first: Int, $after: String, $search: String) {
  groups(first: $first, after: $after, search: $search) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      cursor
      node {
        ...GroupFields
      }
    }
  }
}
    fragment GroupFields on Group {
  id
  name
  description
  userCount
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<GroupsQuery, GroupsQueryVariables>;
export const GroupWithUsersDocument = new TypedDocumentString(`
    query GroupWithUsers($id: ID!, $first: Int, $after: String, $orderBy: UserOrder) {
  node(id: $id) {
    ... on Group {
      ...GroupFields
      users(first: $first, after: $after, orderBy: $orderBy) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            id
            externalId
            email
            displayName
          }
        }
      }
    }
  }
}
    fragment GroupFields on Group {
  id
  name
  description
  userCount
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<GroupWithUsersQuery, GroupWithUsersQueryVariables>;
export const CreateGroupDocument = new TypedDocumentString(`
    mutation CreateGroup($input: CreateGroupInput!) {
  createGroup(input: $input) {
    __typename
    ... on GroupPayload {
      group {
        ...GroupFields
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
    fragment GroupFields on Group {
  id
  name
  description
  userCount
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<CreateGroupMutation, CreateGroupMutationVariables>;
export const UpdateGroupDocument = new TypedDocumentString(`
    mutation UpdateGroup($input: UpdateGroupInput!) {
  updateGroup(input: $input) {
    __typename
    ... on GroupPayload {
      group {
        ...GroupFields
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
    fragment GroupFields on Group {
  id
  name
  description
  userCount
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<UpdateGroupMutation, UpdateGroupMutationVariables>;
export const DeleteGroupDocument = new TypedDocumentString(`
    mutation DeleteGroup($input: DeleteGroupInput!) {
  deleteGroup(input: $input) {
    __typename
    ... on DeleteGroupPayload {
      deletedGroupId
      removed
    }
    ... on Error {
      code
      message
      path
    }
  }
}
    `) as unknown as TypedDocumentString<DeleteGroupMutation, DeleteGroupMutationVariables>;
export const AddUsersToGroupsDocument = new TypedDocumentString(`
    mutation AddUsersToGroups($input: AddUsersToGroupsInput!) {
  addUsersToGroups(input: $input) {
    __typename
    ... on AddUsersToGroupsPayload {
      added
      users {
        id
        externalId
        groups {
          id
          name
        }
      }
      groups {
        ...GroupFields
      }
      createdGroups {
        ...GroupFields
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
    fragment GroupFields on Group {
  id
  name
  description
  userCount
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<AddUsersToGroupsMutation, AddUsersToGroupsMutationVariables>;
export const RemoveUsersFromGroupsDocument = new TypedDocumentString(`
    mutation RemoveUsersFromGroups($input: RemoveUsersFromGroupsInput!) {
  removeUsersFromGroups(input: $input) {
    __typename
    ... on RemoveUsersFromGroupsPayload {
      removed
      users {
        id
        externalId
        groups {
          id
          name
        }
      }
      groups {
        ...GroupFields
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
    fragment GroupFields on Group {
  id
  name
  description
  userCount
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<RemoveUsersFromGroupsMutation, RemoveUsersFromGroupsMutationVariables>;
export const IdentifyDocument = new TypedDocumentString(`
    mutation Identify($input: IdentifyInput!) {
  identify(input: $input) {
    __typename
    ... on IdentifyPayload {
      created
      verified
      user {
        id
        externalId
        email
        kind
        status
        role
        displayName
        firstName
        lastName
        jobTitle
        phone
        company
        address {
          line1
          line2
          city
          region
          postalCode
          country
        }
        emailConsent {
          subscribed
          changedAt
        }
        properties
        signedUpAt
        lastSeenAt
        createdAt
        updatedAt
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
    `) as unknown as TypedDocumentString<IdentifyMutation, IdentifyMutationVariables>;
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
export const PropertyDefinitionsDocument = new TypedDocumentString(`
    query PropertyDefinitions {
  propertyDefinitions {
    ...PropertyDefinitionFields
  }
}
    fragment PropertyDefinitionFields on PropertyDefinition {
  id
  key
  label
  type
  required
  unique
  description
  min
  max
  minLength
  maxLength
  pattern
  options
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<PropertyDefinitionsQuery, PropertyDefinitionsQueryVariables>;
export const DefinePropertyDefinitionDocument = new TypedDocumentString(`
    mutation DefinePropertyDefinition($input: DefinePropertyInput!) {
  definePropertyDefinition(input: $input) {
    __typename
    ... on PropertyDefinitionPayload {
      definition {
        ...PropertyDefinitionFields
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
    ... on DefinitionChangeError {
      breakingCount
      invalidCount
      duplicateCount
      missingCount
    }
  }
}
    fragment PropertyDefinitionFields on PropertyDefinition {
  id
  key
  label
  type
  required
  unique
  description
  min
  max
  minLength
  maxLength
  pattern
  options
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<DefinePropertyDefinitionMutation, DefinePropertyDefinitionMutationVariables>;
export const UpdatePropertyDefinitionDocument = new TypedDocumentString(`
    mutation UpdatePropertyDefinition($input: UpdatePropertyInput!) {
  updatePropertyDefinition(input: $input) {
    __typename
    ... on UpdatePropertyDefinitionPayload {
      clearedCount
      definition {
        ...PropertyDefinitionFields
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
    ... on DefinitionChangeError {
      breakingCount
      invalidCount
      duplicateCount
      missingCount
    }
  }
}
    fragment PropertyDefinitionFields on PropertyDefinition {
  id
  key
  label
  type
  required
  unique
  description
  min
  max
  minLength
  maxLength
  pattern
  options
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<UpdatePropertyDefinitionMutation, UpdatePropertyDefinitionMutationVariables>;
export const DeletePropertyDefinitionDocument = new TypedDocumentString(`
    mutation DeletePropertyDefinition($input: DeletePropertyInput!) {
  deletePropertyDefinition(input: $input) {
    __typename
    ... on DeletePropertyDefinitionPayload {
      deletedDefinitionId
      clearedCount
    }
    ... on Error {
      code
      message
      path
    }
  }
}
    `) as unknown as TypedDocumentString<DeletePropertyDefinitionMutation, DeletePropertyDefinitionMutationVariables>;
export const UserRemindersDocument = new TypedDocumentString(`
    query UserReminders($id: ID!) {
  user(id: $id) {
    id
    reminders {
      ...ReminderFields
    }
  }
}
    fragment ReminderFields on Reminder {
  id
  text
  dueAt
  completedAt
  createdAt
  createdBy {
    id
    email
    name
  }
}`) as unknown as TypedDocumentString<UserRemindersQuery, UserRemindersQueryVariables>;
export const CreateReminderDocument = new TypedDocumentString(`
    mutation CreateReminder($input: CreateReminderInput!) {
  createReminder(input: $input) {
    __typename
    ... on ReminderPayload {
      reminder {
        ...ReminderFields
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
    fragment ReminderFields on Reminder {
  id
  text
  dueAt
  completedAt
  createdAt
  createdBy {
    id
    email
    name
  }
}`) as unknown as TypedDocumentString<CreateReminderMutation, CreateReminderMutationVariables>;
export const CompleteReminderDocument = new TypedDocumentString(`
    mutation CompleteReminder($input: CompleteReminderInput!) {
  completeReminder(input: $input) {
    __typename
    ... on ReminderPayload {
      reminder {
        ...ReminderFields
      }
    }
    ... on Error {
      code
      message
      path
    }
  }
}
    fragment ReminderFields on Reminder {
  id
  text
  dueAt
  completedAt
  createdAt
  createdBy {
    id
    email
    name
  }
}`) as unknown as TypedDocumentString<CompleteReminderMutation, CompleteReminderMutationVariables>;
export const DeleteReminderDocument = new TypedDocumentString(`
    mutation DeleteReminder($input: DeleteReminderInput!) {
  deleteReminder(input: $input) {
    __typename
    ... on DeleteReminderPayload {
      deletedReminderId
      user {
        id
      }
    }
    ... on Error {
      code
      message
      path
    }
  }
}
    `) as unknown as TypedDocumentString<DeleteReminderMutation, DeleteReminderMutationVariables>;
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
export const TeamSourcesDocument = new TypedDocumentString(`
    query TeamSources {
  viewer {
    team {
      id
      sources {
        ...SourceFields
      }
    }
  }
}
    fragment SourceFields on Source {
  key
  name
  enabled
}`) as unknown as TypedDocumentString<TeamSourcesQuery, TeamSourcesQueryVariables>;
export const UserIdentitiesDocument = new TypedDocumentString(`
    query UserIdentities($id: ID!) {
  user(id: $id) {
    id
    identities {
      ...IdentityFields
    }
  }
}
    fragment IdentityFields on Identity {
  id
  source
  username
  createdAt
}`) as unknown as TypedDocumentString<UserIdentitiesQuery, UserIdentitiesQueryVariables>;
export const EnableSourceDocument = new TypedDocumentString(`
    mutation EnableSource($input: EnableSourceInput!) {
  enableSource(input: $input) {
    __typename
    ... on SourcePayload {
      source {
        ...SourceFields
      }
    }
    ... on Error {
      code
      message
      path
    }
  }
}
    fragment SourceFields on Source {
  key
  name
  enabled
}`) as unknown as TypedDocumentString<EnableSourceMutation, EnableSourceMutationVariables>;
export const DisableSourceDocument = new TypedDocumentString(`
    mutation DisableSource($input: DisableSourceInput!) {
  disableSource(input: $input) {
    __typename
    ... on SourcePayload {
      source {
        ...SourceFields
      }
    }
    ... on Error {
      code
      message
      path
    }
  }
}
    fragment SourceFields on Source {
  key
  name
  enabled
}`) as unknown as TypedDocumentString<DisableSourceMutation, DisableSourceMutationVariables>;
export const AddIdentityDocument = new TypedDocumentString(`
    mutation AddIdentity($input: AddIdentityInput!) {
  addIdentity(input: $input) {
    __typename
    ... on IdentityPayload {
      identity {
        ...IdentityFields
      }
      user {
        id
        identities {
          ...IdentityFields
        }
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
    fragment IdentityFields on Identity {
  id
  source
  username
  createdAt
}`) as unknown as TypedDocumentString<AddIdentityMutation, AddIdentityMutationVariables>;
export const RemoveIdentityDocument = new TypedDocumentString(`
    mutation RemoveIdentity($input: RemoveIdentityInput!) {
  removeIdentity(input: $input) {
    __typename
    ... on RemoveIdentityPayload {
      removedIdentityId
      user {
        id
        identities {
          ...IdentityFields
        }
      }
    }
    ... on Error {
      code
      message
      path
    }
  }
}
    fragment IdentityFields on Identity {
  id
  source
  username
  createdAt
}`) as unknown as TypedDocumentString<RemoveIdentityMutation, RemoveIdentityMutationVariables>;
export const TagsDocument = new TypedDocumentString(`
    query Tags($first: Int, $after: String, $search: String) {
  tags(first: $first, after: $after, search: $search) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      cursor
      node {
        ...TagFields
      }
    }
  }
}
    fragment TagFields on Tag {
  id
  name
  userCount
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<TagsQuery, TagsQueryVariables>;
export const TagWithUsersDocument = new TypedDocumentString(`
    query TagWithUsers($id: ID!, $first: Int, $after: String, $orderBy: UserOrder) {
  node(id: $id) {
    ... on Tag {
      ...TagFields
      users(first: $first, after: $after, orderBy: $orderBy) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            id
            externalId
            email
            displayName
          }
        }
      }
    }
  }
}
    fragment TagFields on Tag {
  id
  name
  userCount
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<TagWithUsersQuery, TagWithUsersQueryVariables>;
export const CreateTagDocument = new TypedDocumentString(`
    mutation CreateTag($input: CreateTagInput!) {
  createTag(input: $input) {
    __typename
    ... on TagPayload {
      tag {
        ...TagFields
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
    fragment TagFields on Tag {
  id
  name
  userCount
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<CreateTagMutation, CreateTagMutationVariables>;
export const RenameTagDocument = new TypedDocumentString(`
    mutation RenameTag($input: RenameTagInput!) {
  renameTag(input: $input) {
    __typename
    ... on TagPayload {
      tag {
        ...TagFields
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
    fragment TagFields on Tag {
  id
  name
  userCount
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<RenameTagMutation, RenameTagMutationVariables>;
export const DeleteTagDocument = new TypedDocumentString(`
    mutation DeleteTag($input: DeleteTagInput!) {
  deleteTag(input: $input) {
    __typename
    ... on DeleteTagPayload {
      deletedTagId
      removed
    }
    ... on Error {
      code
      message
      path
    }
  }
}
    `) as unknown as TypedDocumentString<DeleteTagMutation, DeleteTagMutationVariables>;
export const TagUsersDocument = new TypedDocumentString(`
    mutation TagUsers($input: TagUsersInput!) {
  tagUsers(input: $input) {
    __typename
    ... on TagUsersPayload {
      added
      users {
        id
        externalId
        tags {
          id
          name
        }
      }
      tags {
        ...TagFields
      }
      createdTags {
        ...TagFields
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
    fragment TagFields on Tag {
  id
  name
  userCount
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<TagUsersMutation, TagUsersMutationVariables>;
export const UntagUsersDocument = new TypedDocumentString(`
    mutation UntagUsers($input: UntagUsersInput!) {
  untagUsers(input: $input) {
    __typename
    ... on UntagUsersPayload {
      removed
      users {
        id
        externalId
        tags {
          id
          name
        }
      }
      tags {
        ...TagFields
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
    fragment TagFields on Tag {
  id
  name
  userCount
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<UntagUsersMutation, UntagUsersMutationVariables>;
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