import { decodeGlobalID } from '@pothos/plugin-relay';
import { NotFoundError } from '../server/errors.ts';
import { isUuid } from '../server/lib/ids.ts';

/**
 * A global ID from a mutation input → the row id, if it names a `typename`. A malformed ID, one
 * of another type and one of another team all end as NOT_FOUND (the last when the module looks).
 */
export function decodeInputId(globalId: string, typename: string, path: string[], label = typename): string {
  try {
    const { typename: decodedType, id } = decodeGlobalID(globalId);
    if (decodedType === typename && isUuid(id)) return id;
  } catch {
    // fall through: malformed
  }
  throw new NotFoundError(label, path);
}

/** Many global IDs of one type → row ids; the first that cannot be one is NOT_FOUND at its index. */
export function decodeInputIds(globalIds: readonly (string | number)[], typename: string, path: string[], label = typename): string[] {
  return globalIds.map((id, index) => decodeInputId(String(id), typename, [...path, String(index)], label));
}
