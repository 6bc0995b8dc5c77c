import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeGlobalID } from '@pothos/plugin-relay';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Auth, authHeaders, createTestApp, type GqlResponse, type TestApp } from './helpers/app.ts';
import { signUp, type SignedUpTeam } from './helpers/fixtures.ts';
import { describeTenancy, lazyWorld, type TenancyWorld } from './helpers/tenancy.ts';
import { nodeOfHomeObject } from './helpers/tenancy-outcomes.ts';
import { definePropertyVia } from './helpers/users.ts';

// createImport: a GraphQL multipart upload over a real port, streamed to disk, detected by
// content, staged. Every fixture in test/fixtures/imports is a file users really send.

const FIXTURES = join(import.meta.dirname, 'fixtures', 'imports');
const fixture = (name: string) => readFileSync(join(FIXTURES, name));

const IMPORT_FIELDS = `id status fileName format encoding delimiter sizeBytes rowCount
  columns { name index filled unique samples } idColumnCandidates
  suggestedMapping { column kind key }`;
const CREATE_IMPORT = `mutation($input: CreateImportInput!) { createImport(input: $input) {
  __typename ... on Import { ${IMPORT_FIELDS} }
  ... on Error { code message path } } }`;

interface UploadOptions {
  auth?: Auth;
  query?: string;
  type?: string;
}

/** POSTs a GraphQL multipart request (operations, map, then the file) built with FormData. */
async function upload(base: string, name: string, bytes: Uint8Array, options: UploadOptions = {}): Promise<GqlResponse> {
  const form = new FormData();
  form.append('operations', JSON.stringify({ query: options.query ?? CREATE_IMPORT, variables: { input: { file: null } } }));
  form.append('map', JSON.stringify({ 0: ['variables.input.file'] }));
  form.append('0', new Blob([Uint8Array.from(bytes)], { type: options.type ?? 'text/csv' }), name);
  // x-pavior-upload: what client/transport.ts sends, so the CSRF check lets anonymous uploads reach GraphQL.
  const response = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'x-pavior-upload': '1', ...authHeaders(options.auth) }, body: form });
  return { status: response.status, ...((await response.json()) as object) };
}

let t: TestApp;
let base: string;
let team: SignedUpTeam;
let tmp: string;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'pavior-upload-test-'));
  t = await createTestApp({ UPLOAD_TMP_DIR: tmp });
  base = await t.listen();
  team = await signUp(t);
});

async function createImport(name: string, bytes: Uint8Array = fixture(name), auth: Auth = { token: team.token }) {
  const res = await upload(base, name, bytes, { auth });
  expect(res.status, JSON.stringify(res)).toBe(200);
  expect(res.errors, JSON.stringify(res)).toBeUndefined();
  return res.data.createImport;
}

async function analyzed(name: string, bytes?: Uint8Array) {
  const result = await createImport(name, bytes);
  expect(result.__typename, JSON.stringify(result)).toBe('Import');
  expect(result.status).toBe('ANALYZED');
  return result;
}

async function refused(name: string, bytes?: Uint8Array) {
  const result = await createImport(name, bytes);
  expect(result.__typename, JSON.stringify(result)).not.toBe('Import');
  return result as { __typename: string; code: string; message: string; path: string[] };
}

/** The staged rows of an import, as [rowNumber, cells]. */
async function stagedRows(db: TestApp['db'], globalId: string): Promise<[number, string[]][]> {
  const rows = await db
    .selectFrom('importRows')
    .select(['rowNumber', 'cells'])
    .where('importId', '=', decodeGlobalID(globalId).id)
    .orderBy('rowNumber')
    .execute();
  return rows.map((row) => [row.rowNumber, row.cells]);
}

