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
  /** The user's tag ids, kept by triggers on user_tags (migration user_tag_ids): read, never written. */
  tagIds: ColumnType<string[], never, never>;
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

export type EventOrigin = 'CLIENT' | 'SERVER' | 'MANUAL' | 'SYSTEM';

export interface EventsTable {
  id: Generated<string>;
  teamId: string;
  userId: string;
  name: string;
  properties: ColumnType<JsonObject, JsonObject | string | undefined, JsonObject | string>;
  occurredAt: Timestamp;
  origin: EventOrigin;
  memberId: string | null;
  apiKeyId: string | null;
  createdAt: CreatedAt;
}

export interface ServerSettingsTable {
  key: string;
  value: string;
  createdAt: CreatedAt;
}

export type ImportStatus = 'ANALYZED' | 'VALIDATED' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'CANCELLED' | 'REVERTED';
export type ImportFormat = 'CSV' | 'XLSX';
export type ConflictPolicy = 'OVERWRITE' | 'KEEP_EXISTING' | 'FILL_EMPTY';
export type ImportRowAction = 'CREATE' | 'UPDATE' | 'UNCHANGED' | 'INVALID';

/** One column of an analysed file. */
export interface ImportColumn {
  name: string;
  index: number;
  /** Rows with a non-empty value. */
  filled: number;
  /** Every non-empty value differs from every other. */
  unique: boolean;
  samples: string[];
}

/** Where a column's values go. */
export interface ColumnMapping {
  column: string;
  target:
    | { kind: 'ATTRIBUTE'; key: string }
    | { kind: 'PROPERTY'; key: string }
    | { kind: 'NEW_PROPERTY'; key: string; type: PropertyType; label?: string | null }
    | { kind: 'GROUPS' }
    | { kind: 'IDENTITIES' }
    | { kind: 'TAGS' }
    | { kind: 'SKIP' };
}

export interface ImportCounts {
  create: number;
  update: number;
  unchanged: number;
  invalid: number;
}

export interface ImportResultCounts {
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
}

export interface ImportsTable {
  id: Generated<string>;
  teamId: string;
  status: ImportStatus;
  createdByMemberId: string | null;
  createdByApiKeyId: string | null;
  fileName: string;
  format: ImportFormat;
  encoding: string | null;
  delimiter: string | null;
  sizeBytes: number;
  rowCount: ColumnType<number, number | undefined, number>;
  columns: Json<ImportColumn[]>;
  idColumn: string | null;
  mapping: Json<ColumnMapping[] | null>;
  conflictPolicy: ConflictPolicy | null;
  createMissingGroups: ColumnType<boolean, boolean | undefined, boolean>;
  createMissingProperties: ColumnType<boolean, boolean | undefined, boolean>;
  skipInvalidRows: ColumnType<boolean, boolean | undefined, boolean>;
  preview: Json<ImportCounts | null>;
  processed: ColumnType<number, number | undefined, number>;
  result: Json<ImportResultCounts | null>;
  failure: string | null;
  cancelRequested: ColumnType<boolean, boolean | undefined, boolean>;
  heartbeatAt: NullableTimestamp;
  startedAt: NullableTimestamp;
  finishedAt: NullableTimestamp;
  createdAt: CreatedAt;
  updatedAt: UpdatedAt;
}

export interface ImportRowsTable {
  importId: string;
  rowNumber: number;
  cells: string[];
  action: ImportRowAction | null;
  userId: string | null;
}

export interface ImportErrorsTable {
  id: Generated<string>;
  importId: string;
  rowNumber: number;
  column: string | null;
  value: string | null;
  code: string;
  message: string;
  phase: ColumnType<'VALIDATION' | 'COMMIT', 'VALIDATION' | 'COMMIT' | undefined, 'VALIDATION' | 'COMMIT'>;
  createdAt: CreatedAt;
}

/** What an import created (groups, tags, property definitions), for its revert to remove. */
export interface ImportCreatedTargetsTable {
  importId: string;
  kind: ImportCreatedKind;
  targetId: string;
}

export type ImportCreatedKind = 'GROUP' | 'TAG' | 'PROPERTY';

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
  events: EventsTable;
  serverSettings: ServerSettingsTable;
  imports: ImportsTable;
  importRows: ImportRowsTable;
  importErrors: ImportErrorsTable;
  importCreatedTargets: ImportCreatedTargetsTable;
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
export type Event = Selectable<EventsTable>;
export type NewEvent = Insertable<EventsTable>;
export type Import = Selectable<ImportsTable>;
export type ImportError = Selectable<ImportErrorsTable>;
