-- Share links: who may create, see and revoke them, and what a guest session (role anon with the
-- share's id in its claims) may read — exactly the shared documents, and only while the link is
-- valid (not revoked, not expired, not exhausted). Every validity decision is made here, per
-- statement, so revoking a link ends an open guest session on its next request.

do $$
declare t text;
begin
  foreach t in array array['shares', 'share_items', 'share_accesses', 'share_uploads', 'firm_logo'] loop
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

-- Queues the link mail to a share's recipient (a download or an upload link), for the share's
-- creator only, once, in the transaction that created the share (created_at = now(); the column has
-- no insert grant, so it is that transaction's start): a second call, in that or a later transaction,
-- is refused (SQLSTATE 55000), and link_mailed_at records the mail. The mail carries the link, never
-- a file name. The caller names only the guest page and its token, '/freigabe#<token>' (the token is
-- known only to the creating request; the database keeps its HMAC); the link's origin is the one
-- the server stored (private.public_origin), and the firm's name and the expiry come from the
-- database as well. The sender: a member of the client's staff is named by their display name
-- unless it looks like an address (a scheme, 'www.', a host name, '@', a slash, a control
-- character: the user edits it freely); a client user, or a staff name that looks like an address,
-- is not named, and the mail says only that the firm's portal sends it. Nothing a caller writes
-- reaches the recipient's mail but the token.
create or replace function private.enqueue_share_link_mail(share uuid, path text)
returns void language plpgsql security definer set search_path = '' as $$
declare
  target public.shares;
  creator public.accounts;
  firm text;
  link text;
  params jsonb;
begin
  select * into target from public.shares s where s.id = share and s.created_by = (select auth.uid()) and s.recipient_email is not null;
  select * into creator from public.accounts a where a.id = (select auth.uid());
  if target.id is null then
    raise exception 'share mail not allowed for this caller' using errcode = '42501';
  end if;
  if path is null or path !~ '^/freigabe#[A-Za-z0-9_-]{22,128}$' then
    raise exception 'invalid link' using errcode = '22023';
  end if;
  -- Once, while the share is being created: the stamp is set under the row lock, so parallel or
  -- repeated calls find it taken.
  update public.shares s set link_mailed_at = now()
  where s.id = target.id and s.link_mailed_at is null and s.created_at = now()
    and s.revoked_at is null and s.expires_at > now()
  returning * into target;
  if not found then
    raise exception 'the link mail goes out once, when the share is created' using errcode = '55000';
  end if;
  link := private.public_link('/freigabe') || substr(path, length('/freigabe') + 1);
  select f.firm_name into firm from public.firm_settings f where f.id = 1;
  params := jsonb_build_object('firmName', coalesce(firm, 'Kanzlei'),
                               'expires', to_char(target.expires_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                               'link', link, 'name', target.recipient_email);
  if private.is_client_staff(target.client_id)
     and creator.display_name is not null and btrim(creator.display_name) <> ''
     and creator.display_name !~ '[[:cntrl:]]'
     and creator.display_name !~* '(:/|//|www\.|@|/|\\|[[:alnum:]_-]\.[[:alpha:]]{2}|\.[[:alpha:]]{2,}\s*$|xn--)' then
    params := params || jsonb_build_object('sender', btrim(creator.display_name));
  end if;
  insert into private.outbox (template, to_address, locale, params)
  values (case when target.kind = 'upload' then 'share-upload-link' else 'share-link' end, target.recipient_email, creator.locale, params);
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
  private.count_share_download(uuid, text, text, text), private.enqueue_share_link_mail(uuid, text) from public;
grant execute on function private.guest_share_id(), private.guest_document_ids(), private.guest_group_id() to anon, authenticated, service_role;
grant execute on function private.count_share_download(uuid, text, text, text) to anon;
grant execute on function private.enqueue_share_link_mail(uuid, text) to authenticated;

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
                                            where i.id = shares.group_id and i.kind = 'document_group' and i.client_id = shares.client_id))
    -- Upload links: the client's staff only, into the client, one of its projects or one of its requests.
    and (shares.kind = 'download' or private.is_client_staff(shares.client_id))
    and (shares.request_id is null or exists (select 1 from public.document_requests r
                                              where r.item_id = shares.request_id and r.client_id = shares.client_id)));

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


-- ============================================================================================
-- Upload links (file drop): what a guest session of an upload link may do — give its name and
-- e-mail, upload into the link's target, and see its own uploads of this session; nothing else.
-- Named privileged operation 'guest upload': the guest has no account, so the rows are written by
-- these security-definer functions, which check the share row (valid, kind upload, limits) first.
-- ============================================================================================

