import { type Kysely, sql } from 'kysely';

// A team's users and what hangs off them: custom property definitions, groups, tags, sources and
// identities, reminders, and the change history every write records.
// Timestamps are kept to the millisecond (see the first migration).
const now = sql`date_trunc('milliseconds', now())`;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('team_id', 'uuid', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('USER').check(sql`kind in ('USER', 'LEAD')`))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('ACTIVE').check(sql`status in ('ACTIVE', 'ARCHIVED', 'DISABLED')`))
    .addColumn('role', 'text', (c) => c.notNull().defaultTo('USER').check(sql`role in ('USER', 'ADMIN', 'SUPERVISOR')`))
    .addColumn('display_name', 'text')
    .addColumn('first_name', 'text')
    .addColumn('last_name', 'text')
    .addColumn('job_title', 'text')
    .addColumn('phone', 'text')
    .addColumn('company', 'text')
    .addColumn('address', 'jsonb')
    .addColumn('email_consent', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('email_consent_changed_at', 'timestamptz')
    .addColumn('note', 'text')
    .addColumn('properties', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('signed_up_at', 'timestamptz')
    .addColumn('last_seen_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  // Identity is per kind: a lead may claim the id or email of a verified user without touching it.
  await sql`create unique index users_team_kind_external_id_key on users (team_id, kind, external_id)`.execute(db);
  await sql`create unique index users_team_kind_email_key on users (team_id, kind, lower(email)) where email is not null`.execute(db);
  // The listing orders (users.orderBy) and their keysets. Never-seen users sort as seen at the epoch.
  await sql`create index users_team_created_idx on users (team_id, created_at, id)`.execute(db);
  await sql`create index users_team_last_seen_idx on users (team_id, coalesce(last_seen_at, to_timestamp(0)), id)`.execute(db);
  await sql`create index users_team_email_order_idx on users (team_id, coalesce(email, ''), id)`.execute(db);
  // Prefix search on name and email.
  await sql`create index users_team_email_prefix_idx on users (team_id, lower(email) text_pattern_ops)`.execute(db);
  await sql`create index users_team_display_name_prefix_idx on users (team_id, lower(display_name) text_pattern_ops)`.execute(db);
  await sql`create index users_team_first_name_prefix_idx on users (team_id, lower(first_name) text_pattern_ops)`.execute(db);
  await sql`create index users_team_last_name_prefix_idx on users (team_id, lower(last_name) text_pattern_ops)`.execute(db);
  // Property predicates: equality and containment go through @> on this index.
  await sql`create index users_properties_idx on users using gin (properties jsonb_path_ops)`.execute(db);

  await db.schema
    .createTable('property_definitions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('team_id', 'uuid', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('required', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('unique', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('description', 'text')
    .addColumn('min', 'double precision')
    .addColumn('max', 'double precision')
    .addColumn('min_length', 'integer')
    .addColumn('max_length', 'integer')
    .addColumn('pattern', 'text')
    .addColumn('options', sql`text[]`)
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('property_definitions_team_key_key', ['team_id', 'key'])
    .execute();

  await db.schema
    .createTable('groups')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('team_id', 'uuid', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  await sql`create unique index groups_team_name_key on groups (team_id, lower(name))`.execute(db);

  await db.schema
    .createTable('user_groups')
    .addColumn('team_id', 'uuid', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('group_id', 'uuid', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('user_groups_pkey', ['user_id', 'group_id'])
    .execute();
  await db.schema.createIndex('user_groups_group_idx').on('user_groups').columns(['group_id', 'user_id']).execute();

  await db.schema
    .createTable('tags')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('team_id', 'uuid', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  await sql`create unique index tags_team_name_key on tags (team_id, lower(name))`.execute(db);

  await db.schema
    .createTable('user_tags')
    .addColumn('team_id', 'uuid', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('tag_id', 'uuid', (c) => c.notNull().references('tags.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('user_tags_pkey', ['user_id', 'tag_id'])
    .execute();
  await db.schema.createIndex('user_tags_tag_idx').on('user_tags').columns(['tag_id', 'user_id']).execute();

  // Sources are a catalogue in code; a row records a team's choice to disable (or re-enable) one.
  await db.schema
    .createTable('team_sources')
    .addColumn('team_id', 'uuid', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('enabled', 'boolean', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('team_sources_pkey', ['team_id', 'key'])
    .execute();

  await db.schema
    .createTable('identities')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('team_id', 'uuid', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  await sql`create unique index identities_team_source_username_key on identities (team_id, source, lower(username))`.execute(db);
  await db.schema.createIndex('identities_user_idx').on('identities').columns(['user_id', 'source']).execute();

  await db.schema
    .createTable('reminders')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('team_id', 'uuid', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('due_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.references('members.id').onDelete('set null'))
    .addColumn('completed_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('reminders_user_idx').on('reminders').columns(['user_id', 'due_at']).execute();

  // Who changed what, when and through which door. A user's history outlives the user (deletes
  // are recorded too), so there is no foreign key to users.
  await db.schema
    .createTable('user_changes')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('team_id', 'uuid', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('old_value', 'jsonb')
    .addColumn('new_value', 'jsonb')
    .addColumn('origin', 'text', (c) => c.notNull().check(sql`origin in ('MEMBER', 'API_KEY', 'IMPORT', 'CLIENT', 'SYSTEM')`))
    .addColumn('member_id', 'uuid')
    .addColumn('api_key_id', 'uuid')
    .addColumn('import_id', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('user_changes_user_idx').on('user_changes').columns(['user_id', 'created_at', 'id']).execute();
  await sql`create index user_changes_import_idx on user_changes (import_id) where import_id is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'user_changes', 'reminders', 'identities', 'team_sources', 'user_tags', 'tags', 'user_groups', 'groups',
    'property_definitions', 'users',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
