import { sql } from 'kysely';
import type { Db } from '../../db/types.ts';

// A committing import grows one team's users far faster than autovacuum re-reads the table. Until
// it does, PostgreSQL plans each batch's lookups (users by external ID or email) from statistics
// in which the team has a handful of users, or none: it then picks any index that starts with
// team_id and reads every user of the team for each batch (lookups.ts) — each batch slower than
// the last, quadratic over a large file. Refreshing
// the statistics of users whenever the import has doubled what it wrote since the last refresh
// keeps the estimates within a factor of two of the truth, for about log2(rows / FIRST) ANALYZEs.

/** Users written before the statistics are first refreshed: below this any plan is fast. */
export const ANALYZE_FIRST_AFTER = 10_000;

/** Decides when a running import refreshes the statistics of users. */
export function createStatisticsRefresher(db: Db) {
  let written = 0;
  let next = ANALYZE_FIRST_AFTER;
  return {
    /** Counts a committed batch's created and updated users; ANALYZEs when the next threshold is passed. */
    async afterBatch(usersWritten: number): Promise<void> {
      written += usersWritten;
      if (written < next) return;
      next = written * 2;
      // Outside the batch transactions: ANALYZE samples the table, it does not lock writers out.
      // Only the plans depend on it, so a refusal (a role that does not own the table) is no failure.
      await sql`analyze users`.execute(db).catch((error) => console.warn('import: analyze users failed', error));
    },
  };
}
