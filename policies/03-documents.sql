-- Documents follow their item: whoever sees the item sees the document and its versions;
-- whoever may create or change the item may add versions. Receipts are each person's own.

do $$
declare t text;
begin
  foreach t in array array['documents', 'document_versions', 'document_events', 'document_requests'] loop
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
create policy "The document's creator and staff add versions" on public.document_versions for insert to authenticated
  with check (uploaded_by = (select auth.uid()) and exists (
    select 1 from public.items i where i.id = document_versions.item_id and i.client_id = document_versions.client_id
      and (i.created_by = (select auth.uid()) or private.is_client_staff(i.client_id))));

-- ============================================================================================
-- document_events (receipts)
-- ============================================================================================

drop policy if exists "People record their own receipts of documents they see" on public.document_events;
create policy "People record their own receipts of documents they see" on public.document_events for insert to authenticated
  with check (account_id = (select auth.uid()) and exists (
    select 1 from public.items i where i.id = document_events.item_id and i.client_id = document_events.client_id));

-- Staff of the client see every receipt; everyone else their own.
drop policy if exists "Staff see receipts; people their own" on public.document_events;
create policy "Staff see receipts; people their own" on public.document_events for select to authenticated
  using (account_id = (select auth.uid()) or private.is_client_staff(client_id));

-- ============================================================================================
-- document_requests
-- ============================================================================================

drop policy if exists "Whoever sees the request item sees the request" on public.document_requests;
create policy "Whoever sees the request item sees the request" on public.document_requests for select to authenticated
  using (exists (select 1 from public.items i where i.id = document_requests.item_id));

drop policy if exists "Staff of the client ask for documents" on public.document_requests;
create policy "Staff of the client ask for documents" on public.document_requests for insert to authenticated
  with check (private.is_client_staff(client_id) and exists (
    select 1 from public.items i where i.id = document_requests.item_id and i.kind = 'document_request' and i.client_id = document_requests.client_id));

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

drop policy if exists "Whoever sees the group sees its entries" on public.document_group_entries;
create policy "Whoever sees the group sees its entries" on public.document_group_entries for select to authenticated
  using (exists (select 1 from public.items g where g.id = document_group_entries.group_id));

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

drop policy if exists "Whoever reads a comment reads its history" on public.comment_revisions;
create policy "Whoever reads a comment reads its history" on public.comment_revisions for select to authenticated
  using (exists (select 1 from public.comments c where c.id = comment_revisions.comment_id));

drop policy if exists "Authors keep the previous text when they edit" on public.comment_revisions;
create policy "Authors keep the previous text when they edit" on public.comment_revisions for insert to authenticated
  with check (exists (select 1 from public.comments c where c.id = comment_revisions.comment_id and c.author_id = (select auth.uid())));

-- Tells a mentioned person about a comment: only its author may, only for people who belong to
-- the item's client or project (or the firm), and the mail carries no comment text.
create or replace function private.notify_mention(comment uuid, person uuid, link text) returns void
language plpgsql security definer set search_path = '' as $$
declare
  c public.comments;
  i public.items;
  target public.accounts;
begin
  select * into c from public.comments where id = comment and author_id = (select auth.uid());
  if not found then
    raise exception 'not allowed' using errcode = '42501';
  end if;
  select * into i from public.items where id = c.item_id;
  if not private.is_audience_candidate(i.client_id, i.project_id, person) then
    return; -- not one of the item's people: no mail, and the caller learns nothing
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
