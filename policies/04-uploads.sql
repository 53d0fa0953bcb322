-- Resumable uploads: only the account that started an upload sees, continues, finishes or
-- cancels it (another user's upload id is simply not found). Whether the upload may happen at
-- all is decided by the document policies (03-documents.sql) when it starts and when it ends.

drop policy if exists "Second factor required" on public.uploads;
create policy "Second factor required" on public.uploads as restrictive for all
  to authenticated using ((select private.second_factor_satisfied()))
  with check ((select private.second_factor_satisfied()));

drop policy if exists "Uploaders see their own uploads" on public.uploads;
create policy "Uploaders see their own uploads" on public.uploads for select
  to authenticated using (account_id = (select auth.uid()));

-- The row only reserves staging space for its owner; it grants no access to anything. Whether the
-- document may be created is checked with the document policies (a rolled-back insert as the
-- caller) before this row is written, and again when the upload completes.
drop policy if exists "Users start uploads as themselves" on public.uploads;
create policy "Users start uploads as themselves" on public.uploads for insert
  to authenticated with check (account_id = (select auth.uid()) and expires_at <= now() + interval '7 days');

drop policy if exists "Uploaders record the finished document" on public.uploads;
create policy "Uploaders record the finished document" on public.uploads for update
  to authenticated using (account_id = (select auth.uid()) and document_id is null)
  with check (account_id = (select auth.uid()));

drop policy if exists "Uploaders cancel their own uploads" on public.uploads;
create policy "Uploaders cancel their own uploads" on public.uploads for delete
  to authenticated using (account_id = (select auth.uid()));
