import type { Import, PropertyDefinition } from '../server/db/types.ts';
import type { Context } from '../server/context.ts';
import { requireViewer } from '../server/context.ts';
import { LimitError, ValidationError } from '../server/errors.ts';
import { actorOf } from '../server/modules/history/actor.ts';
import { analyzeUpload, importLimits } from '../server/modules/imports/analyze.ts';
import { suggestMapping } from '../server/modules/imports/suggest.ts';
import { listPropertyDefinitions } from '../server/modules/properties/queries.ts';
import { builder } from './builder.ts';
import { ColumnMappingRef, ImportRef } from './import.ts';
import './upload.ts';

// Step 1 of the import flow: createImport uploads and analyses a file. Also the facts of the
// file on Import (encoding, delimiter, size) and the mapping suggested from its headers.

const CreateImportInput = builder.inputType('CreateImportInput', {
  fields: (t) => ({
    file: t.field({
      type: 'File',
      required: true,
      description: 'A CSV (comma, semicolon or tab; UTF-8, UTF-16 with BOM or Windows-1252) or XLSX file (its first sheet), detected from its content.',
    }),
  }),
});

builder.mutationField('createImport', (t) =>
  t.field({
    description:
      'Uploads a file (a GraphQL multipart request) and analyses it: its rows are staged and each column is ' +
      'described. Answers the import, ANALYZED; configure it next. The first non-blank row names the columns ' +
      '(an empty name becomes `Column N`, a repeated one `Name (2)`); blank rows are skipped; values are trimmed. ' +
      'ValidationError codes: EMPTY_FILE, UNSUPPORTED_FORMAT, UNCLOSED_QUOTE, INVALID_QUOTE, INVALID_CSV, INVALID_XLSX (a damaged workbook), EXTRA_CELLS ' +
      '(a value right of the last named column). LimitError: rows, columns, cell length, XLSX unpacked size and ratio ' +
      '(the message names the limit). A file over IMPORT_MAX_FILE_BYTES is refused while it streams, with HTTP 413. ' +
      'Requires imports:write.',
    type: ImportRef,
    authScopes: { scope: 'imports:write' },
    errors: { types: [ValidationError, LimitError] },
    args: { input: t.arg({ type: CreateImportInput, required: true }) },
    resolve: (_root, { input }, ctx) => {
      const viewer = requireViewer(ctx);
      const { memberId = null, apiKeyId = null } = actorOf(viewer);
      return analyzeUpload(ctx.db, { teamId: viewer.teamId, memberId, apiKeyId }, input.file, importLimits(ctx.config));
    },
  }),
);

builder.objectFields(ImportRef, (t) => ({
  encoding: t.exposeString('encoding', {
    nullable: true,
    description: 'For CSV, the encoding detected: UTF-8, UTF-8-BOM, UTF-16LE, UTF-16BE or WINDOWS-1252. Null for XLSX.',
  }),
  delimiter: t.exposeString('delimiter', { nullable: true, description: 'For CSV, the delimiter detected: "," ";" or a tab. Null for XLSX.' }),
  sizeBytes: t.float({ description: 'Size of the uploaded file.', resolve: (i) => Number(i.sizeBytes) }),
  suggestedMapping: t.loadableList({
    type: ColumnMappingRef,
    description:
      'A starting point for configureImport: the standard template\u2019s headers exactly, then the team\u2019s properties by ' +
      'key or label, then common names ("E-mail", "Email address" → email; "Surname" → lastName…), ignoring case and ' +
      'punctuation; each target once; every other column SKIP.',
    // All imports of a response share one read of the team's definitions.
    load: async (imports: Import[], ctx: Context) => {
      const byTeam = new Map<string, Promise<PropertyDefinition[]>>();
      const definitionsOf = (teamId: string) => {
        if (!byTeam.has(teamId)) byTeam.set(teamId, listPropertyDefinitions(ctx.db, teamId));
        return byTeam.get(teamId)!;
      };
      return Promise.all(imports.map(async (i) => suggestMapping(i.columns, await definitionsOf(i.teamId))));
    },
    resolve: (i) => i,
    loaderOptions: { cacheKeyFn: (i: Import) => i.id },
  }),
}));
