import { type Kysely, sql } from 'kysely';

// users.tag_ids: a copy of each user's tag ids (from user_tags), so "has any of these tags" is an
// index condition on users itself and combines with a property predicate in one bitmap (both GIN)
// instead of a nested loop from user_tags to users. The copy is kept by triggers on user_tags,
// the one place every write passes through: the tags service, imports and their revert, and the
// cascades of deleting a tag, a user or a team. Application code only reads it.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table users add column tag_ids uuid[] not null default '{}'`.execute(db);
  await sql`
    update users as u set tag_ids = l.ids
      from (select user_id, array_agg(tag_id order by tag_id) as ids from user_tags group by user_id) as l
     where u.id = l.user_id`.execute(db);
  await sql`create index users_tag_ids_idx on users using gin (tag_ids)`.execute(db);

  // Statement-level, with transition tables: a bulk tagging or an import batch recomputes each
  // user it touched once, in one UPDATE, however many links the statement wrote.
  // The users are locked first, in id order (as every writer locks them), in a statement of
  // their own: under READ COMMITTED the UPDATE then takes a fresh snapshot that includes the
  // links of any transaction we waited for, so two concurrent taggings of one user cannot leave
  // tag_ids without the other's tag.
  await sql`
    create function users_sync_tag_ids() returns trigger language plpgsql as $$
    declare
      ids uuid[];
    begin
      if tg_op = 'INSERT' then
        select array_agg(distinct user_id) into ids from new_links;
      elsif tg_op = 'DELETE' then
        select array_agg(distinct user_id) into ids from old_links;
      else
        select array_agg(distinct user_id) into ids
          from (select user_id from new_links union select user_id from old_links) as changed;
      end if;
      if ids is null then
        return null;
      end if;
      perform 1 from users where id = any(ids) order by id for no key update;
      update users as u
         set tag_ids = coalesce((select array_agg(l.tag_id order by l.tag_id) from user_tags as l where l.user_id = u.id), '{}')
       where u.id = any(ids);
      return null;
    end
    $$`.execute(db);
  await sql`
    create trigger user_tags_sync_insert after insert on user_tags
      referencing new table as new_links for each statement execute function users_sync_tag_ids()`.execute(db);
  await sql`
    create trigger user_tags_sync_delete after delete on user_tags
      referencing old table as old_links for each statement execute function users_sync_tag_ids()`.execute(db);
  await sql`
    create trigger user_tags_sync_update after update on user_tags
      referencing old table as old_links new table as new_links for each statement execute function users_sync_tag_ids()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const trigger of ['user_tags_sync_insert', 'user_tags_sync_delete', 'user_tags_sync_update']) {
    await sql`drop trigger ${sql.raw(trigger)} on user_tags`.execute(db);
  }
  await sql`drop function users_sync_tag_ids()`.execute(db);
  await sql`drop index users_tag_ids_idx`.execute(db);
  await sql`alter table users drop column tag_ids`.execute(db);
}