const names = (result: { columns: { name: string }[] }) => result.columns.map((c) => c.name);
const importCount = async () => Number((await t.db.selectFrom('imports').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const leftovers = (dir = tmp) => readdirSync(dir);

describe('createImport: text files', () => {
  it('reads UTF-8 with a BOM: the BOM is not part of the first header', async () => {
    const result = await analyzed('bom.csv');
    expect(result).toMatchObject({ fileName: 'bom.csv', format: 'CSV', encoding: 'UTF-8-BOM', delimiter: ',', rowCount: 2, sizeBytes: 88 });
    expect(names(result)).toEqual(['Primary Email', 'Display Name']);
    expect(await stagedRows(t.db, result.id)).toEqual([
      [2, ['ada@example.com', 'Ada Lovelace']],
      [3, ['alan@example.com', 'Alan Turing']],
    ]);
  });

  it('reads CRLF line ends without keeping a carriage return', async () => {
    const result = await analyzed('crlf.csv');
    expect(result).toMatchObject({ encoding: 'UTF-8', delimiter: ',', rowCount: 2 });
    expect(names(result)).toEqual(['email', 'name']);
    expect(await stagedRows(t.db, result.id)).toEqual([
      [2, ['ada@example.com', 'Ada']],
      [3, ['alan@example.com', 'Alan']],
    ]);
  });

  it('detects a semicolon delimiter (decimal commas stay in their values)', async () => {
    const result = await analyzed('semicolon.csv');
    expect(result.delimiter).toBe(';');
    expect(names(result)).toEqual(['email', 'name', 'amount']);
    expect((await stagedRows(t.db, result.id))[1]).toEqual([3, ['alan@example.com', 'Turing; Alan', '2,25']]);
  });

  it('detects a tab delimiter, whatever the file is called', async () => {
    const result = await analyzed('tab.tsv');
    expect(result.delimiter).toBe('\t');
    expect(await stagedRows(t.db, result.id)).toEqual([
      [2, ['ada@example.com', 'Ada', 'likes, commas']],
      [3, ['alan@example.com', 'Alan', '']],
    ]);
    expect(result.columns[2]).toMatchObject({ name: 'note', filled: 1 });
  });

  it('keeps quoted newlines, delimiters and doubled quotes; a row is still one row', async () => {
    const result = await analyzed('quoted.csv');
    expect(result.rowCount).toBe(2);
    expect(await stagedRows(t.db, result.id)).toEqual([
      [2, ['ada@example.com', 'Lovelace, Ada', 'First line\nsecond line']],
      [3, ['alan@example.com', 'Alan "Prof" Turing', 'He said "hi"']],
    ]);
  });

  it('refuses an unclosed quote, naming the line where it opens, and keeps nothing', async () => {
    const before = await importCount();
    const result = await refused('unclosed-quote.csv');
    expect(result).toMatchObject({ __typename: 'ValidationError', code: 'UNCLOSED_QUOTE', path: ['input', 'file'] });
    expect(result.message).toContain('Line 3');
    expect(await importCount()).toBe(before);
  });

  it('refuses an empty file (EMPTY_FILE), and one with only blank lines', async () => {
    expect(await refused('empty.csv')).toMatchObject({ __typename: 'ValidationError', code: 'EMPTY_FILE' });
    expect(await refused('blank.csv', Buffer.from('\n\n  \r\n,,\n'))).toMatchObject({ __typename: 'ValidationError', code: 'EMPTY_FILE' });
  });

  it('accepts a header-only file: ANALYZED with no rows and no id candidates', async () => {
    const result = await analyzed('header-only.csv');
    expect(result.rowCount).toBe(0);
    expect(result.columns).toEqual([
      { name: 'email', index: 0, filled: 0, unique: true, samples: [] },
      { name: 'name', index: 1, filled: 0, unique: true, samples: [] },
      { name: 'company', index: 2, filled: 0, unique: true, samples: [] },
    ]);
    expect(result.idColumnCandidates).toEqual([]);
  });

  it('names empty headers `Column N` and makes repeated ones unique without taking a real name', async () => {
    const result = await analyzed('duplicate-headers.csv');
    expect(names(result)).toEqual(['Email', 'Name', 'email (2)', 'Column 4', 'Name (3)', 'Name (2)']);
    expect(await stagedRows(t.db, result.id)).toEqual([[2, ['a@example.com', 'A', 'b@example.com', 'x', 'A2', 'A3']]]);
    // Only the first "Email" is suggested as the email.
    expect(result.suggestedMapping.filter((m: { kind: string }) => m.kind !== 'SKIP')).toEqual([
      { column: 'Email', kind: 'ATTRIBUTE', key: 'email' },
      { column: 'Name', kind: 'ATTRIBUTE', key: 'displayName' },
    ]);
  });

  it('skips blank lines (and rows of empty cells), keeping spreadsheet row numbers', async () => {
    const result = await analyzed('blank-lines.csv');
    expect(result.rowCount).toBe(2);
    expect(await stagedRows(t.db, result.id)).toEqual([
      [3, ['ada@example.com', 'Ada']],
      [7, ['alan@example.com', 'Alan']],
    ]);
  });

  it('trims values and headers, quoted or not; short rows are padded', async () => {
    const result = await analyzed('padded.csv');
    expect(names(result)).toEqual(['email', 'name', 'company']);
    expect(await stagedRows(t.db, result.id)).toEqual([
      [2, ['ada@example.com', 'Ada Lovelace', 'Analytical Engines']],
      [3, ['alan@example.com', 'Alan', '']],
    ]);
    expect(await stagedRows(t.db, (await analyzed('short.csv', Buffer.from('a,b,c\n1\n'))).id)).toEqual([[2, ['1', '', '']]]);
  });

  it('refuses a value right of the last named column (EXTRA_CELLS), naming the row', async () => {
    const result = await refused('extra-cells.csv');
    expect(result).toMatchObject({ __typename: 'ValidationError', code: 'EXTRA_CELLS' });
    expect(result.message).toContain('Row 3');
  });

  it('falls back to Windows-1252 when the bytes are not UTF-8', async () => {
    const result = await analyzed('windows-1252.csv');
    expect(result.encoding).toBe('WINDOWS-1252');
    expect(await stagedRows(t.db, result.id)).toEqual([
      [2, ['jose@example.com', 'José Müller', 'Köln']],
      [3, ['strauss@example.com', 'Johann Strauß', 'Wien']],
      [4, ['euro@example.com', 'Euro €', 'Paris']],
    ]);
  });

  it('reads UTF-16 LE and BE with a BOM', async () => {
    const le = await analyzed('utf16le.csv');
    expect(le).toMatchObject({ encoding: 'UTF-16LE', delimiter: ',', rowCount: 2 });
    expect(await stagedRows(t.db, le.id)).toEqual([
      [2, ['jose@example.com', 'José Müller']],
      [3, ['zoe@example.com', 'Zoë 😀']],
    ]);
    const be = await analyzed('utf16be.csv');
    expect(be).toMatchObject({ encoding: 'UTF-16BE', delimiter: ';', rowCount: 1 });
    expect(await stagedRows(t.db, be.id)).toEqual([[2, ['jose@example.com', 'José Müller']]]);
  });

  it('stages a 2,001-row file in batches, every row numbered as a spreadsheet shows it', async () => {
    const result = await analyzed('rows-2001.csv');
    expect(result.rowCount).toBe(2001);
    const rows = await stagedRows(t.db, result.id);
    expect(rows).toHaveLength(2001);
    expect(rows[0]).toEqual([2, ['ext-1', 'user1@example.com', 'User 1']]);
    expect(rows[2000]).toEqual([2002, ['ext-2001', 'user2001@example.com', 'User 2001']]);
    expect(result.idColumnCandidates).toEqual(['External ID', 'Primary Email', 'Display Name']);
    expect(result.columns[0]).toMatchObject({ filled: 2001, unique: true, samples: ['ext-1', 'ext-2', 'ext-3', 'ext-4', 'ext-5'] });
  });

  it('does not offer a column with one repeated value (or one empty cell) as an id column', async () => {
    const result = await analyzed('duplicate-id.csv');
    expect(result.columns[0]).toMatchObject({ name: 'User ID', filled: 4, unique: false });
    expect(result.idColumnCandidates).toEqual(['email', 'name']);
    const gap = await analyzed('gap.csv', Buffer.from('id,email\n1,a@example.com\n2,\n3,c@example.com\n'));
    expect(gap.columns[1]).toMatchObject({ filled: 2, unique: true });
    expect(gap.idColumnCandidates).toEqual(['id']);
  });

  it('takes a binary that is not a workbook as an error, not as text', async () => {
    const xls = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), randomBytes(64)]);
    expect(await refused('old.xls', xls)).toMatchObject({ code: 'UNSUPPORTED_FORMAT' });
    expect(await refused('nul.csv', Buffer.from('a,b\n1,\u0000\n'))).toMatchObject({ code: 'UNSUPPORTED_FORMAT' });
  });
});

