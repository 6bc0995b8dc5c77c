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

export type ActivityFilter = {
  names?: Array<string> | null | undefined;
  origins?: Array<EventOrigin> | null | undefined;
  userId?: string | null | undefined;
};

export type AddActivityInput = {
  name: string;
  occurredAt?: string | null | undefined;
  properties?: unknown;
  userId: string;
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

/** Through which door a change came: a member, an API key, an import, the client API, or Pavior itself. */
export type ChangeOrigin =
  | 'API_KEY'
  | 'CLIENT'
  | 'IMPORT'
  | 'MEMBER'
  | 'SYSTEM';

/** Where one column of the file goes. Columns not listed are skipped. */
export type ColumnMappingInput = {
  /** A column name, as in Import.columns. */
  column: string;
  /** ATTRIBUTE: the attribute (externalId, email, status, role, displayName, address.city…); PROPERTY / NEW_PROPERTY: the property key. */
  key?: string | null | undefined;
  kind: MappingTargetKind;
  /** NEW_PROPERTY: its label; the column name by default. */
  label?: string | null | undefined;
  /** NEW_PROPERTY: the type to create (not ENUM). */
  type?: PropertyType | null | undefined;
};

export type CompleteReminderInput = {
  id: string;
};

export type ConfigureImportInput = {
  conflictPolicy?: ConflictPolicy | null | undefined;
  /** Create the groups the file names that do not exist (else UNKNOWN_GROUP). */
  createMissingGroups?: boolean | null | undefined;
  /** Allow NEW_PROPERTY columns (created when the import commits). */
  createMissingProperties?: boolean | null | undefined;
  id: string;
  /** One of idColumnCandidates, mapped to externalId or email: existing users (USER kind) are matched by it. */
  idColumn: string;
  mapping: Array<ColumnMappingInput>;
  /** Let commitImport write the valid rows while others have errors (else it refuses: HAS_ERRORS). */
  skipInvalidRows?: boolean | null | undefined;
};

/** For users that exist already: OVERWRITE their values, KEEP_EXISTING ones, or FILL_EMPTY fields only. */
export type ConflictPolicy =
  | 'FILL_EMPTY'
  | 'KEEP_EXISTING'
  | 'OVERWRITE';

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

export type CreateImportInput = {
  /** A CSV (comma, semicolon or tab; UTF-8, UTF-16 with BOM or Windows-1252) or XLSX file (its first sheet), detected from its content. */
  file: Blob;
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

/** externalId defaults to the email; at least one of them is required. */
export type CreateUserInput = {
  address?: AddressInput | null | undefined;
  company?: string | null | undefined;
  displayName?: string | null | undefined;
  email?: string | null | undefined;
  emailConsent?: boolean | null | undefined;
  externalId?: string | null | undefined;
  firstName?: string | null | undefined;
  jobTitle?: string | null | undefined;
  kind?: UserKind | null | undefined;
  lastName?: string | null | undefined;
  note?: string | null | undefined;
  phone?: string | null | undefined;
  /** Custom property values keyed by definition key. */
  properties?: unknown;
  role?: UserRole | null | undefined;
  signedUpAt?: string | null | undefined;
  status?: UserStatus | null | undefined;
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

export type DeleteEventInput = {
  id: string;
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

export type DeleteUsersInput = {
  /** At most 1,000. */
  ids: Array<string>;
};

export type DisableSourceInput = {
  /** A source key (case-insensitive). */
  key: string;
};

export type EnableSourceInput = {
  /** A source key (case-insensitive). */
  key: string;
};

export type EventFilter = {
  /** occurredAt ≥ from */
  from?: string | null | undefined;
  names?: Array<string> | null | undefined;
  origins?: Array<EventOrigin> | null | undefined;
  /** occurredAt < to */
  to?: string | null | undefined;
  userId?: string | null | undefined;
};

/** CLIENT: a website’s browser; SERVER: the server API; MANUAL: added by a member; SYSTEM: Pavior (user created, status changed…). */
export type EventOrigin =
  | 'CLIENT'
  | 'MANUAL'
  | 'SERVER'
  | 'SYSTEM';

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

export type ImportIdInput = {
  id: string;
};

/** ANALYZED (uploaded and analysed) → VALIDATED (configured: errors and preview ready) → RUNNING → COMPLETED, or FAILED (with the checkpoint it reached) or CANCELLED; a completed import can be REVERTED. */
export type ImportStatus =
  | 'ANALYZED'
  | 'CANCELLED'
  | 'COMPLETED'
  | 'FAILED'
  | 'REVERTED'
  | 'RUNNING'
  | 'VALIDATED';

export type InviteMemberInput = {
  email: string;
  role: MemberRole;
};

export type LoginInput = {
  email: string;
  password: string;
  teamSlug: string;
};

/** ATTRIBUTE: a default attribute (key e.g. email, displayName, status); PROPERTY: an existing custom property; NEW_PROPERTY: a property to create (with createMissingProperties); GROUPS, TAGS: comma-separated names; IDENTITIES: comma-separated source:username; SKIP: ignore the column. */
export type MappingTargetKind =
  | 'ATTRIBUTE'
  | 'GROUPS'
  | 'IDENTITIES'
  | 'NEW_PROPERTY'
  | 'PROPERTY'
  | 'SKIP'
  | 'TAGS';

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

export type RevertImportInput = {
  /** Undo even fields changed since the import (their later values are lost). */
  force?: boolean | null | undefined;
  id: string;
};

export type RevokeApiKeyInput = {
  id: string;
};

export type RevokeInviteInput = {
  id: string;
};

export type SetEmailConsentInput = {
  subscribed: boolean;
  userId: string;
};

export type SetUserStatusInput = {
  /** At most 1,000. */
  ids: Array<string>;
  status: UserStatus;
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

export type TrackBatchInput = {
  /** Server API: create a USER for an unknown externalId/email instead of rejecting the event with USER_NOT_FOUND. The client API always creates the visitor (a LEAD unless the hash verifies). */
  createMissingUsers?: boolean | null | undefined;
  /** At most 1,000. */
  events: Array<TrackEventInput>;
};

export type TrackEventInput = {
  /** 1–100 letters, digits, spaces and _ . : - / */
  name: string;
  /** ISO 8601 with a time zone; at most 5 minutes ahead. Defaults to now. */
  occurredAt?: string | null | undefined;
  /** An object of at most 16 KiB. */
  properties?: unknown;
  user: UserKeyInput;
};

export type TrackInput = {
  /** Server API: create a USER for an unknown externalId/email instead of rejecting the event with USER_NOT_FOUND. The client API always creates the visitor (a LEAD unless the hash verifies). */
  createMissingUser?: boolean | null | undefined;
  name: string;
  occurredAt?: string | null | undefined;
  properties?: unknown;
  user: UserKeyInput;
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

export type UpdateUserInput = {
  id: string;
  patch: UserPatch;
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

/** Which user an event is about. Server API: id, externalId or email. Client API (public key): externalId or email, with userHash = hex HMAC-SHA256(identity secret, externalId or email) to act as the verified user; without a valid hash the visitor is a LEAD. */
export type UserKeyInput = {
  email?: string | null | undefined;
  externalId?: string | null | undefined;
  id?: string | null | undefined;
  userHash?: string | null | undefined;
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

/** Only the fields given change; null clears. The email cannot change once set (EMAIL_IMMUTABLE). */
export type UserPatch = {
  address?: AddressInput | null | undefined;
  company?: string | null | undefined;
  displayName?: string | null | undefined;
  email?: string | null | undefined;
  emailConsent?: boolean | null | undefined;
  externalId?: string | null | undefined;
  firstName?: string | null | undefined;
  jobTitle?: string | null | undefined;
  lastName?: string | null | undefined;
  note?: string | null | undefined;
  phone?: string | null | undefined;
  /** Keys given are set (null removes); others stay. */
  properties?: unknown;
  role?: UserRole | null | undefined;
  signedUpAt?: string | null | undefined;
  status?: UserStatus | null | undefined;
};

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

export type EventFieldsFragment = { id: string, name: string, properties: unknown, occurredAt: string, origin: EventOrigin, actor: { id: string, email: string, name: string | null } | null, user: { id: string, externalId: string, email: string | null, displayName: string | null } };

export type EventsQueryVariables = Exact<{
  filter?: EventFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type EventsQuery = { events: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, name: string, properties: unknown, occurredAt: string, origin: EventOrigin, actor: { id: string, email: string, name: string | null } | null, user: { id: string, externalId: string, email: string | null, displayName: string | null } } }> } };

export type EventCountsQueryVariables = Exact<{
  days: number;
  names?: Array<string> | string | null | undefined;
  userId?: string | null | undefined;
  timezone?: string | null | undefined;
}>;


export type EventCountsQuery = { eventCounts: Array<{ date: string, count: number }> };

export type TrackMutationVariables = Exact<{
  input: TrackInput;
}>;


export type TrackMutation = { track:
    | { __typename: 'EventPayload', event: { id: string, name: string, occurredAt: string } }
    | { __typename: 'NotFoundError', code: string, message: string, path: Array<string> | null }
    | { __typename: 'ValidationError', code: string, message: string, path: Array<string> | null, issues: Array<{ path: Array<string>, code: string, message: string }> }
   };

export type TrackBatchMutationVariables = Exact<{
  input: TrackBatchInput;
}>;


export type TrackBatchMutation = { trackBatch:
    | { __typename: 'LimitError', code: string, message: string, path: Array<string> | null }
    | { __typename: 'TrackBatchPayload', accepted: number, rejected: Array<{ index: number, code: string, message: string, path: Array<string> }> }
   };

export type AddActivityMutationVariables = Exact<{
  input: AddActivityInput;
}>;


export type AddActivityMutation = { addActivity:
    | { __typename: 'EventPayload', event: { id: string, name: string, properties: unknown, occurredAt: string, origin: EventOrigin, actor: { id: string, email: string, name: string | null } | null, user: { id: string, externalId: string, email: string | null, displayName: string | null } } }
    | { __typename: 'NotFoundError', code: string, message: string, path: Array<string> | null }
    | { __typename: 'ValidationError', code: string, message: string, path: Array<string> | null, issues: Array<{ path: Array<string>, code: string, message: string }> }
   };

export type DeleteEventMutationVariables = Exact<{
  input: DeleteEventInput;
}>;


export type DeleteEventMutation = { deleteEvent:
    | { __typename: 'DeleteEventPayload', deletedEventId: string }
    | { __typename: 'NotFoundError', code: string, message: string, path: Array<string> | null }
   };

export type ActivitySubscriptionVariables = Exact<{
  filter?: ActivityFilter | null | undefined;
}>;


export type ActivitySubscription = { activity: { id: string, name: string, properties: unknown, occurredAt: string, origin: EventOrigin, actor: { id: string, email: string, name: string | null } | null, user: { id: string, externalId: string, email: string | null, displayName: string | null } } };

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
    | { __typename: 'IdentifyPayload', created: boolean, verified: boolean, kind: UserKind, userId: string, user: { id: string, externalId: string, email: string | null, kind: UserKind, status: UserStatus, role: UserRole, displayName: string | null, firstName: string | null, lastName: string | null, jobTitle: string | null, phone: string | null, company: string | null, properties: unknown, signedUpAt: string | null, lastSeenAt: string | null, createdAt: string, updatedAt: string, address: { line1: string | null, line2: string | null, city: string | null, region: string | null, postalCode: string | null, country: string | null } | null, emailConsent: { subscribed: boolean, changedAt: string | null } } | null }
    | { __typename: 'ValidationError', code: string, message: string, path: Array<string> | null, issues: Array<{ path: Array<string>, code: string, message: string }> }
   };

export type CreateImportMutationVariables = Exact<{
  input: CreateImportInput;
}>;


export type CreateImportMutation = { createImport:
    | { __typename: 'Import', id: string, status: ImportStatus, fileName: string, format: ImportFormat, encoding: string | null, delimiter: string | null, sizeBytes: number, rowCount: number, idColumnCandidates: Array<string>, createdAt: string, columns: Array<{ name: string, index: number, filled: number, unique: boolean, samples: Array<string> }>, suggestedMapping: Array<{ column: string, kind: MappingTargetKind, key: string | null, type: string | null }> }
    | { __typename: 'LimitError', code: string, message: string, path: Array<string> | null }
    | { __typename: 'ValidationError', code: string, message: string, path: Array<string> | null, issues: Array<{ path: Array<string>, code: string, message: string }> }
   };

export type ImportAnalysisFragment = { id: string, status: ImportStatus, fileName: string, format: ImportFormat, encoding: string | null, delimiter: string | null, sizeBytes: number, rowCount: number, idColumnCandidates: Array<string>, createdAt: string, columns: Array<{ name: string, index: number, filled: number, unique: boolean, samples: Array<string> }>, suggestedMapping: Array<{ column: string, kind: MappingTargetKind, key: string | null, type: string | null }> };

export type ImportStateFragment = { id: string, status: ImportStatus, fileName: string, format: ImportFormat, rowCount: number, idColumn: string | null, conflictPolicy: ConflictPolicy | null, skipInvalidRows: boolean, createMissingGroups: boolean, createMissingProperties: boolean, failure: string | null, cancelRequested: boolean, errorReportUrl: string | null, startedAt: string | null, finishedAt: string | null, updatedAt: string, mapping: Array<{ column: string, kind: MappingTargetKind, key: string | null, type: string | null }> | null, preview: { create: number, update: number, unchanged: number, invalid: number } | null, progress: { processed: number, total: number, percent: number, rowsPerSecond: number | null }, result: { created: number, updated: number, unchanged: number, failed: number } | null };

export type ImportQueryVariables = Exact<{
  id: string;
}>;


export type ImportQuery = { node:
    | { __typename: 'ApiKey' }
    | { __typename: 'Event' }
    | { __typename: 'Group' }
    | { __typename: 'Identity' }
    | { __typename: 'Import', id: string, status: ImportStatus, fileName: string, format: ImportFormat, encoding: string | null, delimiter: string | null, sizeBytes: number, rowCount: number, idColumnCandidates: Array<string>, createdAt: string, idColumn: string | null, conflictPolicy: ConflictPolicy | null, skipInvalidRows: boolean, createMissingGroups: boolean, createMissingProperties: boolean, failure: string | null, cancelRequested: boolean, errorReportUrl: string | null, startedAt: string | null, finishedAt: string | null, updatedAt: string, columns: Array<{ name: string, index: number, filled: number, unique: boolean, samples: Array<string> }>, suggestedMapping: Array<{ column: string, kind: MappingTargetKind, key: string | null, type: string | null }>, mapping: Array<{ column: string, kind: MappingTargetKind, key: string | null, type: string | null }> | null, preview: { create: number, update: number, unchanged: number, invalid: number } | null, progress: { processed: number, total: number, percent: number, rowsPerSecond: number | null }, result: { created: number, updated: number, unchanged: number, failed: number } | null }
    | { __typename: 'Invite' }
    | { __typename: 'Member' }
    | { __typename: 'PropertyDefinition' }
    | { __typename: 'Reminder' }
    | { __typename: 'Tag' }
    | { __typename: 'Team' }
    | { __typename: 'User' }
   | null };

export type ImportsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ImportsQuery = { imports: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, status: ImportStatus, fileName: string, format: ImportFormat, rowCount: number, idColumn: string | null, conflictPolicy: ConflictPolicy | null, skipInvalidRows: boolean, createMissingGroups: boolean, createMissingProperties: boolean, failure: string | null, cancelRequested: boolean, errorReportUrl: string | null, startedAt: string | null, finishedAt: string | null, updatedAt: string, mapping: Array<{ column: string, kind: MappingTargetKind, key: string | null, type: string | null }> | null, preview: { create: number, update: number, unchanged: number, invalid: number } | null, progress: { processed: number, total: number, percent: number, rowsPerSecond: number | null }, result: { created: number, updated: number, unchanged: number, failed: number } | null } }> } };

export type ImportErrorsQueryVariables = Exact<{
  id: string;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ImportErrorsQuery = { node:
    | { __typename: 'ApiKey' }
    | { __typename: 'Event' }
    | { __typename: 'Group' }
    | { __typename: 'Identity' }
    | { __typename: 'Import', id: string, errors: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { row: number, column: string | null, value: string | null, code: string, message: string, phase: string } }> } }
    | { __typename: 'Invite' }
    | { __typename: 'Member' }
    | { __typename: 'PropertyDefinition' }
    | { __typename: 'Reminder' }
    | { __typename: 'Tag' }
    | { __typename: 'Team' }
    | { __typename: 'User' }
   | null };

export type ConfigureImportMutationVariables = Exact<{
  input: ConfigureImportInput;
}>;


export type ConfigureImportMutation = { configureImport:
    | { __typename: 'ConflictError', code: string, message: string, path: Array<string> | null }
    | { __typename: 'Import', id: string, status: ImportStatus, fileName: string, format: ImportFormat, rowCount: number, idColumn: string | null, conflictPolicy: ConflictPolicy | null, skipInvalidRows: boolean, createMissingGroups: boolean, createMissingProperties: boolean, failure: string | null, cancelRequested: boolean, errorReportUrl: string | null, startedAt: string | null, finishedAt: string | null, updatedAt: string, mapping: Array<{ column: string, kind: MappingTargetKind, key: string | null, type: string | null }> | null, preview: { create: number, update: number, unchanged: number, invalid: number } | null, progress: { processed: number, total: number, percent: number, rowsPerSecond: number | null }, result: { created: number, updated: number, unchanged: number, failed: number } | null }
    | { __typename: 'NotFoundError', code: string, message: string, path: Array<string> | null }
    | { __typename: 'ValidationError', code: string, message: string, path: Array<string> | null, issues: Array<{ path: Array<string>, code: string, message: string }> }
   };

export type CommitImportMutationVariables = Exact<{
  input: ImportIdInput;
}>;


export type CommitImportMutation = { commitImport:
    | { __typename: 'ConflictError', code: string, message: string, path: Array<string> | null }
    | { __typename: 'Import', id: string, status: ImportStatus, fileName: string, format: ImportFormat, rowCount: number, idColumn: string | null, conflictPolicy: ConflictPolicy | null, skipInvalidRows: boolean, createMissingGroups: boolean, createMissingProperties: boolean, failure: string | null, cancelRequested: boolean, errorReportUrl: string | null, startedAt: string | null, finishedAt: string | null, updatedAt: string, mapping: Array<{ column: string, kind: MappingTargetKind, key: string | null, type: string | null }> | null, preview: { create: number, update: number, unchanged: number, invalid: number } | null, progress: { processed: number, total: number, percent: number, rowsPerSecond: number | null }, result: { created: number, updated: number, unchanged: number, failed: number } | null }
    | { __typename: 'NotFoundError', code: string, message: string, path: Array<string> | null }
   };

export type CancelImportMutationVariables = Exact<{
  input: ImportIdInput;
}>;


export type CancelImportMutation = { cancelImport:
    | { __typename: 'ConflictError', code: string, message: string, path: Array<string> | null }
    | { __typename: 'Import', id: string, status: ImportStatus, fileName: string, format: ImportFormat, rowCount: number, idColumn: string | null, conflictPolicy: ConflictPolicy | null, skipInvalidRows: boolean, createMissingGroups: boolean, createMissingProperties: boolean, failure: string | null, cancelRequested: boolean, errorReportUrl: string | null, startedAt: string | null, finishedAt: string | null, updatedAt: string, mapping: Array<{ column: string, kind: MappingTargetKind, key: string | null, type: string | null }> | null, preview: { create: number, update: number, unchanged: number, invalid: number } | null, progress: { processed: number, total: number, percent: number, rowsPerSecond: number | null }, result: { created: number, updated: number, unchanged: number, failed: number } | null }
    | { __typename: 'NotFoundError', code: string, message: string, path: Array<string> | null }
   };

export type RevertImportMutationVariables = Exact<{
  input: RevertImportInput;
}>;


export type RevertImportMutation = { revertImport:
    | { __typename: 'ConflictError', code: string, message: string, path: Array<string> | null }
    | { __typename: 'Import', id: string, status: ImportStatus, fileName: string, format: ImportFormat, rowCount: number, idColumn: string | null, conflictPolicy: ConflictPolicy | null, skipInvalidRows: boolean, createMissingGroups: boolean, createMissingProperties: boolean, failure: string | null, cancelRequested: boolean, errorReportUrl: string | null, startedAt: string | null, finishedAt: string | null, updatedAt: string, mapping: Array<{ column: string, kind: MappingTargetKind, key: string | null, type: string | null }> | null, preview: { create: number, update: number, unchanged: number, invalid: number } | null, progress: { processed: number, total: number, percent: number, rowsPerSecond: number | null }, result: { created: number, updated: number, unchanged: number, failed: number } | null }
    | { __typename: 'NotFoundError', code: string, message: string, path: Array<string> | null }
    | { __typename: 'RevertConflictError', code: string, message: string, path: Array<string> | null, conflictCount: number, conflicts: Array<{ userId: string, externalId: string | null, field: string }> }
   };

export type ImportProgressSubscriptionVariables = Exact<{
  id: string;
}>;


export type ImportProgressSubscription = { importProgress: { id: string, status: ImportStatus, fileName: string, format: ImportFormat, rowCount: number, idColumn: string | null, conflictPolicy: ConflictPolicy | null, skipInvalidRows: boolean, createMissingGroups: boolean, createMissingProperties: boolean, failure: string | null, cancelRequested: boolean, errorReportUrl: string | null, startedAt: string | null, finishedAt: string | null, updatedAt: string, mapping: Array<{ column: string, kind: MappingTargetKind, key: string | null, type: string | null }> | null, preview: { create: number, update: number, unchanged: number, invalid: number } | null, progress: { processed: number, total: number, percent: number, rowsPerSecond: number | null }, result: { created: number, updated: number, unchanged: number, failed: number } | null } };

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

export type UserFieldsFragment = { id: string, externalId: string, email: string | null, kind: UserKind, status: UserStatus, role: UserRole, displayName: string | null, firstName: string | null, lastName: string | null, jobTitle: string | null, phone: string | null, company: string | null, properties: unknown, signedUpAt: string | null, lastSeenAt: string | null, createdAt: string, updatedAt: string, address: { line1: string | null, line2: string | null, city: string | null, region: string | null, postalCode: string | null, country: string | null } | null, emailConsent: { subscribed: boolean, changedAt: string | null }, groups: Array<{ id: string, name: string }>, tags: Array<{ id: string, name: string }>, identities: Array<{ id: string, source: string, username: string }> };

export type UsersQueryVariables = Exact<{
  filter?: UserFilter | null | undefined;
  orderBy?: UserOrder | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type UsersQuery = { users: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, externalId: string, email: string | null, kind: UserKind, status: UserStatus, role: UserRole, displayName: string | null, firstName: string | null, lastName: string | null, jobTitle: string | null, phone: string | null, company: string | null, properties: unknown, signedUpAt: string | null, lastSeenAt: string | null, createdAt: string, updatedAt: string, address: { line1: string | null, line2: string | null, city: string | null, region: string | null, postalCode: string | null, country: string | null } | null, emailConsent: { subscribed: boolean, changedAt: string | null }, groups: Array<{ id: string, name: string }>, tags: Array<{ id: string, name: string }>, identities: Array<{ id: string, source: string, username: string }> } }> } };

