/** A position in a list ordered by (createdAt, id). */
export interface KeysetCursor {
  createdAt: Date;
  id: string;
}

/**
 * One page request as Pothos' resolveCursorConnection hands it over: `limit` already includes
 * the extra row used to detect another page; `inverted` means read backwards (last/before).
 */
export interface KeysetPage {
  after?: KeysetCursor;
  before?: KeysetCursor;
  limit: number;
  inverted: boolean;
}
