import { sql } from 'kysely';
import type { Address, ConflictPolicy, Db, ImportRowAction, JsonObject, JsonValue, User } from '../../db/types.ts';
import { labelsByUserIds } from '../groups/labels.ts';
import { GROUPS } from '../groups/queries.ts';
import { diffFields, diffProperties, type FieldChange } from '../history/record.ts';
import { findTakenPropertyValues } from '../properties/queries.ts';
import { type DefinitionRules, validateProperties } from '../properties/validator.ts';
import { listIdentitiesOfUsers } from '../sources/queries.ts';
import { formatIdentity, type IdentityPair } from '../sources/identity-list.ts';
import { TAGS } from '../tags/queries.ts';
import { ADDRESS_FIELDS, checkUserAttributes, RECORDED_ATTRIBUTES } from '../users/attributes.ts';
import { findIdentityHolders, findUserHolders, findUsersByIds } from './lookups.ts';
import type { ParsedRow, ResolvedMapping, RowIssue } from './validate-rows.ts';

// What each row would do to the team's users — the same code decides it when the import is
// configured (for the errors and the preview) and again, against the locked current state,
// inside each batch transaction of the commit. Per row it is pure; what needs the database
// (existing users, uniqueness across users) is loaded or checked for a whole batch at once.

/** A matched user with what imports add to: its labels and identities. */
export interface ExistingUser {
  user: User;
  /** Label names, sorted as history records them. */
  groups: string[];
  tags: string[];
  identities: IdentityPair[];
}

/** A label by lower-cased name; `id` is null for one the commit will create. */
export type LabelIndex = ReadonlyMap<string, { id: string | null; name: string }>;

export interface PlanSetup {
  mapping: ResolvedMapping;
  policy: ConflictPolicy;
  /** Every definition of the team, plus the NEW_PROPERTY ones to be created. */
  definitions: readonly DefinitionRules[];
  groups: LabelIndex;
  /** Tags need not exist (missing ones are created); known ones keep their stored spelling. */
  tags: LabelIndex;
  createMissingGroups: boolean;
}

/** The users columns a row writes: every one for a CREATE, the changed ones for an UPDATE. */
export type UserValues = Partial<
  Pick<
    User,
    | 'externalId' | 'email' | 'kind' | 'status' | 'role' | 'displayName' | 'firstName' | 'lastName' | 'jobTitle' | 'phone'
    | 'company' | 'note' | 'signedUpAt' | 'emailConsent' | 'emailConsentChangedAt'
  >
> & { address?: Address | null; properties?: JsonObject };

export interface RowPlan {
  rowNumber: number;
  action: ImportRowAction;
  existing: ExistingUser | null;
  issues: RowIssue[];
  values: UserValues;
  /** History; a CREATE's changes get the new user's id once it is inserted. */
  changes: FieldChange[];
  addGroups: string[];
  addTags: string[];
  addIdentities: IdentityPair[];
  /** Values other users must not hold (checked set-based across the batch and the file). */
  claims: { email?: string; externalId?: string; unique: { key: string; value: JsonValue }[] };
}

const lower = (s: string) => s.toLowerCase();
/** Names as history stores a user's labels: sorted by lower-cased name. */
export const sortNames = (names: readonly string[]) => [...names].sort((a, b) => (lower(a) < lower(b) ? -1 : lower(a) > lower(b) ? 1 : 0));
const identityKey = (p: IdentityPair) => `${p.source}:${p.username.toLowerCase()}`;

/** An address with its fields in one order, so equal addresses compare equal whatever their source. */
export function canonicalAddress(address: Address | null | undefined): Address | null {
  if (!address) return null;
  const out: Address = {};
  for (const field of ADDRESS_FIELDS) if (address[field]) out[field] = address[field];
  return Object.keys(out).length ? out : null;
}

/** Where an attribute's issue (path from checkUserAttributes) sits in the file. */
function attributeColumn(mapping: ResolvedMapping, path: readonly string[]): string {
  const key = path[0] === 'address' && path[1] ? `address.${path[1]}` : path[0];
  return mapping.attributes.find((a) => a.key === key)?.column ?? mapping.id.column;
}

/**
 * Decides one row: INVALID (with its issues), CREATE, UPDATE or UNCHANGED under the conflict
 * policy. OVERWRITE writes every non-blank cell; FILL_EMPTY only fields the user has no value
 * for (status, role and consent always have one); KEEP_EXISTING leaves existing users as they
 * are. Groups, tags and identities are only ever added (KEEP_EXISTING adds none to existing users).
 */
