import type { FieldIssue } from '../errors.ts';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './passwords.ts';

// Small field checks shared by every module. Each returns an issue or null, so a service can
// collect all of them and answer with one ValidationError.

const RESERVED_SLUGS = new Set([
  'admin', 'api', 'app', 'assets', 'auth', 'dashboard', 'docs', 'graphql', 'help', 'login',
  'pavior', 'root', 'settings', 'static', 'status', 'support', 'system', 'www',
]);

// A pragmatic address check (what browsers apply to <input type=email>), not RFC 5322 in full.
const EMAIL = /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+$/;
export const EMAIL_MAX_LENGTH = 254;
export const NAME_MAX_LENGTH = 200;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function checkEmail(email: string, path: string[]): FieldIssue | null {
  if (email.length === 0) return { path, code: 'REQUIRED', message: 'Email is required' };
  if (email.length > EMAIL_MAX_LENGTH) {
    return { path, code: 'TOO_LONG', message: `Email must be at most ${EMAIL_MAX_LENGTH} characters` };
  }
  if (!EMAIL.test(email)) return { path, code: 'INVALID_EMAIL', message: `"${email}" is not a valid email address` };
  return null;
}

export function checkSlug(slug: string, path: string[]): FieldIssue | null {
  if (slug.length < 3 || slug.length > 40) {
    return { path, code: 'INVALID_SLUG', message: 'Team id must be 3 to 40 characters long' };
  }
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(slug)) {
    return {
      path,
      code: 'INVALID_SLUG',
      message: 'Team id may contain only lowercase letters, digits and single hyphens between them',
    };
  }
  if (RESERVED_SLUGS.has(slug)) return { path, code: 'RESERVED_SLUG', message: `"${slug}" is reserved` };
  return null;
}

export function checkPassword(password: string, path: string[]): FieldIssue | null {
  // Length in code points, so a passphrase of emoji is measured as a person counts it.
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) {
    return { path, code: 'PASSWORD_TOO_SHORT', message: `Password must be at least ${PASSWORD_MIN_LENGTH} characters` };
  }
  if (length > PASSWORD_MAX_LENGTH) {
    return { path, code: 'PASSWORD_TOO_LONG', message: `Password must be at most ${PASSWORD_MAX_LENGTH} characters` };
  }
  return null;
}

/** A required display text (team name, API key name): trimmed, non-empty, bounded. */
export function checkName(value: string, path: string[], label: string, max = NAME_MAX_LENGTH): FieldIssue | null {
  if (value.trim().length === 0) return { path, code: 'REQUIRED', message: `${label} is required` };
  if (value.length > max) return { path, code: 'TOO_LONG', message: `${label} must be at most ${max} characters` };
  return null;
}

export function compact(issues: (FieldIssue | null)[]): FieldIssue[] {
  return issues.filter((i): i is FieldIssue => i !== null);
}
