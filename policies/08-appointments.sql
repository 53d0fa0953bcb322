-- Appointments: who may offer, see, book, move, confirm and cancel appointments. The structural
-- rules (no double booking, the daily cap, buffers and end computed from the type, which changes a
-- client may make and until when) are decided here and in the table's exclusion constraint; the
-- time rules that depend on the free slots (availability, holidays, notice, horizon) are checked
-- by the one booking path of functions/appointments (service/check-slot.ts) with the same
-- computation that lists the free slots.

do $$
declare t text;
begin
  foreach t in array array['appointment_types', 'appointment_type_clients', 'staff_availability', 'staff_calendar_settings',
                           'availability_exceptions', 'appointments'] loop
    execute format('drop policy if exists "Second factor required" on public.%I', t);
    execute format('create policy "Second factor required" on public.%I as restrictive for all to authenticated
                    using ((select private.second_factor_satisfied())) with check ((select private.second_factor_satisfied()))', t);
  end loop;
end
$$;

-- ============================================================================================
-- Helpers
-- ============================================================================================

-- May the caller book this type for this client (and project)? The type must be active and open
-- to them: every client → a client in which they hold 'appointments.book'; chosen clients → one of
-- those; a project's participants → that project, as an outside participant or as a client-side
-- participant holding 'appointments.book'. Non-project types are booked without a project.
create or replace function private.can_book_type(type uuid, client uuid, project uuid) returns boolean
language plpgsql stable security definer set search_path = '' as $$
declare
  t public.appointment_types;
begin
  select * into t from public.appointment_types where id = type and active;
  if t.id is null then
    return false;
  end if;
  if t.audience = 'project' then
    return project = t.project_id
       and exists (select 1 from public.projects p where p.id = project and p.client_id = client and p.status <> 'closed')
       and (project = any(private.project_ids('outside'))
            or (project = any(private.project_ids('member')) and client = any(private.client_ids_with('appointments.book'))));
  end if;
  return project is null and client = any(private.client_ids_with('appointments.book'))
     and (t.audience = 'all_clients'
          or exists (select 1 from public.appointment_type_clients c where c.type_id = t.id and c.client_id = client));
end
$$;

-- Does the caller still see this item (the items policy's rule, evaluated for the caller inside
-- security-definer code, where RLS does not apply)?
create or replace function private.sees_item(item uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (select 1 from public.items i
                 where i.id = item
                   and private.item_visible(private.item_scope(), i.id, i.client_id, i.project_id, i.group_id, i.audience, i.kind, i.created_by))
$$;

-- Is the caller (still) entitled to a booking they made? Having booked it is not enough: a member
-- whose membership was revoked, or who lost the right to book, loses their bookings with the rest
-- of the client's data. They keep it while they see its item or may still book its type there.
create or replace function private.booker_entitled(item uuid, type uuid, client uuid, project uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select private.sees_item(item) or private.can_book_type(type, client, project)
$$;

-- The staff member whose calendar holds the booking of this appointment item (null for any other
-- item). Read as the owner, so the items policy can use it without recursing into appointments.
create or replace function private.appointment_staff_of(item uuid) returns uuid
language sql stable security definer set search_path = '' as $$
  select a.staff_id from public.appointments a where a.item_id = item
$$;

-- The (client, project) pairs for which the caller may book a type, with the client's name, so
-- the booking page can offer them (a person may belong to several clients).
create or replace function private.booking_targets(type uuid)
returns table (client_id uuid, project_id uuid, client_name text)
language plpgsql stable security definer set search_path = '' as $$
begin
  return query
    -- The client's name only for those who see the client (its staff and members); an outside
    -- participant of a project never learns it.
    select c.id, t.project_id,
           case when private.is_admin() or c.id = any(private.staff_client_ids()) or c.id = any(private.client_ids_with())
                then c.name end
    from public.appointment_types t
    join public.clients c
      on (t.project_id is null and c.id = any(private.client_ids_with('appointments.book')))
      or (t.project_id is not null and c.id = (select p.client_id from public.projects p where p.id = t.project_id))
    where t.id = type and t.active and private.can_book_type(t.id, c.id, t.project_id)
    order by c.number;
end
$$;

-- Is a type open to the caller at all (for reading it)?
create or replace function private.type_open_to_caller(type uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (select 1 from private.booking_targets(type))
$$;

-- What the free-slot computation needs about a staff member's calendar between two instants,
-- for a caller who may book the type (or any staff): the type, the weekly hours, the holiday
-- state, and the busy ranges — bookings (their blocked range, and whether they are of this type,
-- for the daily cap) and exceptions — as bare times: nobody learns whose booking or why.
-- ignore: a booking being moved, which must not block itself.
-- firm: the firm's own view for booking and moving (staff only, else refused): the type's notice
-- (hours ahead, not the same day) is the client's rule and reads as none; the past, the hours,
-- holidays, absences, buffers, horizon and daily cap hold for the firm as well.
drop function if exists private.booking_calendar(uuid, timestamptz, timestamptz, uuid);
create or replace function private.booking_calendar(type uuid, from_at timestamptz, to_at timestamptz, ignore uuid default null, firm boolean default false)
returns jsonb language plpgsql stable security definer set search_path = '' as $$
declare
  t public.appointment_types;
begin
  select * into t from public.appointment_types where id = type;
  if t.id is null or not (private.is_staff() or private.type_open_to_caller(type)
                          or exists (select 1 from public.appointments a
                                     where a.item_id = ignore and a.type_id = type and a.booked_by = (select auth.uid())
                                       and private.booker_entitled(a.item_id, a.type_id, a.client_id, a.project_id))) then
    raise exception 'not allowed' using errcode = '42501';
  end if;
  if firm and not private.is_staff() then
    raise exception 'not allowed' using errcode = '42501';
  end if;
  return jsonb_build_object(
    'type', jsonb_build_object('id', t.id, 'staffId', t.staff_id, 'durationMinutes', t.duration_minutes,
                               'bufferBeforeMinutes', t.buffer_before_minutes, 'bufferAfterMinutes', t.buffer_after_minutes,
                               'noticeHours', case when firm then 0 else t.notice_hours end,
                               'noticeNotSameDay', t.notice_not_same_day and not firm,
                               'horizonDays', t.horizon_days, 'dailyCap', t.daily_cap, 'active', t.active),
    'weekly', coalesce((select jsonb_agg(jsonb_build_object('weekday', w.weekday, 'starts', to_char(w.starts, 'HH24:MI'),
                                                            'ends', to_char(w.ends, 'HH24:MI')) order by w.weekday, w.starts)
                        from public.staff_availability w where w.staff_id = t.staff_id), '[]'),
    'holidayState', (select s.holiday_state from public.staff_calendar_settings s where s.staff_id = t.staff_id),
    'busy', coalesce((select jsonb_agg(jsonb_build_object('from', lower(a.blocked), 'to', upper(a.blocked),
                                                          'startsAt', a.starts_at, 'sameType', a.type_id = t.id))
                      from public.appointments a
                      where a.staff_id = t.staff_id and a.status in ('pending', 'confirmed') and a.item_id is distinct from ignore
                        and a.blocked && tstzrange(from_at - interval '1 day', to_at + interval '1 day')), '[]'),
    'exceptions', coalesce((select jsonb_agg(jsonb_build_object('from', e.starts_at, 'to', e.ends_at))
                            from public.availability_exceptions e
                            where e.staff_id = t.staff_id and e.ends_at > from_at - interval '1 day' and e.starts_at < to_at + interval '1 day'), '[]'));
end
$$;

-- May this client person book the type for the client (and project) — the rule a staff member's
-- booking on their behalf follows (policy "Staff book for a client's people"): an enabled account
-- with an active membership of the client holding 'appointments.book'; a project type only for
-- its open project, where the person takes part as a client member; any other type for a client it
-- is open to (every client or the chosen ones), optionally filed under an open project of that
-- client. Outside participants are not the client's people: the firm books for them elsewhere.
create or replace function private.person_may_book(person uuid, type uuid, client uuid, project uuid) returns boolean
language plpgsql stable security definer set search_path = '' as $$
declare
  t public.appointment_types;
begin
  -- Only the person themselves or staff who may see the client ask (no membership oracle; review
  -- finding). service_role (no auth.uid()) as system code.
  if (select auth.uid()) is not null and person is distinct from (select auth.uid()) and not private.is_client_staff(client) then
    raise exception 'not allowed' using errcode = '42501';
  end if;
  select * into t from public.appointment_types where id = type and active;
  if t.id is null or not exists (
       select 1 from public.client_members m join public.accounts a on a.id = m.account_id
       where m.account_id = person and m.client_id = client and a.disabled_at is null and a.kind = 'client'
         and m.accepted_at is not null and m.revoked_at is null and (m.expires_at is null or m.expires_at > now())
         and 'appointments.book' = any(private.effective_rights(m.role, m.rights))) then
    return false;
  end if;
  if project is not null and not exists (select 1 from public.projects p where p.id = project and p.client_id = client and p.status <> 'closed') then
    return false;
  end if;
  if t.audience = 'project' then
    return project = t.project_id
       and exists (select 1 from public.project_participants p
                   where p.project_id = project and p.account_id = person and p.kind = 'member' and p.revoked_at is null);
  end if;
  return t.audience = 'all_clients'
      or exists (select 1 from public.appointment_type_clients c where c.type_id = t.id and c.client_id = client);
end
$$;

-- What a staff member may book for a client they see (admins: every client): each person of the
-- client with each type they may book, and the project a project type belongs to (null for the
-- others, which may be filed under any open project of the client). Nothing for anyone else.
create or replace function private.staff_booking_options(client uuid)
returns table (person_id uuid, person_name text, type_id uuid, project_id uuid)
language plpgsql stable security definer set search_path = '' as $$
begin
  if not (private.is_staff() and private.is_client_staff(client)) then
    return;
  end if;
  return query
    select a.id, a.display_name, t.id, t.project_id
    from public.client_members m
    join public.accounts a on a.id = m.account_id
    cross join public.appointment_types t
    where m.client_id = client and t.active and private.person_may_book(a.id, t.id, client, t.project_id)
    order by a.display_name, t.name_de;
end
$$;

-- May the caller edit this staff member's types, hours and exceptions? The person themselves
-- (staff) and admins.
create or replace function private.manages_calendar(staff uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select private.is_admin() or (staff = (select auth.uid()) and private.is_staff())
$$;

revoke all on function private.sees_item(uuid), private.booker_entitled(uuid, uuid, uuid, uuid), private.appointment_staff_of(uuid) from public;
grant execute on function private.sees_item(uuid), private.booker_entitled(uuid, uuid, uuid, uuid), private.appointment_staff_of(uuid)
  to authenticated, service_role;
revoke all on function private.can_book_type(uuid, uuid, uuid), private.booking_targets(uuid), private.type_open_to_caller(uuid),
  private.booking_calendar(uuid, timestamptz, timestamptz, uuid, boolean), private.manages_calendar(uuid),
  private.person_may_book(uuid, uuid, uuid, uuid), private.staff_booking_options(uuid) from public;
grant execute on function private.can_book_type(uuid, uuid, uuid), private.booking_targets(uuid), private.type_open_to_caller(uuid),
  private.booking_calendar(uuid, timestamptz, timestamptz, uuid, boolean), private.manages_calendar(uuid),
  private.person_may_book(uuid, uuid, uuid, uuid), private.staff_booking_options(uuid) to authenticated, service_role;

-- ============================================================================================
-- appointment_types and their chosen clients
-- ============================================================================================

drop policy if exists "Staff read every type, others the types open to them" on public.appointment_types;
create policy "Staff read every type, others the types open to them" on public.appointment_types for select to authenticated
  using ((select private.is_staff()) or (active and private.type_open_to_caller(id))
         or exists (select 1 from public.appointments a where a.type_id = appointment_types.id and a.booked_by = (select auth.uid())
                    and private.booker_entitled(a.item_id, a.type_id, a.client_id, a.project_id)));

drop policy if exists "Staff offer types for themselves, admins for anyone" on public.appointment_types;
create policy "Staff offer types for themselves, admins for anyone" on public.appointment_types for insert to authenticated
  with check (created_by = (select auth.uid()) and private.manages_calendar(staff_id) and private.account_kind(staff_id) = 'staff');

drop policy if exists "Staff change their own types, admins any" on public.appointment_types;
create policy "Staff change their own types, admins any" on public.appointment_types for update to authenticated
  using (private.manages_calendar(staff_id)) with check (private.manages_calendar(staff_id));

drop policy if exists "Staff delete their own types, admins any" on public.appointment_types;
create policy "Staff delete their own types, admins any" on public.appointment_types for delete to authenticated
  using (private.manages_calendar(staff_id));

drop policy if exists "Staff read the chosen clients of types" on public.appointment_type_clients;
create policy "Staff read the chosen clients of types" on public.appointment_type_clients for select to authenticated
  using ((select private.is_staff()));

drop policy if exists "Whoever manages a type chooses its clients" on public.appointment_type_clients;
create policy "Whoever manages a type chooses its clients" on public.appointment_type_clients for insert to authenticated
  with check (exists (select 1 from public.appointment_types t where t.id = type_id and private.manages_calendar(t.staff_id)));

drop policy if exists "Whoever manages a type removes its clients" on public.appointment_type_clients;
create policy "Whoever manages a type removes its clients" on public.appointment_type_clients for delete to authenticated
  using (exists (select 1 from public.appointment_types t where t.id = type_id and private.manages_calendar(t.staff_id)));

-- ============================================================================================
-- availability: weekly hours, holiday state, exceptions — the firm's own business
-- ============================================================================================

drop policy if exists "Staff read weekly hours" on public.staff_availability;
create policy "Staff read weekly hours" on public.staff_availability for select to authenticated
  using ((select private.is_staff()));
drop policy if exists "Staff set their own hours, admins anyone's" on public.staff_availability;
create policy "Staff set their own hours, admins anyone's" on public.staff_availability for insert to authenticated
  with check (private.manages_calendar(staff_id));
drop policy if exists "Staff remove their own hours, admins anyone's" on public.staff_availability;
create policy "Staff remove their own hours, admins anyone's" on public.staff_availability for delete to authenticated
  using (private.manages_calendar(staff_id));

drop policy if exists "Staff read calendar settings" on public.staff_calendar_settings;
create policy "Staff read calendar settings" on public.staff_calendar_settings for select to authenticated
  using ((select private.is_staff()));
drop policy if exists "Staff set their own calendar settings" on public.staff_calendar_settings;
create policy "Staff set their own calendar settings" on public.staff_calendar_settings for insert to authenticated
  with check (private.manages_calendar(staff_id));
drop policy if exists "Staff change their own calendar settings" on public.staff_calendar_settings;
create policy "Staff change their own calendar settings" on public.staff_calendar_settings for update to authenticated
  using (private.manages_calendar(staff_id)) with check (private.manages_calendar(staff_id));

drop policy if exists "Staff read exceptions" on public.availability_exceptions;
create policy "Staff read exceptions" on public.availability_exceptions for select to authenticated
  using ((select private.is_staff()));
drop policy if exists "Staff add their own exceptions, admins anyone's" on public.availability_exceptions;
create policy "Staff add their own exceptions, admins anyone's" on public.availability_exceptions for insert to authenticated
  with check (created_by = (select auth.uid()) and private.manages_calendar(staff_id));
drop policy if exists "Staff remove their own exceptions, admins anyone's" on public.availability_exceptions;
create policy "Staff remove their own exceptions, admins anyone's" on public.availability_exceptions for delete to authenticated
  using (private.manages_calendar(staff_id));

-- ============================================================================================
-- appointments
-- ============================================================================================

-- The booker, the staff member whose calendar it is, and whoever sees the booking's item (the
-- client's staff, admins, the item's audience).
drop policy if exists "Bookers, the staff member and the item's audience read bookings" on public.appointments;
create policy "Bookers, the staff member and the item's audience read bookings" on public.appointments for select to authenticated
  using ((booked_by = (select auth.uid()) and private.booker_entitled(item_id, type_id, client_id, project_id))
         or staff_id = (select auth.uid())
         or exists (select 1 from public.items i where i.id = appointments.item_id));

-- A booking is made by the booker for themselves, on their own appointment item, for a type
-- open to them for that client and project (and not as entered by someone else).
drop policy if exists "People book types open to them" on public.appointments;
create policy "People book types open to them" on public.appointments for insert to authenticated
  with check (booked_by = (select auth.uid()) and entered_by is null
              and exists (select 1 from public.items i where i.id = appointments.item_id and i.kind = 'appointment'
                            and i.created_by = (select auth.uid()) and i.client_id = appointments.client_id
                            and i.project_id is not distinct from appointments.project_id)
              and private.can_book_type(type_id, client_id, project_id));

-- Staff who see the client (assigned staff, admins) book for one of its people, under their own
-- name as entered_by, on an appointment item they create for that client and project and address
-- to the person (so the person sees it as theirs), for a type the person may book there
-- (private.person_may_book). The booking is the person's from then on.
drop policy if exists "Staff book for a client's people" on public.appointments;
create policy "Staff book for a client's people" on public.appointments for insert to authenticated
  with check (entered_by = (select auth.uid()) and (select private.is_staff()) and private.is_client_staff(client_id)
              and exists (select 1 from public.items i
                          where i.id = appointments.item_id and i.kind = 'appointment' and i.created_by = (select auth.uid())
                            and i.client_id = appointments.client_id and i.project_id is not distinct from appointments.project_id
                            and exists (select 1 from public.item_recipients r where r.item_id = i.id and r.account_id = appointments.booked_by))
              and private.person_may_book(booked_by, type_id, client_id, project_id));

-- The booker moves or cancels (the trigger limits what and until when); the staff member and the
-- client's staff confirm, decline, move and cancel.
drop policy if exists "Bookers and staff change bookings" on public.appointments;
create policy "Bookers and staff change bookings" on public.appointments for update to authenticated
  using ((booked_by = (select auth.uid()) and private.booker_entitled(item_id, type_id, client_id, project_id))
         or staff_id = (select auth.uid()) or private.is_client_staff(client_id))
  with check ((booked_by = (select auth.uid()) and private.booker_entitled(item_id, type_id, client_id, project_id))
              or staff_id = (select auth.uid()) or private.is_client_staff(client_id));

-- Derived columns and the rules of change, for every writer (also the owner): the end and the
-- blocked range come from the type; a new booking is pending when the type requires
-- confirmation, unless staff entered it (then confirmed by them at once); who entered a booking
-- never changes; a booking never starts in the past; the booker (not staff) may only cancel or
-- move an active booking, and only until the type's cut-off before its start; confirming and
-- declining are the firm's; every change of time or state raises the sequence.
create or replace function private.appointment_rules() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  t public.appointment_types;
  by_firm boolean;
  -- A security-definer trigger runs as the owner: the caller's role comes from the claims.
  as_user boolean := coalesce((select auth.role()), '') in ('authenticated', 'anon');
  day_count integer;
  storage text[] := array['answers', 'answers_ciphertext', 'answers_key'];
begin
  -- Only the storage of the intake answers changes (sealing clear answers, rewrapping their key at
  -- a master-key rotation; no person holds that grant): the booking itself stays as it was, so
  -- nothing is derived again and updated_at stays (the reminders read it).
  if tg_op = 'UPDATE' and (to_jsonb(new) - storage) = (to_jsonb(old) - storage) then
    return new;
  end if;
  select * into t from public.appointment_types where id = new.type_id;
  by_firm := private.is_staff() and (private.is_client_staff(new.client_id) or new.staff_id = (select auth.uid()) or private.is_admin());
  if tg_op = 'INSERT' then
    new.staff_id := t.staff_id;
    -- A booking the firm enters itself is confirmed at once: the firm agreed to it on the phone.
    new.status := case when new.entered_by is null and t.requires_confirmation then 'pending' else 'confirmed' end;
    new.sequence := 0;
    new.decline_reason := null;
    new.decided_by := null; new.decided_at := null; new.cancelled_by := null; new.cancelled_at := null;
    if new.entered_by is not null and t.requires_confirmation then
      new.decided_by := new.entered_by; new.decided_at := now();
    end if;
  else
    if new.type_id <> old.type_id or new.staff_id <> old.staff_id or new.client_id <> old.client_id or new.booked_by <> old.booked_by
       or new.entered_by is distinct from old.entered_by then
      raise exception 'not allowed' using errcode = '42501';
    end if;
    if old.status not in ('pending', 'confirmed') and (new.status <> old.status or new.starts_at <> old.starts_at) then
      raise exception 'appointment_closed' using errcode = 'PT409', detail = 'The appointment was already cancelled or declined.';
    end if;
    if as_user and not by_firm then
      -- The client's side: cancel or move, before the cut-off, nothing else.
      if new.status not in (old.status, 'cancelled') or new.decline_reason is distinct from old.decline_reason
         or new.decided_by is distinct from old.decided_by or new.decided_at is distinct from old.decided_at then
        raise exception 'not allowed' using errcode = '42501';
      end if;
      if old.starts_at - make_interval(hours => t.cutoff_hours) <= now() then
        raise exception 'cutoff_passed' using errcode = 'PT409', detail = 'Please contact the firm.';
      end if;
    end if;
    if as_user then
      -- A cancellation made by a person is recorded under their own name and the present time,
      -- whatever they send (a client could otherwise record it under the clerk's name); no other
      -- change writes these fields.
      if new.status = 'cancelled' and old.status <> 'cancelled' then
        new.cancelled_by := (select auth.uid());
        new.cancelled_at := now();
      elsif new.cancelled_by is distinct from old.cancelled_by or new.cancelled_at is distinct from old.cancelled_at then
        raise exception 'not allowed' using errcode = '42501';
      end if;
    end if;
    if new.status = 'declined' and old.status <> 'pending' then
      raise exception 'not_pending' using errcode = 'PT409', detail = 'Only an appointment awaiting confirmation can be declined.';
    end if;
    if new.status = 'confirmed' and old.status = 'pending' and not by_firm and as_user then
      raise exception 'not allowed' using errcode = '42501';
    end if;
    -- A moved booking awaits confirmation again when the type requires it.
    if new.starts_at <> old.starts_at and new.status in ('pending', 'confirmed') then
      new.status := case when t.requires_confirmation and not by_firm then 'pending' else new.status end;
    end if;
    if new.starts_at <> old.starts_at or new.status <> old.status then
      new.sequence := old.sequence + 1;
    end if;
    new.updated_at := now();
  end if;
  new.ends_at := new.starts_at + make_interval(mins => t.duration_minutes);
  new.blocked := tstzrange(new.starts_at - make_interval(mins => t.buffer_before_minutes),
                           new.ends_at + make_interval(mins => t.buffer_after_minutes), '[)');
  if (tg_op = 'INSERT' or new.starts_at <> old.starts_at) then
    if new.starts_at <= now() then
      raise exception 'slot_in_past' using errcode = 'PT422', detail = 'The time lies in the past.';
    end if;
    if t.daily_cap is not null and new.status in ('pending', 'confirmed') then
      -- Parallel bookings of one type and day queue here, so the count is exact.
      perform pg_advisory_xact_lock(hashtextextended(new.type_id::text || (new.starts_at at time zone 'Europe/Berlin')::date::text, 0));
      select count(*) into day_count from public.appointments a
      where a.type_id = new.type_id and a.status in ('pending', 'confirmed') and a.item_id <> new.item_id
        and (a.starts_at at time zone 'Europe/Berlin')::date = (new.starts_at at time zone 'Europe/Berlin')::date;
      if day_count >= t.daily_cap then
        raise exception 'daily_cap_reached' using errcode = 'PT409', detail = 'No more appointments of this kind on that day.';
      end if;
    end if;
  end if;
  return new;
end
$$;
drop trigger if exists appointments_rules on public.appointments;
create trigger appointments_rules before insert or update on public.appointments
  for each row execute function private.appointment_rules();

-- ============================================================================================
-- Mails about a booking: written in the booking's transaction by whoever may change it, to the
-- booker or to the staff member (address and language from the account), appointment templates
-- only. The parameters carry times, names, the portal link and the .ics text — never the answers.
-- ============================================================================================

-- The caller names the booking, the template, the recipient, the time zone of the mail and the
-- .ics text; everything the recipient reads comes from the database: the link (the booking's own
-- page at the stored public origin, private.public_link), firm, type, times, status, location and
-- names ('by' = the caller, 'enteredBy' = who entered the booking, 'reason' only from the firm).
-- The .ics is accepted only as exactly the calendar entry of this booking (private.appointment_ics_ok):
-- no foreign link, text or address reaches a calendar from the firm's sender (review finding).
create or replace function private.ics_text(v text) returns text
language sql immutable set search_path = '' as $$
  select replace(replace(replace(replace(replace(v, '\', '\\'), ';', '\;'), ',', '\,'), E'\r\n', '\n'), E'\n', '\n')
$$;
create or replace function private.ics_name(v text) returns text
language sql immutable set search_path = '' as $$
  select btrim(regexp_replace(regexp_replace(coalesce(v, ''), E'[";:,[:cntrl:]\u2028\u2029]', ' ', 'g'), E'\\s+', ' ', 'g'))
$$;

create or replace function private.appointment_ics_ok(a public.appointments, ics text, link text, firm text) returns boolean
language plpgsql stable security definer set search_path = '' as $$
declare
  t public.appointment_types;
  booker public.accounts;
  staff_name text;
  method text := case when a.status in ('cancelled', 'declined') then 'CANCEL' else 'REQUEST' end;
  line text;
  n integer := 0;
  organizer text;
begin
  if ics is null then
    return true;
  end if;
  select * into t from public.appointment_types x where x.id = a.type_id;
  select * into booker from public.accounts x where x.id = a.booked_by;
  select x.display_name into staff_name from public.accounts x where x.id = a.staff_id;
  organizer := coalesce(nullif(private.ics_name(coalesce(staff_name, firm)), ''), private.ics_name(firm));
  foreach line in array string_to_array(regexp_replace(ics, E'\r\n[\t ]', '', 'g'), E'\r\n') loop
    n := n + 1;
    if not (coalesce(line = any(array['BEGIN:VCALENDAR', 'VERSION:2.0', 'CALSCALE:GREGORIAN', 'PRODID:mandantenportal', 'X-PUBLISHED-TTL:PT1H',
                             'BEGIN:VEVENT', 'END:VEVENT', 'END:VCALENDAR', '',
                             'METHOD:' || method,
                             'UID:' || a.item_id || '@mandantenportal',
                             'SEQUENCE:' || a.sequence,
                             'DTSTART:' || to_char(a.starts_at at time zone 'UTC', 'YYYYMMDD"T"HH24MISS"Z"'),
                             'DTEND:' || to_char(a.ends_at at time zone 'UTC', 'YYYYMMDD"T"HH24MISS"Z"'),
                             'STATUS:' || case a.status when 'pending' then 'TENTATIVE' when 'confirmed' then 'CONFIRMED' else 'CANCELLED' end,
                             'URL:' || link,
                             'DESCRIPTION:' || private.ics_text('Termin im Mandantenportal: ' || link),
                             'SUMMARY:' || private.ics_text(t.name_de || ' – ' || firm),
                             'LOCATION:' || private.ics_text(case when t.location = 'video' then link
                                                                  when coalesce(t.location_detail, '') <> '' then t.location_detail
                                                                  when t.location = 'phone' then 'Telefon' else firm end),
                             'ATTENDEE;RSVP=FALSE;ROLE="REQ-PARTICIPANT";PARTSTAT="' || case when a.status = 'confirmed' then 'ACCEPTED' else 'TENTATIVE' end
                               || '";CN="' || private.ics_name(booker.display_name) || '":mailto:' || booker.email]), false)
            or line ~ '^DTSTAMP:[0-9]{8}T[0-9]{6}Z$'
            -- the organizer is the staff member by name at the portal's own sender address (not in the database)
            or coalesce(line = 'ORGANIZER;CN="' || organizer || '":MAILTO:' || substring(line from ':MAILTO:([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+)$'), false)) then
      return false;
    end if;
  end loop;
  return n < 40;
end
$$;
revoke all on function private.appointment_ics_ok(public.appointments, text, text, text) from public;

create or replace function private.enqueue_appointment_mail(appointment uuid, template text, recipient text, params jsonb)
returns void language plpgsql security definer set search_path = '' as $$
declare
  a public.appointments;
  t public.appointment_types;
  target public.accounts;
  firm text;
  link text;
  zone text := params->>'timeZone';
  safe jsonb;
begin
  select * into a from public.appointments x where x.item_id = appointment;
  if a.item_id is null or not ((a.booked_by = (select auth.uid()) and private.booker_entitled(a.item_id, a.type_id, a.client_id, a.project_id))
                               or a.staff_id = (select auth.uid()) or private.is_client_staff(a.client_id))
     or template not in ('appointment-booked', 'appointment-new-booking', 'appointment-confirmed', 'appointment-declined',
                         'appointment-rescheduled', 'appointment-cancelled')
     or recipient not in ('booker', 'staff') then
    raise exception 'not allowed' using errcode = '42501';
  end if;
  select * into t from public.appointment_types x where x.id = a.type_id;
  select coalesce((select f.firm_name from public.firm_settings f where f.id = 1), 'Kanzlei') into firm;
  link := private.public_link('/termine/' || a.item_id);
  if zone is null or not exists (select 1 from pg_catalog.pg_timezone_names z where z.name = zone) then
    zone := coalesce(a.time_zone, 'Europe/Berlin');
  end if;
  if jsonb_typeof(params->'ics') is distinct from 'string' and params ? 'ics'
     or not private.appointment_ics_ok(a, params->>'ics', link, firm) then
    raise exception 'invalid calendar entry' using errcode = '22023';
  end if;
  safe := jsonb_build_object(
    'firmName', firm, 'typeDe', t.name_de, 'typeEn', t.name_en,
    'start', to_char(a.starts_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'end', to_char(a.ends_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'timeZone', zone, 'location', t.location, 'locationDetail', coalesce(t.location_detail, ''),
    'link', link, 'status', a.status,
    'booker', coalesce((select x.display_name from public.accounts x where x.id = a.booked_by), ''),
    'clientName', coalesce((select c.name from public.clients c where c.id = a.client_id), ''));
  if params ? 'ics' then
    safe := safe || jsonb_build_object('ics', params->>'ics',
                                       'icsMethod', case when a.status in ('cancelled', 'declined') then 'CANCEL' else 'REQUEST' end);
  end if;
  if params ? 'by' then
    safe := safe || jsonb_build_object('by', coalesce((select x.display_name from public.accounts x where x.id = a.cancelled_by), ''));
  end if;
  if params ? 'enteredBy' and a.entered_by is not null then
    safe := safe || jsonb_build_object('enteredBy', coalesce((select x.display_name from public.accounts x where x.id = a.entered_by), ''));
  end if;
  if params ? 'reason' and a.decline_reason is not null then
    safe := safe || jsonb_build_object('reason', a.decline_reason);
  end if;
  select * into target from public.accounts x
  where x.id = case recipient when 'booker' then a.booked_by else a.staff_id end and x.disabled_at is null;
  if target.id is null then
    return;
  end if;
  insert into private.outbox (template, to_address, locale, params)
  values (template, target.email, target.locale, safe || jsonb_build_object('name', target.display_name));
end
$$;
revoke all on function private.enqueue_appointment_mail(uuid, text, text, jsonb) from public;
grant execute on function private.enqueue_appointment_mail(uuid, text, text, jsonb) to authenticated;

-- ============================================================================================
-- Rate limit of the client side's booking changes: each booking, move and cancellation mails the
-- staff member, so one person makes at most 10 of them per hour (counted in the throttle table
-- the sign-in uses, key 'appointment-change:<account>', one-hour window). Called first in the
-- change's transaction: a refused or failed change counts nothing.
-- ============================================================================================

create or replace function private.take_appointment_change() returns void
language plpgsql volatile security definer set search_path = '' as $$
declare
  me uuid := (select auth.uid());
  used integer;
begin
  if me is null then
    raise exception 'not allowed' using errcode = '42501';
  end if;
  insert into private.sign_in_throttle as t (key, window_started_at, failures, last_failure_at)
  values ('appointment-change:' || me, now(), 1, now())
  on conflict (key) do update set
    failures = case when t.window_started_at <= now() - interval '1 hour' then 1 else t.failures + 1 end,
    window_started_at = case when t.window_started_at <= now() - interval '1 hour' then now() else t.window_started_at end,
    last_failure_at = now()
  returning t.failures into used;
  if used > 10 then
    raise exception 'appointment_rate_limited' using errcode = 'PT429',
      detail = 'Too many booking changes in the last hour; please try again later.';
  end if;
end
$$;
revoke all on function private.take_appointment_change() from public;
grant execute on function private.take_appointment_change() to authenticated;

-- ============================================================================================
-- Reminders 24 h before (the periodic job, as the named operation 'appointment reminders'):
-- confirmed bookings starting within the window, once per booking and start time. Returns the
-- bookings to remind; the job writes the mails with their .ics in the same transaction.
-- ============================================================================================

create or replace function private.claim_appointment_reminders(as_of timestamptz, hours_before integer)
returns table (appointment_id uuid) language plpgsql volatile security definer set search_path = '' as $$
begin
  return query
    with claimed as (
      insert into private.appointment_reminders as r (item_id, starts_at, sent_at)
      select a.item_id, a.starts_at, as_of from public.appointments a
      where a.status = 'confirmed' and a.starts_at > as_of and a.starts_at <= as_of + make_interval(hours => hours_before)
        -- booked or moved less than a day before: the booking mail itself was the reminder
        and a.updated_at <= a.starts_at - make_interval(hours => hours_before)
      on conflict do nothing
      returning r.item_id)
    select c.item_id from claimed c;
end
$$;
revoke all on function private.claim_appointment_reminders(timestamptz, integer) from public;
grant execute on function private.claim_appointment_reminders(timestamptz, integer) to service_role;

-- ============================================================================================
-- The private calendar feed of a staff member
-- ============================================================================================

-- Sets (or replaces) the caller's feed token hash; staff only, for themselves.
-- with_names: the staff member chose to show the booker's and the client's names in the feed
-- (the calendar service they subscribe with then holds them); by default the feed is neutral.
drop function if exists private.set_appointment_feed(bytea);
create or replace function private.set_appointment_feed(hash bytea, show_names boolean default false) returns void
language plpgsql volatile security definer set search_path = '' as $$
begin
  if not private.is_staff() then
    raise exception 'not allowed' using errcode = '42501';
  end if;
  insert into private.appointment_feeds (staff_id, token_hash, with_names) values ((select auth.uid()), hash, show_names)
  on conflict (staff_id) do update set token_hash = excluded.token_hash, with_names = excluded.with_names, created_at = now();
end
$$;

create or replace function private.revoke_appointment_feed() returns void
language sql volatile security definer set search_path = '' as $$
  delete from private.appointment_feeds where staff_id = (select auth.uid())
$$;

drop function if exists private.appointment_feed_exists();
create or replace function private.appointment_feed_exists() returns table (created_at timestamptz, with_names boolean)
language sql stable security definer set search_path = '' as $$
  select f.created_at, f.with_names from private.appointment_feeds f where f.staff_id = (select auth.uid())
$$;

-- The feed itself, for whoever holds the token (a calendar program, role anon): the active
-- bookings of that staff member from 30 days back, with the type's name and the client's number;
-- the booker's and the client's names only when the staff member chose so; never the answers.
-- Nothing for an unknown or revoked token, or a disabled account.
drop function if exists private.appointment_feed(bytea);
create or replace function private.appointment_feed(hash bytea)
returns table (item_id uuid, starts_at timestamptz, ends_at timestamptz, status text, sequence integer, location text,
               type_name text, client_number text, booker_name text, client_name text)
language plpgsql stable security definer set search_path = '' as $$
begin
  return query
    select a.item_id, a.starts_at, a.ends_at, a.status, a.sequence, t.location, t.name_de, c.number,
           case when f.with_names then b.display_name end, case when f.with_names then c.name end
    from private.appointment_feeds f
    join public.accounts s on s.id = f.staff_id and s.disabled_at is null and s.kind = 'staff'
    join public.appointments a on a.staff_id = f.staff_id
    join public.appointment_types t on t.id = a.type_id
    join public.accounts b on b.id = a.booked_by
    join public.clients c on c.id = a.client_id
    where f.token_hash = hash and a.status in ('pending', 'confirmed') and a.ends_at > now() - interval '30 days'
    order by a.starts_at;
end
$$;
create or replace function private.appointment_feed_valid(hash bytea) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (select 1 from private.appointment_feeds f join public.accounts s on s.id = f.staff_id
                 where f.token_hash = hash and s.disabled_at is null and s.kind = 'staff')
$$;
revoke all on function private.appointment_feed_valid(bytea) from public;
grant execute on function private.appointment_feed_valid(bytea) to anon;

revoke all on function private.set_appointment_feed(bytea, boolean), private.revoke_appointment_feed(), private.appointment_feed_exists(),
  private.appointment_feed(bytea) from public;
grant execute on function private.set_appointment_feed(bytea, boolean), private.revoke_appointment_feed(), private.appointment_feed_exists() to authenticated;
grant execute on function private.appointment_feed(bytea) to anon;

-- ============================================================================================
-- accounts: the staff member behind an appointment
-- ============================================================================================

-- The staff members whose types are open to the caller or whose calendar holds the caller's
-- bookings (computed once per statement; staff read every account anyway).
create or replace function private.appointment_staff_ids() returns uuid[]
language plpgsql stable security definer set search_path = '' as $$
begin
  if private.is_staff() then
    return '{}';
  end if;
  return (select coalesce(array_agg(distinct s), '{}') from (
    select a.staff_id as s from public.appointments a
    where a.booked_by = (select auth.uid()) and private.booker_entitled(a.item_id, a.type_id, a.client_id, a.project_id)
    union
    select t.staff_id from public.appointment_types t where t.active and private.type_open_to_caller(t.id)) x);
end
$$;
revoke all on function private.appointment_staff_ids() from public;
grant execute on function private.appointment_staff_ids() to authenticated;

-- Clients never read these staff members' account rows (address, admin flag, sign-in times …):
-- they learn only the id and the display name, through this function. Staff read accounts anyway.
drop policy if exists "People see the staff members of their appointments" on public.accounts;
create or replace function private.appointment_staff(ids uuid[]) returns table (id uuid, display_name text)
language sql stable security definer set search_path = '' as $$
  select s.id, s.display_name from public.accounts s
  where s.id = any(ids) and s.kind = 'staff'
    and (private.is_staff() or coalesce((select auth.role()), '') = 'service_role' or s.id = any(private.appointment_staff_ids()))
$$;
revoke all on function private.appointment_staff(uuid[]) from public;
grant execute on function private.appointment_staff(uuid[]) to authenticated, service_role;

-- ============================================================================================
-- items: the staff member of a booking sees its item (the page, its calls), also when they are
-- not assigned to the client — the booking is in their calendar. Nothing else of the client.
-- ============================================================================================

drop policy if exists "The staff member of a booking reads its item" on public.items;
create policy "The staff member of a booking reads its item" on public.items for select to authenticated
  using (kind = 'appointment' and (select private.is_staff()) and private.appointment_staff_of(id) = (select auth.uid()));