export type UserQueryVariables = Exact<{
  id?: string | null | undefined;
  externalId?: string | null | undefined;
  email?: string | null | undefined;
}>;


export type UserQuery = { user: { id: string, externalId: string, email: string | null, kind: UserKind, status: UserStatus, role: UserRole, displayName: string | null, firstName: string | null, lastName: string | null, jobTitle: string | null, phone: string | null, company: string | null, properties: unknown, signedUpAt: string | null, lastSeenAt: string | null, createdAt: string, updatedAt: string, address: { line1: string | null, line2: string | null, city: string | null, region: string | null, postalCode: string | null, country: string | null } | null, emailConsent: { subscribed: boolean, changedAt: string | null }, groups: Array<{ id: string, name: string }>, tags: Array<{ id: string, name: string }>, identities: Array<{ id: string, source: string, username: string }> } | null };

export type UserHistoryQueryVariables = Exact<{
  id: string;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type UserHistoryQuery = { user: { id: string, history: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { field: string, oldValue: unknown, newValue: unknown, origin: ChangeOrigin, apiKeyId: string | null, importId: string | null, createdAt: string, member: { id: string, email: string } | null } }> } } | null };

export type CreateUserMutationVariables = Exact<{
  input: CreateUserInput;
}>;


export type CreateUserMutation = { createUser:
    | { __typename: 'UserPayload', user: { id: string, externalId: string, email: string | null, kind: UserKind, status: UserStatus, role: UserRole, displayName: string | null, firstName: string | null, lastName: string | null, jobTitle: string | null, phone: string | null, company: string | null, properties: unknown, signedUpAt: string | null, lastSeenAt: string | null, createdAt: string, updatedAt: string, address: { line1: string | null, line2: string | null, city: string | null, region: string | null, postalCode: string | null, country: string | null } | null, emailConsent: { subscribed: boolean, changedAt: string | null }, groups: Array<{ id: string, name: string }>, tags: Array<{ id: string, name: string }>, identities: Array<{ id: string, source: string, username: string }> } }
    | { __typename: 'ValidationError', code: string, message: string, path: Array<string> | null, issues: Array<{ path: Array<string>, code: string, message: string }> }
   };

