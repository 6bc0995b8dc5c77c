import type { JsonObject, JsonValue, PropertyDefinition } from '../../db/types.ts';
import type { FieldIssue } from '../../errors.ts';
import { checkEmail, normalizeEmail } from '../../lib/validate.ts';

// THE property validator. Every write path — dashboard, server API, client API and imports —
// calls `validateProperties`, so a definition's constraints mean the same everywhere.
// It is pure (no database): uniqueness across users is checked by the caller, set-based.

export type DefinitionRules = Pick<
  PropertyDefinition,
  'key' | 'label' | 'type' | 'required' | 'unique' | 'min' | 'max' | 'minLength' | 'maxLength' | 'pattern' | 'options'
>;

/** A stored string is never longer than this, whatever a definition allows. */
export const PROPERTY_STRING_MAX = 10_000;
/** The serialized size of one user's properties object. */
export const PROPERTIES_MAX_BYTES = 64 * 1024;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// ISO 8601 date-time with an explicit offset, so a value means one instant.
const DATETIME = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;
// A number given as text: plain decimal notation only (Number() would also take "0x1f", "0b1").
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

type Checked = { value: JsonValue } | { issue: FieldIssue };

const fail = (path: string[], code: string, message: string): Checked => ({ issue: { path, code, message } });

function isValidDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

const patternCache = new Map<string, RegExp>();
/** A definition's pattern as values are tested against it: anchored, Unicode mode. Throws when it does not compile. */
export function compiledPattern(pattern: string): RegExp {
  let regex = patternCache.get(pattern);
  if (!regex) {
    regex = new RegExp(`^(?:${pattern})$`, 'u');
    patternCache.set(pattern, regex);
  }
  return regex;
}

