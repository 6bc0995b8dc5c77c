import type { Address, ColumnMapping, ConflictPolicy, Import, PropertyDefinition, PropertyType } from '../../db/types.ts';
import type { FieldIssue } from '../../errors.ts';
import { normalizeEmail } from '../../lib/validate.ts';
import { checkLabelName } from '../groups/label-service.ts';
import { GROUPS } from '../groups/queries.ts';
import { LABEL_MAX, PROPERTY_KEY, RESERVED_PROPERTY_KEYS } from '../properties/service.ts';
import { checkPropertyValue, type DefinitionRules } from '../properties/validator.ts';
import { identitySourceIssues, type Source } from '../sources/service.ts';
import { type IdentityPair, parseIdentityList } from '../sources/identity-list.ts';
import { TAGS } from '../tags/queries.ts';
import type { UserAttributesInput } from '../users/attributes.ts';
import { ATTRIBUTE_TARGETS, type AttributeTarget, TEMPLATE_ROLE, TEMPLATE_STATUS } from './targets.ts';

// Step 2 of an import, the pure half: the configured mapping checked against the file and the
// team's properties, and each staged row turned into what a user write takes, with the template's
// rules (status, role, groups, `source:username`). Nothing here reads the database; the rules
// that need it (existing users, uniqueness) are plan.ts, set-based over a whole batch.

/** One column → target, as configureImport receives it. */
export interface MappingInput {
  column: string;
  kind: ColumnMapping['target']['kind'];
  key?: string | null;
  type?: PropertyType | null;
  label?: string | null;
}

export interface ConfigureInput {
  idColumn: string;
  mapping: readonly MappingInput[];
  conflictPolicy: ConflictPolicy;
  createMissingGroups: boolean;
  createMissingProperties: boolean;
  skipInvalidRows: boolean;
}

interface Col {
  index: number;
  column: string;
}

/** The mapping bound to column positions and property definitions. */
export interface ResolvedMapping {
  /** The column that finds existing users (USER kind), by externalId or by email. */
  id: Col & { key: 'externalId' | 'email' };
  attributes: (Col & { key: AttributeTarget })[];
  /** `definition` is null when the property has been deleted since the import was configured. */
  properties: (Col & { key: string; definition: DefinitionRules | null })[];
  groups: Col | null;
  tags: Col | null;
  identities: Col | null;
  /** NEW_PROPERTY targets: created when the import commits. */
  newProperties: { key: string; label: string; type: PropertyType }[];
}

/** A problem with one row, where a spreadsheet shows it. */
export interface RowIssue {
  column: string | null;
  value: string | null;
  code: string;
  message: string;
}

/** A staged row as a user write: only the cells that hold something (a blank cell never clears). */
export interface ParsedRow {
  rowNumber: number;
  /** The id column's value as users are matched by it ('' when blank). */
  key: string;
  attributes: UserAttributesInput;
  emailConsent?: boolean;
  /** Raw text by property key; the property validator reads it. */
  properties: Record<string, string>;
  /** Null when the column is absent or blank; [] for `none`. */
  groups: string[] | null;
  tags: string[] | null;
  identities: IdentityPair[];
  issues: RowIssue[];
}

/** Columns whose values are present on every row and unique: the only ones that can identify users. */
export function idColumnCandidates(imp: Pick<Import, 'columns' | 'rowCount'>): string[] {
  return imp.columns.filter((c) => c.unique && c.filled === imp.rowCount && imp.rowCount > 0).map((c) => c.name);
}

const SINGLE_TARGET_KINDS = new Set(['GROUPS', 'TAGS', 'IDENTITIES']);
/** NEW_PROPERTY types an import can create: ENUM needs options a column cannot give. */
const CREATABLE_TYPES: ReadonlySet<PropertyType> = new Set(['STRING', 'NUMBER', 'INTEGER', 'BOOLEAN', 'DATE', 'DATETIME', 'EMAIL', 'URL']);

/** A definition for a property the import will create: no constraints but its type. */
export function newPropertyRules(p: { key: string; label: string; type: PropertyType }): DefinitionRules {
  return { ...p, required: false, unique: false, min: null, max: null, minLength: null, maxLength: null, pattern: null, options: null };
}

/**
 * Checks configureImport's input against the file's columns and the team's definitions. Every
 * problem comes back as an issue with its input path; the mapping is resolved only when none.
 */
