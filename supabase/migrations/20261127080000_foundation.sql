-- Foundation: the firm's settings, accounts, sessions, the audit trail and the mail outbox.
-- Access rules for these tables live in policies/00-core.sql; here only structure and grants.

-- Helpers used by policies live in a schema that no API exposes.
create schema if not exists private;
revoke all on schema private from public;
grant usage on schema private to anon, authenticated, service_role;

-- One row: the firm this installation belongs to, and switches an admin controls.
create table public.firm_settings (
  id smallint primary key default 1 check (id = 1),
  firm_name text not null check (length(firm_name) between 1 and 200),
  email_factor_enabled boolean not null default true,
  updated_at timestamptz not null default now()
);
alter table public.firm_settings enable row level security;
alter table public.firm_settings force row level security;
grant select on public.firm_settings to authenticated, service_role;
grant update (firm_name, email_factor_enabled, updated_at) on public.firm_settings to authenticated;
grant insert, update on public.firm_settings to service_role;

-- Every person who can sign in: the firm's staff, client users and outside participants.
-- mfa_deadline is the end of the grace period in which the account may work without a second factor.
create table public.accounts (
  id uuid primary key default gen_random_uuid(),
  email text not null check (length(email) between 3 and 254 and position('@' in email) > 1),
  display_name text not null check (length(display_name) between 1 and 200),
  kind text not null check (kind in ('staff', 'client', 'external')),
  is_admin boolean not null default false check (not is_admin or kind = 'staff'),
  locale text not null default 'de' check (locale in ('de', 'en')),
  mfa_deadline timestamptz not null,
  disabled_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index accounts_email_key on public.accounts (lower(email));
create index accounts_kind_idx on public.accounts (kind);
alter table public.accounts enable row level security;
alter table public.accounts force row level security;
grant select on public.accounts to authenticated, service_role;
grant update (display_name, locale, updated_at) on public.accounts to authenticated;
grant insert, update, delete on public.accounts to service_role;

-- Password hashes (Argon2id, parameters inside the hash). Never readable by an API role other
-- than the privileged sign-in path.
create table private.password_credentials (
  account_id uuid primary key references public.accounts (id) on delete cascade,
  hash text not null,
  changed_at timestamptz not null default now()
);
alter table private.password_credentials enable row level security;
alter table private.password_credentials force row level security;
grant select, insert, update, delete on private.password_credentials to service_role;

-- Sign-in sessions. Only the SHA-256 of the random token is stored; the token lives in the cookie.
create table public.sessions (
  id uuid primary key default gen_random_uuid(),
  token_hash bytea not null unique,
  account_id uuid not null references public.accounts (id) on delete cascade,
  aal text not null check (aal in ('aal1', 'aal2')),
  amr jsonb not null default '[]',
  user_agent text,
  ip inet,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  idle_expires_at timestamptz not null,
  expires_at timestamptz not null,
  revoked_at timestamptz
);
create index sessions_account_id_idx on public.sessions (account_id);
alter table public.sessions enable row level security;
alter table public.sessions force row level security;
-- The token hash is not among the columns a signed-in user may read.
grant select (id, account_id, aal, amr, user_agent, ip, created_at, last_seen_at, idle_expires_at,
  expires_at, revoked_at) on public.sessions to authenticated;
grant update (revoked_at) on public.sessions to authenticated;
grant select, insert, update, delete on public.sessions to service_role;

-- The append-only audit trail: no API role may change or delete an entry (grants and trigger).
create table public.audit_log (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  actor_id uuid references public.accounts (id),
  on_behalf_of uuid references public.accounts (id),
  client_id uuid,
  object_type text,
  object_id text,
  action text not null check (length(action) between 1 and 100),
  result text not null default 'ok' check (result in ('ok', 'denied', 'failed')),
  source_ip inet,
  request_id text,
  detail jsonb not null default '{}'
);
create index audit_log_actor_id_idx on public.audit_log (actor_id);
create index audit_log_at_idx on public.audit_log (at);
alter table public.audit_log enable row level security;
alter table public.audit_log force row level security;
grant select on public.audit_log to authenticated, service_role;
-- The time and id are the database's, never the caller's.
grant insert (actor_id, on_behalf_of, client_id, object_type, object_id, action, result, source_ip, request_id, detail)
  on public.audit_log to authenticated, service_role;

create function private.audit_log_is_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only' using errcode = '42501';
end
$$;
create trigger audit_log_append_only before update or delete on public.audit_log
  for each row execute function private.audit_log_is_append_only();

-- Mails waiting for delivery. Written in the same transaction as the event that causes them;
-- the worker delivers through SMTP (or into .eml files) and records the outcome.
create table private.outbox (
  id uuid primary key default gen_random_uuid(),
  template text not null,
  to_address text not null,
  locale text not null default 'de' check (locale in ('de', 'en')),
  params jsonb not null default '{}',
  created_at timestamptz not null default now(),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  sent_at timestamptz,
  failed_at timestamptz,
  last_error text
);
create index outbox_due_idx on private.outbox (next_attempt_at) where sent_at is null and failed_at is null;
alter table private.outbox enable row level security;
alter table private.outbox force row level security;
grant select, insert, update on private.outbox to service_role;

-- Wake the mail worker as soon as a mail is committed.
create function private.outbox_notify() returns trigger language plpgsql as $$
begin
  perform pg_notify('outbox', new.id::text);
  return new;
end
$$;
create trigger outbox_notify after insert on private.outbox
  for each row execute function private.outbox_notify();