export type UpdateUserMutationVariables = Exact<{
  input: UpdateUserInput;
}>;


export type UpdateUserMutation = { updateUser:
    | { __typename: 'NotFoundError', code: string, message: string, path: Array<string> | null }
    | { __typename: 'UserPayload', user: { id: string, externalId: string, email: string | null, kind: UserKind, status: UserStatus, role: UserRole, displayName: string | null, firstName: string | null, lastName: string | null, jobTitle: string | null, phone: string | null, company: string | null, properties: unknown, signedUpAt: string | null, lastSeenAt: string | null, createdAt: string, updatedAt: string, address: { line1: string | null, line2: string | null, city: string | null, region: string | null, postalCode: string | null, country: string | null } | null, emailConsent: { subscribed: boolean, changedAt: string | null }, groups: Array<{ id: string, name: string }>, tags: Array<{ id: string, name: string }>, identities: Array<{ id: string, source: string, username: string }> } }
    | { __typename: 'ValidationError', code: string, message: string, path: Array<string> | null, issues: Array<{ path: Array<string>, code: string, message: string }> }
   };

export type DeleteUsersMutationVariables = Exact<{
  input: DeleteUsersInput;
}>;


export type DeleteUsersMutation = { deleteUsers:
    | { __typename: 'DeleteUsersPayload', deletedUserIds: Array<string> }
    | { __typename: 'LimitError', code: string, message: string, path: Array<string> | null }
    | { __typename: 'NotFoundError', code: string, message: string, path: Array<string> | null }
   };

