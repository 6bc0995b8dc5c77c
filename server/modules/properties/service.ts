import { isUniqueViolation } from '../../db/pg-errors.ts';
import type { Db, PropertyDefinition, PropertyType } from '../../db/types.ts';
import { type BreakingCounts, DefinitionChangeError, type FieldIssue, NotFoundError, ValidationError } from '../../errors.ts';
import type { Actor } from '../history/actor.ts';
import { recordChanges } from '../history/record.ts';
import { ADDRESS_FIELDS, RECORDED_ATTRIBUTES } from '../users/attributes.ts';
import {
  countUsersWithoutProperty,
  deletePropertyDefinitionRow,
  insertPropertyDefinition,
  listPropertyValues,
  lockPropertyDefinition,
  propertyKeyExists,
  removePropertyValues,
  type StoredPropertyValue,
  updatePropertyDefinitionRow,
} from './queries.ts';
import { checkPropertyValue, compiledPattern, PROPERTY_STRING_MAX } from './validator.ts';

// A team's custom property definitions: what a key may hold. Values themselves are checked by
// validator.ts on every write; this module keeps definitions sane, and when a definition changes
// it runs that same validator over the values already stored, so no change silently leaves users
// holding values their definition forbids.

export const PROPERTY_KEY = /^[a-z][a-z0-9_]{0,62}$/;
export const LABEL_MAX = 100;
export const DESCRIPTION_MAX = 1000;
export const PATTERN_MAX = 500;
export const OPTIONS_MAX = 500;
export const OPTION_MAX_LENGTH = 200;

const snakeCase = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * Keys a definition may not take: the default attributes and the other names of a user (as
 * written lower-case and in snake_case), so an import column or a filter never means two things.
 */
export const RESERVED_PROPERTY_KEYS: ReadonlySet<string> = new Set(
  [
    ...RECORDED_ATTRIBUTES,
    ...ADDRESS_FIELDS,
    'id', 'teamId', 'name', 'properties', 'groups', 'tags', 'identities', 'events', 'history', 'reminders',
    'lastSeenAt', 'createdAt', 'updatedAt', 'userHash',
  ].flatMap((name) => [name.toLowerCase(), snakeCase(name)]),
);

const CONSTRAINTS = ['min', 'max', 'minLength', 'maxLength', 'pattern', 'options'] as const;
type Constraint = (typeof CONSTRAINTS)[number];

const NUMERIC: ReadonlySet<PropertyType> = new Set(['NUMBER', 'INTEGER']);
const LENGTHS: ReadonlySet<PropertyType> = new Set(['STRING', 'EMAIL', 'URL']);
const APPLIES: Record<Constraint, (type: PropertyType) => boolean> = {
  min: (type) => NUMERIC.has(type),
  max: (type) => NUMERIC.has(type),
  minLength: (type) => LENGTHS.has(type),
  maxLength: (type) => LENGTHS.has(type),
  pattern: (type) => type === 'STRING',
  options: (type) => type === 'ENUM',
};

/** The value validator's issue codes, and the constraint each one comes from. */
const CONSTRAINT_OF_CODE: Record<string, Constraint> = {
  MIN: 'min',
  MAX: 'max',
  MIN_LENGTH: 'minLength',
  MAX_LENGTH: 'maxLength',
  PATTERN: 'pattern',
  OPTION: 'options',
};

type DefinitionRules = Pick<
  PropertyDefinition,
  'type' | 'label' | 'description' | 'required' | 'unique' | 'min' | 'max' | 'minLength' | 'maxLength' | 'pattern' | 'options'
>;

export interface DefinePropertyInput {
  key: string;
  label: string;
  type: PropertyType;
  required?: boolean | null;
  unique?: boolean | null;
  description?: string | null;
  min?: number | null;
  max?: number | null;
  minLength?: number | null;
  maxLength?: number | null;
  pattern?: string | null;
  options?: readonly string[] | null;
}

/** Absent fields stay; null clears an optional one (label, required and unique keep theirs). */
export type PropertyDefinitionPatch = { [K in keyof Omit<DefinePropertyInput, 'key' | 'type'>]?: DefinePropertyInput[K] | null };

const path = (field: string, ...rest: string[]) => ['input', field, ...rest];
const users = (n: number) => `${n} user${n === 1 ? '' : 's'}`;

