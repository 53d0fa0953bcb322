-- Retention per client: when a client's files may go, who is told, and the one way a whole client
-- is deleted. The mandate end is set by the client's staff (the update policy on public.clients,
-- policies/02-clients.sql). Idempotent: applied after the migrations on every start.

-- ============================================================================================
-- When the retention of a client ends
-- ============================================================================================

-- § 50 Abs. 1 BRAO: the Handakte is kept for the retention period (firm_settings, default six
-- years), counted from the end of the calendar year in which the mandate ended. A mandate that
-- ended on 2026-03-31 is due for deletion on 2033-01-01 (firm's time zone).
create or replace function private.client_retention_due_at(mandate_ended date) returns timestamptz
language sql stable security definer set search_path = '' as $$
  select case when mandate_ended is null then null else
    make_timestamptz(extract(year from mandate_ended)::int + 1
                     + coalesce((select s.document_retention_years from public.firm_settings s where s.id = 1), 6)::int,
                     1, 1, 0, 0, 0, 'Europe/Berlin') end
$$;
revoke all on function private.client_retention_due_at(date) from public;
grant execute on function private.client_retention_due_at(date) to authenticated, service_role;

-- ============================================================================================
-- Recording the mandate end
-- ============================================================================================

-- Every write of the mandate end (API, SQL, Studio) is checked here, so the API and the database
-- agree: not after today (the firm's time zone) — a future date would start the retention early —
-- and not before the client was created. Refuses with the stable codes mandate_end_in_future and
-- mandate_end_before_client (PT400). Records who set it and when (cleared: both null); an
-- unchanged date keeps its original record, and nobody writes these two columns directly.
create or replace function private.record_mandate_end() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  created timestamptz := case when tg_op = 'INSERT' then new.created_at else old.created_at end;
begin
  if tg_op = 'UPDATE' and new.mandate_ended_at is not distinct from old.mandate_ended_at then
    new.mandate_end_set_by := old.mandate_end_set_by;
    new.mandate_end_set_at := old.mandate_end_set_at;
    return new;
  end if;
  if new.mandate_ended_at is null then
    new.mandate_end_set_by := null;
    new.mandate_end_set_at := null;
    return new;
  end if;
  if new.mandate_ended_at > (now() at time zone 'Europe/Berlin')::date then
    raise exception 'mandate_end_in_future' using errcode = 'PT400', detail = 'The mandate end cannot lie in the future.';
  end if;
  if new.mandate_ended_at < (coalesce(created, now()) at time zone 'Europe/Berlin')::date then
    raise exception 'mandate_end_before_client' using errcode = 'PT400', detail = 'The mandate end cannot lie before the client was created.';
  end if;
  new.mandate_end_set_by := (select auth.uid());
  new.mandate_end_set_at := now();
  return new;
end
$$;
revoke all on function private.record_mandate_end() from public;
drop trigger if exists clients_record_mandate_end on public.clients;
create trigger clients_record_mandate_end before insert or update on public.clients
  for each row execute function private.record_mandate_end();

-- ============================================================================================
-- Deleting a client after its retention
-- ============================================================================================

-- An admin deletes a client whose retention has ended: every row of the client goes (the
-- foreign keys cascade: items, documents and their versions, requests, groups, comments,
-- projects, members, shares, uploads, messages …); the version rows' delete trigger queues their
-- blobs in private.blob_deletions, which the caller empties after the commit (and the periodic
-- cleanup after a crash). People who belonged to this client only keep no data: their accounts
-- are disabled and anonymised, their credentials, factors and sessions removed (the account row
-- stays because the append-only audit trail names it). The audit trail itself stays.
-- Refuses with a stable code: not_found (not visible), admin_required, mandate_not_ended,
-- retention_period_running, legal_hold. Every document row still passes its own guard
-- (private.guard_document_deletion), so a document changed after the mandate end keeps the
-- client until its own retention ends.
create or replace function private.delete_client_after_retention(client uuid) returns jsonb
language plpgsql volatile security definer set search_path = '' as $$
declare
  c record;
  orphans uuid[];
  blobs uuid[];
  documents integer;
begin
  select cl.id, cl.number, cl.mandate_ended_at into c from public.clients cl where cl.id = client and private.is_client_staff(cl.id);
  if not found then
    raise exception 'not_found' using errcode = 'PT404', detail = 'Not found.';
  end if;
  if not private.is_admin() then
    raise exception 'admin_required' using errcode = 'PT403', detail = 'Only an administrator deletes a client.';
  end if;
  if c.mandate_ended_at is null then
    raise exception 'mandate_not_ended' using errcode = 'PT409', detail = 'The mandate of this client has not ended.';
  end if;
  if exists (select 1 from public.legal_holds h where h.client_id = client) then
    raise exception 'legal_hold' using errcode = 'PT409', detail = 'A legal hold on this client prevents deleting it.';
  end if;
  if private.client_retention_due_at(c.mandate_ended_at) > now() then
    raise exception 'retention_period_running' using errcode = 'PT409', detail = 'The retention period of this client is still running.';
  end if;

  select coalesce(array_agg(distinct a.id), '{}') into orphans
  from public.accounts a
  where a.kind <> 'staff'
    and (a.id in (select m.account_id from public.client_members m where m.client_id = client)
         or a.id in (select p.account_id from public.project_participants p where p.client_id = client))
    and not exists (select 1 from public.client_members m where m.account_id = a.id and m.client_id <> client)
    and not exists (select 1 from public.project_participants p where p.account_id = a.id and p.client_id <> client);
  select coalesce(array_agg(v.blob_name), '{}') into blobs from public.document_versions v where v.client_id = client;
  select count(*) into documents from public.documents d where d.client_id = client;

  delete from public.clients cl where cl.id = client;

  delete from private.password_credentials where account_id = any(orphans);
  delete from public.mfa_factors where account_id = any(orphans);
  delete from public.recovery_codes where account_id = any(orphans);
  delete from public.sessions where account_id = any(orphans);
  update public.accounts set email = 'geloescht-' || id::text || '@invalid', display_name = 'Gelöschte Person',
                             disabled_at = coalesce(disabled_at, now()), updated_at = now()
  where id = any(orphans);

  return jsonb_build_object('number', c.number, 'documents', documents, 'blobs', to_jsonb(blobs),
                            'accountsAnonymised', coalesce(array_length(orphans, 1), 0));
end
$$;
revoke all on function private.delete_client_after_retention(uuid) from public;
grant execute on function private.delete_client_after_retention(uuid) to authenticated;

-- ============================================================================================
-- Telling the admins, once
-- ============================================================================================

-- Records every client whose retention ended by as_of (and that has no legal hold) in
-- private.retention_notices; when any is new, every enabled admin gets one mail with the number
-- of new proposals and a link (no client names in a mail). Returns the number of new proposals.
-- Called by the scheduler (service_role); a restart or a second instance never mails twice.
create or replace function private.queue_retention_notices(as_of timestamptz, link_base text) returns integer
language plpgsql volatile security definer set search_path = '' as $$
declare
  n integer;
begin
  with fresh as (
    insert into private.retention_notices (client_id, mandate_ended_at)
    select cl.id, cl.mandate_ended_at from public.clients cl
    where cl.mandate_ended_at is not null
      and private.client_retention_due_at(cl.mandate_ended_at) <= as_of
      and not exists (select 1 from public.legal_holds h where h.client_id = cl.id)
    on conflict do nothing
    returning client_id)
  select count(*) into n from fresh;
  if n > 0 then
    insert into private.outbox (template, to_address, locale, params)
    select 'retention-due', a.email, a.locale,
           jsonb_build_object('name', a.display_name, 'count', n::text, 'link', link_base || '/verwaltung/aufbewahrung')
    from public.accounts a where a.is_admin and a.disabled_at is null;
  end if;
  return n;
end
$$;
revoke all on function private.queue_retention_notices(timestamptz, text) from public;
grant execute on function private.queue_retention_notices(timestamptz, text) to service_role;

-- ============================================================================================
-- GDPR export
-- ============================================================================================

-- Who may export a client's complete data (functions/operations/service/export-client.ts): the
-- client's staff (assigned staff and admins), never the client's own people or other staff —
-- the firm answers a data subject's request, and the archive holds firm-internal items too.
create or replace function private.may_export_client(client uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select private.is_staff() and private.is_client_staff(client)
$$;
revoke all on function private.may_export_client(uuid) from public;
grant execute on function private.may_export_client(uuid) to authenticated;
