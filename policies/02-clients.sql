-- Clients, members, projects and the audience of every item: who may see and change what.
-- Every helper reads the caller from auth.uid() and is evaluated once per statement where the
-- policy wraps it in (select …); arrays of ids keep the per-row check an index-friendly = any().

-- ============================================================================================
-- Helpers: rights
-- ============================================================================================

-- What a role may do when its rights are not narrowed.
create or replace function private.role_rights(role text) returns text[]
language plpgsql immutable set search_path = '' as $$
begin
  return case role
    when 'owner' then array['documents.read', 'documents.upload', 'messages.write', 'appointments.book', 'shares.create', 'projects.read', 'members.manage']
    when 'manager' then array['documents.read', 'documents.upload', 'messages.write', 'appointments.book', 'shares.create', 'projects.read', 'members.manage']
    when 'member' then array['documents.read', 'documents.upload', 'messages.write', 'appointments.book', 'projects.read']
    when 'viewer' then array['documents.read', 'projects.read']
    else array[]::text[]
  end;
end
$$;

-- A membership's effective rights: the role's, narrowed by the per-person list when there is one.
create or replace function private.effective_rights(role text, rights text[]) returns text[]
language plpgsql immutable set search_path = '' as $$
begin
  if rights is null then
    return private.role_rights(role);
  end if;
  return array(select r from unnest(private.role_rights(role)) r where r = any(rights) order by r);
end
$$;

create or replace function private.role_rank(role text) returns integer
language sql immutable set search_path = '' as $$
  select case role when 'owner' then 4 when 'manager' then 3 when 'member' then 2 when 'viewer' then 1 else 0 end
$$;

-- The clients in which the caller holds an active membership (not revoked, not expired, account
-- enabled), optionally only those where the membership carries a right.
create or replace function private.client_ids_with(right_name text default null) returns uuid[]
language plpgsql stable security definer set search_path = '' as $$
begin
  return (select coalesce(array_agg(m.client_id), '{}')
          from public.client_members m join public.accounts a on a.id = m.account_id
          where m.account_id = (select auth.uid()) and a.disabled_at is null and m.accepted_at is not null
            and m.revoked_at is null and (m.expires_at is null or m.expires_at > now())
            and (right_name is null or right_name = any(private.effective_rights(m.role, m.rights))));
end
$$;

-- The clients the caller works on as assigned staff.
create or replace function private.staff_client_ids() returns uuid[]
language plpgsql stable security definer set search_path = '' as $$
begin
  return (select coalesce(array_agg(cs.client_id), '{}')
          from public.client_staff cs join public.accounts a on a.id = cs.account_id
          where cs.account_id = (select auth.uid()) and a.kind = 'staff' and a.disabled_at is null);
end
$$;

