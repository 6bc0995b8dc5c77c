import { isUniqueViolation } from '../../db/pg-errors.ts';
import type { Db, User } from '../../db/types.ts';
import { type FieldIssue, NotFoundError, ValidationError } from '../../errors.ts';
import { checkName, compact } from '../../lib/validate.ts';
import type { Actor } from '../history/actor.ts';
import { type FieldChange, recordChanges } from '../history/record.ts';
import { checkIdCount } from '../users/service.ts';
import {
  deleteLabelRow,
  deleteLinks,
  findLabelByName,
  findLabelsByIds,
  insertLabel,
  insertLinks,
  insertMissingLabels,
  type Label,
  type LabelKind,
  labelsByUserIds,
  lockLabelsByIds,
  lockLabelsByNames,
  lockLabelUsers,
  lockUsers,
  touchUsers,
  updateLabelRow,
} from './labels.ts';

// The rules of groups and tags (see labels.ts): names are trimmed, 1–100 characters and unique per
// team regardless of case (a clash is a ValidationError with code UNIQUE); bulk membership
// changes are all or nothing; every user whose labels change gets one UserChange per call whose
// old and new values are the user's label names before and after, sorted — enough to show the
// change and to undo it (re-add what was removed, remove what was added).

export const LABEL_NAME_MAX = 100;
export const DESCRIPTION_MAX = 1000;

/** A label name as stored (trimmed), with its issue if it cannot be one. */
export function checkLabelName(kind: LabelKind, raw: string, path: string[]): { name: string; issue: FieldIssue | null } {
  const name = raw.trim();
  return { name, issue: checkName(name, path, `${kind.noun} name`, LABEL_NAME_MAX) };
}

function nameTaken(kind: LabelKind, name: string, path: string[]): ValidationError {
  return new ValidationError({ path, code: 'UNIQUE', message: `Another ${kind.noun.toLowerCase()} is named "${name}"` });
}

export interface LabelInput {
  /** Absent: unchanged (update). Null: refused, a label always has a name. */
  name?: string | null;
  /** Groups only. Absent: unchanged; null or blank: cleared. */
  description?: string | null;
}

/** Input → stored values plus issues, at `input.name` / `input.description`. */
function checkLabelInput(kind: LabelKind, input: LabelInput): { values: { name?: string; description?: string | null }; issues: FieldIssue[] } {
  const values: { name?: string; description?: string | null } = {};
  const issues: FieldIssue[] = [];
  if (input.name === null) {
    issues.push({ path: ['input', 'name'], code: 'REQUIRED', message: `${kind.noun} name is required` });
  } else if (input.name !== undefined) {
    const { name, issue } = checkLabelName(kind, input.name, ['input', 'name']);
    if (issue) issues.push(issue);
    values.name = name;
  }
  if (input.description !== undefined) {
    const description = input.description?.trim() || null;
    if (description && description.length > DESCRIPTION_MAX) {
      issues.push({ path: ['input', 'description'], code: 'TOO_LONG', message: `Description must be at most ${DESCRIPTION_MAX} characters` });
    }
    values.description = description;
  }
  return { values, issues };
}

/** Runs a write that may hit the name index, turning a lost race into the UNIQUE issue. */
async function uniqueName<T>(kind: LabelKind, name: string | undefined, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (name !== undefined && isUniqueViolation(error, `${kind.table}_team_name_key`)) throw nameTaken(kind, name, ['input', 'name']);
    throw error;
  }
}

export async function createLabel<T extends Label>(db: Db, kind: LabelKind, teamId: string, input: LabelInput & { name: string }): Promise<T> {
  const { values, issues } = checkLabelInput(kind, input);
  if (issues.length) throw new ValidationError(issues);
  const name = values.name!;
  if (await findLabelByName(db, kind, teamId, name)) throw nameTaken(kind, name, ['input', 'name']);
  return uniqueName(kind, name, () => insertLabel<T>(db, kind, teamId, { ...values, name }));
}

