import type { Group, Identity, PropertyDefinition, Tag, User, UserRole, UserStatus } from '../../db/types.ts';
import { type FieldIssue, ValidationError } from '../../errors.ts';
import { TEMPLATE_COLUMNS } from '../imports/targets.ts';
import { formatIdentity } from '../sources/identity-list.ts';
import { exportCell, exportValue } from './cells.ts';

/**
 * The columns of the import template and of user exports. The default columns *are* the
 * standard template (TEMPLATE_COLUMNS, in order) followed by one column per custom property, so
 * an export is a filled-in template and re-imports with every row unchanged. A few more
 * attributes can be asked for by name (EXTRA_COLUMNS); they are not part of the template.
 *
 * Values, as the import reads them:
 * - Current Status: `Active` or `Archived`. A DISABLED user's cell is empty: the template has no
 *   value for it, and an empty cell leaves a user's status as it is.
 * - Role: `User`, `Admin` or `Supervisor`.
 * - Groups: the user's group names, sorted, joined by ", "; empty for none (the import adds
 *   groups to existing memberships, so an empty cell, like `none`, changes nothing).
 * - Source Username(s): `source:username` pairs, joined by ", ".
 * - Custom properties: text as the import parses it — numbers as numerals, booleans as
 *   true/false, dates YYYY-MM-DD, date-times ISO 8601 in UTC.
 * Every cell goes through `exportCell` / `exportValue` (formula injection, reversibly).
 */

/** What a row is made from: a user and, for one page of users, their groups, identities, tags. */
export interface ExportRowSource {
  user: User;
  groups: readonly Group[];
  identities: readonly Identity[];
  tags: readonly Tag[];
}

/** What a column needs fetched for each page of users beyond the users themselves. */
export type ColumnNeed = 'groups' | 'identities' | 'tags';

export interface ExportColumn {
  /** Stable id: what a signed link carries (`status`, `groups`, `property:plan`…). */
  id: string;
  /** The header cell (before neutralising). */
  header: string;
  /** In the default set (the template's columns). */
  isDefault: boolean;
  /** The property key, for custom property columns. */
  propertyKey: string | null;
  needs: ColumnNeed | null;
  /** The cell text, already neutralised. */
  cell(row: ExportRowSource): string;
}

const STATUS_TEXT: Record<UserStatus, string> = { ACTIVE: 'Active', ARCHIVED: 'Archived', DISABLED: '' };
const ROLE_TEXT: Record<UserRole, string> = { USER: 'User', ADMIN: 'Admin', SUPERVISOR: 'Supervisor' };

const text = (value: string | null | undefined) => exportCell(value ?? '');
const names = (labels: readonly { name: string }[]) => exportCell(labels.map((l) => l.name).join(', '));
const instant = (value: Date | null) => (value ? value.toISOString() : '');

type Builtin = Omit<ExportColumn, 'header' | 'isDefault' | 'propertyKey'>;

/** Cell writers for the template's targets, keyed like TEMPLATE_COLUMNS' targets. */
const TEMPLATE_CELLS: Record<string, Builtin> = {
  'ATTRIBUTE:status': { id: 'status', needs: null, cell: ({ user }) => STATUS_TEXT[user.status] },
  'ATTRIBUTE:displayName': { id: 'displayName', needs: null, cell: ({ user }) => text(user.displayName) },
  'ATTRIBUTE:email': { id: 'email', needs: null, cell: ({ user }) => text(user.email) },
  'ATTRIBUTE:role': { id: 'role', needs: null, cell: ({ user }) => ROLE_TEXT[user.role] },
  GROUPS: { id: 'groups', needs: 'groups', cell: ({ groups }) => names(groups) },
  IDENTITIES: { id: 'identities', needs: 'identities', cell: ({ identities }) => exportCell(identities.map(formatIdentity).join(', ')) },
  'ATTRIBUTE:externalId': { id: 'externalId', needs: null, cell: ({ user }) => text(user.externalId) },
};

/** The standard template's columns, in its order, with their writers. */
export const STANDARD_COLUMNS: readonly ExportColumn[] = TEMPLATE_COLUMNS.map(({ header, target }) => {
  const builtin = TEMPLATE_CELLS['key' in target ? `${target.kind}:${target.key}` : target.kind];
  if (!builtin) throw new Error(`No export writer for template column "${header}"`);
  return { ...builtin, header, isDefault: true, propertyKey: null };
});

/** Attributes an export can add by name; not in the template, not in the default set. */
export const EXTRA_COLUMNS: readonly ExportColumn[] = (
  [
    { id: 'firstName', header: 'First Name', needs: null, cell: ({ user }) => text(user.firstName) },
    { id: 'lastName', header: 'Last Name', needs: null, cell: ({ user }) => text(user.lastName) },
    { id: 'jobTitle', header: 'Job Title', needs: null, cell: ({ user }) => text(user.jobTitle) },
    { id: 'phone', header: 'Phone', needs: null, cell: ({ user }) => text(user.phone) },
    { id: 'company', header: 'Company', needs: null, cell: ({ user }) => text(user.company) },
    { id: 'tags', header: 'Tags', needs: 'tags', cell: ({ tags }) => names(tags) },
    { id: 'signedUpAt', header: 'Signed Up At', needs: null, cell: ({ user }) => instant(user.signedUpAt) },
    { id: 'createdAt', header: 'Created At', needs: null, cell: ({ user }) => instant(user.createdAt) },
    { id: 'lastSeenAt', header: 'Last Seen At', needs: null, cell: ({ user }) => instant(user.lastSeenAt) },
  ] satisfies (Builtin & { header: string })[]
).map((column) => ({ ...column, isDefault: false, propertyKey: null }));

