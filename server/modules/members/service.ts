import type { Db, Member, MemberRole } from '../../db/types.ts';
import { ConflictError, NotFoundError } from '../../errors.ts';
import { findMembersByIds, deleteMember, lockAdmins, updateMemberRole } from './queries.ts';

const lastAdmin = (path: string[]) =>
  new ConflictError('LAST_ADMIN', 'A team must keep at least one admin', path);

/** Changes a member's role; demoting the team's last ADMIN is refused with LAST_ADMIN. */
export function changeMemberRole(db: Db, teamId: string, memberId: string, role: MemberRole): Promise<Member> {
  return db.transaction().execute(async (trx) => {
    const admins = await lockAdmins(trx, teamId);
    const [member] = await findMembersByIds(trx, teamId, [memberId]);
    if (!member) throw new NotFoundError('Member', ['input', 'id']);
    if (member.role === 'ADMIN' && role !== 'ADMIN' && admins.length <= 1) throw lastAdmin(['input', 'role']);
    const updated = await updateMemberRole(trx, teamId, memberId, role);
    return updated ?? member;
  });
}

/** Removes a member and their sessions; the team's last ADMIN cannot be removed. */
export function removeMember(db: Db, teamId: string, memberId: string): Promise<Member> {
  return db.transaction().execute(async (trx) => {
    const admins = await lockAdmins(trx, teamId);
    const [member] = await findMembersByIds(trx, teamId, [memberId]);
    if (!member) throw new NotFoundError('Member', ['input', 'id']);
    if (member.role === 'ADMIN' && admins.length <= 1) throw lastAdmin(['input', 'id']);
    await deleteMember(trx, teamId, memberId);
    return member;
  });
}