export type SetUserStatusMutationVariables = Exact<{
  input: SetUserStatusInput;
}>;


export type SetUserStatusMutation = { setUserStatus:
    | { __typename: 'LimitError', code: string, message: string, path: Array<string> | null }
    | { __typename: 'NotFoundError', code: string, message: string, path: Array<string> | null }
    | { __typename: 'UsersPayload', users: Array<{ id: string, status: UserStatus, updatedAt: string }> }
   };

export type SetEmailConsentMutationVariables = Exact<{
  input: SetEmailConsentInput;
}>;


export type SetEmailConsentMutation = { setEmailConsent:
    | { __typename: 'NotFoundError', code: string, message: string, path: Array<string> | null }
    | { __typename: 'UserPayload', user: { id: string, emailConsent: { subscribed: boolean, changedAt: string | null } } }
   };

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
export const EventFieldsFragmentDoc = new TypedDocumentString(`
    fragment EventFields on Event {
  id
  name
  properties
  occurredAt
  origin
  actor {
    id
    email
    name
  }
  user {
    id
    externalId
    email
    displayName
  }
}
    `, {"fragmentName":"EventFields"}) as unknown as TypedDocumentString<EventFieldsFragment, unknown>;
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
export const ImportAnalysisFragmentDoc = new TypedDocumentString(`
    fragment ImportAnalysis on Import {
  id
  status
  fileName
  format
  encoding
  delimiter
  sizeBytes
  rowCount
  columns {
    name
    index
    filled
    unique
    samples
  }
  idColumnCandidates
  suggestedMapping {
    column
    kind
    key
    type
  }
  createdAt
}
    `, {"fragmentName":"ImportAnalysis"}) as unknown as TypedDocumentString<ImportAnalysisFragment, unknown>;
export const ImportStateFragmentDoc = new TypedDocumentString(`
    fragment ImportState on Import {
  id
  status
  fileName
  format
  rowCount
  idColumn
  conflictPolicy
  skipInvalidRows
  createMissingGroups
  createMissingProperties
  mapping {
    column
    kind
    key
    type
  }
  preview {
    create
    update
    unchanged
    invalid
  }
  progress {
    processed
    total
    percent
    rowsPerSecond
  }
  result {
    created
    updated
    unchanged
    failed
  }
  failure
  cancelRequested
  errorReportUrl
  startedAt
  finishedAt
  updatedAt
}
    `, {"fragmentName":"ImportState"}) as unknown as TypedDocumentString<ImportStateFragment, unknown>;
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
export const UserFieldsFragmentDoc = new TypedDocumentString(`
    fragment UserFields on User {
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
  groups {
    id
    name
  }
  tags {
    id
    name
  }
  identities {
    id
    source
    username
  }
  signedUpAt
  lastSeenAt
  createdAt
  updatedAt
}
    `, {"fragmentName":"UserFields"}) as unknown as TypedDocumentString<UserFieldsFragment, unknown>;
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
}`, {"hash":"sha256:5716a8104eae34f98a25c1144782d03947939ae118de708ba5e9ca959c1ae49e"}) as unknown as TypedDocumentString<ApiKeysQuery, ApiKeysQueryVariables>;
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
}`, {"hash":"sha256:0c50ce7cf57210015b3a794b887e3cfac6b4bbd21f088b23805f21ed57e15c86"}) as unknown as TypedDocumentString<CreateApiKeyMutation, CreateApiKeyMutationVariables>;
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
}`, {"hash":"sha256:320367c1c7752256812ffe5a30b2a5bdfa9cde50dfbec5fc5e4191d112b035c1"}) as unknown as TypedDocumentString<RevokeApiKeyMutation, RevokeApiKeyMutationVariables>;
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
    `, {"hash":"sha256:21dd74f7396c8c558c779f3439c568c5e54bc18631184fc24b1cf05c29748feb"}) as unknown as TypedDocumentString<ExportActivityMutation, ExportActivityMutationVariables>;