const BUILTIN_COLUMNS = [...STANDARD_COLUMNS, ...EXTRA_COLUMNS];
const fold = (name: string) => name.trim().toLowerCase();
const PROPERTY_PREFIX = 'property:';

/**
 * The header of each property column: its label, so the import maps it back to the property by
 * label. When a label is ambiguous (two properties share it, or it is a built-in column's
 * header, compared case-insensitively) the header is the property's key instead, which the import
 * also recognises; failing that, "label (key)".
 */
function propertyHeaders(definitions: readonly PropertyDefinition[]): Map<string, string> {
  const reserved = new Set(BUILTIN_COLUMNS.map((c) => fold(c.header)));
  const labelCounts = new Map<string, number>();
  for (const def of definitions) labelCounts.set(fold(def.label), (labelCounts.get(fold(def.label)) ?? 0) + 1);
  const taken = (name: string) => reserved.has(fold(name)) || (labelCounts.get(fold(name)) ?? 0) > 0;
  const headers = new Map<string, string>();
  for (const def of definitions) {
    const label = fold(def.label);
    if (!reserved.has(label) && labelCounts.get(label) === 1) headers.set(def.key, def.label);
    else if (!taken(def.key)) headers.set(def.key, def.key);
    else headers.set(def.key, `${def.label} (${def.key})`);
  }
  return headers;
}

/** The property columns of a team, in the order of `definitions` (by key). */
export function propertyColumns(definitions: readonly PropertyDefinition[]): ExportColumn[] {
  const headers = propertyHeaders(definitions);
  return definitions.map((def) => ({
    id: `${PROPERTY_PREFIX}${def.key}`,
    header: headers.get(def.key)!,
    isDefault: true,
    propertyKey: def.key,
    needs: null,
    cell: ({ user }) => exportValue(user.properties[def.key]),
  }));
}

/** Every column a team's export can have: the default ones (template order), then the extras. */
export function availableColumns(definitions: readonly PropertyDefinition[]): ExportColumn[] {
  return [...STANDARD_COLUMNS, ...propertyColumns(definitions), ...EXTRA_COLUMNS];
}

/** The template's (and a default export's) columns. */
export function defaultColumns(definitions: readonly PropertyDefinition[]): ExportColumn[] {
  return availableColumns(definitions).filter((c) => c.isDefault);
}

/** The most columns one export may name (the import reads at most 200 too). */
export const EXPORT_COLUMNS_MAX = 200;

/**
 * Names → columns, in the order given. A name is a column's header or, for a property, its key
 * (both case-insensitive, trimmed). Every unknown or repeated name is an issue at
 * `[...path, index]`: UNKNOWN_COLUMN, DUPLICATE_COLUMN; an empty list is REQUIRED.
 */
export function resolveColumns(names: readonly string[], definitions: readonly PropertyDefinition[], path: string[]): ExportColumn[] {
  if (names.length === 0) throw new ValidationError({ path, code: 'REQUIRED', message: 'Choose at least one column (or omit columns for the default set)' });
  if (names.length > EXPORT_COLUMNS_MAX) throw new ValidationError({ path, code: 'TOO_MANY', message: `At most ${EXPORT_COLUMNS_MAX} columns` });
  const columns = availableColumns(definitions);
  const byName = new Map<string, ExportColumn>();
  for (const column of columns) if (column.propertyKey) byName.set(fold(column.propertyKey), column);
  for (const column of columns) byName.set(fold(column.header), column); // a header wins over a key
  const issues: FieldIssue[] = [];
  const chosen: ExportColumn[] = [];
  const seen = new Set<string>();
  names.forEach((name, index) => {
    const column = byName.get(fold(name));
    const at = [...path, String(index)];
    if (!column) issues.push({ path: at, code: 'UNKNOWN_COLUMN', message: `"${name}" is not a column; ask userExportColumns for the names` });
    else if (seen.has(column.id)) issues.push({ path: at, code: 'DUPLICATE_COLUMN', message: `"${column.header}" is chosen twice` });
    else {
      seen.add(column.id);
      chosen.push(column);
    }
  });
  if (issues.length) throw new ValidationError(issues);
  return chosen;
}

/** Column ids (from a signed link) → columns; null when one no longer exists (a deleted property). */
export function columnsByIds(ids: readonly string[], definitions: readonly PropertyDefinition[]): ExportColumn[] | null {
  const byId = new Map(availableColumns(definitions).map((c) => [c.id, c]));
  const columns: ExportColumn[] = [];
  for (const id of ids) {
    const column = byId.get(id);
    if (!column) return null;
    columns.push(column);
  }
  return columns;
}
