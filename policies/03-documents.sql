-- Documents follow their item: whoever sees the item sees the document and its versions;
-- whoever may create or change the item may add versions. Receipts are each person's own.

do $$
declare t text;
begin
  foreach t in array array['documents', 'document_versions', 'document_events', 'document_requests', 'document_categories', 'legal_holds'] loop
    execute format('drop policy if exists "Second factor required" on public.%I', t);
    execute format('create policy "Second factor required" on public.%I as restrictive for all to authenticated
                    using ((select private.second_factor_satisfied())) with check ((select private.second_factor_satisfied()))', t);
  end loop;
end
$$;

-- ============================================================================================
-- documents
-- ============================================================================================

drop policy if exists "Whoever sees the item sees the document" on public.documents;
create policy "Whoever sees the item sees the document" on public.documents for select to authenticated
  using (exists (select 1 from public.items i where i.id = documents.item_id));

-- The item's creator adds its document row in the same transaction; staff of the client too.
drop policy if exists "The item's creator and staff add the document" on public.documents;
create policy "The item's creator and staff add the document" on public.documents for insert to authenticated
  with check (exists (select 1 from public.items i where i.id = documents.item_id and i.kind = 'document'
                        and i.client_id = documents.client_id
                        and (i.created_by = (select auth.uid()) or private.is_client_staff(i.client_id))));

drop policy if exists "The item's creator and staff change the document" on public.documents;
create policy "The item's creator and staff change the document" on public.documents for update to authenticated
  using (exists (select 1 from public.items i where i.id = documents.item_id
                   and (i.created_by = (select auth.uid()) or private.is_client_staff(i.client_id))))
  with check (exists (select 1 from public.items i where i.id = documents.item_id
                   and (i.created_by = (select auth.uid()) or private.is_client_staff(i.client_id))));

-- ============================================================================================
-- document_versions
-- ============================================================================================

drop policy if exists "Whoever sees the document sees its versions" on public.document_versions;
create policy "Whoever sees the document sees its versions" on public.document_versions for select to authenticated
  using (exists (select 1 from public.items i where i.id = document_versions.item_id));

drop policy if exists "The document's creator and staff add versions" on public.document_versions;
-- The creator adds versions only while still entitled to upload to that client or project.
create policy "The document's creator and staff add versions" on public.document_versions for insert to authenticated
  with check (uploaded_by = (select auth.uid()) and exists (
    select 1 from public.items i where i.id = document_versions.item_id and i.client_id = document_versions.client_id
      and (private.is_client_staff(i.client_id)
           or (i.created_by = (select auth.uid())
               and (i.client_id = any((select private.client_ids_with('documents.upload'))::uuid[])
                    or i.project_id = any((select private.project_ids('outside'))::uuid[]))))));

-- ============================================================================================
-- document_events (receipts)
-- ============================================================================================

drop policy if exists "People record their own receipts of documents they see" on public.document_events;
create policy "People record their own receipts of documents they see" on public.document_events for insert to authenticated
  with check (account_id = (select auth.uid()) and exists (
    select 1 from public.items i where i.id = document_events.item_id and i.client_id = document_events.client_id));

-- Staff of the client see every receipt; everyone else their own, of documents they still see
-- (a disabled account sees none).
drop policy if exists "Staff see receipts; people their own" on public.document_events;
create policy "Staff see receipts; people their own" on public.document_events for select to authenticated
  using (private.is_client_staff(client_id)
         or (account_id = (select auth.uid()) and exists (select 1 from public.items i where i.id = document_events.item_id)));

-- ============================================================================================
-- document_requests
-- ============================================================================================

drop policy if exists "Whoever sees the request item sees the request" on public.document_requests;
create policy "Whoever sees the request item sees the request" on public.document_requests for select to authenticated
  using (exists (select 1 from public.items i where i.id = document_requests.item_id));

-- An example file, when named, is a document of the same client that the asking staff member
-- sees (the subquery runs under the caller's own rules) and that no one has deleted softly.
drop policy if exists "Staff of the client ask for documents" on public.document_requests;
create policy "Staff of the client ask for documents" on public.document_requests for insert to authenticated
  with check (private.is_client_staff(client_id) and exists (
    select 1 from public.items i where i.id = document_requests.item_id and i.kind = 'document_request' and i.client_id = document_requests.client_id)
    and (example_document_id is null or exists (
      select 1 from public.documents d where d.item_id = document_requests.example_document_id
        and d.client_id = document_requests.client_id and d.deleted_at is null)));

-- Staff accept or return; the people asked only mark it submitted (by uploading into it).
drop policy if exists "Staff decide on requests" on public.document_requests;
create policy "Staff decide on requests" on public.document_requests for update to authenticated
  using (private.is_client_staff(client_id)) with check (private.is_client_staff(client_id));

drop policy if exists "The people asked submit" on public.document_requests;
create policy "The people asked submit" on public.document_requests for update to authenticated
  using (status in ('open', 'returned') and exists (select 1 from public.items i where i.id = document_requests.item_id))
  with check (status = 'submitted' and decided_by is null);

-- A document answering a request: its uploader must see the request, and it must not be accepted yet.
drop policy if exists "Uploads answer only visible, open requests" on public.documents;
create policy "Uploads answer only visible, open requests" on public.documents as restrictive for insert to authenticated
  with check (request_id is null or exists (
    select 1 from public.document_requests r where r.item_id = documents.request_id and r.client_id = documents.client_id
      and (r.status <> 'accepted' or private.is_client_staff(r.client_id))));

-- ============================================================================================
-- document groups and comments
-- ============================================================================================

do $$
declare t text;
begin
  foreach t in array array['document_group_entries', 'comments', 'comment_revisions'] loop
    execute format('drop policy if exists "Second factor required" on public.%I', t);
    execute format('create policy "Second factor required" on public.%I as restrictive for all to authenticated
                    using ((select private.second_factor_satisfied())) with check ((select private.second_factor_satisfied()))', t);
  end loop;
end
$$;

-- An entry is seen by whoever sees both the group and the document: a group never reveals that a
-- document exists which the reader may not see.
drop policy if exists "Whoever sees the group sees its entries" on public.document_group_entries;
drop policy if exists "Whoever sees the group and the document sees the entry" on public.document_group_entries;
create policy "Whoever sees the group and the document sees the entry" on public.document_group_entries for select to authenticated
  using (exists (select 1 from public.items g where g.id = document_group_entries.group_id)
         and exists (select 1 from public.items d where d.id = document_group_entries.document_id));

-- The group's creator and the client's staff add documents of the same client that they see.
drop policy if exists "The group's creator and staff add documents" on public.document_group_entries;
create policy "The group's creator and staff add documents" on public.document_group_entries for insert to authenticated
  with check (added_by = (select auth.uid())
    and exists (select 1 from public.items g where g.id = document_group_entries.group_id and g.kind = 'document_group'
                  and g.client_id = document_group_entries.client_id
                  and (g.created_by = (select auth.uid()) or private.is_client_staff(g.client_id)))
    and exists (select 1 from public.documents d where d.item_id = document_group_entries.document_id
                  and d.client_id = document_group_entries.client_id));

drop policy if exists "The group's creator and staff remove documents" on public.document_group_entries;
create policy "The group's creator and staff remove documents" on public.document_group_entries for delete to authenticated
  using (exists (select 1 from public.items g where g.id = document_group_entries.group_id
                   and (g.created_by = (select auth.uid()) or private.is_client_staff(g.client_id))));

drop policy if exists "Whoever sees the item reads its comments" on public.comments;
create policy "Whoever sees the item reads its comments" on public.comments for select to authenticated
  using (exists (select 1 from public.items i where i.id = comments.item_id));

drop policy if exists "Everyone in a group's audience comments in their own name" on public.comments;
create policy "Everyone in a group's audience comments in their own name" on public.comments for insert to authenticated
  with check (author_id = (select auth.uid()) and exists (
    select 1 from public.items i where i.id = comments.item_id and i.kind = 'document_group' and i.client_id = comments.client_id));

-- Only the author edits or deletes (a tombstone), while still seeing the item.
drop policy if exists "Authors edit and delete their comments" on public.comments;
create policy "Authors edit and delete their comments" on public.comments for update to authenticated
  using (author_id = (select auth.uid()) and deleted_at is null and exists (select 1 from public.items i where i.id = comments.item_id))
  with check (author_id = (select auth.uid()));

-- The history of a live comment is read by whoever reads the comment; a deleted comment's former
-- text stays with the client's staff (the firm's record), not with the audience.
drop policy if exists "Whoever reads a comment reads its history" on public.comment_revisions;
drop policy if exists "Whoever reads a live comment reads its history; staff also a deleted one's" on public.comment_revisions;
create policy "Whoever reads a live comment reads its history; staff also a deleted one's" on public.comment_revisions for select to authenticated
  using (exists (select 1 from public.comments c where c.id = comment_revisions.comment_id
                   and (c.deleted_at is null or private.is_client_staff(c.client_id))));

-- A revision is the comment's current text, kept by its author right before an edit: no invented
-- history.
drop policy if exists "Authors keep the previous text when they edit" on public.comment_revisions;
create policy "Authors keep the previous text when they edit" on public.comment_revisions for insert to authenticated
  with check (exists (select 1 from public.comments c where c.id = comment_revisions.comment_id
                        and c.author_id = (select auth.uid()) and c.deleted_at is null
                        and c.body_ciphertext = comment_revisions.body_ciphertext));

-- Tells a mentioned person about a comment: only its author may, only for people who belong to
-- the item's client or project (or the firm), and the mail carries no comment text. The caller
-- names only the group's page, '/mappen/<item id>'; the link's origin is the one the server stored
-- (private.public_origin), never the caller's.
create or replace function private.notify_mention(comment uuid, person uuid, path text) returns void
language plpgsql security definer set search_path = '' as $$
declare
  c public.comments;
  i public.items;
  target public.accounts;
  link text;
begin
  select * into c from public.comments where id = comment and author_id = (select auth.uid());
  if not found then
    raise exception 'not allowed' using errcode = '42501';
  end if;
  if path is distinct from '/mappen/' || c.item_id::text then
    raise exception 'invalid link' using errcode = '22023';
  end if;
  link := private.public_link(path);
  select * into i from public.items where id = c.item_id;
  -- Only people who may read the item itself (its audience) are told; anyone else gets no mail,
  -- and the caller learns nothing.
  if not private.item_visible(private.item_scope_for(person), i.id, i.client_id, i.project_id, i.group_id, i.audience, i.kind, i.created_by) then
    return;
  end if;
  select * into target from public.accounts where id = person and disabled_at is null;
  if found then
    insert into private.outbox (template, to_address, locale, params)
    values ('mentioned', target.email, target.locale, jsonb_build_object('name', target.display_name, 'link', link));
  end if;
end
$$;
revoke all on function private.notify_mention(uuid, uuid, text) from public;
grant execute on function private.notify_mention(uuid, uuid, text) to authenticated;

-- ============================================================================================
-- document categories
-- ============================================================================================

-- The clients whose own categories the caller reads: those they belong to, work on as staff, or
-- take part in through a project (outside participants file their uploads too).
create or replace function private.category_client_ids() returns uuid[]
language plpgsql stable security definer set search_path = '' as $$
begin
  return private.client_ids_with(null) || private.staff_client_ids()
    || (select coalesce(array_agg(distinct p.client_id), '{}') from public.projects p where p.id = any(private.project_ids(null)));
end
$$;

-- Does the category apply to an upload into this client (and a project of this type)? Firm-wide
-- ones always, the client's own, and those of the project's type (firm-wide or the client's).
create or replace function private.category_applies(category public.document_categories, for_client uuid, for_type text) returns boolean
language sql immutable set search_path = '' as $$
  select (category.client_id is null or category.client_id = for_client)
     and (category.project_type is null or category.project_type is not distinct from for_type)
$$;

revoke all on function private.category_client_ids() from public;
grant execute on function private.category_client_ids(), private.category_applies(public.document_categories, uuid, text)
  to authenticated, service_role;

-- Category names are not confidential: firm-wide ones are read by everyone signed in; a client's
-- own by the people of that client, its projects and its staff.
drop policy if exists "People read the categories they may file into" on public.document_categories;
create policy "People read the categories they may file into" on public.document_categories for select to authenticated
  using (client_id is null or (select private.is_admin()) or client_id = any((select private.category_client_ids())::uuid[]));

-- Firm-wide categories (also per project type) are the admins'; a client's own are its staff's.
drop policy if exists "Admins define firm-wide categories, a client's staff its own" on public.document_categories;
create policy "Admins define firm-wide categories, a client's staff its own" on public.document_categories for insert to authenticated
  with check (created_by = (select auth.uid())
    and case when client_id is null then (select private.is_admin()) else private.is_client_staff(client_id) end);

drop policy if exists "Admins rename and archive firm-wide categories, a client's staff its own" on public.document_categories;
create policy "Admins rename and archive firm-wide categories, a client's staff its own" on public.document_categories for update to authenticated
  using (case when client_id is null then (select private.is_admin()) else private.is_client_staff(client_id) end)
  with check (case when client_id is null then (select private.is_admin()) else private.is_client_staff(client_id) end);

-- Files a document under its category. `category` may carry the category's id or its name (the
-- most specific active category of that name wins); the category must apply to the document's
-- client and project and be active (a document keeps an archived one it already has), and its
-- name is copied for display. A person outside the firm uploading without a request must name a
-- category whenever one applies; the firm's own uploads (deliveries) may go without.
create or replace function private.file_document_category() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  ptype text;
  chosen public.document_categories;
  acting_kind text;
begin
  if tg_op = 'UPDATE' and new.category_id is not distinct from old.category_id and new.category is not distinct from old.category then
    return new;
  end if;
  select p.type into ptype from public.items i join public.projects p on p.id = i.project_id where i.id = new.item_id;
  if new.category_id is null and new.category <> '' then
    if new.category ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then
      new.category_id := new.category::uuid;
    else
      select c.id into new.category_id from public.document_categories c
      where c.archived_at is null and lower(c.name) = lower(new.category) and private.category_applies(c, new.client_id, ptype)
      order by (c.client_id is not null) desc, (c.project_type is not null) desc limit 1;
      if new.category_id is null then
        raise exception 'category_invalid' using errcode = 'PT422', detail = 'This category is not available for this upload.';
      end if;
    end if;
  end if;
  if new.category_id is not null then
    select * into chosen from public.document_categories c where c.id = new.category_id;
    if not found or not private.category_applies(chosen, new.client_id, ptype)
       or (chosen.archived_at is not null and (tg_op = 'INSERT' or new.category_id is distinct from old.category_id)) then
      raise exception 'category_invalid' using errcode = 'PT422', detail = 'This category is not available for this upload.';
    end if;
    new.category := chosen.name;
    return new;
  end if;
  new.category := '';
  select a.kind into acting_kind from public.accounts a where a.id = (select auth.uid());
  if acting_kind is not null and acting_kind <> 'staff' and new.request_id is null
     and exists (select 1 from public.document_categories c where c.archived_at is null and private.category_applies(c, new.client_id, ptype)) then
    raise exception 'category_required' using errcode = 'PT422', detail = 'Choose a category for this upload.';
  end if;
  return new;
end
$$;
revoke all on function private.file_document_category() from public;
drop trigger if exists documents_file_category on public.documents;
create trigger documents_file_category before insert or update of category, category_id on public.documents
  for each row execute function private.file_document_category();

-- A renamed category renames itself on the documents filed under it.
create or replace function private.rename_category_on_documents() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  update public.documents set category = new.name where category_id = new.id and category <> new.name;
  return new;
end
$$;
revoke all on function private.rename_category_on_documents() from public;
drop trigger if exists document_categories_rename on public.document_categories;
create trigger document_categories_rename after update of name on public.document_categories
  for each row execute function private.rename_category_on_documents();

-- ============================================================================================
-- legal holds
-- ============================================================================================

drop policy if exists "A client's staff see, place and lift its legal hold" on public.legal_holds;
create policy "A client's staff see, place and lift its legal hold" on public.legal_holds for select to authenticated
  using (private.is_client_staff(client_id));

drop policy if exists "A client's staff place a legal hold in their own name" on public.legal_holds;
create policy "A client's staff place a legal hold in their own name" on public.legal_holds for insert to authenticated
  with check (placed_by = (select auth.uid()) and private.is_client_staff(client_id));

drop policy if exists "A client's staff lift its legal hold" on public.legal_holds;
create policy "A client's staff lift its legal hold" on public.legal_holds for delete to authenticated
  using (private.is_client_staff(client_id));

-- ============================================================================================
-- deleting documents
-- ============================================================================================

-- Why a document may not be deleted now, or null. A legal hold on its client blocks every
-- delete. Otherwise the retention period (firm_settings, from the latest version) must be over —
-- unless the whole document was uploaded within the last 24 hours (uploaded by mistake).
create or replace function private.document_deletion_block(document uuid) returns text
language plpgsql stable security definer set search_path = '' as $$
declare
  d record;
begin
  select exists (select 1 from public.legal_holds h where h.client_id = doc.client_id) as hold,
         (select min(v.created_at) from public.document_versions v where v.item_id = doc.item_id) as first_at,
         (select max(v.created_at) from public.document_versions v where v.item_id = doc.item_id) as last_at,
         coalesce((select s.document_retention_years from public.firm_settings s where s.id = 1), 6) as years
    into d
  from public.documents doc where doc.item_id = document;
  if not found then
    return null;
  end if;
  if d.hold then
    return 'legal_hold';
  end if;
  if d.first_at is null or d.first_at > now() - interval '24 hours' or d.last_at <= now() - make_interval(years => d.years) then
    return null;
  end if;
  return 'retention_period_running';
end
$$;
revoke all on function private.document_deletion_block(uuid) from public;

-- What the firm's staff see before deleting: the block, for a document of their client only.
create or replace function private.staff_deletion_block(document uuid) returns text
language plpgsql stable security definer set search_path = '' as $$
begin
  if not exists (select 1 from public.documents d where d.item_id = document and private.is_client_staff(d.client_id)) then
    return null;
  end if;
  return private.document_deletion_block(document);
end
$$;
revoke all on function private.staff_deletion_block(uuid) from public;
grant execute on function private.staff_deletion_block(uuid) to authenticated;

-- Every delete of a document row (the documents API, the generic item delete, a cascade, even
-- the owner) passes the legal hold and the retention period.
create or replace function private.guard_document_deletion() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  block text := private.document_deletion_block(old.item_id);
begin
  if block = 'legal_hold' then
    raise exception 'legal_hold' using errcode = 'PT409', detail = 'A legal hold on this client prevents deleting its documents.';
  elsif block is not null then
    raise exception 'retention_period_running' using errcode = 'PT409', detail = 'The retention period of this document is still running.';
  end if;
  return old;
end
$$;
revoke all on function private.guard_document_deletion() from public;
drop trigger if exists documents_guard_deletion on public.documents;
create trigger documents_guard_deletion before delete on public.documents
  for each row execute function private.guard_document_deletion();

-- The cleanup claims queued blobs with FOR UPDATE SKIP LOCKED, which needs the update right.
grant update on private.blob_deletions to service_role;

-- A person outside the firm deletes a document they uploaded, softly: it disappears for the
-- client's side, the firm still sees it (who, when) and may restore it. Not for staff (their
-- delete is final and retention-aware) and not for answers the firm has accepted. An answer
-- withdrawn reopens its request when nothing else answers it.
create or replace function private.delete_document_softly(document uuid) returns timestamptz
language plpgsql volatile security definer set search_path = '' as $$
declare
  d record;
  me uuid := (select auth.uid());
begin
  select doc.client_id, doc.request_id, doc.deleted_at, i.created_by, i.project_id, r.status as request_status
    into d
  from public.documents doc join public.items i on i.id = doc.item_id
  left join public.document_requests r on r.item_id = doc.request_id
  where doc.item_id = document
  for update of doc;
  if not found or me is null or d.deleted_at is not null or d.created_by is distinct from me
     or not private.second_factor_satisfied() or private.account_kind(me) = 'staff'
     or not (d.client_id = any(private.client_ids_with('documents.upload')) or d.project_id = any(private.project_ids('outside'))) then
    raise exception 'not allowed' using errcode = '42501';
  end if;
  if d.request_status = 'accepted' then
    raise exception 'request_accepted' using errcode = 'PT409', detail = 'The firm has accepted this document; it can no longer be deleted.';
  end if;
  update public.documents set deleted_at = now(), deleted_by = me where item_id = document;
  if d.request_status = 'submitted' and not exists (
       select 1 from public.documents o where o.request_id = d.request_id and o.item_id <> document and o.deleted_at is null) then
    update public.document_requests set status = 'open' where item_id = d.request_id;
  end if;
  return now();
end
$$;
revoke all on function private.delete_document_softly(uuid) from public;
grant execute on function private.delete_document_softly(uuid) to authenticated;

-- The client's staff undo a soft delete.
create or replace function private.restore_document(document uuid) returns void
language plpgsql volatile security definer set search_path = '' as $$
declare
  d record;
begin
  select doc.client_id, doc.deleted_at into d from public.documents doc where doc.item_id = document for update;
  if not found or not private.second_factor_satisfied() or not private.is_client_staff(d.client_id) then
    raise exception 'not allowed' using errcode = '42501';
  end if;
  if d.deleted_at is null then
    raise exception 'not_deleted' using errcode = 'PT409', detail = 'This document was not deleted.';
  end if;
  update public.documents set deleted_at = null, deleted_by = null where item_id = document;
end
$$;
revoke all on function private.restore_document(uuid) from public;
grant execute on function private.restore_document(uuid) to authenticated;

-- The documents a client-side person deleted, as far as the caller belongs to their client
-- without being its staff: computed once per statement for the items policy below.
create or replace function private.soft_deleted_document_ids() returns uuid[]
language plpgsql stable security definer set search_path = '' as $$
begin
  if private.is_admin() then
    return '{}';
  end if;
  return (select coalesce(array_agg(d.item_id), '{}') from public.documents d
          where d.deleted_at is not null and d.client_id = any(private.category_client_ids())
            and not (d.client_id = any(private.staff_client_ids())));
end
$$;
revoke all on function private.soft_deleted_document_ids() from public;
grant execute on function private.soft_deleted_document_ids() to authenticated, service_role;

-- A softly deleted document is gone for the client's side: its item (and with it the document,
-- its versions, receipts and group entries, whose policies follow the item) is not readable.
drop policy if exists "Documents deleted softly are gone for the client's side" on public.items;
create policy "Documents deleted softly are gone for the client's side" on public.items as restrictive for select to authenticated
  using (kind <> 'document' or not (id = any((select private.soft_deleted_document_ids())::uuid[])));