/** Input text → stored form: trimmed, an empty optional text is null. */
function normalized<T extends PropertyDefinitionPatch>(input: T): T {
  const out = { ...input };
  if (typeof out.label === 'string') out.label = out.label.trim();
  if (out.description !== undefined) out.description = out.description?.trim() || null;
  if (out.pattern !== undefined) out.pattern = out.pattern || null;
  if (out.options) out.options = out.options.map((o) => o.trim());
  return out;
}

function keyIssue(key: string): FieldIssue | null {
  if (!key) return { path: path('key'), code: 'REQUIRED', message: 'A property needs a key' };
  if (!PROPERTY_KEY.test(key)) {
    return {
      path: path('key'),
      code: 'INVALID_KEY',
      message: 'A key starts with a lowercase letter, then up to 62 lowercase letters, digits or underscores',
    };
  }
  if (RESERVED_PROPERTY_KEYS.has(key)) return { path: path('key'), code: 'RESERVED_KEY', message: `"${key}" is a default attribute of every user` };
  return null;
}

function optionIssues(options: readonly string[] | null): FieldIssue[] {
  if (!options?.length) return [{ path: path('options'), code: 'REQUIRED', message: 'An ENUM property needs at least one option' }];
  if (options.length > OPTIONS_MAX) return [{ path: path('options'), code: 'TOO_MANY', message: `At most ${OPTIONS_MAX} options` }];
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  options.forEach((option, index) => {
    const at = path('options', String(index));
    if (!option) issues.push({ path: at, code: 'REQUIRED', message: 'An option cannot be empty' });
    else if (option.length > OPTION_MAX_LENGTH) issues.push({ path: at, code: 'TOO_LONG', message: `An option must be at most ${OPTION_MAX_LENGTH} characters` });
    else if (seen.has(option)) issues.push({ path: at, code: 'DUPLICATE', message: `"${option}" is listed twice` });
    seen.add(option);
  });
  return issues;
}

function patternIssue(pattern: string): FieldIssue | null {
  if (pattern.length > PATTERN_MAX) return { path: path('pattern'), code: 'INVALID_PATTERN', message: `A pattern must be at most ${PATTERN_MAX} characters` };
  try {
    compiledPattern(pattern);
    return null;
  } catch (error) {
    return { path: path('pattern'), code: 'INVALID_PATTERN', message: `Not a valid regular expression: ${(error as Error).message}` };
  }
}

/**
 * Every issue of a definition as it would be stored. `given` names the input fields, so a range
 * clash is reported on the bound the caller is setting.
 */
function rulesIssues(rules: DefinitionRules, given: ReadonlySet<string>): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!rules.label) issues.push({ path: path('label'), code: 'REQUIRED', message: 'A property needs a label' });
  else if (rules.label.length > LABEL_MAX) issues.push({ path: path('label'), code: 'TOO_LONG', message: `A label must be at most ${LABEL_MAX} characters` });
  if (rules.description && rules.description.length > DESCRIPTION_MAX) {
    issues.push({ path: path('description'), code: 'TOO_LONG', message: `A description must be at most ${DESCRIPTION_MAX} characters` });
  }
  const misplaced = CONSTRAINTS.filter((c) => rules[c] !== null && !APPLIES[c](rules.type));
  for (const c of misplaced) issues.push({ path: path(c), code: 'NOT_APPLICABLE', message: `${c} does not apply to ${rules.type} properties` });
  if (misplaced.length) return issues;

  for (const c of ['minLength', 'maxLength'] as const) {
    const value = rules[c];
    if (value !== null && (value < 0 || value > PROPERTY_STRING_MAX)) {
      issues.push({ path: path(c), code: 'INVALID_RANGE', message: `${c} must be between 0 and ${PROPERTY_STRING_MAX}` });
    }
  }
  for (const [low, high] of [['min', 'max'], ['minLength', 'maxLength']] as const) {
    const [a, b] = [rules[low], rules[high]];
    if (a !== null && b !== null && a > b) {
      issues.push({ path: path(given.has(high) ? high : low), code: 'INVALID_RANGE', message: `${low} (${a}) must not exceed ${high} (${b})` });
    }
  }
  if (rules.pattern !== null) {
    const issue = patternIssue(rules.pattern);
    if (issue) issues.push(issue);
  }
  if (rules.type === 'ENUM') issues.push(...optionIssues(rules.options));
  return issues;
}

