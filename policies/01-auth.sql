-- Sign-in and second factors: who may see which factors. Factor secrets, recovery codes,
-- challenges and counters live in private tables that only the privileged sign-in path reads.

-- ============================================================================================
-- mfa_factors
-- ============================================================================================

-- Enrolment must stay possible after the grace period, so an account always reaches its own factors.
drop policy if exists "Second factor required" on public.mfa_factors;
create policy "Second factor required" on public.mfa_factors as restrictive for all
  to authenticated using ((select private.second_factor_satisfied()) or account_id = (select auth.uid()))
  with check ((select private.second_factor_satisfied()) or account_id = (select auth.uid()));

drop policy if exists "Users can read their own factors" on public.mfa_factors;
create policy "Users can read their own factors" on public.mfa_factors for select
  to authenticated using (account_id = (select auth.uid()));

drop policy if exists "Staff can read the factor status of all accounts" on public.mfa_factors;
create policy "Staff can read the factor status of all accounts" on public.mfa_factors for select
  to authenticated using ((select private.is_staff()));

-- ============================================================================================
-- sessions: signing out must stay possible after the grace period
-- ============================================================================================

drop policy if exists "Second factor required" on public.sessions;
create policy "Second factor required" on public.sessions as restrictive for all
  to authenticated using ((select private.second_factor_satisfied()) or account_id = (select auth.uid()))
  with check ((select private.second_factor_satisfied()) or account_id = (select auth.uid()));

-- ============================================================================================
-- staff actions on accounts and factors
-- ============================================================================================

-- Staff invite client users and outside participants; only admins invite staff.
drop policy if exists "Staff can invite accounts" on public.accounts;
create policy "Staff can invite accounts" on public.accounts for insert
  to authenticated with check ((select private.is_staff()) and (kind <> 'staff' or (select private.is_admin())));

-- Admins switch accounts off and on; staff set a fresh grace period after a factor reset.
-- Nobody changes the own account's status this way.
drop policy if exists "Staff can change the status of other accounts" on public.accounts;
create policy "Staff can change the status of other accounts" on public.accounts for update
  to authenticated using ((select private.is_staff()) and id <> (select auth.uid()) and (kind <> 'staff' or (select private.is_admin())))
  with check ((select private.is_staff()) and id <> (select auth.uid()) and (kind <> 'staff' or (select private.is_admin())));

drop policy if exists "Staff can reset the factors of other accounts" on public.mfa_factors;
create policy "Staff can reset the factors of other accounts" on public.mfa_factors for delete
  to authenticated using (
    account_id <> (select auth.uid())
    and ((select private.is_admin()) or ((select private.is_staff()) and private.account_kind(account_id) <> 'staff')));

-- ============================================================================================
-- invitations
-- ============================================================================================

drop policy if exists "Second factor required" on public.invitations;
create policy "Second factor required" on public.invitations as restrictive for all
  to authenticated using ((select private.second_factor_satisfied()))
  with check ((select private.second_factor_satisfied()));

drop policy if exists "Staff can read invitations" on public.invitations;
create policy "Staff can read invitations" on public.invitations for select
  to authenticated using ((select private.is_staff()));

drop policy if exists "Staff can invite in their own name" on public.invitations;
create policy "Staff can invite in their own name" on public.invitations for insert
  to authenticated with check ((select private.is_staff()) and invited_by = (select auth.uid()));

drop policy if exists "Staff can revoke invitations" on public.invitations;
create policy "Staff can revoke invitations" on public.invitations for update
  to authenticated using ((select private.is_staff())) with check ((select private.is_staff()));

-- ============================================================================================
-- recovery_codes
-- ============================================================================================

drop policy if exists "Second factor required" on public.recovery_codes;
create policy "Second factor required" on public.recovery_codes as restrictive for all
  to authenticated using ((select private.second_factor_satisfied()) or account_id = (select auth.uid()))
  with check ((select private.second_factor_satisfied()) or account_id = (select auth.uid()));

drop policy if exists "Users can see their own recovery codes' status" on public.recovery_codes;
create policy "Users can see their own recovery codes' status" on public.recovery_codes for select
  to authenticated using (account_id = (select auth.uid()));

drop policy if exists "Staff can see recovery code status" on public.recovery_codes;
create policy "Staff can see recovery code status" on public.recovery_codes for select
  to authenticated using ((select private.is_staff()));

drop policy if exists "Staff can reset the recovery codes of other accounts" on public.recovery_codes;
create policy "Staff can reset the recovery codes of other accounts" on public.recovery_codes for delete
  to authenticated using (
    account_id <> (select auth.uid())
    and ((select private.is_admin()) or ((select private.is_staff()) and private.account_kind(account_id) <> 'staff')));

-- ============================================================================================
-- mail to accounts from a user's transaction
-- ============================================================================================

-- Queues a mail to an account in the caller's transaction. Staff may send the account-management
-- templates; the recipient's address and language come from the account, never from the caller.
-- A link names only the template's own page (and an invitation's token after '#'); the stored
-- public origin goes in front of it (private.public_link), so no caller — a client's manager
-- with direct SQL access included — can make the firm's sender mail a link to another host.
create or replace function private.enqueue_account_mail(recipient uuid, template text, params jsonb)
returns void language plpgsql security definer set search_path = '' as $$
declare
  target public.accounts;
  path text := params ->> 'link';
  page text;
  uuid_re constant text := '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
