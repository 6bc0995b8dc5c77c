import type { PropertyDefinition } from '../server/db/types.ts';
import { readerTeamId, requireViewer } from '../server/context.ts';
import { DefinitionChangeError, NotFoundError, ValidationError } from '../server/errors.ts';
import { uuidsOnly } from '../server/lib/ids.ts';
import { actorOf } from '../server/modules/history/actor.ts';
import { findPropertyDefinitionsByIds, listPropertyDefinitions } from '../server/modules/properties/queries.ts';
import {
  definePropertyDefinition,
  deletePropertyDefinition,
  updatePropertyDefinition,
} from '../server/modules/properties/service.ts';
import { builder } from './builder.ts';
import { decodeInputId } from './global-id.ts';

export const PropertyTypeEnum = builder.enumType('PropertyType', {
  description:
    'What a custom property holds. DATE is YYYY-MM-DD; DATETIME is ISO 8601 with a zone, stored in UTC; EMAIL is ' +
    'stored lower-case; URL is http(s); NUMBER and INTEGER also accept decimal text ("42").',
  values: ['STRING', 'NUMBER', 'INTEGER', 'BOOLEAN', 'DATE', 'DATETIME', 'EMAIL', 'URL', 'ENUM'] as const,
});

export const PropertyDefinitionRef = builder.loadableNode('PropertyDefinition', {
  description:
    'A custom property of the team\u2019s users and the constraints every write of it meets (dashboard, API, ' +
    'client API, imports). Readable with users:read; changed by ADMINs.',
  id: { resolve: (definition: PropertyDefinition) => definition.id },
  sort: (definition) => definition.id,
  load: (ids: string[], ctx) => {
    const teamId = readerTeamId(ctx, 'users:read');
    return teamId ? findPropertyDefinitionsByIds(ctx.db, teamId, uuidsOnly(ids)) : Promise.resolve([]);
  },
  fields: (t) => ({
    key: t.exposeString('key', { description: 'The key in `User.properties`; immutable.' }),
    label: t.exposeString('label'),
    type: t.expose('type', { type: PropertyTypeEnum, description: 'Immutable.' }),
    required: t.exposeBoolean('required', { description: 'Every new user needs a value; a patch cannot remove it.' }),
    unique: t.exposeBoolean('unique', { description: 'No two users of the team hold the same value.' }),
    description: t.exposeString('description', { nullable: true }),
    min: t.exposeFloat('min', { nullable: true, description: 'NUMBER and INTEGER.' }),
    max: t.exposeFloat('max', { nullable: true, description: 'NUMBER and INTEGER.' }),
    minLength: t.exposeInt('minLength', { nullable: true, description: 'STRING, EMAIL and URL; in characters.' }),
    maxLength: t.exposeInt('maxLength', { nullable: true, description: 'STRING, EMAIL and URL; in characters.' }),
    pattern: t.exposeString('pattern', {
      nullable: true,
      description: 'STRING: a JavaScript regular expression (Unicode mode) the whole value must match.',
    }),
    options: t.exposeStringList('options', { nullable: true, description: 'ENUM: the allowed values.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

builder.queryField('propertyDefinitions', (t) =>
  t.field({
    description: 'The team\u2019s custom property definitions, by key. Requires users:read.',
    type: [PropertyDefinitionRef],
    authScopes: { scope: 'users:read' },
    resolve: (_root, _args, ctx) => listPropertyDefinitions(ctx.db, requireViewer(ctx).teamId),
  }),
);

const DefinePropertyInput = builder.inputType('DefinePropertyInput', {
  description: 'Constraints apply only to their types (NOT_APPLICABLE otherwise); ENUM needs `options`.',
  fields: (t) => ({
    key: t.string({
      required: true,
      description: 'A lowercase letter, then up to 62 lowercase letters, digits or underscores; not a default attribute name.',
    }),
    label: t.string({ required: true, description: '1 to 100 characters.' }),
    type: t.field({ type: PropertyTypeEnum, required: true }),
    required: t.boolean({ defaultValue: false, description: 'Refused (WOULD_BREAK) while the team has users: none has a value yet.' }),
    unique: t.boolean({ defaultValue: false }),
    description: t.string({ description: 'At most 1,000 characters.' }),
    min: t.float(),
    max: t.float(),
    minLength: t.int({ description: '0 to 10,000.' }),
    maxLength: t.int({ description: '0 to 10,000.' }),
    pattern: t.string({ description: 'At most 500 characters; must compile as a JavaScript `u` regular expression.' }),
    options: t.stringList({ description: 'ENUM only: 1 to 500 distinct, non-empty values of at most 200 characters.' }),
  }),
});

const PropertyDefinitionPayload = builder.objectRef<{ definition: PropertyDefinition }>('PropertyDefinitionPayload').implement({
  fields: (t) => ({ definition: t.field({ type: PropertyDefinitionRef, resolve: (p) => p.definition }) }),
});

builder.mutationField('definePropertyDefinition', (t) =>
  t.field({
    description:
      'Defines a custom property. ValidationError codes: REQUIRED, INVALID_KEY, RESERVED_KEY, UNIQUE (key taken), ' +
      'TOO_LONG, NOT_APPLICABLE, INVALID_RANGE, INVALID_PATTERN, TOO_MANY, DUPLICATE. ADMIN only.',
    type: PropertyDefinitionPayload,
    authScopes: { admin: true },
    errors: { types: [ValidationError, DefinitionChangeError] },
    args: { input: t.arg({ type: DefinePropertyInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      definition: await definePropertyDefinition(ctx.db, requireViewer(ctx).teamId, input),
    }),
  }),
);

const UpdatePropertyInput = builder.inputType('UpdatePropertyInput', {
  description:
    'Only the fields given change. null clears description and the constraints; label, required and unique keep ' +
    'their value when null. The key and type never change.',
  fields: (t) => ({
    id: t.id({ required: true }),
    label: t.string(),
    description: t.string(),
    required: t.boolean(),
    unique: t.boolean(),
    min: t.float(),
    max: t.float(),
    minLength: t.int(),
    maxLength: t.int(),
    pattern: t.string(),
    options: t.stringList(),
    clearInvalidValues: t.boolean({
      defaultValue: false,
      description:
        'Remove stored values the change would break (a duplicated value stays with its oldest holder), record ' +
        'each removal in the user\u2019s history, then apply. Without it such a change answers WOULD_BREAK.',
    }),
  }),
});

const UpdatePropertyDefinitionPayload = builder
  .objectRef<{ definition: PropertyDefinition; clearedCount: number }>('UpdatePropertyDefinitionPayload')
  .implement({
    fields: (t) => ({
      definition: t.field({ type: PropertyDefinitionRef, resolve: (p) => p.definition }),
      clearedCount: t.exposeInt('clearedCount', { description: 'Stored values removed by clearInvalidValues.' }),
    }),
  });

builder.mutationField('updatePropertyDefinition', (t) =>
  t.field({
    description:
      'Changes a definition. Stored values are checked against the new constraints by the same validator writes ' +
      'use: if any would break, DefinitionChangeError (WOULD_BREAK) says how many, unless clearInvalidValues. ' +
      'Users lacking a property becoming required cannot be mended by clearing: that is always refused. ADMIN only.',
    type: UpdatePropertyDefinitionPayload,
    authScopes: { admin: true },
    errors: { types: [ValidationError, NotFoundError, DefinitionChangeError] },
    args: { input: t.arg({ type: UpdatePropertyInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const viewer = requireViewer(ctx);
      const { id: globalId, clearInvalidValues, ...patch } = input;
      const id = decodeInputId(String(globalId), 'PropertyDefinition', ['input', 'id'], 'Property definition');
      return updatePropertyDefinition(ctx.db, viewer.teamId, actorOf(viewer), id, patch, { clearInvalidValues: clearInvalidValues ?? false });
    },
  }),
);

const DeletePropertyInput = builder.inputType('DeletePropertyInput', {
  fields: (t) => ({ id: t.id({ required: true }) }),
});

const DeletePropertyDefinitionPayload = builder
  .objectRef<{ deletedDefinitionId: string; clearedCount: number }>('DeletePropertyDefinitionPayload')
  .implement({
    fields: (t) => ({
      deletedDefinitionId: t.exposeID('deletedDefinitionId'),
      clearedCount: t.exposeInt('clearedCount', { description: 'Users whose value of the property was removed.' }),
    }),
  });

builder.mutationField('deletePropertyDefinition', (t) =>
  t.field({
    description: 'Deletes a definition and removes its value from every user (each removal recorded). ADMIN only.',
    type: DeletePropertyDefinitionPayload,
    authScopes: { admin: true },
    errors: { types: [NotFoundError] },
    args: { input: t.arg({ type: DeletePropertyInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const viewer = requireViewer(ctx);
      const id = decodeInputId(String(input.id), 'PropertyDefinition', ['input', 'id'], 'Property definition');
      const { clearedCount } = await deletePropertyDefinition(ctx.db, viewer.teamId, actorOf(viewer), id);
      return { deletedDefinitionId: String(input.id), clearedCount };
    },
  }),
);