-- The guest's upload link, locked when asked (uploads are counted one at a time), or null.
create or replace function private.guest_upload_share(lock boolean default false) returns public.shares
language plpgsql volatile security definer set search_path = '' as $$
declare
  found public.shares;
begin
  if lock then
    select * into found from public.shares s where s.id = private.guest_share_id() and s.kind = 'upload' for update;
  else
    select * into found from public.shares s where s.id = private.guest_share_id() and s.kind = 'upload';
  end if;
  return found;
end
$$;

-- The guest session's own details (null unless it is a live session of an upload link).
create or replace function private.guest_uploader() returns private.share_sessions
language sql stable security definer set search_path = '' as $$
  select g.* from private.share_sessions g join public.shares s on s.id = g.share_id
  where g.id = nullif(auth.jwt() ->> 'session_id', '')::uuid and s.id = private.guest_share_id() and s.kind = 'upload'
$$;

-- The guest says who it is: name and e-mail, stored on its session.
create or replace function private.guest_identify(name text, email text) returns boolean
language plpgsql volatile security definer set search_path = '' as $$
declare
  session private.share_sessions := private.guest_uploader();
begin
  if session.id is null then
    raise exception 'not_found' using errcode = 'PT404';
  end if;
  update private.share_sessions set guest_name = left(btrim(name), 200), guest_email = lower(btrim(email)) where id = session.id;
  return true;
end
$$;

-- May the guest upload a file of this name now? Raises the stable code when not; answers the
-- link's per-file cap (null: the portal's general limit).
create or replace function private.guest_upload_check(filename text, lock boolean default false) returns bigint
language plpgsql volatile security definer set search_path = '' as $$
declare
  share public.shares := private.guest_upload_share(lock);
  session private.share_sessions := private.guest_uploader();
  request public.document_requests;
  ext text := case when position('.' in filename) > 0 then lower(regexp_replace(filename, '^.*\.', '')) else '' end;
begin
  if share.id is null or session.id is null then
    raise exception 'not_found' using errcode = 'PT404';
  end if;
  if session.guest_name is null or session.guest_email is null then
    raise exception 'guest_details_required' using errcode = 'PT422', detail = 'Give your name and e-mail address first.';
  end if;
  if share.max_files is not null and share.uploads >= share.max_files then
    raise exception 'upload_limit_reached' using errcode = 'PT409', detail = 'This link takes no more files.';
  end if;
  if share.request_id is not null then
    select * into request from public.document_requests r where r.item_id = share.request_id;
    if request.item_id is null or request.status = 'accepted' then
      raise exception 'request_closed' using errcode = 'PT409', detail = 'This request no longer takes uploads.';
    end if;
    if request.allowed_types is not null and not ext = any(request.allowed_types) then
      raise exception 'type_not_allowed' using errcode = 'PT415', detail = 'This file type is not accepted for this request.';
    end if;
  end if;
  return share.max_file_bytes;
end
$$;

-- A client's storage in use as the guest uploads see it: every stored version, the declared sizes
-- of unfinished signed-in uploads and of unfinished guest uploads (but the one now finishing).
create or replace function private.guest_storage_in_use(client uuid, finishing uuid default null) returns bigint
language sql stable security definer set search_path = '' as $$
  select (select coalesce(sum(v.size), 0) from public.document_versions v where v.client_id = client)
       + (select coalesce(sum(u.size), 0) from public.uploads u
          where u.client_id = client and u.document_id is null and u.expires_at > now())
       + (select coalesce(sum(g.size), 0) from public.share_uploads g
          where g.client_id = client and g.document_id is null and g.expires_at > now() and g.id is distinct from finishing)
$$;

-- Records one received file as a document of the link's target: audience 'people' without
-- recipients (the firm only), in the client, the project or as an answer to the request (which
-- marks the request submitted), with the guest's name and e-mail; counts the upload, checks the
-- client's quota, logs the access and audits. Everything is decided here from the share row.
-- A resumable upload names its row in public.share_uploads (staged): it is claimed here, once.
drop function if exists private.guest_upload(uuid, uuid, text, text, bigint, text, uuid, bytea, text, text);
create or replace function private.guest_upload(document uuid, version uuid, filename text, media_type text, size bigint,
                                                sha256 text, blob_name uuid, wrapped_key bytea, ip text, request text,
                                                staged uuid default null)
returns void language plpgsql volatile security definer set search_path = '' as $$
declare
  cap bigint := private.guest_upload_check(filename, true);
  share public.shares := private.guest_upload_share();
  session private.share_sessions := private.guest_uploader();
  quota bigint;
