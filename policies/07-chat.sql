-- Live chat, realtime delivery and calls: who sees office hours and presence, who starts, sees and
-- ends a call, and the one batched check the realtime server runs for every event it fans out.

-- ============================================================================================
-- The second-factor rule on every table of this domain
-- ============================================================================================

do $$
declare t text;
begin
  foreach t in array array['chat_office_hours', 'chat_presence', 'call_rooms'] loop
    execute format('drop policy if exists "Second factor required" on public.%I', t);
    execute format('create policy "Second factor required" on public.%I as restrictive for all to authenticated
                    using ((select private.second_factor_satisfied())) with check ((select private.second_factor_satisfied()))', t);
  end loop;
end
$$;

-- ============================================================================================
-- office hours
-- ============================================================================================

drop policy if exists "Signed-in people read the office hours" on public.chat_office_hours;
create policy "Signed-in people read the office hours" on public.chat_office_hours for select to authenticated
  using (true);

drop policy if exists "Admins set the office hours" on public.chat_office_hours;
create policy "Admins set the office hours" on public.chat_office_hours for insert to authenticated
  with check ((select private.is_admin()));

drop policy if exists "Admins remove office hours" on public.chat_office_hours;
create policy "Admins remove office hours" on public.chat_office_hours for delete to authenticated
  using ((select private.is_admin()));

-- ============================================================================================
-- presence
-- ============================================================================================

-- Everyone records their own heartbeat; staff see everyone's (to know whether a client is there),
-- others only their own. Clients learn only the aggregate (chat_availability below).
drop policy if exists "People see their own presence; staff see all" on public.chat_presence;
create policy "People see their own presence; staff see all" on public.chat_presence for select to authenticated
  using (account_id = (select auth.uid()) or (select private.is_staff()));

drop policy if exists "People record their own heartbeat" on public.chat_presence;
create policy "People record their own heartbeat" on public.chat_presence for insert to authenticated
  with check (account_id = (select auth.uid()));

drop policy if exists "People refresh their own heartbeat" on public.chat_presence;
create policy "People refresh their own heartbeat" on public.chat_presence for update to authenticated
  using (account_id = (select auth.uid())) with check (account_id = (select auth.uid()));

-- Is the firm reachable for a chat now? Staff with a heartbeat in the last 90 seconds (a count,
-- no names) and whether the current Europe/Berlin time lies inside an office-hours span.
create or replace function private.chat_availability(at timestamptz default now())
returns table (staff_online integer, in_office_hours boolean)
language sql stable security definer set search_path = '' as $$
  select (select count(*)::integer from public.chat_presence p join public.accounts a on a.id = p.account_id
          where a.kind = 'staff' and a.disabled_at is null and p.last_seen_at > at - interval '90 seconds'),
         exists (select 1 from public.chat_office_hours h
                 where h.weekday = extract(isodow from (at at time zone 'Europe/Berlin'))::smallint
                   and (at at time zone 'Europe/Berlin')::time >= h.opens_at
                   and (at at time zone 'Europe/Berlin')::time < h.closes_at)
$$;
revoke all on function private.chat_availability(timestamptz) from public;
grant execute on function private.chat_availability(timestamptz) to authenticated;

-- ============================================================================================
-- call rooms
-- ============================================================================================

-- A call is seen by whoever sees its item (the items policy decides, evaluated as the caller).
drop policy if exists "Whoever sees the item sees its calls" on public.call_rooms;
create policy "Whoever sees the item sees its calls" on public.call_rooms for select to authenticated
  using (exists (select 1 from public.items i where i.id = call_rooms.item_id));

-- A call is started from a conversation or an appointment the caller sees, by the firm's staff
-- of the client or by someone who may write in it (the right that creating that kind needs, or an
-- outside participant of its project); never from firm-internal items by others.
drop policy if exists "People who may write in a conversation or appointment start calls" on public.call_rooms;
create policy "People who may write in a conversation or appointment start calls" on public.call_rooms for insert to authenticated
  with check (
    created_by = (select auth.uid())
    and exists (select 1 from public.items i
                where i.id = call_rooms.item_id and i.kind in ('message_thread', 'appointment')
                  and (private.is_client_staff(i.client_id)
                       -- the staff member whose calendar holds the appointment (also when not assigned to the client)
                       or (i.kind = 'appointment'
                           and exists (select 1 from public.appointments a where a.item_id = i.id and a.staff_id = (select auth.uid())))
                       or (i.audience <> 'internal'
                           and (i.client_id = any((select private.client_ids_with(private.create_right(i.kind)))::uuid[])
                                or i.project_id = any((select private.project_ids('outside'))::uuid[]))))));

drop policy if exists "The starter and the client's staff end calls" on public.call_rooms;
create policy "The starter and the client's staff end calls" on public.call_rooms for update to authenticated
  using (created_by = (select auth.uid())
         or exists (select 1 from public.items i where i.id = call_rooms.item_id and private.is_client_staff(i.client_id)))
  with check (ended_at is not null);

-- Invites the other side of a call by mail when they have no live connection (no heartbeat in the
-- last two minutes); the portal's own invitation travels over the WebSocket. Only the call's
-- starter may ask; invitees are the item's author and named recipients, and — when a client
-- calls — the client's assigned staff; each must be able to read the item. The mail names no
-- subject, only a link: the stored public origin (private.public_origin, written by the server at
-- start) and the call's page, whose path '/anruf/<room id>' is all the caller names. Returns how
-- many mails were queued.
create or replace function private.invite_to_call(room uuid, path text) returns integer
language plpgsql security definer set search_path = '' as $$
declare
  r public.call_rooms;
  i public.items;
  caller_is_staff boolean;
  queued integer := 0;
  target record;
  link text;
begin
  select * into r from public.call_rooms where id = room and created_by = (select auth.uid()) and ended_at is null;
  if not found then
    raise exception 'not allowed' using errcode = '42501';
  end if;
  -- Only the call's own page (no origin, other path, query or fragment); the origin is the stored one.
  if path is distinct from '/anruf/' || r.id::text then
    raise exception 'invalid link' using errcode = '22023';
  end if;
  link := private.public_link(path);
  select * into i from public.items where id = r.item_id;
  caller_is_staff := private.is_staff();
  for target in
    select a.id, a.email, a.locale, a.display_name
    from public.accounts a
    where a.disabled_at is null and a.id <> r.created_by
      and (a.id = i.created_by
           or a.id in (select ir.account_id from public.item_recipients ir where ir.item_id = i.id)
           or (not caller_is_staff and a.id in (select cs.account_id from public.client_staff cs where cs.client_id = i.client_id)))
      and not exists (select 1 from public.chat_presence p where p.account_id = a.id and p.last_seen_at > now() - interval '2 minutes')
  loop
    if private.item_visible(private.item_scope_for(target.id), i.id, i.client_id, i.project_id, i.group_id, i.audience, i.kind, i.created_by) then
      -- One invitation per call and person, however often this is called (the key is kept like
      -- the sign-in throttle's).
      insert into private.sign_in_throttle (key, window_started_at, failures, last_failure_at)
      values ('mail-call:' || r.id || ':' || target.id, now(), 1, now()) on conflict (key) do nothing;
      if found then
        insert into private.outbox (template, to_address, locale, params)
        values ('call-invitation', target.email, target.locale, jsonb_build_object('name', target.display_name, 'link', link));
        queued := queued + 1;
      end if;
    end if;
  end loop;
  return queued;
end
$$;
revoke all on function private.invite_to_call(uuid, text) from public;
grant execute on function private.invite_to_call(uuid, text) to authenticated;

-- ============================================================================================
-- realtime delivery: the batched per-event check (service role only)
-- ============================================================================================

-- Of the given sessions, those that may receive an event about the item right now: the session is
-- live (not revoked, not expired, account enabled, second-factor rule met) and its person passes
-- the items policy's own audience rule (private.item_visible with that person's scope) — the same
-- definition every read of the item uses. One statement per event, whatever the number of
-- subscribers. Only the realtime server's named privileged operation calls it.
create or replace function private.realtime_readers(item uuid, session_ids uuid[], at timestamptz)
returns table (session_id uuid)
language sql stable security definer set search_path = '' as $$
  with live as (
    select s.id, s.account_id
    from public.sessions s join public.accounts a on a.id = s.account_id
    where s.id = any(session_ids) and s.revoked_at is null and s.idle_expires_at > at and s.expires_at > at
      and a.disabled_at is null and (s.aal = 'aal2' or a.mfa_deadline > at)
  ), people as (
    select distinct l.account_id from live l
  ), allowed as (
    select p.account_id from people p, public.items i
    where i.id = item
      and private.item_visible(private.item_scope_for(p.account_id), i.id, i.client_id, i.project_id, i.group_id, i.audience, i.kind, i.created_by)
  )
  select l.id from live l join allowed al on al.account_id = l.account_id
$$;
revoke all on function private.realtime_readers(uuid, uuid[], timestamptz) from public, authenticated;
grant execute on function private.realtime_readers(uuid, uuid[], timestamptz) to service_role;

-- Of the given sessions, those still live (the periodic sweep closes the others' sockets).
create or replace function private.realtime_live_sessions(session_ids uuid[], at timestamptz)
returns table (session_id uuid)
language sql stable security definer set search_path = '' as $$
  select s.id from public.sessions s join public.accounts a on a.id = s.account_id
  where s.id = any(session_ids) and s.revoked_at is null and s.idle_expires_at > at and s.expires_at > at
    and a.disabled_at is null and (s.aal = 'aal2' or a.mfa_deadline > at)
$$;
revoke all on function private.realtime_live_sessions(uuid[], timestamptz) from public, authenticated;
grant execute on function private.realtime_live_sessions(uuid[], timestamptz) to service_role;

-- realtime_readers for a new or edited message, with each reader's view of its attachments: a
-- document's title, file name, size and type only for a person who passes the items policy's own
-- audience rule for that document (private.item_visible with their scope — what
-- message_attachments, items and document_versions show them when they read the message
-- themselves). The realtime server reads the message once and gives every reader their own
-- attachment list, from this one statement per event (the same count as without attachments).
-- No attachments for a deleted message or one of another conversation.
drop function if exists private.realtime_attachments(uuid, uuid[]);
create or replace function private.realtime_message_readers(item uuid, session_ids uuid[], at timestamptz, message uuid)
returns table (session_id uuid, attachments jsonb)
language sql stable security definer set search_path = '' as $$
  with live as (
    select s.id, s.account_id
    from public.sessions s join public.accounts a on a.id = s.account_id
    where s.id = any(session_ids) and s.revoked_at is null and s.idle_expires_at > at and s.expires_at > at
      and a.disabled_at is null and (s.aal = 'aal2' or a.mfa_deadline > at)
  ), scopes as materialized (
    select p.account_id, private.item_scope_for(p.account_id) as s from (select distinct l.account_id from live l) p
  ), allowed as (
    select sc.account_id, sc.s from scopes sc, public.items i
    where i.id = item
      and private.item_visible(sc.s, i.id, i.client_id, i.project_id, i.group_id, i.audience, i.kind, i.created_by)
  ), atts as materialized (
    select d.id, d.title, d.client_id, d.project_id, d.group_id, d.audience, d.kind, d.created_by, v.filename, v.size, v.media_type
    from public.messages m
    join public.message_attachments ma on ma.message_id = m.id
    join public.items d on d.id = ma.document_id
    left join lateral (select v.filename, v.size, v.media_type from public.document_versions v where v.item_id = d.id order by v.version desc limit 1) v on true
    where m.id = message and m.item_id = item and m.deleted_at is null
  ), views as (
    select al.account_id, coalesce((
      select jsonb_agg(jsonb_build_object('id', a.id, 'title', a.title, 'filename', a.filename, 'size', a.size, 'mediaType', a.media_type) order by a.title)
      from atts a where private.item_visible(al.s, a.id, a.client_id, a.project_id, a.group_id, a.audience, a.kind, a.created_by)), '[]'::jsonb) as attachments
    from allowed al
  )
  select l.id, v.attachments from live l join views v on v.account_id = l.account_id
$$;
revoke all on function private.realtime_message_readers(uuid, uuid[], timestamptz, uuid) from public, authenticated;
grant execute on function private.realtime_message_readers(uuid, uuid[], timestamptz, uuid) to service_role;

-- ============================================================================================
-- read marks across the sides of a chat
-- ============================================================================================

-- The other side's read mark of a conversation the caller sees, without names: for a client user
-- the latest time anyone of the firm read it, for staff the latest time anyone on the client's
-- side did (conversation_reads itself shows clients only their own marks). Null when nobody has,
-- or when the caller does not see the conversation.
create or replace function private.chat_read_state(item uuid) returns timestamptz
language plpgsql stable security definer set search_path = '' as $$
declare
  i public.items;
begin
  select * into i from public.items where id = item;
  if not found or not private.item_visible(private.item_scope(), i.id, i.client_id, i.project_id, i.group_id, i.audience, i.kind, i.created_by) then
    return null;
  end if;
  return (select max(r.last_read_at) from public.conversation_reads r join public.accounts a on a.id = r.account_id
          where r.item_id = item and (a.kind = 'staff') <> private.is_staff());
end
$$;
revoke all on function private.chat_read_state(uuid) from public;
grant execute on function private.chat_read_state(uuid) to authenticated;