function givenFields(input: object): Set<string> {
  return new Set(Object.entries(input).filter(([, v]) => v !== undefined).map(([k]) => k));
}

/**
 * Defines a custom property (ADMIN). A new required property is refused while any user exists,
 * since no user could have a value for it yet (WOULD_BREAK, with that count): define it optional,
 * fill the values, then make it required with updatePropertyDefinition.
 */
export async function definePropertyDefinition(db: Db, teamId: string, raw: DefinePropertyInput): Promise<PropertyDefinition> {
  const input = normalized(raw);
  const rules: DefinitionRules = {
    type: input.type,
    label: input.label,
    description: input.description ?? null,
    required: input.required ?? false,
    unique: input.unique ?? false,
    min: input.min ?? null,
    max: input.max ?? null,
    minLength: input.minLength ?? null,
    maxLength: input.maxLength ?? null,
    pattern: input.pattern ?? null,
    options: input.options ? [...input.options] : null,
  };
  const key = keyIssue(input.key);
  const issues = [...(key ? [key] : []), ...rulesIssues(rules, givenFields(input))];
  if (issues.length) throw new ValidationError(issues);

  const taken = () => new ValidationError({ path: path('key'), code: 'UNIQUE', message: `A property with the key "${input.key}" already exists` });
  try {
    return await db.transaction().execute(async (trx) => {
      if (await propertyKeyExists(trx, teamId, input.key)) throw taken();
      if (rules.required) {
        const missing = await countUsersWithoutProperty(trx, teamId, input.key);
        if (missing > 0) {
          throw new DefinitionChangeError(
            `${users(missing)} would have no value for the new required property ${rules.label}; define it optional, fill the values, then make it required`,
            path('required'),
            { breaking: missing, invalid: 0, duplicate: 0, missing },
          );
        }
      }
      return insertPropertyDefinition(trx, { teamId, key: input.key, ...rules });
    });
  } catch (error) {
    if (isUniqueViolation(error, 'property_definitions_team_key_key')) throw taken();
    throw error;
  }
}

interface Breakage {
  counts: BreakingCounts;
  /** Values clearing would remove: invalid ones and the younger duplicates. */
  toClear: StoredPropertyValue[];
  /** The constraints the invalid values break. */
  broken: Set<Constraint | 'type'>;
}

/**
 * What stored values a definition change breaks. The values of the key come in one query and go
 * through the same `checkPropertyValue` every write uses; duplicates of a property becoming
 * unique keep the oldest user's value; users lacking a property becoming required are counted.
 */
async function findBreakage(db: Db, teamId: string, before: PropertyDefinition, after: PropertyDefinition): Promise<Breakage> {
  const valuesChange = CONSTRAINTS.some((c) => JSON.stringify(before[c]) !== JSON.stringify(after[c]));
  const becomesUnique = after.unique && !before.unique;
  const toClear: StoredPropertyValue[] = [];
  const broken = new Set<Constraint | 'type'>();
  let invalid = 0;
  if (valuesChange || becomesUnique) {
    const seen = new Set<string>();
    for (const stored of await listPropertyValues(db, teamId, after.key)) {
      const checked = checkPropertyValue(after, stored.value, [after.key]);
      if ('issue' in checked) {
        invalid++;
        broken.add(CONSTRAINT_OF_CODE[checked.issue.code] ?? 'type');
        toClear.push(stored);
      } else if (becomesUnique) {
        // Values are listed oldest user first, so the first valid holder of a value keeps it.
        const id = JSON.stringify(checked.value);
        if (seen.has(id)) toClear.push(stored);
        seen.add(id);
      }
    }
  }
  const missing = after.required && !before.required ? await countUsersWithoutProperty(db, teamId, after.key) : 0;
  const duplicate = toClear.length - invalid;
  return { counts: { breaking: toClear.length + missing, invalid, duplicate, missing }, toClear, broken };
}

/** The input field to blame for a refusal: the one cause, or null when several share it. */
function breakagePath(breakage: Breakage, required: boolean, clearing: boolean): string[] | null {
  const { missing, invalid, duplicate } = breakage.counts;
  if (missing > 0 || (clearing && required)) return path('required');
  if (invalid === 0) return path('unique');
  const [only] = breakage.broken;
  return duplicate === 0 && breakage.broken.size === 1 && only !== 'type' ? path(only!) : null;
}