/** Renames a label or changes its description. Users' history is not touched: their labels stay. */
export async function updateLabel<T extends Label>(db: Db, kind: LabelKind, teamId: string, id: string, input: LabelInput): Promise<T> {
  const { values, issues } = checkLabelInput(kind, input);
  if (issues.length) throw new ValidationError(issues);
  const [existing] = await findLabelsByIds<T>(db, kind, teamId, [id]);
  if (!existing) throw new NotFoundError(kind.noun, ['input', 'id']);
  if (values.name !== undefined && (await findLabelByName(db, kind, teamId, values.name, id))) {
    throw nameTaken(kind, values.name, ['input', 'name']);
  }
  if (Object.keys(values).length === 0) return existing;
  const updated = await uniqueName(kind, values.name, () => updateLabelRow<T>(db, kind, teamId, id, values));
  if (!updated) throw new NotFoundError(kind.noun, ['input', 'id']); // deleted meanwhile
  return updated;
}

/**
 * Runs `write` (which changes links of `userIds` and returns how many) and records one change per
 * user whose label names differ after it: three reads and writes whatever the number of users.
 */
async function withLabelHistory(
  db: Db,
  kind: LabelKind,
  teamId: string,
  actor: Actor,
  userIds: readonly string[],
  write: () => Promise<number>,
): Promise<{ count: number; changed: Map<string, Date> }> {
  const names = async () => (await labelsByUserIds(db, kind, teamId, userIds)).map((labels) => labels.map((l) => l.name));
  const before = await names();
  const count = await write();
  if (count === 0) return { count, changed: new Map() };
  const after = await names();
  const changes: FieldChange[] = [];
  userIds.forEach((userId, i) => {
    const oldValue = before[i] ?? [];
    const newValue = after[i] ?? [];
    if (JSON.stringify(oldValue) !== JSON.stringify(newValue)) changes.push({ userId, field: kind.field, oldValue, newValue });
  });
  const changedAt = new Date();
  await recordChanges(db, teamId, actor, changes);
  await touchUsers(db, teamId, changes.map((c) => c.userId), changedAt);
  return { count, changed: new Map(changes.map((c) => [c.userId, changedAt])) };
}

/** Deletes a label and its memberships; each user who carried it records the change. */
export async function deleteLabel<T extends Label>(
  db: Db,
  kind: LabelKind,
  teamId: string,
  actor: Actor,
  id: string,
): Promise<{ label: T; removed: number }> {
  return db.transaction().execute(async (trx) => {
    const [label] = await lockLabelsByIds<T>(trx, kind, teamId, [id], 'update');
    if (!label) throw new NotFoundError(kind.noun, ['input', 'id']);
    const users = await lockLabelUsers(trx, kind, teamId, id);
    await withLabelHistory(trx, kind, teamId, actor, users.map((u) => u.id), async () => {
      await deleteLabelRow(trx, kind, teamId, id);
      return users.length;
    });
    return { label, removed: users.length };
  });
}

/** Where each list of a membership call sits in the input, for error paths. */
export interface LinkPaths {
  userIds: string[];
  labelIds: string[];
  names: string[];
}

export interface LinkRequest {
  /** Row ids (decoded), at most 1,000. */
  userIds: readonly string[];
  labelIds?: readonly string[] | null;
  names?: readonly string[] | null;
  /** Create the labels of `names` that do not exist (adding only). */
  createMissing?: boolean | null;
}

export interface LinkResult<T> {
  /** Every user named, in the order given, as after the call. */
  users: User[];
  /** Every label named (by id, then by name), once each. */
  labels: T[];
  /** The labels this call created (createMissing). */
  created: T[];
  /** Links made (adding) or removed (removing); existing ones and non-members count nothing. */
  count: number;
}

/** The first of `ids` that `found` lacks, as NOT_FOUND at its index. */
function requireAll(found: readonly { id: string }[], ids: readonly string[], what: string, path: string[]): void {
  const have = new Set(found.map((row) => row.id));
  const index = ids.findIndex((id) => !have.has(id));
  if (index >= 0) throw new NotFoundError(what, [...path, String(index)]);
}