export const EventsDocument = new TypedDocumentString(`
    query Events($filter: EventFilter, $first: Int, $after: String) {
  events(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      cursor
      node {
        ...EventFields
      }
    }
  }
}
    fragment EventFields on Event {
  id
  name
  properties
  occurredAt
  origin
  actor {
    id
    email
    name
  }
  user {
    id
    externalId
    email
    displayName
  }
}`, {"hash":"sha256:5d414cd271e480fe76a7962daf55ecd2e61f69cd9844e9b9df1fbed787d13ec8"}) as unknown as TypedDocumentString<EventsQuery, EventsQueryVariables>;
export const EventCountsDocument = new TypedDocumentString(`
    query EventCounts($days: Int!, $names: [String!], $userId: ID, $timezone: String) {
  eventCounts(days: $days, names: $names, userId: $userId, timezone: $timezone) {
    date
    count
  }
}
    `, {"hash":"sha256:55ea2715658736e48ee338bcf699f8d5582e919a2f16c7c3d3b436f6154042cb"}) as unknown as TypedDocumentString<EventCountsQuery, EventCountsQueryVariables>;
export const TrackDocument = new TypedDocumentString(`
    mutation Track($input: TrackInput!) {
  track(input: $input) {
    __typename
    ... on EventPayload {
      event {
        id
        name
        occurredAt
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
    `, {"hash":"sha256:a0c6f06bd23fba8859e57a3a311363be8dffcb19b3e12c7e749b6bff458dc661"}) as unknown as TypedDocumentString<TrackMutation, TrackMutationVariables>;
export const TrackBatchDocument = new TypedDocumentString(`
    mutation TrackBatch($input: TrackBatchInput!) {
  trackBatch(input: $input) {
    __typename
    ... on TrackBatchPayload {
      accepted
      rejected {
        index
        code
        message
        path
      }
    }
    ... on Error {
      code
      message
      path
    }
  }
}
    `, {"hash":"sha256:0e9822d3bed0882bec8297239ec1f2661ae2b49d3cb18fc7368e379b11f67525"}) as unknown as TypedDocumentString<TrackBatchMutation, TrackBatchMutationVariables>;
export const AddActivityDocument = new TypedDocumentString(`
    mutation AddActivity($input: AddActivityInput!) {
  addActivity(input: $input) {
    __typename
    ... on EventPayload {
      event {
        ...EventFields
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
    fragment EventFields on Event {
  id
  name
  properties
  occurredAt
  origin
  actor {
    id
    email
    name
  }
  user {
    id
    externalId
    email
    displayName
  }
}`, {"hash":"sha256:f2dec8519c5af14c14ff12b6f4638d0d48ff95e78278656ee027a1a73aa5c337"}) as unknown as TypedDocumentString<AddActivityMutation, AddActivityMutationVariables>;
export const DeleteEventDocument = new TypedDocumentString(`
    mutation DeleteEvent($input: DeleteEventInput!) {
  deleteEvent(input: $input) {
    __typename
    ... on DeleteEventPayload {
      deletedEventId
    }
    ... on Error {
      code
      message
      path
    }
  }
}
    `, {"hash":"sha256:6460776b7c99f223a995159a37741cdb45d312a967fd720f841527fcfc3ec6d7"}) as unknown as TypedDocumentString<DeleteEventMutation, DeleteEventMutationVariables>;
export const ActivityDocument = new TypedDocumentString(`
    subscription Activity($filter: ActivityFilter) {
  activity(filter: $filter) {
    ...EventFields
  }
}
    fragment EventFields on Event {
  id
  name
  properties
  occurredAt
  origin
  actor {
    id
    email
    name
  }
  user {
    id
    externalId
    email
    displayName
  }
}`, {"hash":"sha256:db59aa9d59407067f06d71a4166b5905d5cf74eaa2e34d2d5f00c0d4b34d2ed9"}) as unknown as TypedDocumentString<ActivitySubscription, ActivitySubscriptionVariables>;
export const ImportTemplateDocument = new TypedDocumentString(`
    query ImportTemplate($format: ImportFormat!) {
  importTemplate(format: $format) {
    url
    expiresAt
  }
}
    `, {"hash":"sha256:a405e9f6121bdc1b303dbaaa7e56ad73b28aa2137496af4199ee5b41a24d455a"}) as unknown as TypedDocumentString<ImportTemplateQuery, ImportTemplateQueryVariables>;
export const UserExportColumnsDocument = new TypedDocumentString(`
    query UserExportColumns {
  userExportColumns {
    name
    isDefault
    propertyKey
  }
}
    `, {"hash":"sha256:325b0c73e3719fddfbebbd5e95c3011ae0700b7f143665c9608565a793551379"}) as unknown as TypedDocumentString<UserExportColumnsQuery, UserExportColumnsQueryVariables>;
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
    `, {"hash":"sha256:a9de0f93f85c51696b937104ca561491e84f2ccb7f6f0dcefe27af977c64fcfd"}) as unknown as TypedDocumentString<ExportUsersMutation, ExportUsersMutationVariables>;
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
}`, {"hash":"sha256:f1f6293ea05e9bf8120d9f5c472ec3a9a2f6cde793494382d49fadd06937841e"}) as unknown as TypedDocumentString<GroupsQuery, GroupsQueryVariables>;
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
}`, {"hash":"sha256:bfe318d6cae1cd1f84de66351043437b2e3d1b4e96aa9ea30c6adc2c40c7320d"}) as unknown as TypedDocumentString<GroupWithUsersQuery, GroupWithUsersQueryVariables>;
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
}`, {"hash":"sha256:ac2d61373b2694f353ea77e793aa2787859aae940afef4fc31e2a024a4ab9ab3"}) as unknown as TypedDocumentString<CreateGroupMutation, CreateGroupMutationVariables>;
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
}`, {"hash":"sha256:4a7d292acbc72efa1982501579eca4be71760b00a2f811afa6e5370e54ceb672"}) as unknown as TypedDocumentString<UpdateGroupMutation, UpdateGroupMutationVariables>;
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
    `, {"hash":"sha256:37627a31b40b1a8ee1693201cc501c1a3a239dfef13a508897f657cc5a6cc0d4"}) as unknown as TypedDocumentString<DeleteGroupMutation, DeleteGroupMutationVariables>;
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
}`, {"hash":"sha256:c1dbca190649839f593bd66f0c94cc2a30c0dd7bc6619225d7de0523ff8430cc"}) as unknown as TypedDocumentString<AddUsersToGroupsMutation, AddUsersToGroupsMutationVariables>;
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
}`, {"hash":"sha256:3ec3f15d0b85a4079dd1f5786bae65b9d39d0f31bf16cc0e8fc242c69eb0b31b"}) as unknown as TypedDocumentString<RemoveUsersFromGroupsMutation, RemoveUsersFromGroupsMutationVariables>;
export const IdentifyDocument = new TypedDocumentString(`
    mutation Identify($input: IdentifyInput!) {
  identify(input: $input) {
    __typename
    ... on IdentifyPayload {
      created
      verified
      kind
      userId
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
    `, {"hash":"sha256:c662e7e47873f8fb276e1c1ed6b8b8831da90d45946db792f799d94e1cec83e1"}) as unknown as TypedDocumentString<IdentifyMutation, IdentifyMutationVariables>;
