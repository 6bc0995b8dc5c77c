import { sql } from 'kysely';
import type { Db, ImportRowAction } from '../../db/types.ts';
import type { LabelKind } from '../groups/labels.ts';
import type { IdentityPair } from '../sources/identity-list.ts';
import type { UserValues } from './plan.ts';
import type { RowIssue } from './validate-rows.ts';

// The set-based statements of imports (commit and revert) and of their staging tables: every
// list travels as one parameter, so a batch of any size is one statement. The large lists of a
// batch travel as JSON text, built by the native JSON.stringify: pg builds an array literal in
// JavaScript, quoting and escaping element by element, which allocated more per row than any
// other step of a commit (and all of it garbage a moment later).

/** The users columns imports write, with their SQL types, by value key. */
const USER_COLUMNS = {
  externalId: ['external_id', 'text'],
  email: ['email', 'text'],
  kind: ['kind', 'text'],
  status: ['status', 'text'],
  role: ['role', 'text'],
  displayName: ['display_name', 'text'],
  firstName: ['first_name', 'text'],
  lastName: ['last_name', 'text'],
  jobTitle: ['job_title', 'text'],
  phone: ['phone', 'text'],
  company: ['company', 'text'],
  note: ['note', 'text'],
  address: ['address', 'jsonb'],
  signedUpAt: ['signed_up_at', 'timestamptz'],
  emailConsent: ['email_consent', 'boolean'],
  emailConsentChangedAt: ['email_consent_changed_at', 'timestamptz'],
  properties: ['properties', 'jsonb'],
} as const satisfies Record<keyof UserValues, readonly [string, string]>;
type UserColumn = keyof typeof USER_COLUMNS;

/** Inserts users in one statement; answers each new user's id by externalId. */
export async function insertUsers(db: Db, teamId: string, rows: readonly UserValues[]): Promise<Map<string, string>> {
  if (rows.length === 0) return new Map();
  const columns = Object.keys(USER_COLUMNS) as UserColumn[];
  const names = sql.raw(columns.map((c) => USER_COLUMNS[c][0]).join(', '));
  const record = sql.raw(columns.map((c) => `"${c}" ${USER_COLUMNS[c][1]}`).join(', '));
  const selected = sql.raw(
    columns
      .map((c) => {
        const ref = `r."${c}"`;
        if (c === 'kind') return `coalesce(${ref}, 'USER')`;
        if (c === 'properties') return `coalesce(${ref}, '{}'::jsonb)`;
        if (c === 'emailConsent') return `coalesce(${ref}, false)`;
        if (c === 'address') return `nullif(${ref}, 'null'::jsonb)`;
        return ref;
      })
      .join(', '),
  );
  const result = await sql<{ id: string; externalId: string }>`
    insert into users (team_id, ${names})
    select ${teamId}::uuid, ${selected}
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(${record})
    returning id, external_id`.execute(db);
  return new Map(result.rows.map((r) => [r.externalId, r.id]));
}

/**
 * Applies a patch per user in one UPDATE: a key present in the patch sets its column (null
 * clears it), an absent key leaves it. Used by the commit (changed fields) and the revert
 * (restored fields).
 */
export async function applyUserPatches(db: Db, teamId: string, patches: readonly { id: string; values: UserValues }[]): Promise<void> {
  if (patches.length === 0) return;
  const used = new Set(patches.flatMap((p) => Object.keys(p.values))) as Set<UserColumn>;
  const sets = [...used].map((key) => {
    const [column, type] = USER_COLUMNS[key];
    const value = type === 'jsonb' ? `nullif(p.patch -> '${key}', 'null'::jsonb)` : type === 'text' ? `p.patch ->> '${key}'` : `(p.patch ->> '${key}')::${type}`;
    return `${column} = case when p.patch ? '${key}' then ${value} else u.${column} end`;
  });
  await sql`
    update users as u set ${sql.raw(sets.map((set) => `${set}, `).join(''))}updated_at = ${new Date()}
      from unnest(${patches.map((p) => p.id)}::uuid[], ${patches.map((p) => JSON.stringify(p.values))}::jsonb[]) as p(id, patch)
     where u.team_id = ${teamId} and u.id = p.id`.execute(db);
}

