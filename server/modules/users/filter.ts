import { type Expression, type ExpressionBuilder, sql, type SqlBool } from 'kysely';
import type { Database, JsonValue, PropertyDefinition, UserKind, UserRole, UserStatus } from '../../db/types.ts';
import { type FieldIssue, ValidationError } from '../../errors.ts';
import { checkPropertyValue } from '../properties/validator.ts';

export type PropertyOp = 'EQ' | 'NE' | 'GT' | 'GTE' | 'LT' | 'LTE' | 'IN' | 'CONTAINS' | 'EXISTS';

export interface PropertyPredicate {
  key: string;
  op: PropertyOp;
  value?: JsonValue;
}

export interface TimeRange {
  from?: Date | null;
  to?: Date | null;
}

/** What `users(filter:)` narrows by. Lists are "any of"; different fields combine with AND. */
export interface UserFilter {
  /** Prefix of the email, display name, first name or last name (case-insensitive). */
  search?: string | null;
  kind?: UserKind[] | null;
  status?: UserStatus[] | null;
  role?: UserRole[] | null;
  /** Group IDs (row ids): members of any of them. */
  groupIds?: string[] | null;
  /** Tag names: users with any of them. */
  tags?: string[] | null;
  /** Source keys: users with an identity on any of them. */
  hasIdentityOn?: string[] | null;
  properties?: PropertyPredicate[] | null;
  createdAt?: TimeRange | null;
  lastSeenAt?: TimeRange | null;
}

type Eb = ExpressionBuilder<Database, 'users'>;

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The most values one IN predicate may list (each is one indexed containment test). */
export const MAX_IN_VALUES = 1000;
const NUMERIC = new Set(['NUMBER', 'INTEGER']);
const ORDERED = new Set(['NUMBER', 'INTEGER', 'DATE', 'DATETIME', 'STRING', 'EMAIL', 'URL', 'ENUM']);

function propertyCondition(eb: Eb, def: PropertyDefinition, predicate: PropertyPredicate, index: number): Expression<SqlBool> {
  const path = ['filter', 'properties', String(index), 'value'];
  const typed = (raw: JsonValue | undefined): JsonValue => {
    const checked = checkPropertyValue({ ...def, min: null, max: null, minLength: null, maxLength: null, pattern: null }, raw ?? null, path);
    if ('issue' in checked) throw new ValidationError(checked.issue);
    return checked.value;
  };
  const contains = (value: JsonValue) => sql<SqlBool>`users.properties @> ${JSON.stringify({ [def.key]: value })}::jsonb`;
  const text = sql`users.properties ->> ${def.key}`;
  switch (predicate.op) {
    case 'EXISTS':
      // No value means true; anything but a boolean is a mistake, not a silent "exists".
      if (predicate.value != null && typeof predicate.value !== 'boolean') {
        throw new ValidationError({ path, code: 'TYPE', message: 'EXISTS takes true or false' });
      }
      return predicate.value === false ? sql<SqlBool>`not (users.properties ? ${def.key})` : sql<SqlBool>`users.properties ? ${def.key}`;
    case 'EQ':
      return contains(typed(predicate.value));
    case 'NE':
      return sql<SqlBool>`not (${contains(typed(predicate.value))})`;
    case 'IN': {
      if (!Array.isArray(predicate.value) || predicate.value.length === 0) {
        throw new ValidationError({ path, code: 'TYPE', message: 'IN needs a non-empty list of values' });
      }
      if (predicate.value.length > MAX_IN_VALUES) {
        throw new ValidationError({ path, code: 'TOO_MANY', message: `IN takes at most ${MAX_IN_VALUES} values` });
      }
      return eb.or(predicate.value.map((v) => contains(typed(v))));
    }
    case 'CONTAINS': {
      if (typeof predicate.value !== 'string') throw new ValidationError({ path, code: 'TYPE', message: 'CONTAINS needs text' });
      return sql<SqlBool>`${text} ilike ${`%${escapeLike(predicate.value)}%`}`;
    }
    default: {
      if (!ORDERED.has(def.type)) {
        throw new ValidationError({ path, code: 'TYPE', message: `${predicate.op} does not apply to ${def.type} properties` });
      }
      const value = typed(predicate.value);
      const op = sql.raw({ GT: '>', GTE: '>=', LT: '<', LTE: '<=' }[predicate.op]);
      // Numbers compare as numbers; ISO dates and date-times (stored normalised) compare as text.
      return NUMERIC.has(def.type) ? sql<SqlBool>`(${text})::numeric ${op} ${value}` : sql<SqlBool>`${text} ${op} ${value}`;
    }
  }
}