export const CreateImportDocument = new TypedDocumentString(`
    mutation CreateImport($input: CreateImportInput!) {
  createImport(input: $input) {
    __typename
    ... on Import {
      ...ImportAnalysis
    }
    ... on ValidationError {
      code
      message
      path
      issues {
        path
        code
        message
      }
    }
    ... on LimitError {
      code
      message
      path
    }
  }
}
    fragment ImportAnalysis on Import {
  id
  status
  fileName
  format
  encoding
  delimiter
  sizeBytes
  rowCount
  columns {
    name
    index
    filled
    unique
    samples
  }
  idColumnCandidates
  suggestedMapping {
    column
    kind
    key
    type
  }
  createdAt
}`, {"hash":"sha256:e631cc342ce74893fb5799f7586e4393d87b7791b8a409c6451d3422e0071d2d"}) as unknown as TypedDocumentString<CreateImportMutation, CreateImportMutationVariables>;
export const ImportDocument = new TypedDocumentString(`
    query Import($id: ID!) {
  node(id: $id) {
    __typename
    ... on Import {
      ...ImportAnalysis
      ...ImportState
    }
  }
}
    fragment ImportAnalysis on Import {
  id
  status
  fileName
  format
  encoding
  delimiter
  sizeBytes
  rowCount
  columns {
    name
    index
    filled
    unique
    samples
  }
  idColumnCandidates
  suggestedMapping {
    column
    kind
    key
    type
  }
  createdAt
}
fragment ImportState on Import {
  id
  status
  fileName
  format
  rowCount
  idColumn
  conflictPolicy
  skipInvalidRows
  createMissingGroups
  createMissingProperties
  mapping {
    column
    kind
    key
    type
  }
  preview {
    create
    update
    unchanged
    invalid
  }
  progress {
    processed
    total
    percent
    rowsPerSecond
  }
  result {
    created
    updated
    unchanged
    failed
  }
  failure
  cancelRequested
  errorReportUrl
  startedAt
  finishedAt
  updatedAt
}`, {"hash":"sha256:bb65a5b4298448550b4140fa1d817963a89430b16589b3d1f38db6bda1ec964b"}) as unknown as TypedDocumentString<ImportQuery, ImportQueryVariables>;
export const ImportsDocument = new TypedDocumentString(`
    query Imports($first: Int, $after: String) {
  imports(first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      cursor
      node {
        ...ImportState
      }
    }
  }
}
    fragment ImportState on Import {
  id
  status
  fileName
  format
  rowCount
  idColumn
  conflictPolicy
  skipInvalidRows
  createMissingGroups
  createMissingProperties
  mapping {
    column
    kind
    key
    type
  }
  preview {
    create
    update
    unchanged
    invalid
  }
  progress {
    processed
    total
    percent
    rowsPerSecond
  }
  result {
    created
    updated
    unchanged
    failed
  }
  failure
  cancelRequested
  errorReportUrl
  startedAt
  finishedAt
  updatedAt
}`, {"hash":"sha256:870b06b08cb33936f4e5913aa25100aa1a810cfc5c51ad81a74de9812229e591"}) as unknown as TypedDocumentString<ImportsQuery, ImportsQueryVariables>;
export const ImportErrorsDocument = new TypedDocumentString(`
    query ImportErrors($id: ID!, $first: Int, $after: String) {
  node(id: $id) {
    __typename
    ... on Import {
      id
      errors(first: $first, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          cursor
          node {
            row
            column
            value
            code
            message
            phase
          }
        }
      }
    }
  }
}
    `, {"hash":"sha256:122e443a6aa671baa6471e3cea85faa41bd401027551968b7a6f60af250f851f"}) as unknown as TypedDocumentString<ImportErrorsQuery, ImportErrorsQueryVariables>;
