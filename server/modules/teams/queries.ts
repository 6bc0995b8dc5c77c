import type { Db, Team } from '../../db/types.ts';

export function findTeamsByIds(db: Db, ids: readonly string[]): Promise<Team[]> {
  return db.selectFrom('teams').selectAll().where('id', 'in', ids).execute();
}

export function findTeamByPublicKey(db: Db, publicKey: string): Promise<Team | undefined> {
  return db.selectFrom('teams').selectAll().where('publicKey', '=', publicKey).executeTakeFirst();
}

export function findTeamBySlug(db: Db, slug: string): Promise<Team | undefined> {
  return db.selectFrom('teams').selectAll().where('slug', '=', slug.trim().toLowerCase()).executeTakeFirst();
}

export function insertTeam(
  db: Db,
  values: { slug: string; name: string; publicKey: string; identitySecret: string },
): Promise<Team> {
  return db.insertInto('teams').values(values).returningAll().executeTakeFirstOrThrow();
}

export function updateTeam(db: Db, teamId: string, patch: { name?: string; identitySecret?: string }): Promise<Team> {
  return db
    .updateTable('teams')
    .set({ ...patch, updatedAt: new Date() })
    .where('id', '=', teamId)
    .returningAll()
    .executeTakeFirstOrThrow();
}
