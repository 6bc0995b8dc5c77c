import { requireViewer } from '../server/context.ts';
import { LimitError, ValidationError } from '../server/errors.ts';
import { availableColumns, EXPORT_COLUMNS_MAX, type ExportColumn } from '../server/modules/exports/columns.ts';
import { createUserExport, EXPORT_PARAMS_MAX } from '../server/modules/exports/export-users.ts';
import { createTemplateDownload } from '../server/modules/exports/template.ts';
import { builder } from './builder.ts';
import { DownloadPayloadRef } from './event-export.ts';
import { ImportFormatEnum } from './import.ts';
import { teamDefinitions, toUserFilter, UserFilterInput } from './user.ts';

// The import template and user exports: signed, short-lived download links (DownloadPayload)
// to files the file route streams (server/modules/exports).

const ExportFormatEnum = builder.enumType('ExportFormat', { values: ['CSV', 'XLSX'] as const });

const COLUMN_VALUES =
  'Current Status is Active or Archived (empty for a DISABLED user: an empty cell leaves the status as it is); ' +
  'Role is User, Admin or Supervisor; Groups are the group names joined by ", " (empty for none); ' +
  'Source Username(s) are source:username pairs joined by ", "; custom properties are text the import reads back ' +
  '(numbers as numerals, true/false, YYYY-MM-DD, ISO 8601 date-times in UTC). A cell starting with = + - @, a tab, ' +
  'CR or LF gets a leading \' (so does one starting with \' before such a sign or another \'): the import removes it.';

builder.queryField('importTemplate', (t) =>
  t.field({
    description:
      'A link to the import template: the standard columns (Current Status, Display Name, Primary Email, Role, Groups, ' +
      'Source Username(s), External ID), then one column per custom property headed by its label (its key when two ' +
      'properties share a label or a label is a standard header) — the import maps property columns by label or key. ' +
      'Headers only: no example row to forget and import by mistake. Valid for DOWNLOAD_URL_TTL_SECONDS. Requires imports:read.',
    type: DownloadPayloadRef,
    authScopes: { scope: 'imports:read' },
    args: { format: t.arg({ type: ImportFormatEnum, required: true, defaultValue: 'CSV' }) },
    resolve: (_root, { format }, ctx) => createTemplateDownload(ctx, requireViewer(ctx).teamId, format),
  }),
);

const UserExportColumnRef = builder.objectRef<ExportColumn>('UserExportColumn').implement({
  description: 'A column exportUsers can write.',
  fields: (t) => ({
    name: t.exposeString('header', { description: 'The header, and the name to ask for it by in `columns`.' }),
    isDefault: t.exposeBoolean('isDefault', { description: 'In the default set: the import template\u2019s columns.' }),
    propertyKey: t.exposeString('propertyKey', { nullable: true, description: 'For a custom property column; also accepted in `columns`.' }),
  }),
});

builder.queryField('userExportColumns', (t) =>
  t.field({
    description:
      'The columns exportUsers can write for your team: the default set (the import template\u2019s, in order), then ' +
      'First Name, Last Name, Job Title, Phone, Company, Tags, Signed Up At, Created At and Last Seen At. Requires users:read.',
    type: [UserExportColumnRef],
    authScopes: { scope: 'users:read' },
    resolve: async (_root, _args, ctx) => availableColumns(await teamDefinitions(ctx)),
  }),
);

const ExportUsersInput = builder.inputType('ExportUsersInput', {
  fields: (t) => ({
    filter: t.field({ type: UserFilterInput, description: 'The users to export, as users(filter:) selects them; all when omitted.' }),
    columns: t.stringList({
      description:
        `Columns by name (a header from userExportColumns, or a property key; case-insensitive), in the order to write ` +
        `them; at most ${EXPORT_COLUMNS_MAX}. Omitted: the default set, which re-imports with every row unchanged.`,
    }),
    format: t.field({ type: ExportFormatEnum, required: true, defaultValue: 'CSV' }),
  }),
});

builder.mutationField('exportUsers', (t) =>
  t.field({
    description:
      'A link to a file of every user matching the filter (leads too, unless the filter\u2019s kind says USER), oldest ' +
      'first, streamed as it downloads: CSV (UTF-8 with BOM) ' +
      `or XLSX (text cells). ${COLUMN_VALUES} ValidationError: UNKNOWN_COLUMN / DUPLICATE_COLUMN at input.columns.N, ` +
      'REQUIRED for an empty list, filter problems at input.filter…; LimitError when the filter and columns exceed ' +
      `${EXPORT_PARAMS_MAX} characters of link, or an XLSX would exceed a sheet's 1,048,575 rows. Valid for ` +
      'DOWNLOAD_URL_TTL_SECONDS. Requires users:read.',
    type: DownloadPayloadRef,
    authScopes: { scope: 'users:read' },
    errors: { types: [ValidationError, LimitError] },
    args: { input: t.arg({ type: ExportUsersInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      createUserExport(ctx, requireViewer(ctx).teamId, { filter: toUserFilter(input.filter), columns: input.columns, format: input.format }),
  }),
);