-- True for admins and for staff assigned to the client.
create or replace function private.is_client_staff(client uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select private.is_admin() or client = any(private.staff_client_ids())
$$;

-- The projects in which the caller takes part ('member' or 'outside'; null = both), while the
-- participation and (for client members) the membership are active.
create or replace function private.project_ids(participant_kind text default null) returns uuid[]
language plpgsql stable security definer set search_path = '' as $$
begin
  return (select coalesce(array_agg(p.project_id), '{}')
          from public.project_participants p join public.accounts a on a.id = p.account_id
          where p.account_id = (select auth.uid()) and p.revoked_at is null and a.disabled_at is null
            and (participant_kind is null or p.kind = participant_kind)
            and (p.kind = 'outside' or p.client_id = any(private.client_ids_with(null))));
end
$$;

-- The client groups of the clients the caller belongs to.
create or replace function private.group_ids() returns uuid[]
language plpgsql stable security definer set search_path = '' as $$
begin
  return (select coalesce(array_agg(distinct g.group_id), '{}')
          from public.client_group_members g where g.client_id = any(private.client_ids_with(null)));
end
$$;

-- May the caller grant this membership? (Parameter names differ from every column name: in a SQL
-- function a column of the same name would silently win.) Staff of the client may grant anything; a member with
-- members.manage may grant no more than they hold: not 'owner', no higher role, no right they
-- lack, and no later expiry than their own.
create or replace function private.can_grant(client uuid, new_role text, new_rights text[], new_expiry timestamptz) returns boolean
language sql stable security definer set search_path = '' as $$
  select private.is_client_staff(client) or (
    new_role <> 'owner' and exists (
      select 1 from public.client_members m join public.accounts a on a.id = m.account_id
      where m.client_id = client and m.account_id = (select auth.uid()) and a.disabled_at is null
        and m.accepted_at is not null and m.revoked_at is null and (m.expires_at is null or m.expires_at > now())
        and 'members.manage' = any(private.effective_rights(m.role, m.rights))
        and private.role_rank(new_role) <= private.role_rank(m.role)
        and private.effective_rights(new_role, new_rights) <@ private.effective_rights(m.role, m.rights)
        and (m.expires_at is null or (new_expiry is not null and new_expiry <= m.expires_at))))
$$;

-- May the caller add this person to the project? Staff of the client always; the client's
-- managers for their own members, and for outside participants where staff allow it.
create or replace function private.can_add_participant(project uuid, client uuid, person uuid, participant_kind text) returns boolean
language sql stable security definer set search_path = '' as $$
  select private.is_client_staff(client) or (
    client = any(private.client_ids_with('members.manage'))
    and case participant_kind
      when 'member' then exists (select 1 from public.client_members m where m.client_id = client and m.account_id = person and m.revoked_at is null)
      when 'outside' then (select c.managers_invite_outside from public.clients c where c.id = client)
      else false end)
$$;

-- Can the person be named as a recipient of an item of this client (and project)?
create or replace function private.is_audience_candidate(client uuid, project uuid, person uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (select 1 from public.client_members m where m.client_id = client and m.account_id = person and m.revoked_at is null)
      or exists (select 1 from public.project_participants p where p.project_id = project and p.account_id = person and p.revoked_at is null)
      or exists (select 1 from public.accounts a where a.id = person and a.kind = 'staff')
$$;

-- The items addressed to the caller by name (read without RLS: item_recipients' own policy
-- refers to items, and a policy must not recurse).
create or replace function private.received_item_ids() returns uuid[]
language plpgsql stable security definer set search_path = '' as $$
begin
  return (select coalesce(array_agg(r.item_id), '{}') from public.item_recipients r where r.account_id = (select auth.uid()));
end
$$;

-- Everything the items policy needs to know about a person, computed once per statement:
-- item_scope() for the caller; item_scope_for(person) also for someone else (a mention checks
-- whether the person mentioned may read the item) — the owner's functions only, never callable
-- by users (it would reveal another person's memberships).
create or replace function private.item_scope_for(person uuid) returns private.item_scope
language plpgsql stable security definer set search_path = '' as $$
declare
  s private.item_scope;
  account_kind text;
begin
  s := row(null, false, false, '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}');
  select a.id, a.kind, a.is_admin into s.me, account_kind, s.admin
  from public.accounts a where a.id = person and a.disabled_at is null;
  if s.me is null then
    s.admin := false;
    return s;
  end if;
  s.staff := account_kind = 'staff';
  if s.staff then
    select coalesce(array_agg(cs.client_id), '{}') into s.staff_clients from public.client_staff cs where cs.account_id = s.me;
  end if;
  select coalesce(array_agg(m.client_id), '{}'),
         coalesce(array_agg(m.client_id) filter (where 'documents.read' = any(private.effective_rights(m.role, m.rights))), '{}'),
         coalesce(array_agg(m.client_id) filter (where 'members.manage' = any(private.effective_rights(m.role, m.rights))), '{}')
    into s.clients, s.document_clients, s.manage_clients
  from public.client_members m
  where m.account_id = s.me and m.accepted_at is not null and m.revoked_at is null and (m.expires_at is null or m.expires_at > now());
  select coalesce(array_agg(p.project_id) filter (where p.kind = 'member'), '{}'), coalesce(array_agg(p.project_id), '{}')
    into s.member_projects, s.projects
  from public.project_participants p
  where p.account_id = s.me and p.revoked_at is null and (p.kind = 'outside' or p.client_id = any(s.clients));
  if cardinality(s.clients) > 0 then
    select coalesce(array_agg(distinct g.group_id), '{}') into s.groups from public.client_group_members g where g.client_id = any(s.clients);
  end if;
  select coalesce(array_agg(r.item_id), '{}') into s.received from public.item_recipients r where r.account_id = s.me;
  return s;
end
$$;

create or replace function private.item_scope() returns private.item_scope
language plpgsql stable security definer set search_path = '' as $$
begin
  return private.item_scope_for((select auth.uid()));
end
$$;

-- Whether a person with scope s may read an item: the one definition of the items' audience rule,
-- used by the select policy on items and by mentions. A plain SQL expression (no SET clause, no
-- table access), so PostgreSQL inlines it into the policy; it only compares ids with arrays.
create or replace function private.item_visible(s private.item_scope, item_id uuid, client uuid, project uuid, grp uuid,
                                                audience text, kind text, created_by uuid) returns boolean
language sql immutable as $$
  select coalesce(s.admin, false)
      or client = any(s.staff_clients)
      or (audience = 'group' and (s.staff or grp = any(s.groups)))
      or (audience = 'client' and client = any(s.clients)
          and (kind not in ('document', 'document_group') or client = any(s.document_clients)))
      or (audience = 'project' and (project = any(s.member_projects) or client = any(s.manage_clients))
          and (kind not in ('document', 'document_group') or client = any(s.document_clients)))
      or (audience = 'people' and (client = any(s.clients) or project = any(s.projects))
          and (created_by = s.me or item_id = any(s.received)))
$$;

-- The right a client member needs to create an item of a kind (info pages: staff only).
create or replace function private.create_right(item_kind text) returns text
language sql immutable set search_path = '' as $$
  select case item_kind when 'document' then 'documents.upload' when 'document_group' then 'documents.upload'
    when 'message_thread' then 'messages.write' when 'appointment' then 'appointments.book' else null end
$$;

revoke all on function private.client_ids_with(text), private.staff_client_ids(), private.is_client_staff(uuid),
  private.project_ids(text), private.group_ids(), private.can_grant(uuid, text, text[], timestamptz),
  private.can_add_participant(uuid, uuid, uuid, text), private.is_audience_candidate(uuid, uuid, uuid),
  private.received_item_ids(), private.item_scope(), private.item_scope_for(uuid), private.item_visible(private.item_scope, uuid, uuid, uuid, uuid, text, text, uuid) from public;
grant execute on function private.client_ids_with(text), private.staff_client_ids(), private.is_client_staff(uuid),
  private.project_ids(text), private.group_ids(), private.can_grant(uuid, text, text[], timestamptz),
  private.can_add_participant(uuid, uuid, uuid, text), private.is_audience_candidate(uuid, uuid, uuid),
  private.received_item_ids(), private.item_scope(), private.item_visible(private.item_scope, uuid, uuid, uuid, uuid, text, text, uuid), private.role_rights(text), private.effective_rights(text, text[]), private.role_rank(text), private.create_right(text)
  to authenticated, service_role;

-- ============================================================================================
-- The second-factor rule on every table of this domain
-- ============================================================================================

do $$
declare t text;
begin
  foreach t in array array['clients', 'client_staff', 'client_members', 'projects', 'project_participants',
                           'client_groups', 'client_group_members', 'items', 'item_recipients', 'info_pages'] loop
    execute format('drop policy if exists "Second factor required" on public.%I', t);
    execute format('create policy "Second factor required" on public.%I as restrictive for all to authenticated
                    using ((select private.second_factor_satisfied())) with check ((select private.second_factor_satisfied()))', t);
  end loop;
end
$$;

-- ============================================================================================
-- clients
-- ============================================================================================

drop policy if exists "Staff and members can read their clients" on public.clients;
create policy "Staff and members can read their clients" on public.clients for select to authenticated
  using ((select private.is_admin()) or id = any((select private.staff_client_ids())::uuid[]) or id = any((select private.client_ids_with())::uuid[]));

-- A person sees the name of a client that added them, also before accepting.
drop policy if exists "People see the clients that added them" on public.clients;
create policy "People see the clients that added them" on public.clients for select to authenticated
  using (id in (select m.client_id from public.client_members m where m.account_id = (select auth.uid()) and m.revoked_at is null));

drop policy if exists "Staff can create clients" on public.clients;
create policy "Staff can create clients" on public.clients for insert to authenticated
  with check ((select private.is_staff()) and created_by = (select auth.uid()));

drop policy if exists "Assigned staff can change a client" on public.clients;
create policy "Assigned staff can change a client" on public.clients for update to authenticated
  using (private.is_client_staff(id)) with check (private.is_client_staff(id));

-- ============================================================================================
-- client_staff
-- ============================================================================================

drop policy if exists "Staff and members can see who works on a client" on public.client_staff;
create policy "Staff and members can see who works on a client" on public.client_staff for select to authenticated
  using ((select private.is_staff()) or client_id = any((select private.client_ids_with())::uuid[]));

-- Admins assign anyone; a staff member assigns themselves to a client they created.
drop policy if exists "Admins assign staff; staff take on clients they created" on public.client_staff;
create policy "Admins assign staff; staff take on clients they created" on public.client_staff for insert to authenticated
  with check ((select private.is_admin())
    or ((select private.is_staff()) and account_id = (select auth.uid())
        and exists (select 1 from public.clients c where c.id = client_staff.client_id and c.created_by = (select auth.uid()))));

drop policy if exists "Admins can end an assignment" on public.client_staff;
create policy "Admins can end an assignment" on public.client_staff for delete to authenticated
  using ((select private.is_admin()));

-- ============================================================================================
-- client_members
-- ============================================================================================

drop policy if exists "Staff, the person and fellow members can see memberships" on public.client_members;
create policy "Staff, the person and fellow members can see memberships" on public.client_members for select to authenticated
  using (private.is_client_staff(client_id) or account_id = (select auth.uid()) or client_id = any((select private.client_ids_with())::uuid[]));

drop policy if exists "Staff and managers grant memberships within their own rights" on public.client_members;
create policy "Staff and managers grant memberships within their own rights" on public.client_members for insert to authenticated
  with check (granted_by = (select auth.uid()) and private.can_grant(client_id, role, rights, expires_at)
              and (accepted_at is null or private.is_client_staff(client_id)));

-- Managers change and revoke memberships below their own, never an owner's or their own.
drop policy if exists "Staff and managers change memberships within their own rights" on public.client_members;
create policy "Staff and managers change memberships within their own rights" on public.client_members for update to authenticated
  using (private.is_client_staff(client_id)
         or (client_id = any((select private.client_ids_with('members.manage'))::uuid[]) and role <> 'owner' and account_id <> (select auth.uid())))
  with check (private.can_grant(client_id, role, rights, expires_at));

-- ============================================================================================
-- projects and participants
-- ============================================================================================

drop policy if exists "Staff, members with project rights and participants can read projects" on public.projects;
create policy "Staff, members with project rights and participants can read projects" on public.projects for select to authenticated
  using (private.is_client_staff(client_id) or client_id = any((select private.client_ids_with('projects.read'))::uuid[])
         or id = any((select private.project_ids())::uuid[]));

drop policy if exists "Assigned staff create projects" on public.projects;
create policy "Assigned staff create projects" on public.projects for insert to authenticated
  with check (private.is_client_staff(client_id) and created_by = (select auth.uid()));

drop policy if exists "Assigned staff change projects" on public.projects;
create policy "Assigned staff change projects" on public.projects for update to authenticated
  using (private.is_client_staff(client_id)) with check (private.is_client_staff(client_id));

-- Outside participants see their own participation only, never the client's people.
drop policy if exists "Staff, members with project rights and the person can see participants" on public.project_participants;
create policy "Staff, members with project rights and the person can see participants" on public.project_participants for select to authenticated
  using (private.is_client_staff(client_id) or account_id = (select auth.uid())
         or client_id = any((select private.client_ids_with('projects.read'))::uuid[]));

drop policy if exists "Staff and allowed managers add participants" on public.project_participants;
create policy "Staff and allowed managers add participants" on public.project_participants for insert to authenticated
  with check (invited_by = (select auth.uid()) and private.can_add_participant(project_id, client_id, account_id, kind));

drop policy if exists "Staff and allowed managers end participations" on public.project_participants;
create policy "Staff and allowed managers end participations" on public.project_participants for update to authenticated
  using (private.can_add_participant(project_id, client_id, account_id, kind))
  with check (private.can_add_participant(project_id, client_id, account_id, kind));

-- ============================================================================================
-- client groups
-- ============================================================================================

drop policy if exists "Staff and members of grouped clients can read groups" on public.client_groups;
create policy "Staff and members of grouped clients can read groups" on public.client_groups for select to authenticated
  using ((select private.is_staff()) or id = any((select private.group_ids())::uuid[]));

drop policy if exists "Staff manage groups" on public.client_groups;
create policy "Staff manage groups" on public.client_groups for all to authenticated
  using ((select private.is_staff())) with check ((select private.is_staff()));

drop policy if exists "Staff manage group membership" on public.client_group_members;
create policy "Staff manage group membership" on public.client_group_members for all to authenticated
  using ((select private.is_staff())) with check ((select private.is_staff()));

-- ============================================================================================
-- items: the audience decides
-- ============================================================================================

drop policy if exists "People in an item's audience can read it" on public.items;
-- The caller's scope is computed once per statement (an InitPlan in a one-row subquery kept
-- apart by OFFSET 0); each row then only compares ids with arrays.
create policy "People in an item's audience can read it" on public.items for select to authenticated
  using (exists (
    select 1 from (select (select private.item_scope()) as s offset 0) x
    where private.item_visible(x.s, items.id, items.client_id, items.project_id, items.group_id, items.audience, items.kind, items.created_by)));

-- Staff create any item for their clients (group info pages: any staff); client members create
-- the kinds their rights allow, for the whole client, their project, or named people — never
-- firm-internal ones; outside participants address named people in their project.
drop policy if exists "Staff and entitled people create items" on public.items;
create policy "Staff and entitled people create items" on public.items for insert to authenticated
  with check (
    created_by = (select auth.uid()) and (
      (audience = 'group' and (select private.is_staff()))
      or (audience <> 'group' and private.is_client_staff(client_id))
      or (audience in ('client', 'project', 'people') and private.create_right(kind) is not null
          and client_id = any((select private.client_ids_with(private.create_right(kind)))::uuid[])
          and (audience <> 'project' or project_id = any((select private.project_ids('member'))::uuid[])
               or client_id = any((select private.client_ids_with('members.manage'))::uuid[])))
      or (audience = 'people' and private.create_right(kind) is not null and project_id = any((select private.project_ids('outside'))::uuid[]))));

-- The creator (while still entitled) and the client's staff change an item; the audience can be
-- widened or narrowed only within what the creator may address (the insert rule again).
drop policy if exists "Creators and staff change items" on public.items;
create policy "Creators and staff change items" on public.items for update to authenticated
  using (private.is_client_staff(client_id) or (audience = 'group' and (select private.is_staff())) or created_by = (select auth.uid()))
  with check (
    (audience = 'group' and (select private.is_staff()))
    or (audience <> 'group' and private.is_client_staff(client_id))
    or (created_by = (select auth.uid()) and audience in ('client', 'project', 'people') and private.create_right(kind) is not null
        and (client_id = any((select private.client_ids_with(private.create_right(kind)))::uuid[]) or project_id = any((select private.project_ids('outside'))::uuid[]))
        and (audience <> 'project' or project_id = any((select private.project_ids('member'))::uuid[])
             or client_id = any((select private.client_ids_with('members.manage'))::uuid[]))));

drop policy if exists "Staff delete items" on public.items;
create policy "Staff delete items" on public.items for delete to authenticated
  using (private.is_client_staff(client_id) or (audience = 'group' and (select private.is_staff())));

-- ============================================================================================
-- item_recipients and info_pages follow their item
-- ============================================================================================

drop policy if exists "Whoever sees an item sees its recipients" on public.item_recipients;
create policy "Whoever sees an item sees its recipients" on public.item_recipients for select to authenticated
  using (account_id = (select auth.uid()) or exists (select 1 from public.items i where i.id = item_recipients.item_id));

drop policy if exists "Creators and staff name recipients from the item's people" on public.item_recipients;
create policy "Creators and staff name recipients from the item's people" on public.item_recipients for insert to authenticated
  with check (exists (select 1 from public.items i where i.id = item_recipients.item_id
                        and (private.is_client_staff(i.client_id) or i.created_by = (select auth.uid()))
                        and private.is_audience_candidate(i.client_id, i.project_id, item_recipients.account_id)));

drop policy if exists "Creators and staff remove recipients" on public.item_recipients;
create policy "Creators and staff remove recipients" on public.item_recipients for delete to authenticated
  using (exists (select 1 from public.items i where i.id = item_recipients.item_id
                   and (private.is_client_staff(i.client_id) or i.created_by = (select auth.uid()))));

drop policy if exists "Whoever sees an info page reads it" on public.info_pages;
create policy "Whoever sees an info page reads it" on public.info_pages for select to authenticated
  using (exists (select 1 from public.items i where i.id = info_pages.item_id and i.kind = 'info_page'));

drop policy if exists "Staff write info pages" on public.info_pages;
create policy "Staff write info pages" on public.info_pages for insert to authenticated
  with check (exists (select 1 from public.items i where i.id = info_pages.item_id and i.kind = 'info_page'
                        and (private.is_client_staff(i.client_id) or (i.audience = 'group' and (select private.is_staff())))));

drop policy if exists "Staff edit info pages" on public.info_pages;
create policy "Staff edit info pages" on public.info_pages for update to authenticated
  using (exists (select 1 from public.items i where i.id = info_pages.item_id
                   and (private.is_client_staff(i.client_id) or (i.audience = 'group' and (select private.is_staff())))))
  with check (exists (select 1 from public.items i where i.id = info_pages.item_id
                   and (private.is_client_staff(i.client_id) or (i.audience = 'group' and (select private.is_staff())))));

-- ============================================================================================
-- accounts: the people of one's clients
-- ============================================================================================

-- Members see the names of their clients' members and assigned staff; nobody else's.
drop policy if exists "Members can read the people of their clients" on public.accounts;
create policy "Members can read the people of their clients" on public.accounts for select to authenticated
  using (id in (select m.account_id from public.client_members m
               where m.client_id = any((select private.client_ids_with())::uuid[]) and m.accepted_at is not null)
         or id in (select s.account_id from public.client_staff s where s.client_id = any((select private.client_ids_with())::uuid[]))
         -- and the names of the people taking part in their clients' projects (e.g. the tax adviser)
         or id in (select p.account_id from public.project_participants p
                   where p.client_id = any((select private.client_ids_with('projects.read'))::uuid[]) and p.revoked_at is null));

-- ============================================================================================
-- invitations: a client's managers invite the people they add
-- ============================================================================================

-- A client's managers invite the people they just added to their client.
drop policy if exists "Managers invite the people they add" on public.invitations;
create policy "Managers invite the people they add" on public.invitations for insert
  to authenticated with check (invited_by = (select auth.uid()) and (
    exists (select 1 from public.client_members m
            where m.account_id = invitations.account_id and m.granted_by = (select auth.uid())
              and m.client_id = any((select private.client_ids_with('members.manage'))::uuid[]))
    or exists (select 1 from public.project_participants p
               where p.account_id = invitations.account_id and p.invited_by = (select auth.uid())
                 and p.client_id = any((select private.client_ids_with('members.manage'))::uuid[]))));

-- ============================================================================================
-- adding people: find or create their account
-- ============================================================================================

-- Finds the account with this e-mail address or creates it (no password yet), for staff and for
-- a client's managers adding a person. The caller learns only an id: whether the person already
-- had an account stays hidden from the answer (the membership policies then decide, as always).
create or replace function private.find_or_create_account(address text, person_name text, person_locale text, person_kind text)
returns table (found_account uuid, created boolean)
language plpgsql volatile security definer set search_path = '' as $$
declare
  existing uuid;
begin
  if not (private.is_staff() or cardinality(private.client_ids_with('members.manage')) > 0) then
    raise exception 'not allowed' using errcode = '42501';
  end if;
  if person_kind not in ('client', 'external') or person_locale not in ('de', 'en') then
    raise exception 'invalid person' using errcode = '22023';
  end if;
  select a.id into existing from public.accounts a where lower(a.email) = lower(address);
  if existing is not null then
    return query select existing, false;
    return;
  end if;
  -- The grace period starts when the invitation is accepted; until then the deadline is far.
  insert into public.accounts (email, display_name, kind, locale, mfa_deadline)
  values (lower(address), person_name, person_kind, person_locale, now() + interval '30 days')
  returning id into existing;
  return query select existing, true;
end
$$;
revoke all on function private.find_or_create_account(text, text, text, text) from public;
grant execute on function private.find_or_create_account(text, text, text, text) to authenticated;

-- ============================================================================================
-- audit_log: a client's own area
-- ============================================================================================

-- A client's owners and managers read the audit entries of their client's area.
drop policy if exists "Client managers read their client's audit entries" on public.audit_log;
create policy "Client managers read their client's audit entries" on public.audit_log for select to authenticated
  using (client_id = any((select private.client_ids_with('members.manage'))::uuid[]));

-- ============================================================================================
-- accepting a membership
-- ============================================================================================

drop policy if exists "People accept their own memberships" on public.client_members;
create policy "People accept their own memberships" on public.client_members for update to authenticated
  using (account_id = (select auth.uid()) and accepted_at is null and revoked_at is null)
  with check (account_id = (select auth.uid()));

-- Only the person (or the client's staff) accepts; a manager's update grant must not.
create or replace function private.guard_membership_acceptance() returns trigger
language plpgsql set search_path = '' as $$
begin
  if current_user in ('authenticated', 'anon') and new.accepted_at is distinct from old.accepted_at
     and not (old.account_id = (select auth.uid()) or private.is_client_staff(old.client_id)) then
    raise exception 'only the person accepts a membership' using errcode = '42501';
  end if;
  if current_user in ('authenticated', 'anon') and old.account_id = (select auth.uid())
     and not private.is_client_staff(old.client_id)
     and (new.role, new.rights, new.expires_at) is distinct from (old.role, old.rights, old.expires_at) then
    raise exception 'a membership is not changed by its holder' using errcode = '42501';
  end if;
  return new;
end
$$;
drop trigger if exists client_members_guard_acceptance on public.client_members;
create trigger client_members_guard_acceptance before update on public.client_members
  for each row execute function private.guard_membership_acceptance();
