-- Clients (Mandanten), their people, staff assignment, projects with outside participants, client
-- groups, and the audience of every item. Access rules: policies/02-clients.sql.

-- Client numbers are issued by the portal, so a number never reveals another client's existence.
create sequence private.client_number_seq;
grant usage on sequence private.client_number_seq to authenticated, service_role;

create function private.next_client_number() returns text language sql volatile security definer
set search_path = '' as $$
  select to_char(now(), 'YYYY') || '-' || lpad(nextval('private.client_number_seq')::text, 5, '0')
$$;
revoke all on function private.next_client_number() from public;
grant execute on function private.next_client_number() to authenticated, service_role;

-- A client of the firm: a person or an organisation.
create table public.clients (
  id uuid primary key default gen_random_uuid(),
  number text not null unique default private.next_client_number(),
  name text not null check (length(name) between 1 and 200),
  kind text not null default 'organisation' check (kind in ('person', 'organisation')),
  -- Staff may let the client's managers invite outside participants into projects.
  managers_invite_outside boolean not null default false,
  created_by uuid references public.accounts (id),
  created_at timestamptz not null default now(),
  archived_at timestamptz
);
alter table public.clients enable row level security;
alter table public.clients force row level security;
grant select on public.clients to authenticated, service_role;
-- Ids are chosen by the service so that the row can be followed up in the same transaction.
grant insert (id, name, kind, managers_invite_outside, created_by) on public.clients to authenticated;
grant update (name, kind, managers_invite_outside, archived_at) on public.clients to authenticated;

