import type { Address, User, UserKind, UserRole, UserStatus } from '../../db/types.ts';
import type { FieldIssue } from '../../errors.ts';
import { checkEmail, normalizeEmail } from '../../lib/validate.ts';

// The default attributes every user has, their limits, and how input becomes stored values.
// Imports reuse `checkUserAttributes`, as every write path does.

export const TEXT_ATTRIBUTE_LIMITS = {
  displayName: 200,
  firstName: 100,
  lastName: 100,
  jobTitle: 200,
  phone: 50,
  company: 200,
  note: 10_000,
} as const;
export type TextAttribute = keyof typeof TEXT_ATTRIBUTE_LIMITS;
export const TEXT_ATTRIBUTES = Object.keys(TEXT_ATTRIBUTE_LIMITS) as TextAttribute[];

export const EXTERNAL_ID_MAX = 255;
export const ADDRESS_FIELDS = ['line1', 'line2', 'city', 'region', 'postalCode', 'country'] as const;
const ADDRESS_FIELD_MAX = 200;

export const USER_STATUSES: readonly UserStatus[] = ['ACTIVE', 'ARCHIVED', 'DISABLED'];
export const USER_ROLES: readonly UserRole[] = ['USER', 'ADMIN', 'SUPERVISOR'];

/** What a write may set. Absent keys are left alone; null clears. */
export interface UserAttributesInput {
  externalId?: string | null;
  email?: string | null;
  kind?: UserKind | null;
  status?: UserStatus | null;
  role?: UserRole | null;
  displayName?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  jobTitle?: string | null;
  phone?: string | null;
  company?: string | null;
  note?: string | null;
  address?: Address | null;
  signedUpAt?: Date | null;
}

/** The stored columns an attributes input sets. */
export type UserAttributeValues = Partial<Pick<User, 'externalId' | 'email' | 'kind' | 'status' | 'role' | TextAttribute | 'signedUpAt'>> & {
  address?: Address | null;
};

/** Every attribute a change is recorded for, in a stable order. */
export const RECORDED_ATTRIBUTES = [
  'externalId', 'email', 'kind', 'status', 'role', ...TEXT_ATTRIBUTES, 'address', 'signedUpAt', 'emailConsent',
] as const;

const trimmedOrNull = (value: string | null | undefined) => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
};

/**
 * Input → stored values plus issues. `existing` is the stored user for a patch (null when
 * creating): an email, once set, cannot change (EMAIL_IMMUTABLE), and a new user needs an
 * externalId or an email (externalId defaults to the email).
 */
export function checkUserAttributes(
  input: UserAttributesInput,
  existing: Pick<User, 'email' | 'externalId'> | null,
  pathPrefix: string[] = ['input'],
): { values: UserAttributeValues; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const values: UserAttributeValues = {};
  const path = (field: string) => [...pathPrefix, field];

  if (input.email !== undefined) {
    const email = input.email === null ? null : normalizeEmail(input.email) || null;
    if (email !== null) {
      const issue = checkEmail(email, path('email'));
      if (issue) issues.push(issue);
    }
    if (existing?.email && email !== existing.email) {
      issues.push({
        path: path('email'),
        code: 'EMAIL_IMMUTABLE',
        message: 'A user\u2019s email cannot change once set; create a new user for the new address',
      });
    } else {
      values.email = email;
    }
  }

  if (input.externalId !== undefined) {
    const externalId = trimmedOrNull(input.externalId);
    if (externalId && externalId.length > EXTERNAL_ID_MAX) {
      issues.push({ path: path('externalId'), code: 'TOO_LONG', message: `External ID must be at most ${EXTERNAL_ID_MAX} characters` });
    } else if (externalId) {
      values.externalId = externalId;
    } else if (existing) {
      issues.push({ path: path('externalId'), code: 'REQUIRED', message: 'External ID cannot be removed' });
    }
  }
  if (!existing && !values.externalId) {
    if (values.email) values.externalId = values.email;
    else if (!issues.some((i) => i.path.join('.') === path('email').join('.'))) {
      issues.push({ path: path('externalId'), code: 'REQUIRED', message: 'A user needs an externalId or an email' });
    }
  }

  if (input.kind) values.kind = input.kind;
  if (input.status) values.status = input.status;
  if (input.role) values.role = input.role;

  for (const field of TEXT_ATTRIBUTES) {
    if (input[field] === undefined) continue;
    const value = field === 'note' ? (input.note?.trim() ? input.note : null) : trimmedOrNull(input[field]);
    const max = TEXT_ATTRIBUTE_LIMITS[field];
    if (value && value.length > max) issues.push({ path: path(field), code: 'TOO_LONG', message: `${field} must be at most ${max} characters` });
    else values[field] = value;
  }

  if (input.address !== undefined) {
    if (input.address === null) values.address = null;
    else {
      const address: Address = {};
      for (const field of ADDRESS_FIELDS) {
        const value = trimmedOrNull(input.address[field]);
        if (value && value.length > ADDRESS_FIELD_MAX) {
          issues.push({ path: [...path('address'), field], code: 'TOO_LONG', message: `address.${field} must be at most ${ADDRESS_FIELD_MAX} characters` });
        } else if (value) address[field] = value;
      }
      values.address = Object.keys(address).length ? address : null;
    }
  }

  if (input.signedUpAt !== undefined) values.signedUpAt = input.signedUpAt;
  return { values, issues };
}
