import { type Kysely, sql } from 'kysely';

// User activity (tracked, manual and system events) and server-wide settings such as the key
// that signs download URLs (kept in the database so every instance, and every restart, agrees).
const now = sql`date_trunc('milliseconds', now())`;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('events')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('team_id', 'uuid', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    // A user's activity goes with the user (the history keeps a record of the deletion).
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('properties', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull().check(sql`origin in ('CLIENT', 'SERVER', 'MANUAL', 'SYSTEM')`))
    .addColumn('member_id', 'uuid', (c) => c.references('members.id').onDelete('set null'))
    .addColumn('api_key_id', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  // Streams, newest first: team-wide and per user; counts per name and day.
  await sql`create index events_team_time_idx on events (team_id, occurred_at desc, id desc)`.execute(db);
  await sql`create index events_user_time_idx on events (user_id, occurred_at desc, id desc)`.execute(db);
  await sql`create index events_team_name_time_idx on events (team_id, name, occurred_at)`.execute(db);

  await db.schema
    .createTable('server_settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('server_settings').execute();
  await db.schema.dropTable('events').execute();
}
