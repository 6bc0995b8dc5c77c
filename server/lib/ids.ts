const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Our primary keys are UUIDs; anything else can never match a row. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** Drops keys that cannot be primary keys, so a malformed ID answers "missing", not an SQL error. */
export function uuidsOnly(ids: readonly unknown[]): string[] {
  return ids.filter(isUuid);
}