export function checkMapping(
  imp: Pick<Import, 'columns' | 'rowCount'>,
  input: Pick<ConfigureInput, 'idColumn' | 'mapping' | 'createMissingProperties'>,
  definitions: readonly PropertyDefinition[],
): { mapping: ResolvedMapping | null; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const columns = new Map(imp.columns.map((c) => [c.name, c.index]));
  const byKey = new Map(definitions.map((d) => [d.key, d]));
  const seenColumns = new Set<string>();
  const seenTargets = new Set<string>();
  const resolved: Omit<ResolvedMapping, 'id'> = { attributes: [], properties: [], groups: null, tags: null, identities: null, newProperties: [] };

  input.mapping.forEach((m, i) => {
    const at = (field: string) => ['input', 'mapping', String(i), field];
    const index = columns.get(m.column);
    if (index === undefined) {
      issues.push({ path: at('column'), code: 'UNKNOWN_COLUMN', message: `The file has no column "${m.column}"` });
      return;
    }
    if (seenColumns.has(m.column)) {
      issues.push({ path: at('column'), code: 'DUPLICATE_COLUMN', message: `"${m.column}" is mapped more than once` });
      return;
    }
    seenColumns.add(m.column);
    const col = { index, column: m.column };
    const key = m.key?.trim() ?? '';
    // What the column fills: one column per attribute, property, or list kind.
    const target = m.kind === 'ATTRIBUTE' ? `attribute ${key}` : m.kind.endsWith('PROPERTY') ? `property ${key}` : m.kind;
    if (m.kind !== 'SKIP' && (key || SINGLE_TARGET_KINDS.has(m.kind))) {
      if (seenTargets.has(target)) {
        issues.push({ path: at('key'), code: 'DUPLICATE_TARGET', message: `Another column is already mapped to ${target}` });
        return;
      }
      seenTargets.add(target);
    }
    switch (m.kind) {
      case 'SKIP':
        return;
      case 'GROUPS':
        resolved.groups = col;
        return;
      case 'TAGS':
        resolved.tags = col;
        return;
      case 'IDENTITIES':
        resolved.identities = col;
        return;
      case 'ATTRIBUTE':
        if (!(ATTRIBUTE_TARGETS as readonly string[]).includes(key)) {
          issues.push({ path: at('key'), code: key ? 'UNKNOWN_ATTRIBUTE' : 'REQUIRED', message: `An ATTRIBUTE key is one of: ${ATTRIBUTE_TARGETS.join(', ')}` });
          return;
        }
        resolved.attributes.push({ ...col, key: key as AttributeTarget });
        return;
      case 'PROPERTY': {
        const definition = byKey.get(key);
        if (!definition) {
          issues.push({ path: at('key'), code: key ? 'UNKNOWN_PROPERTY' : 'REQUIRED', message: `"${key}" is not a defined property (map it as NEW_PROPERTY to create it)` });
          return;
        }
        resolved.properties.push({ ...col, key, definition });
        return;
      }
      case 'NEW_PROPERTY': {
        const before = issues.length;
        if (!input.createMissingProperties) {
          issues.push({ path: at('kind'), code: 'NOT_ALLOWED', message: 'NEW_PROPERTY columns need createMissingProperties' });
        }
        if (!key) issues.push({ path: at('key'), code: 'REQUIRED', message: 'A new property needs a key' });
        else if (!PROPERTY_KEY.test(key)) {
          issues.push({ path: at('key'), code: 'INVALID_KEY', message: 'A key starts with a lowercase letter, then up to 62 lowercase letters, digits or underscores' });
        } else if (RESERVED_PROPERTY_KEYS.has(key)) {
          issues.push({ path: at('key'), code: 'RESERVED_KEY', message: `"${key}" is a default attribute of every user` });
        }
        if (!m.type) issues.push({ path: at('type'), code: 'REQUIRED', message: 'A new property needs a type' });
        else if (!CREATABLE_TYPES.has(m.type)) {
          issues.push({ path: at('type'), code: 'NOT_APPLICABLE', message: 'An import cannot create an ENUM property (it needs options): define it first' });
        }
        const label = (m.label?.trim() || m.column.trim()).slice(0, LABEL_MAX) || key;
        const existing = byKey.get(key);
        // The same file committed again names a property it created the first time: use it.
        if (existing && existing.type !== m.type) {
          issues.push({ path: at('key'), code: 'PROPERTY_EXISTS', message: `A ${existing.type} property "${key}" exists already; map the column to it as PROPERTY` });
        }
        if (issues.length > before) return;
        const definition = existing ?? newPropertyRules({ key, label, type: m.type! });
        resolved.properties.push({ ...col, key, definition });
        if (!existing) resolved.newProperties.push({ key, label, type: m.type! });
        return;
      }
    }
  });

  const idPath = ['input', 'idColumn'];
  if (!idColumnCandidates(imp).includes(input.idColumn)) {
    issues.push({ path: idPath, code: 'INVALID_ID_COLUMN', message: `"${input.idColumn}" cannot identify users: pick a column whose values are present on every row and unique` });
    return { mapping: null, issues };
  }
  const idTarget = resolved.attributes.find((a) => a.column === input.idColumn);
  if (!idTarget || (idTarget.key !== 'externalId' && idTarget.key !== 'email')) {
    issues.push({ path: idPath, code: 'INVALID_ID_COLUMN', message: `The id column "${input.idColumn}" must be mapped to the externalId or email attribute` });
  }
  if (issues.length) return { mapping: null, issues };
  return { mapping: { ...resolved, id: idTarget as ResolvedMapping['id'] }, issues };
}

