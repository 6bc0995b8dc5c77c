import type { Db, JsonValue } from '../../db/types.ts';
import type { Actor } from './actor.ts';

export interface FieldChange {
  userId: string;
  /** A user field (`displayName`), `properties.<key>`, or an event such as `created`, `groups`. */
  field: string;
  oldValue: JsonValue | null;
  newValue: JsonValue | null;
}

// Nine parameters a row; PostgreSQL allows 65,535 per statement.
const ROWS_PER_STATEMENT = 5000;

const toJson = (value: JsonValue | null) => (value === null || value === undefined ? null : JSON.stringify(value));

/** Records changes in as few statements as the parameter limit allows (never one per change). */
export async function recordChanges(db: Db, teamId: string, actor: Actor, changes: FieldChange[]): Promise<void> {
  for (let start = 0; start < changes.length; start += ROWS_PER_STATEMENT) {
    const rows = changes.slice(start, start + ROWS_PER_STATEMENT).map((change) => ({
      teamId,
      userId: change.userId,
      field: change.field,
      oldValue: toJson(change.oldValue),
      newValue: toJson(change.newValue),
      origin: actor.origin,
      memberId: actor.memberId ?? null,
      apiKeyId: actor.apiKeyId ?? null,
      importId: actor.importId ?? null,
    }));
    await db.insertInto('userChanges').values(rows).execute();
  }
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The fields whose value differs between `before` and `after`, as changes of `userId`. */
export function diffFields<T extends Record<string, unknown>>(
  userId: string,
  before: Partial<T> | null,
  after: Partial<T>,
  fields: readonly (keyof T & string)[],
): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of fields) {
    if (!(field in after)) continue;
    const oldValue = (before?.[field] ?? null) as JsonValue | null;
    const newValue = (after[field] ?? null) as JsonValue | null;
    if (!same(oldValue, newValue)) changes.push({ userId, field, oldValue: normalize(oldValue), newValue: normalize(newValue) });
  }
  return changes;
}

/** Property-by-property changes between two property objects. */
export function diffProperties(userId: string, before: Record<string, JsonValue>, after: Record<string, JsonValue>): FieldChange[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  const changes: FieldChange[] = [];
  for (const key of [...keys].sort()) {
    if (!same(before[key], after[key])) {
      changes.push({ userId, field: `properties.${key}`, oldValue: before[key] ?? null, newValue: after[key] ?? null });
    }
  }
  return changes;
}

function normalize(value: unknown): JsonValue | null {
  return value instanceof Date ? value.toISOString() : ((value ?? null) as JsonValue | null);
}