const linkTable = (kind: LabelKind) => sql.raw(kind.table === 'groups' ? 'user_groups' : 'user_tags');
const linkKey = (kind: LabelKind) => sql.raw(kind.table === 'groups' ? 'group_id' : 'tag_id');

/** Adds (user, label) links in one statement; existing ones stay. */
export async function insertLabelLinks(db: Db, kind: LabelKind, teamId: string, links: readonly { userId: string; labelId: string }[]): Promise<void> {
  if (links.length === 0) return;
  await sql`
    insert into ${linkTable(kind)} (team_id, user_id, ${linkKey(kind)})
    select ${teamId}::uuid, (l ->> 0)::uuid, (l ->> 1)::uuid from json_array_elements(${JSON.stringify(links.map((l) => [l.userId, l.labelId]))}::json) as l
    on conflict do nothing`.execute(db);
}

/** Removes (user, label name) links in one statement, names matched regardless of case. */
export async function deleteLabelLinksByName(db: Db, kind: LabelKind, teamId: string, links: readonly { userId: string; name: string }[]): Promise<void> {
  if (links.length === 0) return;
  await sql`
    delete from ${linkTable(kind)} as link
     using ${sql.raw(kind.table)} as label, unnest(${links.map((l) => l.userId)}::uuid[], ${links.map((l) => l.name)}::text[]) as l(user_id, name)
     where link.team_id = ${teamId} and label.team_id = ${teamId} and link.${linkKey(kind)} = label.id
       and link.user_id = l.user_id and lower(label.name) = lower(l.name)`.execute(db);
}

/** Inserts identities in one statement. A (source, username) taken meanwhile fails the statement. */
export async function insertIdentities(db: Db, teamId: string, rows: readonly ({ userId: string } & IdentityPair)[]): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    insert into identities (team_id, user_id, source, username)
    select ${teamId}::uuid, (i ->> 0)::uuid, i ->> 1, i ->> 2
      from json_array_elements(${JSON.stringify(rows.map((r) => [r.userId, r.source, r.username]))}::json) as i`.execute(db);
}

/** Removes these users' identities, usernames matched regardless of case, in one statement. */
export async function deleteIdentities(db: Db, teamId: string, rows: readonly ({ userId: string } & IdentityPair)[]): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    delete from identities as x
     using unnest(${rows.map((r) => r.userId)}::uuid[], ${rows.map((r) => r.source)}::text[], ${rows.map((r) => r.username)}::text[]) as i(user_id, source, username)
     where x.team_id = ${teamId} and x.user_id = i.user_id and x.source = i.source and lower(x.username) = lower(i.username)`.execute(db);
}

// ---------------------------------------------------------------------------------------------
// Staging

export async function insertImportErrors(
  db: Db,
  importId: string,
  phase: 'VALIDATION' | 'COMMIT',
  errors: readonly (RowIssue & { rowNumber: number })[],
): Promise<void> {
  if (errors.length === 0) return;
  await sql`
    insert into import_errors (import_id, row_number, "column", value, code, message, phase)
    select ${importId}::uuid, e.row_number, e.col, e.value, e.code, e.message, ${phase}
      from unnest(${errors.map((e) => e.rowNumber)}::int[], ${errors.map((e) => e.column)}::text[], ${errors.map((e) => e.value)}::text[],
                  ${errors.map((e) => e.code)}::text[], ${errors.map((e) => e.message)}::text[]) as e(row_number, col, value, code, message)`.execute(db);
}

/** Records what validation decided for each row (and the user it matched) in one statement. */
export async function setRowActions(
  db: Db,
  importId: string,
  rows: readonly { rowNumber: number; action: ImportRowAction; userId: string | null }[],
): Promise<void> {
  if (rows.length === 0) return;
  const numbers = rows.map((x) => x.rowNumber);
  // The batch's row-number range bounds the join: without it, statistics that still see a small
  // file let the planner hash the import's every staged row for each batch.
  await sql`
    update import_rows as r set action = v.action, user_id = v.user_id
      from unnest(${numbers}::int[], ${rows.map((x) => x.action)}::text[], ${rows.map((x) => x.userId)}::uuid[]) as v(row_number, action, user_id)
     where r.import_id = ${importId} and r.row_number = v.row_number
       and r.row_number between ${Math.min(...numbers)} and ${Math.max(...numbers)}`.execute(db);
}
