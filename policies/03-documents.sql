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