export function planRow(setup: PlanSetup, row: ParsedRow, existing: ExistingUser | null): RowPlan {
  const { mapping, policy } = setup;
  const issues = [...row.issues];
  const keep = existing !== null && policy === 'KEEP_EXISTING';
  const fill = existing !== null && policy === 'FILL_EMPTY';
  const stored = existing ? { ...existing.user, address: canonicalAddress(existing.user.address) } : null;

  // Attributes: every given cell is checked; the policy then says which are written.
  const input = { ...row.attributes };
  if (input.address && stored?.address) input.address = { ...stored.address, ...input.address };
  const attributes = checkUserAttributes(input, stored, []);
  for (const issue of attributes.issues) {
    // KEEP_EXISTING writes nothing to an existing user, so another email there changes nothing.
    if (keep && issue.code === 'EMAIL_IMMUTABLE') continue;
    const column = attributeColumn(mapping, issue.path);
    const value = issue.path[0] === 'address' ? (row.attributes.address?.[issue.path[1] as keyof Address] ?? null) : ((row.attributes as Record<string, unknown>)[issue.path[0]!] ?? null);
    issues.push({ column, value: value === null ? null : String(value), code: issue.code, message: issue.message });
  }
  const values: UserValues = {};
  if (!keep) {
    for (const [field, value] of Object.entries(attributes.values) as [keyof UserValues, never][]) {
      if (fill && field === 'address') values.address = canonicalAddress({ ...(value as Address | null), ...stored!.address });
      else if (!fill || stored![field as keyof User] === null) values[field] = field === 'address' ? (canonicalAddress(value) as never) : value;
    }
    if (row.emailConsent !== undefined && !fill && row.emailConsent !== stored?.emailConsent) {
      values.emailConsent = row.emailConsent;
      values.emailConsentChangedAt = new Date();
    }
  }

  // Properties: the one validator, merged into what the user holds.
  const props = validateProperties(setup.definitions, row.properties, {
    existing: stored?.properties ?? {},
    mode: stored ? 'patch' : 'create',
    pathPrefix: [],
  });
  for (const issue of props.issues) {
    const key = issue.path[0];
    const column = mapping.properties.find((p) => p.key === key)?.column ?? null;
    issues.push({ column, value: key !== undefined ? (row.properties[key] ?? null) : null, code: issue.code, message: issue.message });
  }
  let properties = props.properties;
  if (keep) properties = stored!.properties;
  else if (fill) properties = { ...props.properties, ...stored!.properties };

  // Labels and identities: added, never removed.
  const addGroups: string[] = [];
  const addTags: string[] = [];
  const addIdentities: IdentityPair[] = [];
  if (row.groups) {
    const has = new Set((existing?.groups ?? []).map(lower));
    for (const name of row.groups) {
      const group = setup.groups.get(lower(name));
      if (!group && !setup.createMissingGroups) {
        issues.push({ column: mapping.groups!.column, value: name, code: 'UNKNOWN_GROUP', message: `There is no group "${name}" (create it, or configure with createMissingGroups)` });
        continue;
      }
      const display = group?.name ?? name;
      if (!keep && !has.has(lower(display))) addGroups.push(display);
    }
  }
  if (row.tags && !keep) {
    const has = new Set((existing?.tags ?? []).map(lower));
    for (const name of row.tags) {
      const display = setup.tags.get(lower(name))?.name ?? name;
      if (!has.has(lower(display))) addTags.push(display);
    }
  }
  if (!keep) {
    const has = new Set((existing?.identities ?? []).map(identityKey));
    addIdentities.push(...row.identities.filter((p) => !has.has(identityKey(p))));
  }

  const plan: RowPlan = { rowNumber: row.rowNumber, action: 'INVALID', existing, issues, values, changes: [], addGroups, addTags, addIdentities, claims: { unique: [] } };
  if (issues.length) return plan;

  if (!existing) {
    Object.assign(values, { kind: 'USER', status: values.status ?? 'ACTIVE', role: values.role ?? 'USER', emailConsent: values.emailConsent ?? false });
    values.properties = properties;
    plan.changes.push({ userId: '', field: 'created', oldValue: null, newValue: creationSnapshot(values, addGroups, addTags, addIdentities) });
  } else {
    const userId = existing.user.id;
    const propertyChanges = diffProperties(userId, stored!.properties, properties);
    plan.changes.push(...diffFields(userId, stored as Record<string, unknown>, values as Record<string, unknown>, RECORDED_ATTRIBUTES), ...propertyChanges);
    // An UPDATE writes only what changes.
    const changed = new Set(plan.changes.map((c) => c.field));
    for (const field of Object.keys(values) as (keyof UserValues)[]) {
      if (!changed.has(field) && field !== 'emailConsentChangedAt') delete values[field];
    }
    if (!('emailConsent' in values)) delete values.emailConsentChangedAt;
    if (propertyChanges.length) values.properties = properties;
    for (const [field, before, added] of [
      ['groups', existing.groups, addGroups],
      ['tags', existing.tags, addTags],
    ] as const) {
      if (added.length) plan.changes.push({ userId, field, oldValue: [...before], newValue: sortNames([...before, ...added]) });
    }
    if (addIdentities.length) {
      const before = existing.identities.map(formatIdentity).sort();
      plan.changes.push({ userId, field: 'identities', oldValue: before, newValue: [...before, ...addIdentities.map(formatIdentity)].sort() });
    }
  }

  // A new user's id-column value was just looked up and found free; the other key is a claim.
  const isKey = (key: 'email' | 'externalId') => !existing && mapping.id.key === key;
  if (values.email && values.email !== stored?.email && !isKey('email')) plan.claims.email = values.email;
  if (values.externalId && values.externalId !== stored?.externalId && !isKey('externalId')) plan.claims.externalId = values.externalId;
  for (const def of setup.definitions) {
    const value = properties[def.key];
    if (def.unique && value !== undefined && value !== null && JSON.stringify(value) !== JSON.stringify(stored?.properties[def.key])) {
      plan.claims.unique.push({ key: def.key, value });
    }
  }
  plan.action = !existing ? 'CREATE' : plan.changes.length ? 'UPDATE' : 'UNCHANGED';
  return plan;
}

