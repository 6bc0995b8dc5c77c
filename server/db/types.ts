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

export interface Database {
  teams: TeamsTable;
  members: MembersTable;
  sessions: SessionsTable;
  invites: InvitesTable;
  outbox: OutboxTable;
  apiKeys: ApiKeysTable;
  loginThrottles: LoginThrottlesTable;
}

export type Db = Kysely<Database>;

export type Team = Selectable<TeamsTable>;
export type Member = Selectable<MembersTable>;
export type Invite = Selectable<InvitesTable>;
export type ApiKey = Selectable<ApiKeysTable>;
export type OutboxMessage = Selectable<OutboxTable>;
export type NewOutboxMessage = Insertable<OutboxTable>;
