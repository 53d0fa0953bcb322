-- Demo data for a local Supabase CLI database (`supabase db reset` applies it).
-- The portal itself never runs this file: its first-run page creates the firm and the lawyer's
-- account. The demo firm name below is replaced by whatever the first-run page is given.
insert into public.firm_settings (id, firm_name) values (1, 'Kanzlei Beispiel')
on conflict (id) do nothing;
