/** Whether a database error is a unique violation, optionally of one named constraint/index. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, constraint: name } = error as { code?: string; constraint?: string };
  if (code !== '23505') return false;
  // PGlite does not always report the constraint name; then any unique violation matches.
  return !constraint || !name || name === constraint;
}