export const ConfigureImportDocument = new TypedDocumentString(`
    mutation ConfigureImport($input: ConfigureImportInput!) {
  configureImport(input: $input) {
    __typename
    ... on Import {
      ...ImportState
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
    fragment ImportState on Import {
  id
  status
  fileName
  format
  rowCount
  idColumn
  conflictPolicy
  skipInvalidRows
  createMissingGroups
  createMissingProperties
  mapping {
    column
    kind
    key
    type
  }
  preview {
    create
    update
    unchanged
    invalid
  }
  progress {
    processed
    total
    percent
    rowsPerSecond
  }
  result {
    created
    updated
    unchanged
    failed
  }
  failure
  cancelRequested
  errorReportUrl
  startedAt
  finishedAt
  updatedAt
}`, {"hash":"sha256:34ccdfbdd7902574a91ef21668a32dbc3295e3a2f15969219550c7d65f28b63b"}) as unknown as TypedDocumentString<ConfigureImportMutation, ConfigureImportMutationVariables>;
export const CommitImportDocument = new TypedDocumentString(`
    mutation CommitImport($input: ImportIdInput!) {
  commitImport(input: $input) {
    __typename
    ... on Import {
      ...ImportState
    }
    ... on Error {
      code
      message
      path
    }
  }
}
    fragment ImportState on Import {
  id
  status
  fileName
  format
  rowCount
  idColumn
  conflictPolicy
  skipInvalidRows
  createMissingGroups
  createMissingProperties
  mapping {
    column
    kind
    key
    type
  }
  preview {
    create
    update
    unchanged
    invalid
  }
  progress {
    processed
    total
    percent
    rowsPerSecond
  }
  result {
    created
    updated
    unchanged
    failed
  }
  failure
  cancelRequested
  errorReportUrl
  startedAt
  finishedAt
  updatedAt
}`, {"hash":"sha256:a384e705cee719eda45cec1b41c1969e487d836ab280a1b5a9f99707d133bd9b"}) as unknown as TypedDocumentString<CommitImportMutation, CommitImportMutationVariables>;
export const CancelImportDocument = new TypedDocumentString(`
    mutation CancelImport($input: ImportIdInput!) {
  cancelImport(input: $input) {
    __typename
    ... on Import {
      ...ImportState
    }
    ... on Error {
      code
      message
      path
    }
  }
}
    fragment ImportState on Import {
  id
  status
  fileName
  format
  rowCount
  idColumn
  conflictPolicy
  skipInvalidRows
  createMissingGroups
  createMissingProperties
  mapping {
    column
    kind
    key
    type
  }
  preview {
    create
    update
    unchanged
    invalid
  }
  progress {
    processed
    total
    percent
    rowsPerSecond
  }
  result {
    created
    updated
    unchanged
    failed
  }
  failure
  cancelRequested
  errorReportUrl
  startedAt
  finishedAt
  updatedAt
}`, {"hash":"sha256:d61cca2476d06ecba27c7a244f5338006804c2a4521fb61e04ba29c1cf079290"}) as unknown as TypedDocumentString<CancelImportMutation, CancelImportMutationVariables>;
export const RevertImportDocument = new TypedDocumentString(`
    mutation RevertImport($input: RevertImportInput!) {
  revertImport(input: $input) {
    __typename
    ... on Import {
      ...ImportState
    }
    ... on Error {
      code
      message
      path
    }
    ... on RevertConflictError {
      conflictCount
      conflicts {
        userId
        externalId
        field
      }
    }
  }
}
    fragment ImportState on Import {
  id
  status
  fileName
  format
  rowCount
  idColumn
  conflictPolicy
  skipInvalidRows
  createMissingGroups
  createMissingProperties
  mapping {
    column
    kind
    key
    type
  }
  preview {
    create
    update
    unchanged
    invalid
  }
  progress {
    processed
    total
    percent
    rowsPerSecond
  }
  result {
    created
    updated
    unchanged
    failed
  }
  failure
  cancelRequested
  errorReportUrl
  startedAt
  finishedAt
  updatedAt
}`, {"hash":"sha256:0bf714217a2f6fcf0f3d7e021572e00ff1a32f4b7be5d765a7fe94a2ee49fb21"}) as unknown as TypedDocumentString<RevertImportMutation, RevertImportMutationVariables>;
export const ImportProgressDocument = new TypedDocumentString(`
    subscription ImportProgress($id: ID!) {
  importProgress(id: $id) {
    ...ImportState
  }
}
    fragment ImportState on Import {
  id
  status
  fileName
  format
  rowCount
  idColumn
  conflictPolicy
  skipInvalidRows
  createMissingGroups
  createMissingProperties
  mapping {
    column
    kind
    key
    type
  }
  preview {
    create
    update
    unchanged
    invalid
  }
  progress {
    processed
    total
    percent
    rowsPerSecond
  }
  result {
    created
    updated
    unchanged
    failed
  }
  failure
  cancelRequested
  errorReportUrl
  startedAt
  finishedAt
  updatedAt
}`, {"hash":"sha256:dc119d0b88eca962a6c67b388d0134e322fb6c1705c6fd923006bd0ce5fc67bc"}) as unknown as TypedDocumentString<ImportProgressSubscription, ImportProgressSubscriptionVariables>;
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
}`, {"hash":"sha256:17a5fd6f2c404eb50c217bbf069c4d2c2d2e1d94f0440f71b66fe21a25fecf3c"}) as unknown as TypedDocumentString<InvitesQuery, InvitesQueryVariables>;
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
}`, {"hash":"sha256:c9f79c041ec62ab31d72f8f57936e1f999bacbea1841a46aabcaaaca7d952781"}) as unknown as TypedDocumentString<InviteMemberMutation, InviteMemberMutationVariables>;
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
}`, {"hash":"sha256:6e177264646830f7246b2fd0e99d574b5a1a25afcc55f3377396d125e221db29"}) as unknown as TypedDocumentString<AcceptInviteMutation, AcceptInviteMutationVariables>;
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
}`, {"hash":"sha256:72511d675a91d7d015c8a06b390ea42589cb6138202650677957ef10c4e7c7e2"}) as unknown as TypedDocumentString<RevokeInviteMutation, RevokeInviteMutationVariables>;
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
}`, {"hash":"sha256:ed3f8abba3abb6402e9f2773e79608b4f6977e1a1dd0cb12008dcf430f96ff1c"}) as unknown as TypedDocumentString<TeamMembersQuery, TeamMembersQueryVariables>;
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
}`, {"hash":"sha256:b8eb31ef9f96a69b78d7b6e715fbd1e654f5fa3baf9b6da5027bec3cae66b8af"}) as unknown as TypedDocumentString<UpdateMemberRoleMutation, UpdateMemberRoleMutationVariables>;
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
    `, {"hash":"sha256:cb7d5a2ce8fff3dc4542429452e6b72c39168d1fc16cdedf2eea3d5b0c89c3c4"}) as unknown as TypedDocumentString<RemoveMemberMutation, RemoveMemberMutationVariables>;
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
}`, {"hash":"sha256:6c54add60b96b3291819f4129a9f9944041dfa9fd6b4c325072ee44d5adf4c1b"}) as unknown as TypedDocumentString<PropertyDefinitionsQuery, PropertyDefinitionsQueryVariables>;
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
}`, {"hash":"sha256:dd028a7e4045e0e23c1dbfa31b4f26b0113c499244b4a09066402ebde193fcda"}) as unknown as TypedDocumentString<DefinePropertyDefinitionMutation, DefinePropertyDefinitionMutationVariables>;
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
}`, {"hash":"sha256:c239618a7db80628779bee86b67f46fca66f5828221a96ccc0c910f37cacabd7"}) as unknown as TypedDocumentString<UpdatePropertyDefinitionMutation, UpdatePropertyDefinitionMutationVariables>;
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
    `, {"hash":"sha256:fd50f2d2f8a0833c45accb4f03bc1bbd35aff004f379051d7e2c0b5b81815021"}) as unknown as TypedDocumentString<DeletePropertyDefinitionMutation, DeletePropertyDefinitionMutationVariables>;
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
}`, {"hash":"sha256:8a5f955d071312920d8dfcc937c8255a5842c64804e7788e497c885fd61f8050"}) as unknown as TypedDocumentString<UserRemindersQuery, UserRemindersQueryVariables>;
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
}`, {"hash":"sha256:50107288d2f95076bd7428f5b11db153e4ff5113b8fef86ad12a1eb2e6462f11"}) as unknown as TypedDocumentString<CreateReminderMutation, CreateReminderMutationVariables>;
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
}`, {"hash":"sha256:521e4fd805bfe0bd1f276d005934ca6d2e9395f9e95390e6f41877a135d5e5fc"}) as unknown as TypedDocumentString<CompleteReminderMutation, CompleteReminderMutationVariables>;
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
    `, {"hash":"sha256:5e9885b7addf4ab00d6a1a8b6d8c3728d62e0581bc5d5693381ca468ffe9516c"}) as unknown as TypedDocumentString<DeleteReminderMutation, DeleteReminderMutationVariables>;
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
}`, {"hash":"sha256:d39446c20a45feaa838dabd001135c777211ffc05432048a6551ec69ea08e225"}) as unknown as TypedDocumentString<LoginMutation, LoginMutationVariables>;
export const LogoutDocument = new TypedDocumentString(`
    mutation Logout {
  logout {
    __typename
    ok
  }
}
    `, {"hash":"sha256:a51ed6d549efc8a571e6ea8530948a234d05b6daf2b35b0ef0ad89a22b28d9b5"}) as unknown as TypedDocumentString<LogoutMutation, LogoutMutationVariables>;
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
}`, {"hash":"sha256:22483c70ffe283b67cd0248c579832139323d8c8742469ce26ef9f1b31a5e0df"}) as unknown as TypedDocumentString<TeamSourcesQuery, TeamSourcesQueryVariables>;
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
}`, {"hash":"sha256:fc7e834a1c07956485426c9a3a5ae52bab3bac402dc7af3fc791fef53028d6d9"}) as unknown as TypedDocumentString<UserIdentitiesQuery, UserIdentitiesQueryVariables>;
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
}`, {"hash":"sha256:ca463be979a42c21b54b99a56bfcad08ee065394824466eda4b97ed556480cc5"}) as unknown as TypedDocumentString<EnableSourceMutation, EnableSourceMutationVariables>;
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
}`, {"hash":"sha256:b717b05cc899c542bcad6870669b12c140b921ecddfe289da9b0fbc5362c3270"}) as unknown as TypedDocumentString<DisableSourceMutation, DisableSourceMutationVariables>;
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
}`, {"hash":"sha256:3ae85d55dd098af53da8a260a10e9583998af035f644a42fd41b1ffccf3560f1"}) as unknown as TypedDocumentString<AddIdentityMutation, AddIdentityMutationVariables>;
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
}`, {"hash":"sha256:1083612917ae62f7d22edde878d1ca38787b61eaa0d9bc139b419dc1531745ac"}) as unknown as TypedDocumentString<RemoveIdentityMutation, RemoveIdentityMutationVariables>;
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
}`, {"hash":"sha256:4ce26265c327c70d3f0890a5e81851e41cf8ca9f8fe253191e4119d6d682fc96"}) as unknown as TypedDocumentString<TagsQuery, TagsQueryVariables>;
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
}`, {"hash":"sha256:2cc44f3bb62eb5bbe24c7d40aff03662b4d8006a29ee217e36168055fe678141"}) as unknown as TypedDocumentString<TagWithUsersQuery, TagWithUsersQueryVariables>;
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
}`, {"hash":"sha256:352ae50c7b2c4cbf3244f81b8aaa35f6530e2dc3a352a1f02637079417b6b293"}) as unknown as TypedDocumentString<CreateTagMutation, CreateTagMutationVariables>;
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
}`, {"hash":"sha256:bcdb2e270962f5f3b8cc1575e2cbcc0e79dfe953daa18d8cdefb40a7aceb3285"}) as unknown as TypedDocumentString<RenameTagMutation, RenameTagMutationVariables>;
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
    `, {"hash":"sha256:83972be859e250dd866a9394e0d8484bc5d6387a7b2be2a036ab09f660bd3cf1"}) as unknown as TypedDocumentString<DeleteTagMutation, DeleteTagMutationVariables>;
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
}`, {"hash":"sha256:7f88b59da30b1e0d03d1694d4bd82d5529bea319c0676e1802cbe010dd4a5da9"}) as unknown as TypedDocumentString<TagUsersMutation, TagUsersMutationVariables>;
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
}`, {"hash":"sha256:3f181aefc52ce0f7bc1263eaebe10c98bae51b54d30fbfaa6d45bf52537bdcf1"}) as unknown as TypedDocumentString<UntagUsersMutation, UntagUsersMutationVariables>;
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
}`, {"hash":"sha256:d134c44dd44c39c355e303e53a3cd2f52e61b55273768aebf30907c5174da138"}) as unknown as TypedDocumentString<CreateTeamMutation, CreateTeamMutationVariables>;
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
}`, {"hash":"sha256:e13928dd3acf69095c5646ee62b7977f9ddab5452447936045e6eebe2553e560"}) as unknown as TypedDocumentString<ViewerQuery, ViewerQueryVariables>;
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
}`, {"hash":"sha256:6e76dc4e25f54912beaea27e85bbbac1d310973fe95b3dd7af9d0fd664a48bab"}) as unknown as TypedDocumentString<UpdateTeamMutation, UpdateTeamMutationVariables>;
export const RotateIdentitySecretDocument = new TypedDocumentString(`
    mutation RotateIdentitySecret {
  rotateIdentitySecret {
    __typename
    secret
  }
}
    `, {"hash":"sha256:3fb07eeaa5af6c36bae26efe3174d735f3c5e98f28f5421f6f72482e9ee6645f"}) as unknown as TypedDocumentString<RotateIdentitySecretMutation, RotateIdentitySecretMutationVariables>;