/**
 * The stored mapping bound again when the import commits (or resumes): properties by their
 * current definitions, created or deleted since.
 */
export function resolveStoredMapping(imp: Pick<Import, 'columns' | 'idColumn' | 'mapping'>, definitions: readonly PropertyDefinition[]): ResolvedMapping {
  const columns = new Map(imp.columns.map((c) => [c.name, c.index]));
  const byKey = new Map(definitions.map((d) => [d.key, d]));
  const mapping: ResolvedMapping = { id: null as never, attributes: [], properties: [], groups: null, tags: null, identities: null, newProperties: [] };
  for (const { column, target } of imp.mapping ?? []) {
    const index = columns.get(column);
    if (index === undefined) continue;
    const col = { index, column };
    if (target.kind === 'ATTRIBUTE') mapping.attributes.push({ ...col, key: target.key as AttributeTarget });
    else if (target.kind === 'PROPERTY') mapping.properties.push({ ...col, key: target.key, definition: byKey.get(target.key) ?? null });
    else if (target.kind === 'NEW_PROPERTY') {
      const label = target.label ?? column;
      mapping.properties.push({ ...col, key: target.key, definition: byKey.get(target.key) ?? null });
      if (!byKey.has(target.key)) mapping.newProperties.push({ key: target.key, label, type: target.type });
    } else if (target.kind === 'GROUPS') mapping.groups = col;
    else if (target.kind === 'TAGS') mapping.tags = col;
    else if (target.kind === 'IDENTITIES') mapping.identities = col;
  }
  mapping.id = mapping.attributes.find((a) => a.column === imp.idColumn) as ResolvedMapping['id'];
  return mapping;
}