describe('createImport: XLSX', () => {
  it('reads the first sheet: dates as ISO dates, numbers without float noise, booleans, rich text', async () => {
    const result = await analyzed('dates-numbers.xlsx');
    expect(result).toMatchObject({ format: 'XLSX', encoding: null, delimiter: null, rowCount: 2 });
    expect(names(result)).toEqual(['email', 'signed up', 'last seen', 'score', 'ratio', 'big', 'active', 'bio']);
    expect(await stagedRows(t.db, result.id)).toEqual([
      [2, ['ada@example.com', '2024-03-01', '2024-03-01T13:30:05Z', '42', '0.3', '1234567890123', 'TRUE', 'Rich text']],
      [4, ['alan@example.com', '1999-12-31', '', '-7.5', '0.333333333333333', '1000000000000000', 'FALSE', 'plain']],
    ]);
  });

  it('reads formulas as their cached results (numbers, text, dates)', async () => {
    const result = await analyzed('formulas.xlsx');
    expect(await stagedRows(t.db, result.id)).toEqual([
      [2, ['ada@example.com', '21', '42', 'ADA', '2024-03-01']],
      [3, ['alan@example.com', '0.1', '0.3', 'alan@example.com!', '']],
    ]);
  });

  it('detects by content: a .csv that is really XLSX, an .xlsx that is really CSV', async () => {
    const xlsx = await analyzed('really-xlsx.csv');
    expect(xlsx).toMatchObject({ fileName: 'really-xlsx.csv', format: 'XLSX', rowCount: 1 });
    expect(await stagedRows(t.db, xlsx.id)).toEqual([[2, ['ada@example.com', 'Ada']]]);
    const csv = await analyzed('really-csv.xlsx');
    expect(csv).toMatchObject({ fileName: 'really-csv.xlsx', format: 'CSV', encoding: 'UTF-8', rowCount: 2 });
  });

  it('reads the first tab of a workbook of many sheets, whatever order its parts are stored in', async () => {
    // exceljs's forward-only zip pass lost xl/workbook.xml behind a few sheets (exceljs#3064): this
    // workbook failed with "Cannot read properties of undefined (reading 'sheets')".
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Stored first').addRow(['not', 'this']);
    const users = workbook.addWorksheet('Users');
    users.addRow(['email', 'name']);
    users.addRow(['ada@example.com', 'Ada']);
    for (let i = 0; i < 8; i++) workbook.addWorksheet(`Other ${i}`).addRow(['unread']);
    (users as ExcelJS.Worksheet & { orderNo: number }).orderNo = 0; // The first tab, stored as xl/worksheets/sheet2.xml.
    const result = await analyzed('tabs.xlsx', Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(names(result)).toEqual(['email', 'name']);
    expect(await stagedRows(t.db, result.id)).toEqual([[2, ['ada@example.com', 'Ada']]]);
  });

  it('refuses a damaged workbook (INVALID_XLSX) and keeps nothing', async () => {
    const workbook = new ExcelJS.Workbook();
    const users = workbook.addWorksheet('Users');
    users.addRow(['email', 'name']);
    for (let i = 0; i < 200; i++) users.addRow([`user${i}@example.com`, `Name ${i}`]);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    // The sheet's compressed bytes overwritten in the middle: its declared sizes still pass the zip limits.
    const data = bytes.indexOf('xl/worksheets/sheet1.xml') + 'xl/worksheets/sheet1.xml'.length;
    bytes.fill(0xff, data + 40, data + 60);
    const before = await importCount();
    const result = await refused('damaged.xlsx', bytes);
    expect(result).toMatchObject({ __typename: 'ValidationError', code: 'INVALID_XLSX', path: ['input', 'file'] });
    expect(result.message).toMatch(/^The workbook cannot be read \(.+\): open it in Excel and save it again/);
    expect(await importCount()).toBe(before);
  });

  it('refuses a workbook whose sheet list cannot be followed (INVALID_XLSX), not as an empty file', async () => {
    const zip = fixture('really-xlsx.csv');
    // Same archive, its relationships renamed: the workbook names its sheet, but not where it is.
    const renamed = Buffer.from(zip.toString('latin1').replaceAll('xl/_rels/workbook.xml.rels', 'xl/_rels/workbook.xml.relz'), 'latin1');
    expect(await refused('norels.xlsx', renamed)).toMatchObject({ code: 'INVALID_XLSX', message: expect.stringContaining('no worksheet found') });
  });

  it('refuses a zip that is not a workbook', async () => {
    const zip = fixture('really-xlsx.csv');
    // Same archive, its workbook entry renamed: still a zip, no longer an XLSX.
    const renamed = Buffer.from(zip.toString('latin1').replaceAll('xl/workbook.xml', 'xl/workbook.xmk'), 'latin1');
    expect(await refused('archive.zip', renamed)).toMatchObject({ code: 'UNSUPPORTED_FORMAT' });
  });
});

describe('suggestedMapping', () => {
  it('maps the standard template exactly', async () => {
    const result = await analyzed('template.csv');
    expect(result.suggestedMapping).toEqual([
      { column: 'Current Status', kind: 'ATTRIBUTE', key: 'status' },
      { column: 'Display Name', kind: 'ATTRIBUTE', key: 'displayName' },
      { column: 'Primary Email', kind: 'ATTRIBUTE', key: 'email' },
      { column: 'Role', kind: 'ATTRIBUTE', key: 'role' },
      { column: 'Groups', kind: 'GROUPS', key: null },
      { column: 'Source Username(s)', kind: 'IDENTITIES', key: null },
      { column: 'External ID', kind: 'ATTRIBUTE', key: 'externalId' },
    ]);
  });

  it('maps other headers loosely, existing properties by key or label, and skips the rest', async () => {
    await definePropertyVia(t, team.token, { key: 'plan', label: 'Subscription Plan', type: 'STRING' });
    await definePropertyVia(t, team.token, { key: 'seats', label: 'Seats', type: 'INTEGER' });
    const header = ['E-mail', 'Full name', 'First Name', 'SURNAME', 'Mobile', 'Organization', 'Job title', 'Customer ID', 'subscription plan', 'SEATS', 'Tags', 'Email address', 'Favourite colour'];
    const result = await analyzed('loose.csv', Buffer.from(`${header.join(',')}\n${header.map((_, i) => `v${i}`).join(',')}\n`));
    expect(result.suggestedMapping.map((m: { kind: string; key: string | null }) => (m.key ? `${m.kind}:${m.key}` : m.kind))).toEqual([
      'ATTRIBUTE:email',
      'ATTRIBUTE:displayName',
      'ATTRIBUTE:firstName',
      'ATTRIBUTE:lastName',
      'ATTRIBUTE:phone',
      'ATTRIBUTE:company',
      'ATTRIBUTE:jobTitle',
      'ATTRIBUTE:externalId',
      'PROPERTY:plan',
      'PROPERTY:seats',
      'TAGS',
      'SKIP', // the email is taken by the first column
      'SKIP',
    ]);
  });
});

describe('upload transport', () => {
  it('streams the file to a temporary file while it arrives, and deletes it when the request ends', async () => {
    const rowBytes = 2_000;
    const rows = 2_500; // 5 MB
    const boundary = `----pavior${randomBytes(8).toString('hex')}`;
    const part = (headers: string, body: string) => `--${boundary}\r\n${headers}\r\n\r\n${body}\r\n`;
    const preamble =
      part('Content-Disposition: form-data; name="operations"', JSON.stringify({ query: CREATE_IMPORT, variables: { input: { file: null } } })) +
      part('Content-Disposition: form-data; name="map"', JSON.stringify({ 0: ['variables.input.file'] })) +
      `--${boundary}\r\nContent-Disposition: form-data; name="0"; filename="big.csv"\r\nContent-Type: text/csv\r\n\r\nid,text\r\n`;
    const row = (i: number) => `${i},${'x'.repeat(rowBytes - String(i).length - 3)}\r\n`;

    const response = new Promise<GqlResponse>((resolve, reject) => {
      const req = request(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, authorization: `Bearer ${team.token}` },
      });
      req.on('response', (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, ...JSON.parse(text) }));
      });
      req.on('error', reject);
      (async () => {
        req.write(preamble);
        for (let i = 1; i <= rows; i++) {
          if (!req.write(row(i))) await new Promise((r) => req.once('drain', r));
          if (i === rows - 100) {
            // Most of the file is sent, the request is not over: it must be on disk already.
            await expect.poll(() => leftovers().map((f) => statSync(join(tmp, f)).size).reduce((a, b) => a + b, 0), { timeout: 10_000 }).toBeGreaterThan(4_000_000);
            expect(leftovers()).toHaveLength(1);
            expect(leftovers()[0]).toMatch(/^pavior-upload-/);
          }
        }
        req.end(`\r\n--${boundary}--\r\n`);
      })().catch(reject);
    });
    const res = await response;
    expect(res.data?.createImport, JSON.stringify(res).slice(0, 500)).toMatchObject({ status: 'ANALYZED', rowCount: rows, sizeBytes: 9 + rows * rowBytes });
    expect(leftovers()).toEqual([]);
  });

  it('refuses a multipart request without `operations` (400), or with files before `map`', async () => {
    const noOperations = new FormData();
    noOperations.append('map', JSON.stringify({ 0: ['variables.input.file'] }));
    noOperations.append('0', new Blob(['a,b\n1,2\n']), 'a.csv');
    const res = await fetch(`${base}/graphql`, { method: 'POST', headers: authHeaders({ token: team.token }), body: noOperations });
    expect(res.status).toBe(400);
    expect(((await res.json()) as GqlResponse).errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');

    const fileFirst = new FormData();
    fileFirst.append('operations', JSON.stringify({ query: CREATE_IMPORT, variables: { input: { file: null } } }));
    fileFirst.append('0', new Blob(['a,b\n1,2\n']), 'a.csv');
    fileFirst.append('map', JSON.stringify({ 0: ['variables.input.file'] }));
    expect((await fetch(`${base}/graphql`, { method: 'POST', body: fileFirst })).status).toBe(400);

    const empty = new FormData();
    empty.append('note', 'hello');
    expect((await fetch(`${base}/graphql`, { method: 'POST', body: empty })).status).toBe(400);
    expect(leftovers()).toEqual([]);
  });

  it('refuses a map path outside the variables, and a mapped file that was not sent', async () => {
    const outside = new FormData();
    outside.append('operations', JSON.stringify({ query: CREATE_IMPORT, variables: { input: { file: null } } }));
    outside.append('map', JSON.stringify({ 0: ['__proto__.polluted'] }));
    outside.append('0', new Blob(['a\n1\n']), 'a.csv');
    expect((await fetch(`${base}/graphql`, { method: 'POST', body: outside })).status).toBe(400);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    const missing = new FormData();
    missing.append('operations', JSON.stringify({ query: CREATE_IMPORT, variables: { input: { file: null } } }));
    missing.append('map', JSON.stringify({ 0: ['variables.input.file'] }));
    expect((await fetch(`${base}/graphql`, { method: 'POST', body: missing })).status).toBe(400);
  });

  it('accepts a File only from a multipart request', async () => {
    const res = await t.gql(CREATE_IMPORT, { input: { file: 'pavior-upload:00000000-0000-0000-0000-000000000000' } }, { token: team.token });
    expect(res.errors?.[0]?.message).toMatch(/multipart/);
  });

  it('still serves ordinary JSON requests and other multipart paths as before', async () => {
    const res = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(await res.json()).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('limits', () => {
  let limited: TestApp;
  let limitedBase: string;
  let limitedTeam: SignedUpTeam;
  let limitedTmp: string;
  beforeAll(async () => {
    limitedTmp = mkdtempSync(join(tmpdir(), 'pavior-upload-test-'));
    limited = await createTestApp({
      UPLOAD_TMP_DIR: limitedTmp,
      IMPORT_MAX_FILE_BYTES: '20000',
      IMPORT_MAX_ROWS: '3',
      IMPORT_MAX_COLUMNS: '4',
      IMPORT_MAX_CELL_CHARS: '20',
    });
    limitedBase = await limited.listen();
    limitedTeam = await signUp(limited);
  });
  const send = async (name: string, text: string | Uint8Array) => {
    const res = await upload(limitedBase, name, typeof text === 'string' ? Buffer.from(text) : text, { auth: { token: limitedTeam.token } });
    return res;
  };

  it('answers 413 LIMIT_EXCEEDED as soon as a file passes IMPORT_MAX_FILE_BYTES, and keeps nothing', async () => {
    const res = await send('big.csv', `email\n${'a@example.com\n'.repeat(2_000)}`);
    expect(res.status).toBe(413);
    expect(res.errors?.[0]?.extensions?.code).toBe('LIMIT_EXCEEDED');
    expect(res.errors?.[0]?.message).toContain('IMPORT_MAX_FILE_BYTES');
    expect(leftovers(limitedTmp)).toEqual([]);
    expect(await limited.db.selectFrom('imports').select('id').execute()).toEqual([]);
  });

  it('refuses more rows than IMPORT_MAX_ROWS and leaves no import or staged row', async () => {
    const res = await send('rows.csv', 'email\n1\n2\n3\n4\n');
    expect(res.data.createImport).toMatchObject({ __typename: 'LimitError', code: 'LIMIT_EXCEEDED', path: ['input', 'file'] });
    expect(res.data.createImport.message).toContain('IMPORT_MAX_ROWS');
    expect(await limited.db.selectFrom('imports').select('id').execute()).toEqual([]);
    expect(await limited.db.selectFrom('importRows').select('rowNumber').execute()).toEqual([]);
    expect(leftovers(limitedTmp)).toEqual([]);
    expect((await send('rows.csv', 'email\n1\n2\n3\n')).data.createImport.__typename).toBe('Import');
  });

  it('stops reading a workbook at a limit and leaves no temporary file behind', async () => {
    // exceljs's own zip pass parked sheets in temporary files (tmp-<pid>-…); ours reads them in place.
    const parked = () => readdirSync(tmpdir()).filter((name) => name.startsWith(`tmp-${process.pid}-`));
    const before = parked();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Users');
    sheet.addRow(['email']);
    for (let i = 0; i < 10; i++) sheet.addRow([`u${i}@example.com`]);
    workbook.addWorksheet('Second').addRow(['unread']);
    const res = await send('rows.xlsx', Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(res.data.createImport).toMatchObject({ __typename: 'LimitError', code: 'LIMIT_EXCEEDED' });
    expect(res.data.createImport.message).toContain('IMPORT_MAX_ROWS');
    expect(parked()).toEqual(before);
  });

  it('refuses more columns than IMPORT_MAX_COLUMNS', async () => {
    const res = await send('cols.csv', 'a,b,c,d,e\n1,2,3,4,5\n');
    expect(res.data.createImport).toMatchObject({ __typename: 'LimitError', code: 'LIMIT_EXCEEDED' });
    expect(res.data.createImport.message).toContain('IMPORT_MAX_COLUMNS');
  });

  it('refuses a cell longer than IMPORT_MAX_CELL_CHARS, naming its row and column', async () => {
    const res = await send('cell.csv', `email,note\na@example.com,short\nb@example.com,${'y'.repeat(21)}\n`);
    expect(res.data.createImport).toMatchObject({ __typename: 'LimitError', code: 'LIMIT_EXCEEDED' });
    expect(res.data.createImport.message).toMatch(/Row 3, column "note".*IMPORT_MAX_CELL_CHARS/);
  });

  describe('XLSX zip bombs', () => {
    let bombs: TestApp;
    let bombsBase: string;
    let bombsTeam: SignedUpTeam;
    /** A sheet of the same row again and again: tiny compressed, large unpacked. */
    const repetitive = async (rows: number) => {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('Bomb');
      sheet.addRow(['email', 'note']);
      for (let i = 0; i < rows; i++) sheet.addRow(['same@example.com', 'the same note, again and again']);
      return Buffer.from(await workbook.xlsx.writeBuffer());
    };
    beforeAll(async () => {
      bombs = await createTestApp({ IMPORT_MAX_XLSX_RATIO: '10', IMPORT_MAX_XLSX_UNCOMPRESSED_BYTES: '300000' });
      bombsBase = await bombs.listen();
      bombsTeam = await signUp(bombs);
    });
    const send = (name: string, bytes: Uint8Array) => upload(bombsBase, name, bytes, { auth: { token: bombsTeam.token } });

    it('refuses a workbook that unpacks to more than IMPORT_MAX_XLSX_RATIO times its size', async () => {
      const bomb = await repetitive(2_000);
      const res = await send('bomb.xlsx', bomb);
      expect(res.data.createImport).toMatchObject({ __typename: 'LimitError', code: 'LIMIT_EXCEEDED' });
      expect(res.data.createImport.message).toContain('IMPORT_MAX_XLSX_RATIO');
    });

    it('refuses a workbook that unpacks to more than IMPORT_MAX_XLSX_UNCOMPRESSED_BYTES', async () => {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('Big');
      sheet.addRow(['token']);
      // Random values barely compress: the ratio is fine, the unpacked size is not.
      for (let i = 0; i < 6_000; i++) sheet.addRow([randomBytes(24).toString('base64')]);
      const res = await send('big.xlsx', Buffer.from(await workbook.xlsx.writeBuffer()));
      expect(res.data.createImport).toMatchObject({ __typename: 'LimitError', code: 'LIMIT_EXCEEDED' });
      expect(res.data.createImport.message).toContain('IMPORT_MAX_XLSX_UNCOMPRESSED_BYTES');
    });

    it('reads an ordinary workbook under the same limits', async () => {
      const res = await send('small.xlsx', fixture('dates-numbers.xlsx'));
      expect(res.data.createImport).toMatchObject({ __typename: 'Import', rowCount: 2 });
    });
  });
});

// -----------------------------------------------------------------------------------------------
// Tenancy

const world = lazyWorld(() => t);

/** The tenancy helper's app, but every operation is sent as a multipart upload of a small CSV. */
const uploadingApp = (): TestApp => ({
  ...t,
  gql: (query, _variables, auth) => upload(base, 'crlf.csv', fixture('crlf.csv'), { auth, query }),
});

describeTenancy('createImport', uploadingApp, world, {
  scope: 'imports:write',
  field: 'createImport',
  operation: async () => ({ query: `mutation($input: CreateImportInput!) { createImport(input: $input) { __typename ... on Import { id } ... on Error { code } } }` }),
  expect: {
    admin: 'OK',
    member: 'OK',
    otherTeamAdmin: 'OK', // into their own team
    keyWithScope: 'OK',
    keyWithoutScope: 'FORBIDDEN',
    otherTeamKey: 'OK',
    publicKey: 'FORBIDDEN',
    anonymous: 'UNAUTHENTICATED',
  },
});

let homeImport: Promise<string> | undefined;
const homeImportId = (w: TenancyWorld) =>
  (homeImport ??= upload(base, 'crlf.csv', fixture('crlf.csv'), { auth: { token: w.home.token } }).then((res) => res.data.createImport.id as string));

describeTenancy('node(id) of an import', () => t, world, {
  scope: 'imports:read',
  field: 'node',
  operation: async (w) => ({
    query: `query($id: ID!) { node(id: $id) { id ... on Import { status rowCount suggestedMapping { column } } } }`,
    variables: { id: await homeImportId(w) },
  }),
  expect: nodeOfHomeObject,
});

describe('who created an import', () => {
  it('records the member or the API key, and the import belongs to the caller’s team', async () => {
    const w = await world();
    const key = await w.keyFor('imports:write', true);
    const byKey = await upload(base, 'crlf.csv', fixture('crlf.csv'), { auth: { token: key } });
    const byMember = await upload(base, 'crlf.csv', fixture('crlf.csv'), { auth: { token: w.homeMember.token } });
    const rows = await t.db
      .selectFrom('imports')
      .select(['id', 'teamId', 'createdByMemberId', 'createdByApiKeyId'])
      .where('id', 'in', [decodeGlobalID(byKey.data.createImport.id).id, decodeGlobalID(byMember.data.createImport.id).id])
      .execute();
    const keyRow = rows.find((r) => r.id === decodeGlobalID(byKey.data.createImport.id).id)!;
    const memberRow = rows.find((r) => r.id === decodeGlobalID(byMember.data.createImport.id).id)!;
    const homeTeamId = decodeGlobalID(w.home.teamId).id;
    expect(keyRow).toMatchObject({ teamId: homeTeamId, createdByMemberId: null });
    expect(keyRow.createdByApiKeyId).toBeTruthy();
    expect(memberRow).toMatchObject({ teamId: homeTeamId, createdByMemberId: decodeGlobalID(w.homeMember.id).id, createdByApiKeyId: null });
    // Another team's admin cannot see it in their list.
    const theirs = await t.gql(`{ imports(first: 50) { edges { node { id } } } }`, {}, { token: w.other.token });
    expect(theirs.data.imports.edges.map((e: { node: { id: string } }) => e.node.id)).not.toContain(byKey.data.createImport.id);
  });
});
