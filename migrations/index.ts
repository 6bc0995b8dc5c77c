import type { Migration } from 'kysely';
import * as teamsAndAccess from './20261122000100_teams_and_access.ts';
import * as users from './20261122000200_users.ts';
import * as events from './20261122000300_events.ts';
import * as imports from './20261122000400_imports.ts';
import * as userTagIds from './20261122000500_user_tag_ids.ts';
import * as eventCountsRollup from './20261122000600_event_counts_rollup.ts';
import * as linkTeamIntegrity from './20261122000700_link_team_integrity.ts';
import * as importCreatedTargets from './20261122000800_import_created_targets.ts';

// Every migration, by file name, in the order they apply. Imported statically (not found by
// directory scan) so the same code runs under tsx, vitest and any bundler; a test checks that
// this list names every file in the folder.
export const migrations: Record<string, Migration> = {
  '20261122000100_teams_and_access': teamsAndAccess,
  '20261122000200_users': users,
  '20261122000300_events': events,
  '20261122000400_imports': imports,
  '20261122000500_user_tag_ids': userTagIds,
  '20261122000600_event_counts_rollup': eventCountsRollup,
  '20261122000700_link_team_integrity': linkTeamIntegrity,
  '20261122000800_import_created_targets': importCreatedTargets,
};