/** Share-locks the labels named by id and by name; creates the missing names if asked. */
async function resolveLabels<T extends Label>(
  db: Db,
  kind: LabelKind,
  teamId: string,
  labelIds: readonly string[],
  names: readonly string[],
  createMissing: boolean,
  paths: LinkPaths,
): Promise<{ labels: T[]; created: T[] }> {
  const byId = await lockLabelsByIds<T>(db, kind, teamId, labelIds, 'share');
  requireAll(byId, labelIds, kind.noun, paths.labelIds);
  let byName = await lockLabelsByNames<T>(db, kind, teamId, names);
  let createdIds = new Set<string>();
  const missing = () => names.flatMap((name, index) => (byName.some((l) => l.inputIndex === index) ? [] : [{ name, index }]));
  if (createMissing && missing().length) {
    // One row per name whatever its case; the first spelling given wins.
    const unique = new Map<string, string>();
    for (const { name } of missing()) if (!unique.has(name.toLowerCase())) unique.set(name.toLowerCase(), name);
    createdIds = new Set(await insertMissingLabels(db, kind, teamId, [...unique.values()]));
    byName = await lockLabelsByNames<T>(db, kind, teamId, names);
  }
  const first = missing()[0];
  if (first) throw new NotFoundError(`${kind.noun} "${first.name}"`, [...paths.names, String(first.index)]);
  const labels = new Map<string, T>();
  for (const label of [...byId, ...[...byName].sort((a, b) => a.inputIndex - b.inputIndex)]) {
    if (!labels.has(label.id)) labels.set(label.id, stripIndex(label));
  }
  return { labels: [...labels.values()], created: [...labels.values()].filter((l) => createdIds.has(l.id)) };
}

function stripIndex<T extends Label>(label: T & { inputIndex?: number }): T {
  const { inputIndex: _, ...rest } = label;
  return rest as unknown as T;
}

/**
 * Adds or removes every user × label link at once, all or none: an unknown user or label (by id,
 * or by name without createMissing) is NOT_FOUND at its index and nothing changes. Links that
 * already exist (adding) or do not (removing) are no-ops and record nothing.
 */
export async function changeLinks<T extends Label>(
  db: Db,
  kind: LabelKind,
  teamId: string,
  actor: Actor,
  op: 'add' | 'remove',
  request: LinkRequest,
  paths: LinkPaths,
): Promise<LinkResult<T>> {
  const labelIds = request.labelIds ?? [];
  checkIdCount(request.userIds, paths.userIds);
  checkIdCount(labelIds, paths.labelIds);
  checkIdCount(request.names ?? [], paths.names);
  const checked = (request.names ?? []).map((raw, i) => checkLabelName(kind, raw, [...paths.names, String(i)]));
  const issues = compact(checked.map((c) => c.issue));
  if (issues.length) throw new ValidationError(issues);

  return db.transaction().execute(async (trx) => {
    const names = checked.map((c) => c.name);
    const { labels, created } = await resolveLabels<T>(trx, kind, teamId, labelIds, names, op === 'add' && !!request.createMissing, paths);
    const userIds = [...new Set(request.userIds)];
    const users = await lockUsers(trx, teamId, userIds);
    requireAll(users, request.userIds, 'User', paths.userIds);
    const ids = labels.map((l) => l.id);
    const { count, changed } = await withLabelHistory(trx, kind, teamId, actor, userIds, () =>
      op === 'add' ? insertLinks(trx, kind, teamId, userIds, ids) : deleteLinks(trx, kind, teamId, userIds, ids),
    );
    const byId = new Map(users.map((u) => [u.id, { ...u, updatedAt: changed.get(u.id) ?? u.updatedAt }]));
    return { users: request.userIds.map((id) => byId.get(id)!), labels, created, count };
  });
}
