-- Share links (Freigabelinks): a client's documents or one document group handed to a third party
-- without an account. Only the HMAC of the random token is stored; a redeemed link gives the guest
-- a session scoped to that share (role anon + share_id in the claims). Rules: policies/05-shares.sql.

-- The admin's policy for share links: the longest expiry, and what links created by people
-- outside the firm must meet.
alter table public.firm_settings
  add column share_max_days integer not null default 30 check (share_max_days between 1 and 365),
  add column client_share_require_password boolean not null default true,
  add column client_share_max_days integer not null default 14 check (client_share_max_days between 1 and 365);
grant update (share_max_days, client_share_require_password, client_share_max_days) on public.firm_settings to authenticated;

-- A share link. Either a set of documents (share_items) or one document group (group_id).
-- password_hash (Argon2id) and token_hash are never readable by an API role other than the
-- privileged redemption path: the select grants below leave them out.
create table public.shares (
  id uuid primary key default gen_random_uuid(),
  client_id uuid not null references public.clients (id) on delete cascade,
  token_hash bytea not null unique,
  group_id uuid references public.items (id) on delete cascade,
  title text not null check (length(title) between 1 and 300),
  created_by uuid not null references public.accounts (id),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  password_hash text check (password_hash is null or password_hash like '$argon2id$%'),
  max_downloads integer check (max_downloads between 1 and 1000),
  downloads integer not null default 0 check (downloads >= 0),
  recipient_email text check (recipient_email is null or (length(recipient_email) between 3 and 254 and position('@' in recipient_email) > 1)),
  require_email_code boolean not null default false check (not require_email_code or recipient_email is not null),
  notify_on_first_access boolean not null default false,
  first_accessed_at timestamptz,
  last_access_at timestamptz,
  note text not null default '' check (length(note) <= 2000),
  revoked_at timestamptz,
  revoked_by uuid references public.accounts (id),
  check (expires_at > created_at)
);
create index shares_client_id_idx on public.shares (client_id);
create index shares_created_by_idx on public.shares (created_by);
create index shares_group_id_idx on public.shares (group_id);
alter table public.shares enable row level security;
alter table public.shares force row level security;
grant select (id, client_id, group_id, title, created_by, created_at, expires_at, max_downloads, downloads, recipient_email,
              require_email_code, notify_on_first_access, first_accessed_at, last_access_at, note, revoked_at, revoked_by)
  on public.shares to authenticated;
grant select (id, client_id, group_id, title, expires_at, max_downloads, downloads, revoked_at) on public.shares to anon;
grant insert (id, client_id, token_hash, group_id, title, created_by, expires_at, password_hash, max_downloads,
              recipient_email, require_email_code, notify_on_first_access, note)
  on public.shares to authenticated;
grant update (revoked_at, revoked_by) on public.shares to authenticated;
grant select, insert, update on public.shares to service_role;

-- The documents of a document share (a group share reads the group's entries instead).
create table public.share_items (
  share_id uuid not null references public.shares (id) on delete cascade,
  document_id uuid not null references public.documents (item_id) on delete cascade,
  client_id uuid not null references public.clients (id) on delete cascade,
  primary key (share_id, document_id)
);
create index share_items_document_id_idx on public.share_items (document_id);
create index share_items_client_id_idx on public.share_items (client_id);
alter table public.share_items enable row level security;
alter table public.share_items force row level security;
grant select, insert on public.share_items to authenticated;
grant select on public.share_items to service_role;

-- The access log of a share: openings, downloads and refusals, with the trusted client IP.
create table public.share_accesses (
  id bigint generated always as identity primary key,
  share_id uuid not null references public.shares (id) on delete cascade,
  client_id uuid not null references public.clients (id) on delete cascade,
  at timestamptz not null default now(),
  ip inet,
  action text not null check (action in ('opened', 'downloaded', 'denied')),
  document_id uuid,
  filename text check (filename is null or length(filename) <= 300)
);
create index share_accesses_share_id_idx on public.share_accesses (share_id, at);
create index share_accesses_client_id_idx on public.share_accesses (client_id);
alter table public.share_accesses enable row level security;
alter table public.share_accesses force row level security;
grant select on public.share_accesses to authenticated;
grant select, insert on public.share_accesses to service_role;

-- Guest sessions: the HMAC of the guest cookie's token, the share it is scoped to, and (when the
-- recipient must confirm by e-mail) the pending code, stored as an HMAC, with its attempts.
create table private.share_sessions (
  id uuid primary key default gen_random_uuid(),
  share_id uuid not null references public.shares (id) on delete cascade,
  token_hash bytea not null unique,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  verified_at timestamptz,
  code_hash bytea,
  code_expires_at timestamptz,
  code_attempts integer not null default 0
);
create index share_sessions_share_id_idx on private.share_sessions (share_id);
alter table private.share_sessions enable row level security;
alter table private.share_sessions force row level security;
grant select, insert, update, delete on private.share_sessions to service_role;

-- Guests read exactly the shared objects: the policies in 05-shares.sql decide; these grants only
-- make the tables reachable for the anon role at all.
grant select on public.items, public.documents, public.document_versions, public.document_group_entries to anon;
grant select (id, firm_name) on public.firm_settings to anon;