/**
 * What a created user's one `created` change records: externalId and kind (as every creation
 * does) and every value the import gave it. One history row per new user instead of one per
 * field keeps a large import's history cheap; revert deletes the user either way.
 */
function creationSnapshot(values: UserValues, groups: string[], tags: string[], identities: IdentityPair[]): JsonObject {
  const snapshot: JsonObject = { externalId: values.externalId!, kind: 'USER' };
  for (const field of RECORDED_ATTRIBUTES) {
    const value = values[field as keyof UserValues];
    if (value !== undefined && value !== null && field !== 'externalId' && field !== 'kind') snapshot[field] = value instanceof Date ? value.toISOString() : (value as JsonValue);
  }
  if (values.properties && Object.keys(values.properties).length) snapshot.properties = values.properties;
  if (groups.length) snapshot.groups = sortNames(groups);
  if (tags.length) snapshot.tags = sortNames(tags);
  if (identities.length) snapshot.identities = identities.map(formatIdentity).sort();
  return snapshot;
}

/** Marks a plan invalid with one more issue (cross-row rules find these after planRow). */
export function invalidate(plan: RowPlan, issue: RowIssue): void {
  plan.issues.push(issue);
  plan.action = 'INVALID';
}

// ---------------------------------------------------------------------------------------------
// State, set-based

/**
 * The existing USER-kind users the rows name by their id column, with their labels and
 * identities: four queries for any number of rows. With `lock`, the users are locked (in id
 * order, like every other writer) for the rest of the transaction.
 */
export async function findExistingUsers(
  db: Db,
  teamId: string,
  mapping: ResolvedMapping,
  rows: readonly ParsedRow[],
  lock: boolean,
): Promise<Map<string, ExistingUser>> {
  const keys = [...new Set(rows.map((r) => r.key).filter(Boolean))];
  if (keys.length === 0) return new Map();
  const byEmail = mapping.id.key === 'email';
  // Found by key (one index probe each), then read whole — and locked — by id, in id order.
  const holders = await findUserHolders(db, teamId, mapping.id.key, keys);
  const wanted = new Set(keys);
  // A key may have moved between the two reads (the lock waited for its writer): keep a user only
  // if it still holds the key the row names.
  const users = (await findUsersByIds(db, teamId, holders.map((h) => h.id), lock)).filter(
    (u) => u.kind === 'USER' && wanted.has(byEmail ? lower(u.email ?? '') : u.externalId),
  );
  const ids = users.map((u) => u.id);
  const [groups, tags, identities] = await Promise.all([
    labelsByUserIds(db, GROUPS, teamId, ids),
    labelsByUserIds(db, TAGS, teamId, ids),
    listIdentitiesOfUsers(db, teamId, ids),
  ]);
  const identitiesOf = new Map<string, IdentityPair[]>();
  for (const x of identities) identitiesOf.set(x.userId, [...(identitiesOf.get(x.userId) ?? []), { source: x.source, username: x.username }]);
  const found = new Map<string, ExistingUser>();
  users.forEach((user, i) => {
    found.set(byEmail ? lower(user.email ?? '') : user.externalId, {
      user,
      groups: (groups[i] ?? []).map((g) => g.name),
      tags: (tags[i] ?? []).map((t) => t.name),
      identities: identitiesOf.get(user.id) ?? [],
    });
  });
  return found;
}

