/**
 * Expected failures, as named classes. The schema turns the typed ones into mutation results
 * (with `code` and `path`) and the auth ones into GraphQL errors; anything else is masked.
 * No GraphQL import here: modules throw these without knowing about the API layer.
 */

export interface FieldIssue {
  /** Path of the offending input, e.g. ["input", "slug"] or ["properties", "plan"]. */
  path: string[];
  code: string;
  message: string;
}

export abstract class AppError extends Error {
  abstract readonly code: string;
  readonly path: string[] | null;
  constructor(message: string, path: string[] | null = null) {
    super(message);
    this.name = new.target.name;
    this.path = path;
  }
}

/** One or more inputs are invalid. `code`/`path` describe the first; `issues` lists them all. */
export class ValidationError extends AppError {
  readonly code: string;
  readonly issues: FieldIssue[];
  constructor(issues: FieldIssue[] | FieldIssue) {
    const list = Array.isArray(issues) ? issues : [issues];
    const first = list[0];
    if (!first) throw new Error('ValidationError needs at least one issue');
    super(list.length === 1 ? first.message : `${first.message} (and ${list.length - 1} more)`, first.path);
    this.code = first.code;
    this.issues = list;
  }
}

/** The thing does not exist in the viewer's team (another team's ID answers the same). */
export class NotFoundError extends AppError {
  readonly code = 'NOT_FOUND';
  constructor(what: string, path: string[] | null = null) {
    super(`${what} not found`, path);
  }
}

/** The request is valid but clashes with current state (taken slug, last admin…). */
export class ConflictError extends AppError {
  readonly code: string;
  constructor(code: string, message: string, path: string[] | null = null) {
    super(message, path);
    this.code = code;
  }
}

/** Login failed; the same answer for an unknown account and a wrong password. */
export class CredentialsError extends AppError {
  readonly code: string;
  readonly retryAfterSeconds: number | null;
  constructor(code: 'INVALID_CREDENTIALS' | 'TOO_MANY_ATTEMPTS', message: string, retryAfterSeconds: number | null = null) {
    super(message);
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** A documented limit was exceeded (too many ids, too large a value…). */
export class LimitError extends AppError {
  readonly code = 'LIMIT_EXCEEDED';
}

/** How many stored values a property definition change would break, and why. */
export interface BreakingCounts {
  /** Users affected in all (the sum of the three below; they do not overlap). */
  breaking: number;
  /** Values the new constraints reject. */
  invalid: number;
  /** Values that repeat an older user's value of a property becoming unique. */
  duplicate: number;
  /** Users without a value for a property becoming required (or left without one by clearing). */
  missing: number;
}

/** A definition change would break stored values (code WOULD_BREAK) and was not applied. */
export class DefinitionChangeError extends AppError {
  readonly code = 'WOULD_BREAK';
  readonly counts: BreakingCounts;
  constructor(message: string, path: string[] | null, counts: BreakingCounts) {
    super(message, path);
    this.counts = counts;
  }
}

/** A user field that changed after an import changed it (so undoing the import would lose it). */
export interface RevertConflict {
  userId: string;
  /** Null when the user has been deleted since. */
  externalId: string | null;
  /** The field changed later: an attribute, `properties.<key>`, groups, tags, identities or deleted. */
  field: string;
}

/**
 * An import cannot be reverted without undoing later changes (code LATER_CHANGES); `conflicts`
 * lists the first of them, `conflictCount` says how many there are in all. Nothing was changed.
 */
export class RevertConflictError extends AppError {
  readonly code = 'LATER_CHANGES';
  readonly conflicts: RevertConflict[];
  readonly conflictCount: number;
  constructor(message: string, conflicts: RevertConflict[], conflictCount: number, path: string[] | null = null) {
    super(message, path);
    this.conflicts = conflicts;
    this.conflictCount = conflictCount;
  }
}

/** No valid credential. Surfaces as a GraphQL error with extensions.code UNAUTHENTICATED. */
export class UnauthenticatedError extends Error {
  readonly code = 'UNAUTHENTICATED';
  constructor(message = 'Authentication required') {
    super(message);
    this.name = 'UnauthenticatedError';
  }
}

/** A valid credential without the role or scope. Surfaces as extensions.code FORBIDDEN. */
export class ForbiddenError extends Error {
  readonly code = 'FORBIDDEN';
  constructor(message = 'Not allowed') {
    super(message);
    this.name = 'ForbiddenError';
  }
}
