-- Sign-in: second factors, the pre-auth challenge between password and factor, recovery codes and
-- the guessing counters. Secrets (TOTP keys) are stored encrypted with a key outside the database.

-- A second factor of an account. TOTP secrets are AES-256-GCM ciphertext; e-mail factors have none.
-- last_step is the last accepted TOTP time step (a replayed code is refused).
create table public.mfa_factors (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references public.accounts (id) on delete cascade,
  kind text not null check (kind in ('totp', 'email')),
  label text not null default '' check (length(label) <= 100),
  secret_ciphertext bytea,
  last_step bigint,
  created_at timestamptz not null default now(),
  verified_at timestamptz,
  last_used_at timestamptz,
  -- While an e-mail factor is being set up: the hash of the confirmation code sent to the address.
  enrol_code_hash bytea,
  enrol_code_expires_at timestamptz,
  enrol_attempts integer not null default 0,
  check ((kind = 'totp') = (secret_ciphertext is not null))
);
create index mfa_factors_account_id_idx on public.mfa_factors (account_id);
-- One e-mail factor per account.
create unique index mfa_factors_one_email on public.mfa_factors (account_id) where kind = 'email';
alter table public.mfa_factors enable row level security;
alter table public.mfa_factors force row level security;
-- The secret is not among the columns a signed-in user may read.
grant select (id, account_id, kind, label, created_at, verified_at, last_used_at) on public.mfa_factors to authenticated;
grant select, insert, update, delete on public.mfa_factors to service_role;

-- Single-use recovery codes, stored as SHA-256 of the normalised code. The hash is not among the
-- columns an API user may read; staff may delete them when resetting a user's factors.
create table public.recovery_codes (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references public.accounts (id) on delete cascade,
  code_hash bytea not null unique,
  created_at timestamptz not null default now(),
  used_at timestamptz
);
create index recovery_codes_account_id_idx on public.recovery_codes (account_id);
alter table public.recovery_codes enable row level security;
alter table public.recovery_codes force row level security;
grant select (id, account_id, created_at, used_at) on public.recovery_codes to authenticated;
grant delete on public.recovery_codes to authenticated;
grant select, insert, update, delete on public.recovery_codes to service_role;

-- The restricted state after a correct password and before the second factor. At most 5 factor
-- attempts; then it is dead. An e-mail code belongs to exactly one challenge. Rows with purpose
-- 'step-up' carry an e-mail code proving the factor for a credential change in a session.
create table private.sign_in_challenges (
  id uuid primary key default gen_random_uuid(),
  purpose text not null default 'sign-in' check (purpose in ('sign-in', 'step-up')),
  token_hash bytea not null unique,
  account_id uuid not null references public.accounts (id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  attempts integer not null default 0,
  email_code_hash bytea,
  email_code_expires_at timestamptz,
  email_code_sent_at timestamptz,
  user_agent text,
  ip inet
);
create index sign_in_challenges_account_id_idx on private.sign_in_challenges (account_id);
alter table private.sign_in_challenges enable row level security;
alter table private.sign_in_challenges force row level security;
grant select, insert, update, delete on private.sign_in_challenges to service_role;

-- Failed sign-in attempts per key ('account:<sha256 of e-mail>', 'ip:<address or /64>') in a
-- sliding one-hour window; updated atomically with one upsert.
create table private.sign_in_throttle (
  key text primary key,
  window_started_at timestamptz not null,
  failures integer not null default 0,
  last_failure_at timestamptz not null,
  lock_notified_at timestamptz
);
alter table private.sign_in_throttle enable row level security;
alter table private.sign_in_throttle force row level security;
grant select, insert, update, delete on private.sign_in_throttle to service_role;

-- Invitations: the only way an account comes to exist besides first-run setup. The token is
-- single use, expires after 7 days and is stored as its HMAC only.
create table public.invitations (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references public.accounts (id) on delete cascade,
  invited_by uuid references public.accounts (id),
  token_hash bytea not null unique,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  accepted_at timestamptz,
  revoked_at timestamptz
);
create index invitations_account_id_idx on public.invitations (account_id);
create index invitations_invited_by_idx on public.invitations (invited_by);
alter table public.invitations enable row level security;
alter table public.invitations force row level security;
grant select (id, account_id, invited_by, created_at, expires_at, accepted_at, revoked_at) on public.invitations to authenticated;
grant insert (account_id, invited_by, token_hash, expires_at) on public.invitations to authenticated;
grant update (revoked_at) on public.invitations to authenticated;
grant select, insert, update, delete on public.invitations to service_role;

-- Staff create the accounts they invite (policies decide which kinds), and admins switch
-- accounts off and on; staff give a fresh grace period after resetting factors.
grant insert (email, display_name, kind, is_admin, locale, mfa_deadline) on public.accounts to authenticated;
grant update (disabled_at, mfa_deadline) on public.accounts to authenticated;
grant delete on public.mfa_factors to authenticated;

-- Password reset tokens: single use, one hour, stored hashed.
create table private.password_resets (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references public.accounts (id) on delete cascade,
  token_hash bytea not null unique,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);
create index password_resets_account_id_idx on private.password_resets (account_id);
alter table private.password_resets enable row level security;
alter table private.password_resets force row level security;
grant select, insert, update, delete on private.password_resets to service_role;