/** Removes values of `key` (those in `only`, or all) and records each removal; returns how many. */
async function clearValues(db: Db, teamId: string, actor: Actor, key: string, only?: readonly StoredPropertyValue[]): Promise<number> {
  const cleared = await removePropertyValues(db, teamId, key, only);
  await recordChanges(db, teamId, actor, cleared.map((c) => ({ userId: c.userId, field: `properties.${key}`, oldValue: c.value, newValue: null })));
  return cleared.length;
}

function breakageMessage({ counts, toClear }: Breakage, required: boolean): string {
  const parts = [
    counts.invalid && `${counts.invalid} stored value${counts.invalid === 1 ? '' : 's'} would break the new constraints`,
    counts.duplicate && `${counts.duplicate} value${counts.duplicate === 1 ? '' : 's'} repeat an older user\u2019s`,
    counts.missing && `${users(counts.missing)} have no value for a required property`,
  ].filter(Boolean);
  const advice =
    counts.missing > 0 || (required && toClear.length > 0)
      ? 'clearing cannot give users a value of a required property: correct or fill the values first'
      : 'pass clearInvalidValues: true to remove them (the oldest user keeps a duplicated value)';
  return `${parts.join('; ')}; ${advice}`;
}

/**
 * Changes a definition (ADMIN); its key and type never change. A change that stored values would
 * break is refused with WOULD_BREAK and the counts, unless `clearInvalidValues`: then those values
 * are removed (each removal recorded in the user's history with the actor) and the change applies.
 * Users lacking a property becoming required cannot be mended by clearing, so that stays refused.
 */
export async function updatePropertyDefinition(
  db: Db,
  teamId: string,
  actor: Actor,
  id: string,
  raw: PropertyDefinitionPatch,
  { clearInvalidValues = false }: { clearInvalidValues?: boolean } = {},
): Promise<{ definition: PropertyDefinition; clearedCount: number }> {
  const patch = normalized(raw);
  return db.transaction().execute(async (trx) => {
    const before = await lockPropertyDefinition(trx, teamId, id);
    if (!before) throw new NotFoundError('Property definition', path('id'));
    const after: PropertyDefinition = { ...before };
    if (patch.label !== undefined && patch.label !== null) after.label = patch.label;
    if (patch.required !== undefined && patch.required !== null) after.required = patch.required;
    if (patch.unique !== undefined && patch.unique !== null) after.unique = patch.unique;
    if (patch.description !== undefined) after.description = patch.description;
    for (const c of CONSTRAINTS) {
      const value = patch[c];
      if (value !== undefined) (after as Record<Constraint, unknown>)[c] = value === null ? null : Array.isArray(value) ? [...value] : value;
    }
    const issues = rulesIssues(after, givenFields(patch));
    if (issues.length) throw new ValidationError(issues);

    const breakage = await findBreakage(trx, teamId, before, after);
    if (breakage.counts.breaking > 0) {
      const mendable = breakage.counts.missing === 0 && !(after.required && breakage.toClear.length > 0);
      if (!clearInvalidValues || !mendable) {
        throw new DefinitionChangeError(
          breakageMessage(breakage, after.required),
          breakagePath(breakage, after.required, clearInvalidValues),
          breakage.counts,
        );
      }
    }
    const clearedCount = await clearValues(trx, teamId, actor, before.key, breakage.toClear);
    const { id: _id, teamId: _team, key: _key, type: _type, createdAt: _created, updatedAt: _updated, ...values } = after;
    const definition = await updatePropertyDefinitionRow(trx, teamId, id, values);
    return { definition, clearedCount };
  });
}

/**
 * Deletes a definition (ADMIN) and removes its key from every user in one statement; each
 * removal is recorded in that user's history with the actor.
 */
export async function deletePropertyDefinition(db: Db, teamId: string, actor: Actor, id: string): Promise<{ clearedCount: number }> {
  return db.transaction().execute(async (trx) => {
    const definition = await lockPropertyDefinition(trx, teamId, id);
    if (!definition) throw new NotFoundError('Property definition', path('id'));
    const clearedCount = await clearValues(trx, teamId, actor, definition.key);
    await deletePropertyDefinitionRow(trx, teamId, id);
    return { clearedCount };
  });
}
