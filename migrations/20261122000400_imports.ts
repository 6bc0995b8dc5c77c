import { type Kysely, sql } from 'kysely';

// Bulk imports: the import itself (its state machine and checkpoint), the staged rows of the
// uploaded file, and the errors found validating or committing them.
const now = sql`date_trunc('milliseconds', now())`;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('imports')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('team_id', 'uuid', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('ANALYZED', 'VALIDATED', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED', 'REVERTED')`),
    )
    .addColumn('created_by_member_id', 'uuid', (c) => c.references('members.id').onDelete('set null'))
    .addColumn('created_by_api_key_id', 'uuid', (c) => c.references('api_keys.id').onDelete('set null'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull().check(sql`format in ('CSV', 'XLSX')`))
    .addColumn('encoding', 'text')
    .addColumn('delimiter', 'text')
    .addColumn('size_bytes', 'bigint', (c) => c.notNull())
    .addColumn('row_count', 'integer', (c) => c.notNull().defaultTo(0))
    // [{ name, index, filled, unique, samples }] as analysed.
    .addColumn('columns', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('id_column', 'text')
    // [{ column, target: { kind, key, type? } }] as configured.
    .addColumn('mapping', 'jsonb')
    .addColumn('conflict_policy', 'text', (c) => c.check(sql`conflict_policy in ('OVERWRITE', 'KEEP_EXISTING', 'FILL_EMPTY')`))
    .addColumn('create_missing_groups', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('create_missing_properties', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('skip_invalid_rows', 'boolean', (c) => c.notNull().defaultTo(false))
    // { create, update, unchanged, invalid } after validation.
    .addColumn('preview', 'jsonb')
    // The checkpoint: staged rows up to this row number are committed.
    .addColumn('processed', 'integer', (c) => c.notNull().defaultTo(0))
    // { created, updated, unchanged, failed } so far / at the end.
    .addColumn('result', 'jsonb')
    .addColumn('failure', 'text')
    .addColumn('cancel_requested', 'boolean', (c) => c.notNull().defaultTo(false))
    // The runner that owns a RUNNING import refreshes this; a stale one means it died.
    .addColumn('heartbeat_at', 'timestamptz')
    .addColumn('started_at', 'timestamptz')
    .addColumn('finished_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('imports_team_created_idx').on('imports').columns(['team_id', 'created_at', 'id']).execute();
  await sql`create index imports_running_idx on imports (heartbeat_at) where status = 'RUNNING'`.execute(db);

  // The file as rows of text cells, in file order. `action` and `user_id` are set by validation.
  await db.schema
    .createTable('import_rows')
    .addColumn('import_id', 'uuid', (c) => c.notNull().references('imports.id').onDelete('cascade'))
    .addColumn('row_number', 'integer', (c) => c.notNull())
    .addColumn('cells', sql`text[]`, (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.check(sql`action in ('CREATE', 'UPDATE', 'UNCHANGED', 'INVALID')`))
    .addColumn('user_id', 'uuid')
    .addPrimaryKeyConstraint('import_rows_pkey', ['import_id', 'row_number'])
    .execute();

  await db.schema
    .createTable('import_errors')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('import_id', 'uuid', (c) => c.notNull().references('imports.id').onDelete('cascade'))
    .addColumn('row_number', 'integer', (c) => c.notNull())
    .addColumn('column', 'text')
    .addColumn('value', 'text')
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    // VALIDATION (found by configureImport) or COMMIT (found while writing).
    .addColumn('phase', 'text', (c) => c.notNull().defaultTo('VALIDATION'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('import_errors_import_row_idx').on('import_errors').columns(['import_id', 'row_number', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('import_errors').execute();
  await db.schema.dropTable('import_rows').execute();
  await db.schema.dropTable('imports').execute();
}
