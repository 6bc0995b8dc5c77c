import { sql } from 'kysely';
import type { Db, Import, ImportCounts, ImportStatus } from '../../db/types.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../errors.ts';
import { isUuid } from '../../lib/ids.ts';
import { listPropertyDefinitions } from '../properties/queries.ts';
import { SOURCE_CATALOGUE } from '../sources/catalogue.ts';
import { resolveSources } from '../sources/service.ts';
import { ClaimRegistry, checkClaimsAgainstUsers, findExistingUsers, findRepeatedCells, findRepeatedIdentities, type LabelIndex, type PlanSetup, planRow } from './plan.ts';
import { clearRowActions, readStagedRows } from './staged-rows.ts';
import { insertImportErrors, setRowActions } from './writes.ts';
import { checkMapping, type ConfigureInput, newPropertyRules, type ParsedRow, parseRow, type ResolvedMapping, storedMapping } from './validate-rows.ts';

// Step 2 of an import: the mapping and options are checked, then every staged row is validated
// and planned, batch by batch with set-based reads, in one transaction: the import ends
// VALIDATED with its errors, each row's action and the preview, or stays as it was.

/** Staged rows validated per round of queries: few, so little is live at once (see BATCH_ROWS in stage.ts). */
export const VALIDATE_BATCH_SIZE = 1000;

/** The import locked for the rest of the transaction (a configure, commit or revert at a time). */
export async function lockImport(db: Db, teamId: string, id: string): Promise<Import | undefined> {
  if (!isUuid(id)) return undefined;
  return db.selectFrom('imports').selectAll().where('teamId', '=', teamId).where('id', '=', id).forUpdate().executeTakeFirst();
}

export function wrongStatus(imp: Pick<Import, 'status'>, wanted: string): ConflictError {
  return new ConflictError('WRONG_STATUS', `The import is ${imp.status}; ${wanted}`, ['input', 'id']);
}

/** The sources every row is checked against: the whole catalogue as the team sees it. */
export function teamSources(db: Db, teamId: string) {
  return resolveSources(db, teamId, SOURCE_CATALOGUE.map((s) => s.key));
}

/** The team's groups or tags by lower-cased name (configure reads them once; commit locks per batch). */
async function labelIndex(db: Db, table: 'groups' | 'tags', teamId: string): Promise<LabelIndex> {
  const labels = await db.selectFrom(table).select(['id', 'name']).where('teamId', '=', teamId).execute();
  return new Map(labels.map((l) => [l.name.toLowerCase(), l]));
}

type Repeat = ParsedRow['issues'][number] & { index: number };

/** Issues of repeated ids, emails, external IDs and identities across the file, by row (SQL, whole file). */
async function fileRepeats(db: Db, importId: string, mapping: ResolvedMapping): Promise<Map<number, Repeat[]>> {
  const repeats = new Map<number, Repeat[]>();
  const add = (row: number, issue: Repeat) => repeats.set(row, [...(repeats.get(row) ?? []), issue]);
  for (const [row, first] of await findRepeatedCells(db, importId, mapping.id.index, mapping.id.key === 'email')) {
    const { column, index } = mapping.id;
    add(row, { column, index, value: null, code: 'DUPLICATE_ID', message: `Row ${first} has the same ${column}; each user may appear once` });
  }
  for (const key of ['email', 'externalId'] as const) {
    const col = mapping.attributes.find((a) => a.key === key);
    if (!col || col.column === mapping.id.column) continue;
    for (const [row, first] of await findRepeatedCells(db, importId, col.index, key === 'email')) {
      add(row, { column: col.column, index: col.index, value: null, code: 'UNIQUE', message: `Row ${first} has the same ${key === 'email' ? 'email' : 'external ID'}` });
    }
  }
  if (mapping.identities) {
    const { column, index } = mapping.identities;
    for (const [row, { firstRow, identity }] of await findRepeatedIdentities(db, importId, index)) {
      add(row, { column, index, value: null, code: 'UNIQUE', message: `Row ${firstRow} has the same identity (${identity})` });
    }
  }
  return repeats;
}