begin
  if cap is not null and size > cap then
    raise exception 'payload_too_large' using errcode = 'PT413', detail = 'The file exceeds this link''s size limit.';
  end if;
  if quota is not null and private.guest_storage_in_use(share.client_id, staged) + size > quota then
    raise exception 'quota_exceeded' using errcode = 'PT413', detail = 'The client''s storage quota is used up.';
  end if;
  insert into public.items (id, kind, client_id, project_id, audience, title, created_by)
  values (document, 'document', share.client_id, case when share.request_id is null then share.project_id end, 'people', left(filename, 300), share.created_by);
  insert into public.documents (item_id, client_id, request_id, share_id, guest_name, guest_email, guest_session_id)
  values (document, share.client_id, share.request_id, share.id, session.guest_name, session.guest_email, session.id);
  insert into public.document_versions (id, item_id, client_id, version, filename, media_type, size, sha256, blob_name, wrapped_key, uploaded_by)
  values (version, document, share.client_id, 1, filename, media_type, size, sha256, blob_name, wrapped_key, share.created_by);
  if staged is not null then
    update public.share_uploads u set document_id = document
    where u.id = staged and u.session_id = session.id and u.share_id = share.id and u.document_id is null;
    if not found then
      raise exception 'upload_already_finished' using errcode = 'PT409', detail = 'This upload has already been completed.';
    end if;
  end if;
  if share.request_id is not null then
    update public.document_requests set status = 'submitted', decided_by = null, decided_at = null
    where item_id = share.request_id and status <> 'submitted';
  end if;
  update public.shares set uploads = uploads + 1, last_access_at = now(), first_accessed_at = coalesce(first_accessed_at, now())
  where id = share.id;
  insert into public.share_accesses (share_id, client_id, ip, action, document_id, filename)
  values (share.id, share.client_id, ip::inet, 'uploaded', document, left(filename, 300));
  insert into public.audit_log (client_id, object_type, object_id, action, source_ip, request_id, detail)
  values (share.client_id, 'item', document::text, 'share.uploaded', ip::inet, request,
          jsonb_build_object('shareId', share.id, 'size', size, 'mediaType', media_type, 'guestEmail', session.guest_email,
                             'resumable', staged is not null));
end
$$;

-- ============================================================================================
-- share_uploads: a guest's resumable uploads (tus) in progress
-- ============================================================================================

-- The live guest session of an upload link that the claims name (null for anyone else, and once
-- the link was revoked, expired or filled: its uploads in progress then no longer exist).
create or replace function private.guest_upload_session_id() returns uuid
language sql stable security definer set search_path = '' as $$
  select (private.guest_uploader()).id
$$;

