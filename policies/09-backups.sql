-- Backups: the run history and the open incident are for the firm's admins (the dashboard warning
-- and the backup status); nobody writes them through the API (the backup code uses the owner
-- credential). service_role reads them for /metrics (last backup age) without a policy: it
-- bypasses row-level security.

do $$
declare t text;
begin
  foreach t in array array['backup_runs', 'backup_incidents'] loop
    execute format('drop policy if exists "Second factor required" on public.%I', t);
    execute format('create policy "Second factor required" on public.%I as restrictive for all to authenticated
                    using ((select private.second_factor_satisfied())) with check ((select private.second_factor_satisfied()))', t);
  end loop;
end
$$;

-- ============================================================================================
-- backup_runs, backup_incidents
-- ============================================================================================

drop policy if exists "Admins can read the backup runs" on public.backup_runs;
create policy "Admins can read the backup runs" on public.backup_runs for select
  to authenticated using ((select private.is_admin()));

drop policy if exists "Admins can read the backup incidents" on public.backup_incidents;
create policy "Admins can read the backup incidents" on public.backup_incidents for select
  to authenticated using ((select private.is_admin()));
