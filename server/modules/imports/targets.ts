import type { ColumnMapping } from '../../db/types.ts';

// Where an imported column can go, and the standard template users already know. Shared by
// analysis (suggested mapping), validation and commit, the template and the export.

/** Default attributes a column can be mapped to (ATTRIBUTE targets), by key. */
export const ATTRIBUTE_TARGETS = [
  'externalId',
  'email',
  'status',
  'role',
  'displayName',
  'firstName',
  'lastName',
  'jobTitle',
  'phone',
  'company',
  'note',
  'signedUpAt',
  'emailConsent',
  'address.line1',
  'address.line2',
  'address.city',
  'address.region',
  'address.postalCode',
  'address.country',
] as const;
export type AttributeTarget = (typeof ATTRIBUTE_TARGETS)[number];

/**
 * The standard template's columns, in order; custom properties follow, one column each, headed
 * by the property's label. Values: Current Status is Active or Archived; Role is User, Admin or
 * Supervisor; Groups are comma-separated names (`none` for no group; added to existing
 * memberships); Source Username(s) are comma-separated `source:username` pairs.
 */
export const TEMPLATE_COLUMNS: readonly { header: string; target: ColumnMapping['target'] }[] = [
  { header: 'Current Status', target: { kind: 'ATTRIBUTE', key: 'status' } },
  { header: 'Display Name', target: { kind: 'ATTRIBUTE', key: 'displayName' } },
  { header: 'Primary Email', target: { kind: 'ATTRIBUTE', key: 'email' } },
  { header: 'Role', target: { kind: 'ATTRIBUTE', key: 'role' } },
  { header: 'Groups', target: { kind: 'GROUPS' } },
  { header: 'Source Username(s)', target: { kind: 'IDENTITIES' } },
  { header: 'External ID', target: { kind: 'ATTRIBUTE', key: 'externalId' } },
];

/** Template values ↔ stored values. */
export const TEMPLATE_STATUS: Record<string, 'ACTIVE' | 'ARCHIVED'> = { active: 'ACTIVE', archived: 'ARCHIVED' };
export const TEMPLATE_ROLE: Record<string, 'USER' | 'ADMIN' | 'SUPERVISOR'> = { user: 'USER', admin: 'ADMIN', supervisor: 'SUPERVISOR' };