/** The mapping as stored on the import (and shown by Import.mapping). */
export function storedMapping(input: readonly MappingInput[], mapping: ResolvedMapping): ColumnMapping[] {
  const created = new Map(mapping.newProperties.map((p) => [p.key, p]));
  return input.map((m): ColumnMapping => {
    const key = m.key?.trim() ?? '';
    switch (m.kind) {
      case 'ATTRIBUTE':
      case 'PROPERTY':
        return { column: m.column, target: { kind: m.kind, key } };
      case 'NEW_PROPERTY': {
        const p = created.get(key);
        // A key that exists already (the same file again) is stored as the property it is.
        return p ? { column: m.column, target: { kind: 'NEW_PROPERTY', key, type: p.type, label: p.label } } : { column: m.column, target: { kind: 'PROPERTY', key } };
      }
      default:
        return { column: m.column, target: { kind: m.kind } };
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Rows

const cellOf = (cells: readonly (string | null)[], index: number) => cells[index] ?? '';

const DATE_RULES = newPropertyRules({ key: 'signedUpAt', label: 'Signed up at', type: 'DATE' });
const DATETIME_RULES = { ...DATE_RULES, type: 'DATETIME' as const };
const BOOLEAN_TEXT: Record<string, boolean> = { true: true, false: false, yes: true, no: false, '1': true, '0': false };

/** Comma-separated label names: trimmed, blanks dropped, the same name (any case) once. */
function labelList(text: string): string[] {
  const names = new Map<string, string>();
  for (const raw of text.split(',')) {
    const name = raw.trim();
    if (name && !names.has(name.toLowerCase())) names.set(name.toLowerCase(), name);
  }
  return [...names.values()];
}

/**
 * One staged row → a user write plus the issues the template's rules find in it. `sources` is
 * the team's view of every source (resolveSources), looked up once per batch.
 */
export function parseRow(mapping: ResolvedMapping, sources: ReadonlyMap<string, Source>, row: { rowNumber: number; cells: readonly (string | null)[] }): ParsedRow {
  const issues: RowIssue[] = [];
  const attributes: UserAttributesInput = {};
  const parsed: ParsedRow = { rowNumber: row.rowNumber, key: '', attributes, properties: {}, groups: null, tags: null, identities: [], issues };
  const issue = (column: string, value: string, code: string, message: string) => issues.push({ column, value, code, message });

  const idCell = cellOf(row.cells, mapping.id.index).trim();
  parsed.key = mapping.id.key === 'email' ? normalizeEmail(idCell) : idCell;
  if (!parsed.key) issue(mapping.id.column, idCell, 'REQUIRED', `The id column "${mapping.id.column}" is empty`);

  for (const { index, column, key } of mapping.attributes) {
    const raw = cellOf(row.cells, index);
    const text = raw.trim();
    if (!text) continue;
    switch (key) {
      case 'status': {
        const status = TEMPLATE_STATUS[text.toLowerCase()];
        if (status) attributes.status = status;
        else issue(column, raw, 'INVALID_STATUS', `"${text}" is not a status: use Active or Archived`);
        break;
      }
      case 'role': {
        const role = TEMPLATE_ROLE[text.toLowerCase()];
        if (role) attributes.role = role;
        else issue(column, raw, 'INVALID_ROLE', `"${text}" is not a role: use User, Admin or Supervisor`);
        break;
      }
      case 'signedUpAt': {
        // The same date rules as DATE and DATETIME properties: the one validator.
        const checked = checkPropertyValue(/^\d{4}-\d{2}-\d{2}$/.test(text) ? DATE_RULES : DATETIME_RULES, text, [column]);
        if ('issue' in checked) issue(column, raw, 'TYPE', `"${text}" is not a date (YYYY-MM-DD) or an ISO 8601 date-time with a time zone`);
        else attributes.signedUpAt = new Date(String(checked.value));
        break;
      }
      case 'emailConsent': {
        const consent = BOOLEAN_TEXT[text.toLowerCase()];
        if (consent === undefined) issue(column, raw, 'TYPE', `"${text}" is not true or false`);
        else parsed.emailConsent = consent;
        break;
      }
      default:
        if (key.startsWith('address.')) {
          attributes.address = { ...attributes.address, [key.slice('address.'.length)]: raw } as Address;
        } else {
          attributes[key as Exclude<AttributeTarget, 'status' | 'role' | 'signedUpAt' | 'emailConsent' | `address.${string}`>] = raw;
        }
    }
  }

  for (const { index, key } of mapping.properties) {
    const raw = cellOf(row.cells, index);
    if (raw.trim()) parsed.properties[key] = raw;
  }

  for (const [kind, col, target] of [
    [GROUPS, mapping.groups, 'groups'],
    [TAGS, mapping.tags, 'tags'],
  ] as const) {
    if (!col) continue;
    const raw = cellOf(row.cells, col.index);
    const names = labelList(raw);
    if (names.length === 0) continue;
    const none = names.findIndex((n) => n.toLowerCase() === 'none');
    if (none >= 0) {
      if (names.length > 1) issue(col.column, raw, 'INVALID_LIST', `"none" means no ${target} and cannot stand beside names`);
      parsed[target] = [];
      continue;
    }
    for (const name of names) {
      const checked = checkLabelName(kind, name, []);
      if (checked.issue) issue(col.column, raw, checked.issue.code, `${checked.issue.message} ("${name.slice(0, 40)}${name.length > 40 ? '…' : ''}")`);
    }
    parsed[target] = names;
  }

  if (mapping.identities) {
    const { column, index } = mapping.identities;
    const raw = cellOf(row.cells, index);
    const { pairs, issues: listIssues } = parseIdentityList(raw);
    for (const i of [...listIssues, ...identitySourceIssues(sources, pairs)]) issue(column, raw, i.code, i.message);
    parsed.identities = pairs;
  }
  return parsed;
}
