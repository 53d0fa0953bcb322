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