/**
 * The WHERE conditions for a filter, for `users` in one team. Property predicates are checked
 * against the team's definitions: an unknown key or a value of the wrong type is a
 * ValidationError (path filter.properties.N…), never an SQL error.
 */
export function userFilterConditions(
  eb: Eb,
  teamId: string,
  filter: UserFilter | null | undefined,
  definitions: readonly PropertyDefinition[],
): Expression<SqlBool>[] {
  const conditions: Expression<SqlBool>[] = [eb('users.teamId', '=', teamId)];
  if (!filter) return conditions;
  const search = filter.search?.trim().toLowerCase();
  if (search) {
    const prefix = `${escapeLike(search)}%`;
    conditions.push(
      eb.or([
        eb(sql`lower(users.email)`, 'like', prefix),
        eb(sql`lower(users.display_name)`, 'like', prefix),
        eb(sql`lower(users.first_name)`, 'like', prefix),
        eb(sql`lower(users.last_name)`, 'like', prefix),
      ]),
    );
  }
  if (filter.kind?.length) conditions.push(eb('users.kind', 'in', filter.kind));
  if (filter.status?.length) conditions.push(eb('users.status', 'in', filter.status));
  if (filter.role?.length) conditions.push(eb('users.role', 'in', filter.role));
  if (filter.groupIds) {
    // An empty list (or only unknown IDs) matches nobody rather than everybody.
    conditions.push(
      filter.groupIds.length
        ? eb.exists(eb.selectFrom('userGroups').select(sql`1`.as('one')).whereRef('userGroups.userId', '=', 'users.id').where('userGroups.groupId', 'in', filter.groupIds))
        : sql<SqlBool>`false`,
    );
  }
  if (filter.tags?.length) {
    // users.tag_ids (kept from user_tags by triggers) overlaps the named tags' ids: a GIN index
    // condition on users, which PostgreSQL ANDs with a property predicate's GIN bitmap. Unknown
    // names give an empty array, which matches nobody.
    const names = filter.tags.map((t) => t.trim().toLowerCase());
    conditions.push(
      sql<SqlBool>`users.tag_ids && array(select tags.id from tags where tags.team_id = ${teamId} and lower(tags.name) = any(${names}::text[]))`,
    );
  }
  if (filter.hasIdentityOn?.length) {
    conditions.push(
      eb.exists(
        eb.selectFrom('identities').select(sql`1`.as('one')).whereRef('identities.userId', '=', 'users.id').where('identities.source', 'in', filter.hasIdentityOn.map((k) => k.trim().toLowerCase())),
      ),
    );
  }
  const byKey = new Map(definitions.map((d) => [d.key, d]));
  const issues: FieldIssue[] = [];
  filter.properties?.forEach((predicate, index) => {
    const def = byKey.get(predicate.key);
    if (!def) {
      issues.push({ path: ['filter', 'properties', String(index), 'key'], code: 'UNKNOWN_PROPERTY', message: `"${predicate.key}" is not a defined property` });
      return;
    }
    conditions.push(propertyCondition(eb, def, predicate, index));
  });
  if (issues.length) throw new ValidationError(issues);
  for (const [column, range] of [['users.createdAt', filter.createdAt], ['users.lastSeenAt', filter.lastSeenAt]] as const) {
    if (range?.from) conditions.push(eb(column, '>=', range.from));
    if (range?.to) conditions.push(eb(column, '<', range.to));
  }
  return conditions;
}
