import { type FieldNode, type GraphQLResolveInfo, Kind, type SelectionSetNode } from 'graphql';

// What a client selected below the field being resolved, so a resolver can read in one statement
// what the selection will need (a page's count, its users' labels) instead of one more later.

// Per field node of a parsed document: Yoga caches parsed documents, so a query sent again finds
// its answer here; a document that is dropped takes its entries with it.
const cache = new WeakMap<FieldNode, Map<string, ReadonlySet<string>>>();

/**
 * Names of the fields selected at `path` (field names, e.g. ['edges', 'node']) below the field
 * being resolved. Fragments (inline and named) are followed; type conditions, @skip/@include and
 * aliases are not looked at, so the answer may include a field that will not run — never miss one.
 */
export function selectedFieldsAt(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, path: readonly string[]): ReadonlySet<string> {
  const first = info.fieldNodes[0];
  const key = path.join('.');
  const known = first && cache.get(first)?.get(key);
  if (known) return known;
  let level: SelectionSetNode[] = info.fieldNodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
  for (const name of path) level = fieldsOf(level, info.fragments).filter((f) => f.name.value === name && f.selectionSet).map((f) => f.selectionSet!);
  const names = new Set(fieldsOf(level, info.fragments).map((f) => f.name.value));
  if (first) {
    let byPath = cache.get(first);
    if (!byPath) cache.set(first, (byPath = new Map()));
    byPath.set(key, names);
  }
  return names;
}

/** The fields of selection sets, with fragments spread (each named fragment once). */
function fieldsOf(sets: readonly SelectionSetNode[], fragments: GraphQLResolveInfo['fragments']): FieldNode[] {
  const fields: FieldNode[] = [];
  const spread = new Set<string>();
  const walk = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) fields.push(selection);
      else if (selection.kind === Kind.INLINE_FRAGMENT) walk(selection.selectionSet);
      else if (!spread.has(selection.name.value)) {
        spread.add(selection.name.value);
        const fragment = fragments[selection.name.value];
        if (fragment) walk(fragment.selectionSet);
      }
    }
  };
  sets.forEach(walk);
  return fields;
}
