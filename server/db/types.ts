import type { ColumnType, Generated, Insertable, Kysely, Selectable } from 'kysely';

/**
 * Table types as the application sees them: camelCase, mapped to the snake_case columns of
 * `migrations/` by Kysely's CamelCasePlugin.
 */
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export type MemberRole = 'ADMIN' | 'MEMBER';

export interface TeamsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  publicKey: string;
  identitySecret: string;
  createdAt: CreatedAt;
  updatedAt: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface MembersTable {
  id: Generated<string>;
  teamId: string;
  email: string;
  name: string | null;
  role: MemberRole;
  passwordHash: string;
  createdAt: CreatedAt;
  updatedAt: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface SessionsTable {
  id: Generated<string>;
  teamId: string;
  memberId: string;
  tokenHash: string;
  createdAt: CreatedAt;
  expiresAt: Timestamp;
}

export interface InvitesTable {
  id: Generated<string>;
  teamId: string;
  email: string;
  role: MemberRole;
  tokenHash: string;
  invitedBy: string | null;
  createdAt: CreatedAt;
  expiresAt: Timestamp;
  acceptedAt: NullableTimestamp;
  revokedAt: NullableTimestamp;
}

export interface OutboxTable {
  id: Generated<string>;
  teamId: string | null;
  kind: string;
  recipient: string;
  subject: string;
  body: string;
  createdAt: CreatedAt;
  sentAt: NullableTimestamp;
}

export interface ApiKeysTable {
  id: Generated<string>;
  teamId: string;
  name: string;
  prefix: string;
  secretHash: string;
  scopes: string[];
  createdBy: string | null;
  createdAt: CreatedAt;
  lastUsedAt: NullableTimestamp;
  revokedAt: NullableTimestamp;
}

export interface LoginThrottlesTable {
  teamSlug: string;
  email: string;
  failures: Generated<number>;
  lockedUntil: NullableTimestamp;
  updatedAt: ColumnType<Date, Date | string | undefined, Date | string>;
}

export type UserKind = 'USER' | 'LEAD';
export type UserStatus = 'ACTIVE' | 'ARCHIVED' | 'DISABLED';
export type UserRole = 'USER' | 'ADMIN' | 'SUPERVISOR';
export type ChangeOrigin = 'MEMBER' | 'API_KEY' | 'IMPORT' | 'CLIENT' | 'SYSTEM';
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface Address {
  line1?: string | null;
  line2?: string | null;
  city?: string | null;
  region?: string | null;
  postalCode?: string | null;
  country?: string | null;
}

type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, T | string, T | string>;

export interface UsersTable {
  id: Generated<string>;
  teamId: string;
  externalId: string;
  email: string | null;
  kind: ColumnType<UserKind, UserKind | undefined, UserKind>;
  status: ColumnType<UserStatus, UserStatus | undefined, UserStatus>;
  role: ColumnType<UserRole, UserRole | undefined, UserRole>;
  displayName: string | null;
  firstName: string | null;
  lastName: string | null;
  jobTitle: string | null;
  phone: string | null;
  company: string | null;
  address: Json<Address | null>;
  emailConsent: ColumnType<boolean, boolean | undefined, boolean>;
  emailConsentChangedAt: NullableTimestamp;
  note: string | null;
  properties: ColumnType<JsonObject, JsonObject | string | undefined, JsonObject | string>;
  signedUpAt: NullableTimestamp;
  lastSeenAt: NullableTimestamp;
  createdAt: CreatedAt;
  updatedAt: UpdatedAt;
}

export type PropertyType = 'STRING' | 'NUMBER' | 'INTEGER' | 'BOOLEAN' | 'DATE' | 'DATETIME' | 'EMAIL' | 'URL' | 'ENUM';

export interface PropertyDefinitionsTable {
  id: Generated<string>;
  teamId: string;
  key: string;
  label: string;
  type: PropertyType;
  required: ColumnType<boolean, boolean | undefined, boolean>;
  unique: ColumnType<boolean, boolean | undefined, boolean>;
  description: string | null;
  min: number | null;
  max: number | null;
  minLength: number | null;
  maxLength: number | null;
  pattern: string | null;
  options: string[] | null;
  createdAt: CreatedAt;
  updatedAt: UpdatedAt;
}

export interface GroupsTable {
  id: Generated<string>;
  teamId: string;
  name: string;
  description: string | null;
  createdAt: CreatedAt;
  updatedAt: UpdatedAt;
}

export interface UserGroupsTable {
  teamId: string;
  userId: string;
  groupId: string;
  createdAt: CreatedAt;
}

export interface TagsTable {
  id: Generated<string>;
  teamId: string;
  name: string;
  createdAt: CreatedAt;
  updatedAt: UpdatedAt;
}

export interface UserTagsTable {
  teamId: string;
  userId: string;
  tagId: string;
  createdAt: CreatedAt;
}

export interface TeamSourcesTable {
  teamId: string;
  key: string;
  enabled: boolean;
  updatedAt: UpdatedAt;
}

export interface IdentitiesTable {
  id: Generated<string>;
  teamId: string;
  userId: string;
  source: string;
  username: string;
  createdAt: CreatedAt;
}

export interface RemindersTable {
  id: Generated<string>;
  teamId: string;
  userId: string;
  text: string;
  dueAt: Timestamp;
  createdBy: string | null;
  completedAt: NullableTimestamp;
  createdAt: CreatedAt;
}

export interface UserChangesTable {
  id: Generated<string>;
  teamId: string;
  userId: string;
  field: string;
  oldValue: Json<JsonValue | null>;
  newValue: Json<JsonValue | null>;
  origin: ChangeOrigin;
  memberId: string | null;
  apiKeyId: string | null;
  importId: string | null;
  createdAt: CreatedAt;
}

export interface Database {
  teams: TeamsTable;
  members: MembersTable;
  sessions: SessionsTable;
  invites: InvitesTable;
  outbox: OutboxTable;
  apiKeys: ApiKeysTable;
  loginThrottles: LoginThrottlesTable;
  users: UsersTable;
  propertyDefinitions: PropertyDefinitionsTable;
  groups: GroupsTable;
  userGroups: UserGroupsTable;
  tags: TagsTable;
  userTags: UserTagsTable;
  teamSources: TeamSourcesTable;
  identities: IdentitiesTable;
  reminders: RemindersTable;
  userChanges: UserChangesTable;
}

export type Db = Kysely<Database>;

export type Team = Selectable<TeamsTable>;
export type Member = Selectable<MembersTable>;
export type Invite = Selectable<InvitesTable>;
export type ApiKey = Selectable<ApiKeysTable>;
export type OutboxMessage = Selectable<OutboxTable>;
export type NewOutboxMessage = Insertable<OutboxTable>;
export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type PropertyDefinition = Selectable<PropertyDefinitionsTable>;
export type Group = Selectable<GroupsTable>;
export type Tag = Selectable<TagsTable>;
export type Identity = Selectable<IdentitiesTable>;
export type Reminder = Selectable<RemindersTable>;
export type UserChange = Selectable<UserChangesTable>;
