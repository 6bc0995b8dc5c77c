import type { FieldIssue } from '../../errors.ts';
import { normalizeSourceKey } from './catalogue.ts';

// Identities as text: `source:username`, and the import's "Source Username(s)" column, a
// comma-separated list of them. Pure (no database): whether a source exists and is enabled for
// the team is `checkIdentitySources` in service.ts.

export const IDENTITY_USERNAME_MAX = 200;

export interface IdentityPair {
  /** A normalised source key (lowercase). */
  source: string;
  username: string;
}

/** `slack:ada`, as history records and the import column writes it. */
export const formatIdentity = (pair: IdentityPair) => `${pair.source}:${pair.username}`;

/** A username, trimmed, or the issue (REQUIRED, TOO_LONG). */
export function checkIdentityUsername(raw: string, path: string[]): { value: string } | { issue: FieldIssue } {
  const value = raw.trim();
  if (!value) return { issue: { path, code: 'REQUIRED', message: 'A username is required' } };
  if (value.length > IDENTITY_USERNAME_MAX) {
    return { issue: { path, code: 'TOO_LONG', message: `A username must be at most ${IDENTITY_USERNAME_MAX} characters` } };
  }
  return { value };
}

/**
 * "slack:ada, zendesk:123" → pairs, or issues at `[...path, <item index>]`: INVALID_IDENTITY for
 * an item that is not `source:username`, REQUIRED / TOO_LONG for its username. The username is
 * everything after the first colon (it may hold colons itself). Empty items are skipped, so an
 * empty cell is no identities; the same identity twice (usernames compared case-insensitively)
 * is kept once.
 */
export function parseIdentityList(text: string | null | undefined, path: string[] = []): { pairs: IdentityPair[]; issues: FieldIssue[] } {
  const pairs: IdentityPair[] = [];
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  (text ?? '').split(',').forEach((raw, index) => {
    const item = raw.trim();
    if (!item) return;
    const itemPath = [...path, String(index)];
    const colon = item.indexOf(':');
    const source = colon > 0 ? normalizeSourceKey(item.slice(0, colon)) : '';
    if (!source) {
      issues.push({ path: itemPath, code: 'INVALID_IDENTITY', message: `"${item}" is not source:username (e.g. slack:ada)` });
      return;
    }
    const username = checkIdentityUsername(item.slice(colon + 1), itemPath);
    if ('issue' in username) {
      issues.push({ ...username.issue, message: `${username.issue.message} in "${item}"` });
      return;
    }
    const key = `${source}:${username.value.toLowerCase()}`;
    if (seen.has(key)) return;
    seen.add(key);
    pairs.push({ source, username: username.value });
  });
  return { pairs, issues };
}
