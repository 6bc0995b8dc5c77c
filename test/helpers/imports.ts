import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import { sql } from 'kysely';
import { expect } from 'vitest';
import type { ImportColumn, ImportStatus } from '../../server/db/types.ts';
import type { TestApp } from './app.ts';

// Imports for the steps after the upload: an ANALYZED import staged straight into the database
// (as createImport leaves one: the imports row with its analysed columns, and import_rows with
// row_number = spreadsheet row, the header being row 1), then the API from there.

export const TEMPLATE_HEADER = ['Current Status', 'Display Name', 'Primary Email', 'Role', 'Groups', 'Source Username(s)', 'External ID'];

export const IMPORT_FIELDS = `id status rowCount idColumn idColumnCandidates conflictPolicy createMissingGroups createMissingProperties
  skipInvalidRows cancelRequested failure
  mapping { column kind key type }
  preview { create update unchanged invalid }
  progress { processed total percent }
  result { created updated unchanged failed }
  errors(first: 100) { totalCount edges { node { row column value code message phase } } }`;

const rawId = (globalId: string) => decodeGlobalID(globalId).id;

/** The columns as analysis describes them: fill count, uniqueness of the non-blank values, samples. */
function describeColumns(header: readonly string[], rows: readonly (readonly string[])[]): ImportColumn[] {
  return header.map((name, index) => {
    const values = rows.map((r) => (r[index] ?? '').trim()).filter(Boolean);
    return { name, index, filled: values.length, unique: new Set(values).size === values.length, samples: [...new Set(values)].slice(0, 3) };
  });
}

export interface StageOptions {
  fileName?: string;
  /** The member who uploaded it (a global ID), recorded on the import and its changes. */
  createdBy?: string;
  status?: ImportStatus;
}

/** Stages an ANALYZED import of `rows` under `header` for the team (global ID); returns its global ID. */
export async function stageImport(
  t: TestApp,
  teamGlobalId: string,
  header: readonly string[],
  rows: readonly (readonly string[])[],
  options: StageOptions = {},
): Promise<string> {
  const imp = await t.db
    .insertInto('imports')
    .values({
      teamId: rawId(teamGlobalId),
      status: options.status ?? 'ANALYZED',
      createdByMemberId: options.createdBy ? rawId(options.createdBy) : null,
      fileName: options.fileName ?? 'users.csv',
      format: 'CSV',
      encoding: 'UTF-8',
      delimiter: ',',
      sizeBytes: rows.reduce((n, r) => n + r.join(',').length + 1, header.join(',').length + 1),
      rowCount: rows.length,
      columns: JSON.stringify(describeColumns(header, rows)),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (let start = 0; start < rows.length; start += 5000) {
    const chunk = rows.slice(start, start + 5000).map((cells, i) => ({ n: start + i + 2, c: cells }));
    await sql`
      insert into import_rows (import_id, row_number, cells)
      select ${imp.id}::uuid, r.n, array(select jsonb_array_elements_text(r.c))
        from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) as r(n int, c jsonb)`.execute(t.db);
  }
  return encodeGlobalID('Import', imp.id);
}

/** Row id of a global ID. */
export const importRowId = rawId;

export const CONFIGURE = `mutation($input: ConfigureImportInput!) { configureImport(input: $input) {
  __typename ... on Import { ${IMPORT_FIELDS} }
  ... on Error { code message path } ... on ValidationError { issues { path code message } } } }`;
export const COMMIT = `mutation($input: ImportIdInput!) { commitImport(input: $input) {
  __typename ... on Import { id status } ... on Error { code message path } } }`;
export const CANCEL = `mutation($input: ImportIdInput!) { cancelImport(input: $input) {
  __typename ... on Import { id status cancelRequested progress { processed } } ... on Error { code message path } } }`;
export const REVERT = `mutation($input: RevertImportInput!) { revertImport(input: $input) {
  __typename ... on Import { id status }
  ... on Error { code message path }
  ... on RevertConflictError { conflictCount conflicts { userId externalId field } } } }`;

/** The template's columns mapped as the standard template maps them (id: External ID). */
export function templateMapping(extra: { column: string; kind: string; key?: string; type?: string }[] = []) {
  return [
    { column: 'Current Status', kind: 'ATTRIBUTE', key: 'status' },
    { column: 'Display Name', kind: 'ATTRIBUTE', key: 'displayName' },
    { column: 'Primary Email', kind: 'ATTRIBUTE', key: 'email' },
    { column: 'Role', kind: 'ATTRIBUTE', key: 'role' },
    { column: 'Groups', kind: 'GROUPS' },
    { column: 'Source Username(s)', kind: 'IDENTITIES' },
    { column: 'External ID', kind: 'ATTRIBUTE', key: 'externalId' },
    ...extra,
  ];
}

/** Configures through the API and expects the import VALIDATED; returns it. */
export async function configureVia(t: TestApp, token: string, input: Record<string, unknown>) {
  const res = await t.gql(CONFIGURE, { input }, { token });
  expect(res.data?.configureImport.__typename, JSON.stringify(res)).toBe('Import');
  return res.data.configureImport;
}

/** The import as the API shows it now. */
export async function importVia(t: TestApp, token: string, id: string) {
  const res = await t.gql(`query($id: ID!) { node(id: $id) { ... on Import { ${IMPORT_FIELDS} } } }`, { id }, { token });
  expect(res.errors, JSON.stringify(res)).toBeUndefined();
  return res.data.node;
}

/** Polls the import until its status is one of `statuses`. */
export async function waitForImport(t: TestApp, token: string, id: string, statuses: string[] = ['COMPLETED', 'FAILED', 'CANCELLED'], ms = 60_000) {
  const start = Date.now();
  for (;;) {
    const imp = await importVia(t, token, id);
    if (statuses.includes(imp.status)) return imp;
    if (Date.now() - start > ms) throw new Error(`import still ${imp.status} after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Commits through the API and waits for the import to end. */
export async function commitAndWait(t: TestApp, token: string, id: string) {
  const res = await t.gql(COMMIT, { input: { id } }, { token });
  expect(res.data?.commitImport.__typename, JSON.stringify(res)).toBe('Import');
  return waitForImport(t, token, id);
}

export const USER_VIEW = `id externalId email status role displayName properties groups { name } tags { name } identities { source username }`;

/** A user by externalId through the API, or null. */
export async function userVia(t: TestApp, token: string, externalId: string) {
  const res = await t.gql(`query($x: String) { user(externalId: $x) { ${USER_VIEW} } }`, { x: externalId }, { token });
  expect(res.errors, JSON.stringify(res)).toBeUndefined();
  return res.data.user;
}
