-- Bootstrap: the roles and auth helpers a Supabase Postgres already has, created only when absent.
-- Runs before the migrations on every start; where the roles, schemas and helpers exist (Supabase,
-- or a server prepared by a DBA) every statement is a no-op. Role creation needs a superuser (or
-- CREATEROLE); on a managed server the DBA creates the roles once as the README shows.

-- The API roles. anon and authenticated are the audiences of every policy; service_role bypasses
-- RLS and is reachable only through the privileged module (functions/_shared/privileged.ts).
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit bypassrls;
  end if;
  -- The login role of the application: owns nothing, cannot bypass RLS, can only switch to the
  -- three API roles (noinherit: it holds none of their rights until it SETs ROLE).
  if not exists (select 1 from pg_roles where rolname = 'authenticator') then
    create role authenticator login noinherit nocreatedb nocreaterole nobypassrls;
  end if;
end
$$;

-- Membership lets authenticator SET ROLE to the API roles; granted only where missing, because
-- on PostgreSQL 16+ granting needs ADMIN on the role, which a Supabase postgres user may lack.
do $$
declare r text;
begin
  foreach r in array array['anon', 'authenticated', 'service_role'] loop
    if not pg_has_role('authenticator', r, 'member') then
      execute format('grant %I to authenticator', r);
    end if;
  end loop;
end
$$;

-- Supabase keeps extensions in their own schema. Where a DBA (or Supabase) created these schemas
-- and the grants already, the owner credential may not repeat them: skip what it may not do.
create schema if not exists extensions;
create schema if not exists auth;
do $$
begin
  grant usage on schema extensions to anon, authenticated, service_role;
  grant usage on schema auth to anon, authenticated, service_role;
exception when insufficient_privilege then
  raise notice 'bootstrap: schema grants left as they are (not the schemas'' owner)';
end
$$;

-- The auth schema holds GoTrue's definitions of the claim helpers (they read request.jwt.claims,
-- and the older per-claim setting for compatibility). Our own tables never go here.

do $$
begin
  if not exists (
    select 1 from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname = 'auth' and p.proname = 'uid'
  ) then
    create function auth.uid() returns uuid language sql stable as $f$
      select coalesce(
        nullif(current_setting('request.jwt.claim.sub', true), ''),
        (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
      )::uuid
    $f$;
  end if;
  if not exists (
    select 1 from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname = 'auth' and p.proname = 'role'
  ) then
    create function auth.role() returns text language sql stable as $f$
      select coalesce(
        nullif(current_setting('request.jwt.claim.role', true), ''),
        (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
      )::text
    $f$;
  end if;
  if not exists (
    select 1 from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname = 'auth' and p.proname = 'email'
  ) then
    create function auth.email() returns text language sql stable as $f$
      select coalesce(
        nullif(current_setting('request.jwt.claim.email', true), ''),
        (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'email')
      )::text
    $f$;
  end if;
  if not exists (
    select 1 from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname = 'auth' and p.proname = 'jwt'
  ) then
    create function auth.jwt() returns jsonb language sql stable as $f$
      select coalesce(
        nullif(current_setting('request.jwt.claim', true), ''),
        nullif(current_setting('request.jwt.claims', true), '')
      )::jsonb
    $f$;
  end if;
end
$$;

do $$
begin
  grant execute on function auth.uid(), auth.role(), auth.email(), auth.jwt() to anon, authenticated, service_role;
exception when insufficient_privilege then
  raise notice 'bootstrap: auth helper grants left as they are (not their owner)';
end
$$;