export const UsersDocument = new TypedDocumentString(`
    query Users($filter: UserFilter, $orderBy: UserOrder, $first: Int, $after: String) {
  users(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      cursor
      node {
        ...UserFields
      }
    }
  }
}
    fragment UserFields on User {
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
  groups {
    id
    name
  }
  tags {
    id
    name
  }
  identities {
    id
    source
    username
  }
  signedUpAt
  lastSeenAt
  createdAt
  updatedAt
}`, {"hash":"sha256:ceea4c91ad4d89a8a6a53a2a82516b5faaf434f6f3b688cf7822f85c61c49428"}) as unknown as TypedDocumentString<UsersQuery, UsersQueryVariables>;
export const UserDocument = new TypedDocumentString(`
    query User($id: ID, $externalId: String, $email: String) {
  user(id: $id, externalId: $externalId, email: $email) {
    ...UserFields
  }
}
    fragment UserFields on User {
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
  groups {
    id
    name
  }
  tags {
    id
    name
  }
  identities {
    id
    source
    username
  }
  signedUpAt
  lastSeenAt
  createdAt
  updatedAt
}`, {"hash":"sha256:43fd7177ec2fa424b567ac893dd12ea9ba310b9b3903a8332e274a6a4d1d652a"}) as unknown as TypedDocumentString<UserQuery, UserQueryVariables>;
export const UserHistoryDocument = new TypedDocumentString(`
    query UserHistory($id: ID!, $first: Int, $after: String) {
  user(id: $id) {
    id
    history(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          field
          oldValue
          newValue
          origin
          apiKeyId
          importId
          member {
            id
            email
          }
          createdAt
        }
      }
    }
  }
}
    `, {"hash":"sha256:875e11690240deb7a5f9b3334e96272ac1c36e58a03695d4195f0d0bb0cc0ec7"}) as unknown as TypedDocumentString<UserHistoryQuery, UserHistoryQueryVariables>;
export const CreateUserDocument = new TypedDocumentString(`
    mutation CreateUser($input: CreateUserInput!) {
  createUser(input: $input) {
    __typename
    ... on UserPayload {
      user {
        ...UserFields
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
    fragment UserFields on User {
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
  groups {
    id
    name
  }
  tags {
    id
    name
  }
  identities {
    id
    source
    username
  }
  signedUpAt
  lastSeenAt
  createdAt
  updatedAt
}`, {"hash":"sha256:b2c4dfb9e858cb2b15286a330e3dc271acd43a2f2cec785cb0690b54b5b0d92a"}) as unknown as TypedDocumentString<CreateUserMutation, CreateUserMutationVariables>;
export const UpdateUserDocument = new TypedDocumentString(`
    mutation UpdateUser($input: UpdateUserInput!) {
  updateUser(input: $input) {
    __typename
    ... on UserPayload {
      user {
        ...UserFields
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
    fragment UserFields on User {
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
  groups {
    id
    name
  }
  tags {
    id
    name
  }
  identities {
    id
    source
    username
  }
  signedUpAt
  lastSeenAt
  createdAt
  updatedAt
}`, {"hash":"sha256:995c7fd1e4ef458cd836ae698b9a7daf75d95853d69e7c3cdf1990c334409534"}) as unknown as TypedDocumentString<UpdateUserMutation, UpdateUserMutationVariables>;
export const DeleteUsersDocument = new TypedDocumentString(`
    mutation DeleteUsers($input: DeleteUsersInput!) {
  deleteUsers(input: $input) {
    __typename
    ... on DeleteUsersPayload {
      deletedUserIds
    }
    ... on Error {
      code
      message
      path
    }
  }
}
    `, {"hash":"sha256:16900f59d3d98874ccaef01bf77d7cc6fa69d93fdfd917dc8925fa45ea9fb6ec"}) as unknown as TypedDocumentString<DeleteUsersMutation, DeleteUsersMutationVariables>;
export const SetUserStatusDocument = new TypedDocumentString(`
    mutation SetUserStatus($input: SetUserStatusInput!) {
  setUserStatus(input: $input) {
    __typename
    ... on UsersPayload {
      users {
        id
        status
        updatedAt
      }
    }
    ... on Error {
      code
      message
      path
    }
  }
}
    `, {"hash":"sha256:bd5c708494daaac42eba55c36041a35fc7651dc28df5a002eef4da35f1ec78d9"}) as unknown as TypedDocumentString<SetUserStatusMutation, SetUserStatusMutationVariables>;
export const SetEmailConsentDocument = new TypedDocumentString(`
    mutation SetEmailConsent($input: SetEmailConsentInput!) {
  setEmailConsent(input: $input) {
    __typename
    ... on UserPayload {
      user {
        id
        emailConsent {
          subscribed
          changedAt
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
    `, {"hash":"sha256:c23066ae1b07bf40fb5b0361543fb60e9aeee34ea01164d08f5afb9bc148b8bc"}) as unknown as TypedDocumentString<SetEmailConsentMutation, SetEmailConsentMutationVariables>;