import { type Kysely, sql } from 'kysely';

// What an import created — groups, tags (labels missing when a batch named them) and custom
// property definitions (NEW_PROPERTY) — so that reverting it can remove them again when nothing
// uses them any more. A table rather than uuid[] columns on imports: creation happens up front
// and again in any batch (a label deleted since), and a row per target is one idempotent INSERT
// … ON CONFLICT DO NOTHING in the creating transaction, where an array would rewrite the imports
// row each time and grow without bound (an import may create tens of thousands of tags).
// Targets are kept by id, not name or key: a label or definition deleted and created again by
// someone else under the same name is theirs, not the import's. No foreign key to the target (it
// points at one of three tables, and one deleted since just matches nothing on revert); the
// records go with their import.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('import_created_targets')
    .addColumn('import_id', 'uuid', (c) => c.notNull().references('imports.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('GROUP', 'TAG', 'PROPERTY')`))
    .addColumn('target_id', 'uuid', (c) => c.notNull())
    .addPrimaryKeyConstraint('import_created_targets_pkey', ['import_id', 'kind', 'target_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('import_created_targets').execute();
}
