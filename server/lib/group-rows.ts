/**
 * Rows from one batch query → one list per key, in the order of `keys` (what a list
 * dataloader returns). Keys without rows get an empty list; row order within a key is kept.
 */
export function groupRowsBy<K, T>(keys: readonly K[], rows: readonly T[], keyOf: (row: T) => K): T[][] {
  const groups = new Map<K, T[]>(keys.map((key) => [key, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((key) => groups.get(key) ?? []);
}
