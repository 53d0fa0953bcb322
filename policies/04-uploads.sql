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

-- The caller's unfinished uploads (read without RLS: a policy on uploads must not query uploads).
create or replace function private.open_upload_count() returns bigint
language sql stable security definer set search_path = '' as $$
  select count(*) from public.uploads u where u.account_id = (select auth.uid()) and u.document_id is null and u.expires_at > now()
$$;
revoke all on function private.open_upload_count() from public;
grant execute on function private.open_upload_count() to authenticated;

-- The row only reserves staging space for its owner; it grants no access to anything. Whether the
-- document may be created is checked with the document policies (a rolled-back insert as the
-- caller) before this row is written, and again when the upload completes.
drop policy if exists "Users start uploads as themselves" on public.uploads;
create policy "Users start uploads as themselves" on public.uploads for insert
  to authenticated with check (
    account_id = (select auth.uid()) and expires_at <= now() + interval '7 days'
    -- at most 20 unfinished uploads per account at a time (the staging disk is shared)
    and (select private.open_upload_count()) < 20);

drop policy if exists "Uploaders record the finished document" on public.uploads;
create policy "Uploaders record the finished document" on public.uploads for update
  to authenticated using (account_id = (select auth.uid()) and document_id is null)
  with check (account_id = (select auth.uid()));

drop policy if exists "Uploaders cancel their own uploads" on public.uploads;
create policy "Uploaders cancel their own uploads" on public.uploads for delete
  to authenticated using (account_id = (select auth.uid()));

-- A client's storage in use: every stored version (also those the caller may not see) plus the
-- declared sizes of unfinished uploads (but the one now becoming a document), so parallel or staged uploads cannot pass the quota
-- together. Locks the client row until the caller's transaction ends: concurrent uploads into
-- the same client are checked one after the other. Answers only to the client's staff and people
-- of the client or its projects (null for anyone else).
drop function if exists private.client_storage_in_use(uuid);
create or replace function private.client_storage_in_use(client uuid, finishing_upload uuid default null) returns bigint
language plpgsql volatile security definer set search_path = '' as $$
begin
  if not (private.is_client_staff(client) or client = any(private.client_ids_with())
          or exists (select 1 from public.project_participants p
                     where p.client_id = client and p.account_id = (select auth.uid()) and p.revoked_at is null)) then
    return null;
  end if;
  perform 1 from public.clients where id = client for update;
  return (select coalesce(sum(v.size), 0) from public.document_versions v where v.client_id = client)
       + (select coalesce(sum(u.size), 0) from public.uploads u
          where u.client_id = client and u.document_id is null and u.expires_at > now()
            and u.id is distinct from finishing_upload)
       -- Guests' resumable uploads through upload links reserve their declared size as well.
       + (select coalesce(sum(g.size), 0) from public.share_uploads g
          where g.client_id = client and g.document_id is null and g.expires_at > now());
end
$$;
revoke all on function private.client_storage_in_use(uuid, uuid) from public;
grant execute on function private.client_storage_in_use(uuid, uuid) to authenticated;
