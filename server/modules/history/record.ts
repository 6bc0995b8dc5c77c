import { sql } from 'kysely';
import type { Db, JsonValue } from '../../db/types.ts';
import type { Actor } from './actor.ts';

export interface FieldChange {
  userId: string;
  /** A user field (`displayName`), `properties.<key>`, or an event such as `created`, `groups`. */
  field: string;
  oldValue: JsonValue | null;
  newValue: JsonValue | null;
}

/**
 * Records changes in one statement however many there are. The rows travel as ONE JSON text
 * (built by the native JSON.stringify, unpacked by jsonb_array_elements) rather than as pg array
 * literals, which the driver builds and escapes element by element in JavaScript: an import
 * batch's history allocated several MB of strings that way. A JSON null is stored as SQL NULL.
 */
export async function recordChanges(db: Db, teamId: string, actor: Actor, changes: readonly FieldChange[]): Promise<void> {
  if (changes.length === 0) return;
  const rows = JSON.stringify(changes.map((c) => [c.userId, c.field, c.oldValue ?? null, c.newValue ?? null]));
  await sql`
    insert into user_changes (team_id, user_id, field, old_value, new_value, origin, member_id, api_key_id, import_id)
    select ${teamId}::uuid, (c ->> 0)::uuid, c ->> 1, nullif(c -> 2, 'null'::jsonb), nullif(c -> 3, 'null'::jsonb), ${actor.origin},
           ${actor.memberId ?? null}::uuid, ${actor.apiKeyId ?? null}::uuid, ${actor.importId ?? null}::uuid
      from jsonb_array_elements(${rows}::jsonb) as c`.execute(db);
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