/** Checks one value against its definition; returns the value as stored, or the issue. */
export function checkPropertyValue(def: DefinitionRules, raw: JsonValue, path: string[]): Checked {
  const label = def.label || def.key;
  switch (def.type) {
    case 'STRING':
    case 'EMAIL':
    case 'URL':
    case 'ENUM':
    case 'DATE':
    case 'DATETIME': {
      if (typeof raw !== 'string') return fail(path, 'TYPE', `${label} must be text (${def.type.toLowerCase()})`);
      let value = raw.trim();
      if (value.length > PROPERTY_STRING_MAX) return fail(path, 'MAX_LENGTH', `${label} must be at most ${PROPERTY_STRING_MAX} characters`);
      if (def.type === 'EMAIL') {
        const issue = checkEmail(value, path);
        if (issue) return fail(path, 'TYPE', `${label}: ${issue.message}`);
        // Stored as the default email attribute is, so UNIQUE and EQ compare addresses, not spellings.
        value = normalizeEmail(value);
      }
      if (def.type === 'URL' && !isHttpUrl(value)) return fail(path, 'TYPE', `${label} must be an http(s) URL`);
      if (def.type === 'DATE' && !isValidDate(value)) return fail(path, 'TYPE', `${label} must be a date as YYYY-MM-DD`);
      if (def.type === 'DATETIME') {
        // Date.parse rolls 2026-02-30 over into March; the calendar date must exist as written.
        const match = DATETIME.exec(value);
        if (!match || !isValidDate(match[1]!) || Number.isNaN(Date.parse(value))) {
          return fail(path, 'TYPE', `${label} must be an ISO 8601 date-time with a time zone, e.g. 2026-01-31T09:30:00Z`);
        }
        return { value: new Date(value).toISOString() };
      }
      if (def.type === 'ENUM') {
        if (!def.options?.includes(value)) return fail(path, 'OPTION', `${label} must be one of: ${(def.options ?? []).join(', ')}`);
        return { value };
      }
      if (def.minLength != null && [...value].length < def.minLength) {
        return fail(path, 'MIN_LENGTH', `${label} must be at least ${def.minLength} characters`);
      }
      if (def.maxLength != null && [...value].length > def.maxLength) {
        return fail(path, 'MAX_LENGTH', `${label} must be at most ${def.maxLength} characters`);
      }
      if (def.pattern && !compiledPattern(def.pattern).test(value)) {
        return fail(path, 'PATTERN', `${label} does not match the required pattern`);
      }
      return { value };
    }
    case 'NUMBER':
    case 'INTEGER': {
      const value = typeof raw === 'string' && DECIMAL.test(raw.trim()) ? Number(raw.trim()) : raw;
      if (typeof value !== 'number' || !Number.isFinite(value)) return fail(path, 'TYPE', `${label} must be a number`);
      if (def.type === 'INTEGER' && !Number.isSafeInteger(value)) return fail(path, 'TYPE', `${label} must be a whole number`);
      if (def.min != null && value < def.min) return fail(path, 'MIN', `${label} must be at least ${def.min}`);
      if (def.max != null && value > def.max) return fail(path, 'MAX', `${label} must be at most ${def.max}`);
      return { value };
    }
    case 'BOOLEAN': {
      if (typeof raw === 'boolean') return { value: raw };
      if (typeof raw === 'string' && /^(true|false)$/i.test(raw.trim())) return { value: raw.trim().toLowerCase() === 'true' };
      return fail(path, 'TYPE', `${label} must be true or false`);
    }
  }
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

export interface PropertiesResult {
  /** The properties as they will be stored (existing merged with the input; nulls removed). */
  properties: JsonObject;
  issues: FieldIssue[];
}

export interface ValidateOptions {
  /** The user's stored properties (a patch merges into them). */
  existing?: JsonObject;
  /**
   * `create`: every required property must be present. `patch`: only what the input touches is
   * checked, so a user stored before a property became required can still be edited.
   */
  mode: 'create' | 'patch';
  pathPrefix?: string[];
}

/**
 * Validates `input` (a key set to null or "" removes it) against the team's definitions and
 * merges it into the existing properties. Unknown keys, wrong types, broken constraints and
 * missing required properties come back as issues with path [...pathPrefix, key]; nothing throws.
 */
export function validateProperties(
  definitions: readonly DefinitionRules[],
  input: unknown,
  { existing = {}, mode, pathPrefix = ['properties'] }: ValidateOptions,
): PropertiesResult {
  const issues: FieldIssue[] = [];
  const properties: JsonObject = { ...existing };
  if (input !== undefined && input !== null && (typeof input !== 'object' || Array.isArray(input))) {
    return { properties, issues: [{ path: pathPrefix, code: 'TYPE', message: 'Properties must be an object keyed by property key' }] };
  }
  const byKey = new Map(definitions.map((d) => [d.key, d]));
  for (const [key, raw] of Object.entries((input ?? {}) as Record<string, JsonValue>)) {
    const path = [...pathPrefix, key];
    const def = byKey.get(key);
    if (!def) {
      issues.push({ path, code: 'UNKNOWN_PROPERTY', message: `"${key}" is not a defined property` });
      continue;
    }
    if (raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '')) {
      delete properties[key];
      continue;
    }
    const checked = checkPropertyValue(def, raw, path);
    if ('issue' in checked) issues.push(checked.issue);
    else properties[key] = checked.value;
  }
  const touched = new Set(Object.keys((input ?? {}) as object));
  const faulty = new Set(issues.map((i) => i.path.at(-1)));
  for (const def of definitions) {
    if (mode === 'patch' && !touched.has(def.key)) continue;
    // A value given but invalid already has its issue; REQUIRED on top would only repeat it.
    if (faulty.has(def.key)) continue;
    if (def.required && (properties[def.key] === undefined || properties[def.key] === null)) {
      issues.push({ path: [...pathPrefix, def.key], code: 'REQUIRED', message: `${def.label || def.key} is required` });
    }
  }
  if (issues.length === 0 && Buffer.byteLength(JSON.stringify(properties)) > PROPERTIES_MAX_BYTES) {
    issues.push({ path: pathPrefix, code: 'TOO_LARGE', message: `Properties must be at most ${PROPERTIES_MAX_BYTES / 1024} KiB in total` });
  }
  return { properties, issues };
}
