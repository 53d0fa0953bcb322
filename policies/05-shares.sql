-- Share links: who may create, see and revoke them, and what a guest session (role anon with the
-- share's id in its claims) may read — exactly the shared documents, and only while the link is
-- valid (not revoked, not expired, not exhausted). Every validity decision is made here, per
-- statement, so revoking a link ends an open guest session on its next request.

do $$
declare t text;
begin
  foreach t in array array['shares', 'share_items', 'share_accesses'] loop
    execute format('drop policy if exists "Second factor required" on public.%I', t);
    execute format('create policy "Second factor required" on public.%I as restrictive for all to authenticated
                    using ((select private.second_factor_satisfied())) with check ((select private.second_factor_satisfied()))', t);
  end loop;
end
$$;

-- ============================================================================================
-- Helpers
-- ============================================================================================

-- The share a guest session may use right now, or null: the claims name an anon guest session
-- and its share; the session is verified and live; the share is neither revoked nor expired nor
-- exhausted. Everything a guest reads goes through this function.
create or replace function private.guest_share_id() returns uuid
language plpgsql stable security definer set search_path = '' as $$
declare
  claims jsonb := auth.jwt();
  found_id uuid;
begin
  if claims is null or claims ->> 'role' is distinct from 'anon'
     or coalesce(claims ->> 'share_id', '') !~ '^[0-9a-f-]{36}$' or coalesce(claims ->> 'session_id', '') !~ '^[0-9a-f-]{36}$' then
    return null;
  end if;
  select s.id into found_id
  from public.shares s join private.share_sessions g on g.share_id = s.id
  where s.id = (claims ->> 'share_id')::uuid and g.id = (claims ->> 'session_id')::uuid
    and g.verified_at is not null and g.expires_at > now()
    and s.revoked_at is null and s.expires_at > now()
    and (s.max_downloads is null or s.downloads < s.max_downloads);
  return found_id;
end
$$;

-- The documents the guest's share grants: those listed when it was created (for a group share,
-- the group's entries the creator saw then); documents deleted softly are no longer shared.
create or replace function private.guest_document_ids() returns uuid[]
language plpgsql stable security definer set search_path = '' as $$
declare
  share uuid := private.guest_share_id();
begin
  if share is null then
    return '{}';
  end if;
  return (select coalesce(array_agg(d.item_id), '{}') from public.share_items i join public.documents d on d.item_id = i.document_id
          where i.share_id = share and d.deleted_at is null);
end
$$;

-- The document group the guest's share grants, if it is a group share.
create or replace function private.guest_group_id() returns uuid
language sql stable security definer set search_path = '' as $$
  select s.group_id from public.shares s where s.id = private.guest_share_id()
$$;

-- Counts one download by the guest, atomically: the row lock serialises parallel downloads, so
-- at a limit of n exactly n succeed. Records the access and the audit entry. False when the
-- share is no longer valid or the document is not shared (the caller answers 404).
create or replace function private.count_share_download(document uuid, shown_name text, ip text, request text)
returns boolean language plpgsql volatile security definer set search_path = '' as $$
declare
  share uuid := private.guest_share_id();
  client uuid;
begin
  if share is null or (document is not null and not document = any(private.guest_document_ids()))
     or (document is null and private.guest_group_id() is null) then
    return false;
  end if;
  update public.shares s set downloads = s.downloads + 1, last_access_at = now()
  where s.id = share and s.revoked_at is null and s.expires_at > now()
    and (s.max_downloads is null or s.downloads < s.max_downloads)
  returning s.client_id into client;
  if client is null then
    return false;
  end if;
  insert into public.share_accesses (share_id, client_id, ip, action, document_id, filename)
  values (share, client, ip::inet, 'downloaded', document, left(shown_name, 300));
  insert into public.audit_log (client_id, object_type, object_id, action, source_ip, request_id, detail)
  values (client, 'share', share::text, 'share.downloaded', ip::inet, request,
          jsonb_build_object('documentId', document));
  return true;
end
$$;

-- Queues the link mail to a share's recipient, for the share's creator only, in the creating
-- transaction. The mail carries the link, never a file name.
create or replace function private.enqueue_share_link_mail(share uuid, link text, params jsonb)
returns void language plpgsql security definer set search_path = '' as $$
declare
  target public.shares;
  creator public.accounts;
begin
  select * into target from public.shares s where s.id = share and s.created_by = (select auth.uid()) and s.recipient_email is not null;
  select * into creator from public.accounts a where a.id = (select auth.uid());
  if target.id is null then
    raise exception 'share mail not allowed for this caller' using errcode = '42501';
  end if;
  insert into private.outbox (template, to_address, locale, params)
  values ('share-link', target.recipient_email, creator.locale, params || jsonb_build_object('link', link, 'name', target.recipient_email));
end
$$;

-- The admin's share policy, enforced on every new share: the longest expiry; for people outside
-- the firm a password and a shorter expiry (SQLSTATE PT422 carries the stable code).
create or replace function private.check_share_policy() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  s public.firm_settings;
  firm boolean := private.is_client_staff(new.client_id);
begin
  select * into s from public.firm_settings where id = 1;
  if new.expires_at > now() + make_interval(days => coalesce(s.share_max_days, 30)) + interval '1 minute' then
    raise exception 'expiry_too_long' using errcode = 'PT422', detail = 'The expiry exceeds the firm''s maximum.';
  end if;
  if not firm then
    if coalesce(s.client_share_require_password, true) and new.password_hash is null then
      raise exception 'password_required' using errcode = 'PT422', detail = 'Links created by clients need a password.';
    end if;
    if new.expires_at > now() + make_interval(days => coalesce(s.client_share_max_days, 14)) + interval '1 minute' then
      raise exception 'expiry_too_long' using errcode = 'PT422', detail = 'The expiry exceeds the firm''s maximum for clients.';
    end if;
  end if;
  return new;
end
$$;
drop trigger if exists check_share_policy on public.shares;
create trigger check_share_policy before insert on public.shares
  for each row execute function private.check_share_policy();

-- Whether a share the caller reads has a password (the hash itself stays unreadable).
create or replace function private.share_has_password(share uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select s.password_hash is not null from public.shares s
  where s.id = share and (s.created_by = (select auth.uid()) or private.is_client_staff(s.client_id))
$$;

revoke all on function private.share_has_password(uuid) from public;
grant execute on function private.share_has_password(uuid) to authenticated;

revoke all on function private.guest_share_id(), private.guest_document_ids(), private.guest_group_id(),
  private.count_share_download(uuid, text, text, text), private.enqueue_share_link_mail(uuid, text, jsonb) from public;
grant execute on function private.guest_share_id(), private.guest_document_ids(), private.guest_group_id() to anon, authenticated, service_role;
grant execute on function private.count_share_download(uuid, text, text, text) to anon;
grant execute on function private.enqueue_share_link_mail(uuid, text, jsonb) to authenticated;

-- ============================================================================================
-- shares
-- ============================================================================================

drop policy if exists "Creators and the client's staff read shares" on public.shares;
create policy "Creators and the client's staff read shares" on public.shares for select to authenticated
  using (created_by = (select auth.uid()) or private.is_client_staff(client_id));

-- Staff of the client, and client users whose rights include shares.create, share what they see:
-- a group share names a document group of the same client that the creator sees.
drop policy if exists "Staff and entitled client users create shares" on public.shares;
create policy "Staff and entitled client users create shares" on public.shares for insert to authenticated
  with check (
    created_by = (select auth.uid()) and revoked_at is null
    and (private.is_client_staff(client_id) or client_id = any((select private.client_ids_with('shares.create'))::uuid[]))
    and (shares.group_id is null or exists (select 1 from public.items i
                                            where i.id = shares.group_id and i.kind = 'document_group' and i.client_id = shares.client_id)));

drop policy if exists "Creators and the client's staff revoke shares" on public.shares;
create policy "Creators and the client's staff revoke shares" on public.shares for update to authenticated
  using (created_by = (select auth.uid()) or private.is_client_staff(client_id))
  with check (revoked_at is not null and revoked_by = (select auth.uid()));

drop policy if exists "A guest reads the share of its session" on public.shares;
create policy "A guest reads the share of its session" on public.shares for select to anon
  using (id = (select private.guest_share_id()));

-- ============================================================================================
-- share_items
-- ============================================================================================

drop policy if exists "Whoever reads the share reads its items" on public.share_items;
create policy "Whoever reads the share reads its items" on public.share_items for select to authenticated
  using (exists (select 1 from public.shares s where s.id = share_items.share_id));

-- Only documents of the share's client that the creator sees (the documents policy decides).
drop policy if exists "Creators list documents they see" on public.share_items;
create policy "Creators list documents they see" on public.share_items for insert to authenticated
  with check (
    exists (select 1 from public.shares s where s.id = share_items.share_id and s.created_by = (select auth.uid()) and s.client_id = share_items.client_id)
    and exists (select 1 from public.documents d where d.item_id = share_items.document_id and d.client_id = share_items.client_id and d.deleted_at is null));

-- ============================================================================================
-- share_accesses
-- ============================================================================================

drop policy if exists "Whoever reads the share reads its access log" on public.share_accesses;
create policy "Whoever reads the share reads its access log" on public.share_accesses for select to authenticated
  using (exists (select 1 from public.shares s where s.id = share_accesses.share_id));

-- ============================================================================================
-- What a guest reads of the documents domain
-- ============================================================================================

drop policy if exists "A guest reads the shared documents' items and the shared group" on public.items;
create policy "A guest reads the shared documents' items and the shared group" on public.items for select to anon
  using (id = any((select private.guest_document_ids())::uuid[]) or id = (select private.guest_group_id()));

drop policy if exists "A guest reads the shared documents" on public.documents;
create policy "A guest reads the shared documents" on public.documents for select to anon
  using (item_id = any((select private.guest_document_ids())::uuid[]));

drop policy if exists "A guest reads the shared documents' versions" on public.document_versions;
create policy "A guest reads the shared documents' versions" on public.document_versions for select to anon
  using (item_id = any((select private.guest_document_ids())::uuid[]));

drop policy if exists "A guest reads the shared group's entries" on public.document_group_entries;
create policy "A guest reads the shared group's entries" on public.document_group_entries for select to anon
  using (group_id = (select private.guest_group_id()) and document_id = any((select private.guest_document_ids())::uuid[]));

drop policy if exists "A guest reads the firm's name" on public.firm_settings;
create policy "A guest reads the firm's name" on public.firm_settings for select to anon
  using ((select private.guest_share_id()) is not null);
