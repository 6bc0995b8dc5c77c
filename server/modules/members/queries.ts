import { sql } from 'kysely';
import type { Db, Member, MemberRole } from '../../db/types.ts';
import { applyKeyset, type KeysetPage } from '../../lib/keyset.ts';

export function findMembersByIds(db: Db, teamId: string, ids: readonly string[]): Promise<Member[]> {
  return db.selectFrom('members').selectAll().where('teamId', '=', teamId).where('id', 'in', ids).execute();
}

export function findMemberByEmail(db: Db, teamId: string, email: string): Promise<Member | undefined> {
  return db
    .selectFrom('members')
    .selectAll()
    .where('teamId', '=', teamId)
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .executeTakeFirst();
}

export function insertMember(
  db: Db,
  values: { teamId: string; email: string; name: string | null; role: MemberRole; passwordHash: string },
): Promise<Member> {
  return db.insertInto('members').values(values).returningAll().executeTakeFirstOrThrow();
}

/** One page of a team's members, oldest first, by (createdAt, id) keyset. */
export function listMembers(db: Db, teamId: string, page: KeysetPage): Promise<Member[]> {
  const query = db.selectFrom('members').selectAll().where('teamId', '=', teamId);
  return applyKeyset(query, page, { table: 'members' }).execute();
}

export async function countMembers(db: Db, teamId: string): Promise<number> {
  const row = await db
    .selectFrom('members')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('teamId', '=', teamId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/**
 * The team's admins, locked until the transaction ends: two concurrent demotions of the last two
 * admins must not both succeed.
 */
export function lockAdmins(db: Db, teamId: string): Promise<{ id: string }[]> {
  return db
    .selectFrom('members')
    .select('id')
    .where('teamId', '=', teamId)
    .where('role', '=', 'ADMIN')
    .forUpdate()
    .execute();
}

export function updateMemberRole(db: Db, teamId: string, memberId: string, role: MemberRole): Promise<Member | undefined> {
  return db
    .updateTable('members')
    .set({ role, updatedAt: new Date() })
    .where('teamId', '=', teamId)
    .where('id', '=', memberId)
    .returningAll()
    .executeTakeFirst();
}

export function deleteMember(db: Db, teamId: string, memberId: string): Promise<Member | undefined> {
  return db.deleteFrom('members').where('teamId', '=', teamId).where('id', '=', memberId).returningAll().executeTakeFirst();
}