-- May this guest session stage an upload for this share and client now? Its own live session of
-- an upload link, identified by name and e-mail, with fewer than 20 unfinished uploads (the
-- staging disk is shared). Read without RLS: a policy on share_uploads must not query it.
create or replace function private.guest_may_stage(share uuid, session uuid, client uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (select 1 from public.shares s join private.share_sessions g on g.share_id = s.id
                 where s.id = share and g.id = session and s.client_id = client and s.kind = 'upload'
                   and s.id = private.guest_share_id() and g.id = private.guest_upload_session_id()
                   and g.guest_name is not null and g.guest_email is not null)
     and (select count(*) from public.share_uploads u
          where u.session_id = session and u.document_id is null and u.expires_at > now()) < 20
$$;

-- Before a resumable upload starts (no byte accepted yet): the checks of guest_upload_check
-- (identified, link not full, request open, type allowed), the link's size cap, the files this
-- session already has in progress against the link's number of files, and the client's quota
-- with everything staged. Raises the stable code; the insert policy below is the boundary.
create or replace function private.guest_upload_admissible(filename text, size bigint) returns void
language plpgsql volatile security definer set search_path = '' as $$
declare
  cap bigint := private.guest_upload_check(filename, true);
  share public.shares := private.guest_upload_share();
  me uuid := private.guest_upload_session_id();
  open_here integer;
  quota bigint;
begin
  if size is null or size < 0 then
    raise exception 'bad_request' using errcode = 'PT400', detail = 'The upload needs its length.';
  end if;
  if cap is not null and size > cap then
    raise exception 'payload_too_large' using errcode = 'PT413', detail = 'The file exceeds this link''s size limit.';
  end if;
  -- One admission per client at a time: the counts below and the caller's insert of the staged
  -- row happen under this lock (the store calls this in the insert's transaction), so parallel
  -- creations cannot all pass the same count.
  select c.quota_bytes into quota from public.clients c where c.id = share.client_id for update;
  share := private.guest_upload_share(); -- its count of finished files as of the lock
  select count(*) into open_here from public.share_uploads u where u.session_id = me and u.document_id is null and u.expires_at > now();
  if open_here >= 20 then
    raise exception 'too_many_uploads' using errcode = 'PT429', detail = 'At most 20 unfinished uploads at a time.';
  end if;
  if share.max_files is not null and share.uploads + open_here >= share.max_files then
    raise exception 'upload_limit_reached' using errcode = 'PT409', detail = 'This link takes no more files.';
  end if;
  if quota is not null and private.guest_storage_in_use(share.client_id) + size > quota then
    raise exception 'quota_exceeded' using errcode = 'PT413', detail = 'The client''s storage quota is used up.';
  end if;
end
$$;

drop policy if exists "A guest sees its own uploads in progress" on public.share_uploads;
create policy "A guest sees its own uploads in progress" on public.share_uploads for select to anon
  using (session_id = (select private.guest_upload_session_id()));

drop policy if exists "A guest starts uploads into its own upload link" on public.share_uploads;
create policy "A guest starts uploads into its own upload link" on public.share_uploads for insert to anon
  with check (expires_at <= now() + interval '1 day' and private.guest_may_stage(share_id, session_id, client_id));

drop policy if exists "A guest cancels its own uploads in progress" on public.share_uploads;
create policy "A guest cancels its own uploads in progress" on public.share_uploads for delete to anon
  using (session_id = (select private.guest_upload_session_id()) and document_id is null);

-- The name and e-mail the guest gave in this session (nothing when none yet).
create or replace function private.guest_details() returns table (guest_name text, guest_email text)
language sql stable security definer set search_path = '' as $$
  select g.guest_name, g.guest_email from private.guest_uploader() g where g.id is not null and g.guest_name is not null
$$;

-- The guest's own uploads of this guest session — never anything else of the target.
create or replace function private.guest_uploads()
returns table (id uuid, filename text, size bigint, media_type text, created_at timestamptz)
language sql stable security definer set search_path = '' as $$
  select d.item_id, v.filename, v.size, v.media_type, v.created_at
  from public.documents d join public.document_versions v on v.item_id = d.item_id and v.version = 1
  where d.share_id = (private.guest_upload_share()).id and d.guest_session_id = (private.guest_uploader()).id
  order by v.created_at, v.filename
$$;

revoke all on function private.guest_upload_share(boolean), private.guest_uploader(), private.guest_identify(text, text),
  private.guest_upload_check(text, boolean), private.guest_upload(uuid, uuid, text, text, bigint, text, uuid, bytea, text, text, uuid),
  private.guest_uploads(), private.guest_details(), private.guest_storage_in_use(uuid, uuid), private.guest_upload_session_id(),
  private.guest_may_stage(uuid, uuid, uuid), private.guest_upload_admissible(text, bigint) from public;
grant execute on function private.guest_identify(text, text), private.guest_details(), private.guest_upload_check(text, boolean),
  private.guest_upload(uuid, uuid, text, text, bigint, text, uuid, bytea, text, text, uuid), private.guest_uploads(),
  private.guest_upload_session_id(), private.guest_may_stage(uuid, uuid, uuid), private.guest_upload_admissible(text, bigint) to anon;

-- ============================================================================================
-- firm_logo: the firm's logo on the guest page (migration 20261127165000_firm_logo.sql)
-- ============================================================================================

drop policy if exists "Signed-in users see the firm's logo" on public.firm_logo;
create policy "Signed-in users see the firm's logo" on public.firm_logo for select to authenticated
  using (true);

drop policy if exists "A guest sees the firm's logo while its link is valid" on public.firm_logo;
create policy "A guest sees the firm's logo while its link is valid" on public.firm_logo for select to anon
  using ((select private.guest_share_id()) is not null);

drop policy if exists "Admins set the firm's logo" on public.firm_logo;
create policy "Admins set the firm's logo" on public.firm_logo for insert to authenticated
  with check ((select private.is_admin()) and updated_by = (select auth.uid()));

drop policy if exists "Admins replace the firm's logo" on public.firm_logo;
create policy "Admins replace the firm's logo" on public.firm_logo for update to authenticated
  using ((select private.is_admin())) with check ((select private.is_admin()) and updated_by = (select auth.uid()));

drop policy if exists "Admins remove the firm's logo" on public.firm_logo;
create policy "Admins remove the firm's logo" on public.firm_logo for delete to authenticated
  using ((select private.is_admin()));