/**
 * Values rows claim, first come first served in file order: a later row claiming what an
 * earlier one holds is invalid. Each commit batch keeps one for everything (`batch`). Configure
 * keeps one for the whole file (`file`) for unique property values only — what the validator
 * normalises — since repeated emails, external IDs and identities across a file are found by SQL
 * (findRepeatedCells, findRepeatedIdentities) and need no memory per row.
 */
export class ClaimRegistry {
  private readonly seen = new Map<string, number>();
  private readonly all: boolean;
  constructor(scope: 'batch' | 'file') {
    this.all = scope === 'batch';
  }

  /** Registers every claim of a valid plan, or invalidates it on the first one taken. */
  claim(plan: RowPlan, mapping: ResolvedMapping): void {
    if (plan.action === 'INVALID' || plan.action === 'UNCHANGED') return;
    const wanted: { id: string; column: string | null; value: string; what: string }[] = [];
    if (this.all && plan.claims.email) wanted.push({ id: `e:${plan.claims.email}`, column: attributeColumn(mapping, ['email']), value: plan.claims.email, what: 'email' });
    if (this.all && plan.claims.externalId) {
      wanted.push({ id: `x:${plan.claims.externalId}`, column: attributeColumn(mapping, ['externalId']), value: plan.claims.externalId, what: 'external ID' });
    }
    for (const { key, value } of plan.claims.unique) {
      const column = mapping.properties.find((p) => p.key === key)?.column ?? null;
      wanted.push({ id: `p:${key}:${JSON.stringify(value)}`, column, value: String(value), what: key });
    }
    for (const pair of this.all ? plan.addIdentities : []) {
      wanted.push({ id: `i:${identityKey(pair)}`, column: mapping.identities?.column ?? null, value: formatIdentity(pair), what: 'identity' });
    }
    const taken = wanted.find((w) => this.seen.has(w.id));
    if (taken) {
      invalidate(plan, { column: taken.column, value: taken.value, code: 'UNIQUE', message: `Row ${this.seen.get(taken.id)} has the same ${taken.what} (${taken.value})` });
      return;
    }
    for (const w of wanted) this.seen.set(w.id, plan.rowNumber);
  }
}

/**
 * Invalidates the plans whose claims other users already hold: emails and external IDs (of
 * USER kind), unique property values (findTakenPropertyValues: one query per unique property,
 * under its advisory lock when called in a writing transaction) and identities. A handful of
 * queries for the whole batch, none per row.
 */