/**
 * Configures an ANALYZED (or re-configures a VALIDATED) import: ValidationError for a bad
 * mapping (paths into input), else every row is validated and the import is VALIDATED with its
 * errors (the previous configure's replaced), each row's action and the preview.
 */
export async function configureImport(db: Db, teamId: string, id: string, input: ConfigureInput): Promise<Import> {
  return db.transaction().execute(async (trx) => {
    const imp = await lockImport(trx, teamId, id);
    if (!imp) throw new NotFoundError('Import', ['input', 'id']);
    if (imp.status !== 'ANALYZED' && imp.status !== 'VALIDATED') throw wrongStatus(imp, 'only an ANALYZED or VALIDATED import can be configured');
    const definitions = await listPropertyDefinitions(trx, teamId);
    const { mapping, issues } = checkMapping(imp, input, definitions);
    if (!mapping) throw new ValidationError(issues);

    const setup: PlanSetup = {
      mapping,
      policy: input.conflictPolicy,
      definitions: [...definitions, ...mapping.newProperties.map(newPropertyRules)],
      groups: await labelIndex(trx, 'groups', teamId),
      tags: await labelIndex(trx, 'tags', teamId),
      createMissingGroups: input.createMissingGroups,
    };
    const sources = await teamSources(trx, teamId);
    await trx.deleteFrom('importErrors').where('importId', '=', id).execute();
    await clearRowActions(trx, id);
    const repeats = await fileRepeats(trx, id, mapping);
    const registry = new ClaimRegistry('file');
    const preview: ImportCounts = { create: 0, update: 0, unchanged: 0, invalid: 0 };
    const counted = { CREATE: 'create', UPDATE: 'update', UNCHANGED: 'unchanged', INVALID: 'invalid' } as const;

    for (let after = 0; ; ) {
      const staged = await readStagedRows(trx, id, after, VALIDATE_BATCH_SIZE);
      if (staged.length === 0) break;
      after = staged.at(-1)!.rowNumber;
      const parsed = staged.map((row) => {
        const p = parseRow(mapping, sources, row);
        for (const { index, ...issue } of repeats.get(row.rowNumber) ?? []) p.issues.push({ ...issue, value: row.cells[index] ?? null });
        return p;
      });
      const existing = await findExistingUsers(trx, teamId, mapping, parsed, false);
      const plans = parsed.map((p) => planRow(setup, p, existing.get(p.key) ?? null));
      await checkClaimsAgainstUsers(trx, teamId, mapping, plans);
      for (const plan of plans) registry.claim(plan, mapping);

      await insertImportErrors(trx, id, 'VALIDATION', plans.flatMap((p) => p.issues.map((issue) => ({ ...issue, rowNumber: p.rowNumber }))));
      // CREATE is the action of a row without one (StagedRow): only the others are written.
      const decided = plans.filter((p) => p.action !== 'CREATE');
      await setRowActions(trx, id, decided.map((p) => ({ rowNumber: p.rowNumber, action: p.action, userId: p.existing?.user.id ?? null })));
      for (const plan of plans) preview[counted[plan.action]]++;
    }

    return trx
      .updateTable('imports')
      .set({
        status: 'VALIDATED' satisfies ImportStatus,
        idColumn: input.idColumn,
        mapping: JSON.stringify(storedMapping(input.mapping, mapping)),
        conflictPolicy: input.conflictPolicy,
        createMissingGroups: input.createMissingGroups,
        createMissingProperties: input.createMissingProperties,
        skipInvalidRows: input.skipInvalidRows,
        preview: JSON.stringify(preview),
        processed: 0,
        result: null,
        failure: null,
        updatedAt: sql<Date>`date_trunc('milliseconds', clock_timestamp())`,
      })
      .where('id', '=', id)
      .where('teamId', '=', teamId)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}