begin
  -- Staff send the account-management mails; document mails only to people of clients they
  -- look after; a client's managers tell the people they add.
  if not (
    (template in ('invitation', 'factors-reset', 'account-disabled', 'added-to-client') and private.is_staff())
    or (template in ('new-document', 'document-reminder', 'document-request', 'request-returned') and (
          private.is_admin()
          or exists (select 1 from public.client_members m where m.account_id = recipient and m.client_id = any(private.staff_client_ids()))
          or exists (select 1 from public.project_participants p where p.account_id = recipient and p.client_id = any(private.staff_client_ids()))))
    or (template in ('invitation', 'added-to-client') and (
          exists (select 1 from public.client_members m
                  where m.account_id = recipient and m.granted_by = (select auth.uid())
                    and m.client_id = any(private.client_ids_with('members.manage')))
          or exists (select 1 from public.project_participants p
                     where p.account_id = recipient and p.invited_by = (select auth.uid())
                       and p.client_id = any(private.client_ids_with('members.manage')))))
  ) then
    raise exception 'mail template % not allowed for this caller', template using errcode = '42501';
  end if;
  select * into target from public.accounts where id = recipient;
  if not found then
    raise exception 'no such account' using errcode = '42501';
  end if;
  if path is not null then
    page := case template
      when 'invitation' then '^/einladung#[A-Za-z0-9_-]{22,128}$'
      when 'added-to-client' then '^/einladungen$'
      when 'factors-reset' then '^/anmelden$'
      when 'new-document' then '^/dokumente/' || uuid_re || '$'
      when 'document-reminder' then '^/dokumente/' || uuid_re || '$'
      when 'document-request' then '^/anforderungen/' || uuid_re || '$'
      when 'request-returned' then '^/anforderungen/' || uuid_re || '$'
    end;
    if page is null or path !~ page then
      raise exception 'invalid link' using errcode = '22023';
    end if;
    params := params || jsonb_build_object('link', private.public_link(split_part(path, '#', 1)) ||
      case when position('#' in path) > 0 then '#' || split_part(path, '#', 2) else '' end);
  end if;
  -- The firm's name and the inviter's come from the database too, not from the caller.
  if params ? 'firmName' then
    params := params || jsonb_build_object('firmName', coalesce((select f.firm_name from public.firm_settings f where f.id = 1), 'Kanzlei'));
  end if;
  if params ? 'inviter' then
    params := params || jsonb_build_object('inviter', (select a.display_name from public.accounts a where a.id = (select auth.uid())));
  end if;
  insert into private.outbox (template, to_address, locale, params)
  values (template, target.email, target.locale, params || jsonb_build_object('name', target.display_name));
end
$$;
revoke all on function private.enqueue_account_mail(uuid, text, jsonb) from public;
grant execute on function private.enqueue_account_mail(uuid, text, jsonb) to authenticated;

-- ============================================================================================
-- sessions of other accounts
-- ============================================================================================

drop policy if exists "Staff can end the sessions of other accounts" on public.sessions;
create policy "Staff can end the sessions of other accounts" on public.sessions for update
  to authenticated using (
    account_id <> (select auth.uid())
    and ((select private.is_admin()) or ((select private.is_staff()) and private.account_kind(account_id) <> 'staff')))
  with check (
    account_id <> (select auth.uid())
    and ((select private.is_admin()) or ((select private.is_staff()) and private.account_kind(account_id) <> 'staff')));

drop policy if exists "Staff can read the sessions of other accounts" on public.sessions;
create policy "Staff can read the sessions of other accounts" on public.sessions for select
  to authenticated using (
    account_id <> (select auth.uid())
    and ((select private.is_admin()) or ((select private.is_staff()) and private.account_kind(account_id) <> 'staff')));

-- ============================================================================================
-- account status is never self-service
-- ============================================================================================

-- Column grants cannot differ per policy: the same update grant that lets staff disable another
-- account or set its grace period would let an account change its own. This guard refuses any
-- change of an account's status by the account itself through an API role.
create or replace function private.guard_account_status() returns trigger
language plpgsql set search_path = '' as $$
begin
  if current_user in ('authenticated', 'anon')
     and old.id = (select auth.uid())
     and (new.disabled_at is distinct from old.disabled_at or new.mfa_deadline is distinct from old.mfa_deadline
          or new.kind is distinct from old.kind or new.is_admin is distinct from old.is_admin
          or new.email is distinct from old.email) then
    raise exception 'an account cannot change its own status' using errcode = '42501';
  end if;
  -- Staff give a fresh grace period of at most a day (a factor reset), never an open-ended one.
  if current_user in ('authenticated', 'anon') and new.mfa_deadline is distinct from old.mfa_deadline
     and new.mfa_deadline > now() + interval '25 hours' then
    raise exception 'a grace period set by staff ends within 24 hours' using errcode = '42501';
  end if;
  return new;
end
$$;
drop trigger if exists accounts_guard_status on public.accounts;
create trigger accounts_guard_status before update on public.accounts
  for each row execute function private.guard_account_status();