export async function checkClaimsAgainstUsers(db: Db, teamId: string, mapping: ResolvedMapping, plans: readonly RowPlan[]): Promise<void> {
  const live = () => plans.filter((p) => p.action === 'CREATE' || p.action === 'UPDATE');
  const ownId = (p: RowPlan) => p.existing?.user.id ?? null;

  const emails = live().flatMap((p) => (p.claims.email ? [p.claims.email] : []));
  const externalIds = live().flatMap((p) => (p.claims.externalId ? [p.claims.externalId] : []));
  if (emails.length || externalIds.length) {
    // Two lookups, each by probes of its unique index (an OR of both would scan the team's users).
    const holders = (where: 'email' | 'externalId', values: string[]) => findUserHolders(db, teamId, where, values);
    const byEmail = new Map((await holders('email', emails)).map((h) => [h.email!, h.id]));
    const byExternalId = new Map((await holders('externalId', externalIds)).map((h) => [h.externalId, h.id]));
    for (const plan of live()) {
      const email = plan.claims.email && byEmail.get(plan.claims.email);
      if (email && email !== ownId(plan)) {
        invalidate(plan, { column: attributeColumn(mapping, ['email']), value: plan.claims.email!, code: 'UNIQUE', message: `Another user has the email ${plan.claims.email}` });
        continue;
      }
      const external = plan.claims.externalId && byExternalId.get(plan.claims.externalId);
      if (external && external !== ownId(plan)) {
        invalidate(plan, { column: attributeColumn(mapping, ['externalId']), value: plan.claims.externalId!, code: 'UNIQUE', message: `Another user has the external ID "${plan.claims.externalId}"` });
      }
    }
  }

  // Key order, as every writer takes these advisory locks.
  const uniqueKeys = [...new Set(live().flatMap((p) => p.claims.unique.map((u) => u.key)))].sort();
  for (const key of uniqueKeys) {
    const claimants = live().filter((p) => p.claims.unique.some((u) => u.key === key));
    const values = claimants.map((p) => p.claims.unique.find((u) => u.key === key)!.value);
    const taken = await findTakenPropertyValues(db, teamId, key, values);
    for (const plan of claimants) {
      const value = plan.claims.unique.find((u) => u.key === key)!.value;
      if (!taken.has(JSON.stringify(value)) || plan.action === 'INVALID') continue;
      const column = mapping.properties.find((p) => p.key === key)?.column ?? null;
      invalidate(plan, { column, value: String(value), code: 'UNIQUE', message: `Another user already has ${key} ${JSON.stringify(value)}` });
    }
  }

  const pairs = live().flatMap((p) => p.addIdentities);
  if (pairs.length) {
    const holders = new Map((await findIdentityHolders(db, teamId, pairs)).map((i) => [identityKey(i), i.userId]));
    for (const plan of live()) {
      const taken = plan.addIdentities.find((pair) => {
        const holder = holders.get(identityKey(pair));
        return holder !== undefined && holder !== ownId(plan);
      });
      if (taken) {
        invalidate(plan, { column: mapping.identities?.column ?? null, value: formatIdentity(taken), code: 'UNIQUE', message: `Another user already has the identity ${formatIdentity(taken)}` });
      }
    }
  }
}

/**
 * Rows naming an identity (`source:username`, compared as parseIdentityList does) that an
 * earlier row names, mapped to that row and the identity. One query over the staged file.
 */
export async function findRepeatedIdentities(db: Db, importId: string, index: number): Promise<Map<number, { firstRow: number; identity: string }>> {
  const result = await sql<{ rowNumber: number; firstRow: number; identity: string }>`
    with items as (
      select distinct r.row_number, lower(btrim(split_part(x, ':', 1), ${TRIMMED})) as source,
             lower(btrim(substr(x, strpos(x, ':') + 1), ${TRIMMED})) as username
        from import_rows as r, unnest(string_to_array(r.cells[${index + 1}], ',')) as x
       where r.import_id = ${importId} and strpos(x, ':') > 0
    ), ranked as (
      select row_number, source || ':' || username as identity,
             min(row_number) over (partition by source, username) as first_row
        from items where source <> '' and username <> ''
    )
    select distinct on (row_number) row_number, first_row, identity from ranked where row_number <> first_row order by row_number, identity`.execute(db);
  return new Map(result.rows.map((r) => [r.rowNumber, { firstRow: r.firstRow, identity: r.identity }]));
}

/** What JavaScript's trim() removes, for SQL's btrim (ASCII and the common Unicode spaces). */
const TRIMMED = ' \t\n\r\f\v\u00a0\ufeff';

/**
 * Rows whose cell in column `index` repeats an earlier row's (after trimming; emails also
 * lower-cased), mapped to that earlier row. One window query over the staged file, so a
 * million-row file is checked without holding its values in memory.
 */
export async function findRepeatedCells(db: Db, importId: string, index: number, asEmail: boolean): Promise<Map<number, number>> {
  const cell = sql`btrim(coalesce(cells[${index + 1}], ''), ${TRIMMED})`;
  const value = asEmail ? sql`lower(${cell})` : cell;
  const result = await sql<{ rowNumber: number; firstRow: number }>`
    select row_number, first_row from (
      select row_number, v,
             first_value(row_number) over (partition by v order by row_number) as first_row
        from (select row_number, ${value} as v from import_rows where import_id = ${importId}) as cells
    ) as ranked
    where v <> '' and row_number <> first_row`.execute(db);
  return new Map(result.rows.map((r) => [r.rowNumber, r.firstRow]));
}