-- Staff members assigned to a client (admins see every client without an assignment).
create table public.client_staff (
  client_id uuid not null references public.clients (id) on delete cascade,
  account_id uuid not null references public.accounts (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (client_id, account_id)
);
create index client_staff_account_id_idx on public.client_staff (account_id);
alter table public.client_staff enable row level security;
alter table public.client_staff force row level security;
grant select, insert, delete on public.client_staff to authenticated;
grant select on public.client_staff to service_role;

-- A person's membership in a client: a role, optionally narrowed rights, an optional expiry.
-- rights null = the role's defaults; otherwise the effective rights are role defaults ∩ rights.
create table public.client_members (
  id uuid primary key default gen_random_uuid(),
  client_id uuid not null references public.clients (id) on delete cascade,
  account_id uuid not null references public.accounts (id) on delete cascade,
  role text not null check (role in ('owner', 'manager', 'member', 'viewer')),
  rights text[] check (rights <@ array['documents.read', 'documents.upload', 'messages.write', 'appointments.book',
                                        'shares.create', 'projects.read', 'members.manage']::text[]),
  expires_at timestamptz,
  revoked_at timestamptz,
  granted_by uuid references public.accounts (id),
  created_at timestamptz not null default now(),
  -- A person a client's manager adds who already has an account accepts first; until then the
  -- membership grants nothing and the manager sees only the name and address they typed.
  accepted_at timestamptz,
  invited_name text check (length(invited_name) <= 200),
  invited_email text check (length(invited_email) <= 254),
  unique (client_id, account_id)
);
create index client_members_account_id_idx on public.client_members (account_id);
create index client_members_granted_by_idx on public.client_members (granted_by);
alter table public.client_members enable row level security;
alter table public.client_members force row level security;
grant select on public.client_members to authenticated, service_role;
grant insert (client_id, account_id, role, rights, expires_at, granted_by, accepted_at, invited_name, invited_email) on public.client_members to authenticated;
grant update (role, rights, expires_at, revoked_at, accepted_at) on public.client_members to authenticated;
-- Accepting an invitation (privileged redemption) accepts the memberships it was sent for.
grant update (accepted_at) on public.client_members to service_role;

-- A matter (Mandat) of one client.
create table public.projects (
  id uuid primary key default gen_random_uuid(),
  client_id uuid not null references public.clients (id) on delete cascade,
  name text not null check (length(name) between 1 and 200),
  type text not null default 'other' check (type in ('formation', 'contract', 'retainer', 'litigation', 'other')),
  status text not null default 'open' check (status in ('open', 'paused', 'closed')),
  description text not null default '' check (length(description) <= 5000),
  created_by uuid references public.accounts (id),
  created_at timestamptz not null default now(),
  unique (id, client_id)
);
create index projects_client_id_idx on public.projects (client_id);
alter table public.projects enable row level security;
alter table public.projects force row level security;
grant select on public.projects to authenticated, service_role;
grant insert (id, client_id, name, type, status, description, created_by) on public.projects to authenticated;
grant update (name, type, status, description) on public.projects to authenticated;

-- Who takes part in a project: chosen client members, and outside participants (tax adviser,
-- notary …) who see the project's name and only the items addressed to them.
create table public.project_participants (
  project_id uuid not null,
  client_id uuid not null,
  account_id uuid not null references public.accounts (id) on delete cascade,
  kind text not null check (kind in ('member', 'outside')),
  invited_by uuid references public.accounts (id),
  created_at timestamptz not null default now(),
  revoked_at timestamptz,
  primary key (project_id, account_id),
  foreign key (project_id, client_id) references public.projects (id, client_id) on delete cascade
);
create index project_participants_account_id_idx on public.project_participants (account_id);
create index project_participants_client_id_idx on public.project_participants (client_id);
alter table public.project_participants enable row level security;
alter table public.project_participants force row level security;
grant select on public.project_participants to authenticated, service_role;
grant insert (project_id, client_id, account_id, kind, invited_by) on public.project_participants to authenticated;
grant update (revoked_at) on public.project_participants to authenticated;

-- Groups of clients (e.g. "all GmbH founders") for info pages addressed to several clients.
create table public.client_groups (
  id uuid primary key default gen_random_uuid(),
  name text not null unique check (length(name) between 1 and 200),
  created_at timestamptz not null default now()
);
alter table public.client_groups enable row level security;
alter table public.client_groups force row level security;
grant select, insert, update, delete on public.client_groups to authenticated;

create table public.client_group_members (
  group_id uuid not null references public.client_groups (id) on delete cascade,
  client_id uuid not null references public.clients (id) on delete cascade,
  primary key (group_id, client_id)
);
create index client_group_members_client_id_idx on public.client_group_members (client_id);
alter table public.client_group_members enable row level security;
alter table public.client_group_members force row level security;
grant select, insert, delete on public.client_group_members to authenticated;

-- Every item that people see (documents, document groups, message threads, appointments, info
-- pages) has one row here with its explicit audience; the kind's own table references it.
--   client   — the client's members (with the right for the kind)
--   project  — the project's client-side participants and the client's owners and managers
--   people   — exactly the named recipients (item_recipients), e.g. an outside participant
--   internal — the firm's staff only
--   group    — the members of every client in a client group (info pages only)
-- Staff assigned to the client (and admins) see every item of it.
create table public.items (
  id uuid primary key default gen_random_uuid(),
  kind text not null check (kind in ('document', 'document_group', 'document_request', 'message_thread', 'appointment', 'info_page')),
  client_id uuid references public.clients (id) on delete cascade,
  project_id uuid,
  group_id uuid references public.client_groups (id) on delete cascade,
  audience text not null check (audience in ('client', 'project', 'people', 'internal', 'group')),
  title text not null check (length(title) between 1 and 300),
  created_by uuid references public.accounts (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  foreign key (project_id, client_id) references public.projects (id, client_id) on delete cascade,
  check ((audience = 'group') = (group_id is not null)),
  check (audience <> 'group' or (kind = 'info_page' and client_id is null and project_id is null)),
  check (audience = 'group' or client_id is not null),
  check (audience <> 'project' or project_id is not null)
);
create index items_client_created_idx on public.items (client_id, created_at desc, id);
create index items_project_id_idx on public.items (project_id);
create index items_group_id_idx on public.items (group_id);
create index items_created_by_idx on public.items (created_by);
alter table public.items enable row level security;
alter table public.items force row level security;
grant select on public.items to authenticated, service_role;
grant insert (id, kind, client_id, project_id, group_id, audience, title, created_by) on public.items to authenticated;
-- Widening or narrowing an audience is an explicit update; client and project never change.
grant update (audience, title, updated_at) on public.items to authenticated;
grant delete on public.items to authenticated;

-- The named recipients of an item with audience 'people'.
create table public.item_recipients (
  item_id uuid not null references public.items (id) on delete cascade,
  account_id uuid not null references public.accounts (id) on delete cascade,
  primary key (item_id, account_id)
);
create index item_recipients_account_id_idx on public.item_recipients (account_id);
alter table public.item_recipients enable row level security;
alter table public.item_recipients force row level security;
grant select, insert, delete on public.item_recipients to authenticated;

-- Info pages: Markdown written by staff, rendered safely in the browser.
create table public.info_pages (
  item_id uuid primary key references public.items (id) on delete cascade,
  body_markdown text not null default '' check (length(body_markdown) <= 100000)
);
alter table public.info_pages enable row level security;
alter table public.info_pages force row level security;
grant select, insert, update on public.info_pages to authenticated;

-- When the person last completed a sign-in (shown on the client team page).
alter table public.accounts add column last_sign_in_at timestamptz;

-- The audit trail is read per client area.
create index audit_log_client_id_idx on public.audit_log (client_id);

-- What the items policy knows about the caller, computed once per statement by
-- private.item_scope() (policies/02-clients.sql).
create type private.item_scope as (
  me uuid, admin boolean, staff boolean, staff_clients uuid[], groups uuid[], clients uuid[],
  document_clients uuid[], manage_clients uuid[], member_projects uuid[], projects uuid[], received uuid[]);