-- ============================================================================================
-- reminders about document requests
-- ============================================================================================

-- Queues the reminders due at `as_of` (the scheduler's clock) and returns how many. A request that
-- is open (or returned) and has a due date gets one reminder `days_before` days before it (when
-- the request existed by then) and, once overdue, one a day after the due date and then one a
-- week, at most `max_overdue`; stages missed while no server ran are not sent late. Each goes to
-- the people asked who may upload and have not answered since the last decision; the mail names
-- no request, only the firm, the due date and a link. The reminder rows' key makes this
-- idempotent across restarts and instances (the second writer's conflicting row is skipped).
create or replace function private.queue_request_reminders(as_of timestamptz, days_before integer, max_overdue integer, link_base text)
returns integer language plpgsql volatile security definer set search_path = '' as $$
declare
  queued integer;
begin
  with candidates as (
    select r.item_id, r.client_id, r.due_at, r.decided_at, i.audience, i.project_id, i.created_at,
           case when as_of < r.due_at then 0
                when as_of >= r.due_at + interval '1 day'
                  then 1 + floor(extract(epoch from (as_of - r.due_at - interval '1 day')) / (7 * 86400))::integer
           end as stage
    from public.document_requests r join public.items i on i.id = r.item_id
    where r.status in ('open', 'returned') and r.due_at is not null
      and r.due_at - make_interval(days => days_before) <= as_of
      and as_of < r.due_at + make_interval(days => 1 + 7 * max_overdue)
  ),
  due as (
    select * from candidates c
    where c.stage between 1 and max_overdue or (c.stage = 0 and c.created_at <= c.due_at - make_interval(days => days_before))
  ),
  asked as (
    select d.item_id, d.due_at, d.stage, p.account_id from due d
    cross join lateral (
      -- named people who still belong to the client or the project
      select ir.account_id from public.item_recipients ir
      where d.audience = 'people' and ir.item_id = d.item_id
        and (exists (select 1 from public.client_members m where m.client_id = d.client_id and m.account_id = ir.account_id
                       and m.accepted_at is not null and m.revoked_at is null and (m.expires_at is null or m.expires_at > as_of)
                       and 'documents.upload' = any(private.effective_rights(m.role, m.rights)))
             or exists (select 1 from public.project_participants pp where pp.project_id = d.project_id and pp.account_id = ir.account_id
                          and pp.revoked_at is null))
      union
      -- the project's client-side participants who may upload
      select pp.account_id from public.project_participants pp join public.client_members m
        on m.client_id = d.client_id and m.account_id = pp.account_id
      where d.audience = 'project' and pp.project_id = d.project_id and pp.kind = 'member' and pp.revoked_at is null
        and m.accepted_at is not null and m.revoked_at is null and (m.expires_at is null or m.expires_at > as_of)
        and 'documents.upload' = any(private.effective_rights(m.role, m.rights))
      union
      -- the client's members who may upload
      select m.account_id from public.client_members m
      where d.audience = 'client' and m.client_id = d.client_id
        and m.accepted_at is not null and m.revoked_at is null and (m.expires_at is null or m.expires_at > as_of)
        and 'documents.upload' = any(private.effective_rights(m.role, m.rights))
    ) p
    join public.accounts a on a.id = p.account_id and a.kind <> 'staff' and a.disabled_at is null
    where not exists (
      select 1 from public.documents doc join public.items di on di.id = doc.item_id
      where doc.request_id = d.item_id and di.created_by = p.account_id and doc.deleted_at is null
        and (d.decided_at is null or di.created_at > d.decided_at))
  ),
  recorded as (
    insert into private.request_reminders (request_id, account_id, due_at, stage, sent_at)
    select item_id, account_id, due_at, stage, as_of from asked
    on conflict do nothing
    returning request_id, account_id, due_at, stage
  )
  insert into private.outbox (template, to_address, locale, params, next_attempt_at)
  select case when rec.stage = 0 then 'request-due-soon' else 'request-overdue' end, a.email, a.locale,
         jsonb_build_object('name', a.display_name,
                            'firmName', coalesce((select s.firm_name from public.firm_settings s where s.id = 1), 'Kanzlei'),
                            'due', to_char(rec.due_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                            'link', link_base || '/anforderungen/' || rec.request_id),
         as_of
  from recorded rec join public.accounts a on a.id = rec.account_id;
  get diagnostics queued = row_count;
  return queued;
end
$$;
revoke all on function private.queue_request_reminders(timestamptz, integer, integer, text) from public;
grant execute on function private.queue_request_reminders(timestamptz, integer, integer, text) to service_role;

-- ============================================================================================
-- A document's recipients: whom delivery notices and reminders go to and whom the receipts table
-- lists as "opened / not yet". One definition for both. Not security definer: it runs with the
-- caller's rights (the firm's staff read the memberships it needs).
-- ============================================================================================

create or replace function private.document_recipients(item uuid) returns table (account_id uuid)
language sql stable set search_path = '' as $$
  with i as (select id, audience, client_id, project_id from public.items where id = item)
  select distinct p.account_id from (
    select r.account_id from public.item_recipients r, i where r.item_id = i.id and i.audience = 'people'
    union
    select pp.account_id from public.project_participants pp, i
    where pp.project_id = i.project_id and i.audience = 'project' and pp.kind = 'member' and pp.revoked_at is null
    union
    select m.account_id from public.client_members m, i
    where m.client_id = i.client_id and i.audience = 'client' and m.revoked_at is null and m.accepted_at is not null
      and (m.expires_at is null or m.expires_at > now()) and 'documents.read' = any(private.effective_rights(m.role, m.rights))
  ) p
  join public.accounts a on a.id = p.account_id and a.kind <> 'staff' and a.disabled_at is null
$$;
revoke all on function private.document_recipients(uuid) from public;
grant execute on function private.document_recipients(uuid) to authenticated, service_role;
