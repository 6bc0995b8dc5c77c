import type { ColumnMapping, ImportColumn, PropertyDefinition } from '../../db/types.ts';
import { type AttributeTarget, TEMPLATE_COLUMNS } from './targets.ts';

// The mapping an import starts from: the standard template's headers exactly, then the team's own
// properties by key or label, then common names for the default attributes — all compared
// without case, spaces or punctuation ("E-mail" = "email"). Each target is suggested once (the
// first column that matches it); every other column is skipped.

type Target = ColumnMapping['target'];

const attribute = (key: AttributeTarget): Target => ({ kind: 'ATTRIBUTE', key });

/** Loose names → targets. Keys are written as people do; they are normalised below. */
const SYNONYMS = new Map<string, Target>([
  ...names(attribute('externalId'), ['External ID', 'ID', 'User ID', 'Customer ID', 'Client ID', 'Contact ID', 'Member ID', 'Account ID', 'UID', 'External Id']),
  ...names(attribute('email'), ['Email', 'E-mail', 'Email address', 'E-mail address', 'Mail', 'Primary Email', 'Work email', 'E-Mail-Adresse', 'Courriel', 'Correo']),
  ...names(attribute('displayName'), ['Name', 'Full name', 'Display name', 'Contact name', 'Customer name']),
  ...names(attribute('firstName'), ['First name', 'Firstname', 'Given name', 'Forename', 'First', 'Vorname', 'Prénom']),
  ...names(attribute('lastName'), ['Last name', 'Lastname', 'Surname', 'Family name', 'Last', 'Nachname']),
  ...names(attribute('phone'), ['Phone', 'Phone number', 'Mobile', 'Mobile phone', 'Mobile number', 'Cell', 'Cell phone', 'Telephone', 'Tel', 'Telefon']),
  ...names(attribute('company'), ['Company', 'Company name', 'Organization', 'Organisation', 'Organization name', 'Employer', 'Firma']),
  ...names(attribute('jobTitle'), ['Job title', 'Title', 'Position', 'Job']),
  ...names(attribute('status'), ['Status', 'Current status', 'User status']),
  ...names(attribute('role'), ['Role', 'User role']),
  ...names(attribute('note'), ['Note', 'Notes', 'Comment', 'Comments']),
  ...names(attribute('signedUpAt'), ['Signed up at', 'Signed up', 'Sign-up date', 'Signup date', 'Joined', 'Join date', 'Registered', 'Registration date', 'Member since']),
  ...names(attribute('emailConsent'), ['Email consent', 'Subscribed', 'Newsletter', 'Opt-in', 'Email opt-in', 'Marketing consent']),
  ...names(attribute('address.line1'), ['Address', 'Address 1', 'Address line 1', 'Street', 'Street address']),
  ...names(attribute('address.line2'), ['Address 2', 'Address line 2']),
  ...names(attribute('address.city'), ['City', 'Town']),
  ...names(attribute('address.region'), ['Region', 'State', 'Province', 'County']),
  ...names(attribute('address.postalCode'), ['Postal code', 'Postcode', 'Zip', 'Zip code', 'ZIP/Postal code']),
  ...names(attribute('address.country'), ['Country', 'Country code']),
  ...names({ kind: 'GROUPS' }, ['Groups', 'Group', 'Segments', 'Segment']),
  ...names({ kind: 'TAGS' }, ['Tags', 'Tag', 'Labels', 'Label']),
  ...names({ kind: 'IDENTITIES' }, ['Source Username(s)', 'Source usernames', 'Identities']),
]);

function names(target: Target, list: string[]): [string, Target][] {
  return list.map((name) => [normalize(name), target]);
}

/** Lower case, accents and everything but letters and digits removed: "E-Mail Address" → "emailaddress". */
export function normalize(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

function targetId(target: Target): string {
  return 'key' in target ? `${target.kind}:${target.key}` : target.kind;
}

export function suggestMapping(
  columns: readonly Pick<ImportColumn, 'name'>[],
  definitions: readonly Pick<PropertyDefinition, 'key' | 'label'>[],
): ColumnMapping[] {
  const template = new Map(TEMPLATE_COLUMNS.map((c) => [c.header, c.target]));
  const properties = new Map<string, Target>();
  // Keys first: a key is exact, a label is prose; a label never takes another property's key.
  for (const def of definitions) properties.set(normalize(def.key), { kind: 'PROPERTY', key: def.key });
  for (const def of definitions) if (!properties.has(normalize(def.label))) properties.set(normalize(def.label), { kind: 'PROPERTY', key: def.key });

  const used = new Set<string>();
  const claim = (target: Target | undefined): Target | undefined => {
    if (!target || used.has(targetId(target))) return undefined;
    used.add(targetId(target));
    return target;
  };
  // Exact template headers claim their targets before any loose match can.
  const exact = columns.map((column) => claim(template.get(column.name)));
  return columns.map((column, i) => {
    const loose = normalize(column.name);
    const target = exact[i] ?? claim(properties.get(loose)) ?? claim(SYNONYMS.get(loose)) ?? { kind: 'SKIP' as const };
    return { column: column.name, target };
  });
}
