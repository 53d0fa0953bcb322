-- Documents: items of kind 'document' whose bodies are encrypted files, kept in versions, with
-- an append-only record of who viewed, downloaded and confirmed them. Rules: policies/03-documents.sql.

-- The document itself (title and audience are on its item).
create table public.documents (
  item_id uuid primary key references public.items (id) on delete cascade,
  client_id uuid not null references public.clients (id) on delete cascade,
  category text not null default '' check (length(category) <= 100),
  note text not null default '' check (length(note) <= 2000),
  requires_confirmation boolean not null default false,
  -- Clients delete softly; the firm keeps the document for its retention period.
  deleted_at timestamptz
);
create index documents_client_id_idx on public.documents (client_id);
alter table public.documents enable row level security;
alter table public.documents force row level security;
grant select on public.documents to authenticated, service_role;
grant insert (item_id, client_id, category, note, requires_confirmation) on public.documents to authenticated;
grant update (category, note, requires_confirmation, deleted_at) on public.documents to authenticated;

-- A version of a document's file. The body lives encrypted in the blob store under blob_name;
-- its key is stored wrapped by the master key, which is kept outside the database.
create table public.document_versions (
  id uuid primary key default gen_random_uuid(),
  item_id uuid not null references public.documents (item_id) on delete cascade,
  client_id uuid not null references public.clients (id) on delete cascade,
  version integer not null check (version > 0),
  filename text not null check (length(filename) between 1 and 255),
  media_type text not null check (length(media_type) <= 200),
  size bigint not null check (size >= 0),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  blob_name uuid not null unique,
  wrapped_key bytea not null,
  uploaded_by uuid not null references public.accounts (id),
  created_at timestamptz not null default now(),
  unique (item_id, version)
);
create index document_versions_client_id_idx on public.document_versions (client_id);
create index document_versions_uploaded_by_idx on public.document_versions (uploaded_by);
alter table public.document_versions enable row level security;
alter table public.document_versions force row level security;
grant select on public.document_versions to authenticated, service_role;
grant insert (id, item_id, client_id, version, filename, media_type, size, sha256, blob_name, wrapped_key, uploaded_by)
  on public.document_versions to authenticated;

-- Proof of receipt: every view, download and confirmation, append-only.
create table public.document_events (
  id bigint generated always as identity primary key,
  item_id uuid not null references public.documents (item_id) on delete cascade,
  client_id uuid not null references public.clients (id) on delete cascade,
  version_id uuid references public.document_versions (id) on delete cascade,
  account_id uuid not null references public.accounts (id),
  kind text not null check (kind in ('viewed', 'downloaded', 'confirmed')),
  at timestamptz not null default now()
);
create index document_events_item_account_idx on public.document_events (item_id, account_id, kind);
create index document_events_client_id_idx on public.document_events (client_id);
create index document_events_account_id_idx on public.document_events (account_id);
alter table public.document_events enable row level security;
alter table public.document_events force row level security;
grant select, insert on public.document_events to authenticated, service_role;

-- A client's storage quota (null: no limit).
alter table public.clients add column quota_bytes bigint check (quota_bytes is null or quota_bytes >= 0);

-- A document request (Unterlagenanforderung): staff ask a client, a project or named people for a
-- document; uploads into it are documents with request_id set; staff accept or return them.
create table public.document_requests (
  item_id uuid primary key references public.items (id) on delete cascade,
  client_id uuid not null references public.clients (id) on delete cascade,
  hint text not null default '' check (length(hint) <= 2000),
  due_at timestamptz,
  -- File extensions accepted for this request (null: the portal's general allow-list).
  allowed_types text[] check (allowed_types is null or cardinality(allowed_types) between 1 and 30),
  status text not null default 'open' check (status in ('open', 'submitted', 'accepted', 'returned')),
  status_reason text not null default '' check (length(status_reason) <= 2000),
  decided_by uuid references public.accounts (id),
  decided_at timestamptz
);
create index document_requests_client_id_idx on public.document_requests (client_id);
alter table public.document_requests enable row level security;
alter table public.document_requests force row level security;
grant select on public.document_requests to authenticated, service_role;
grant insert (item_id, client_id, hint, due_at, allowed_types) on public.document_requests to authenticated;
grant update (status, status_reason, decided_by, decided_at) on public.document_requests to authenticated;

alter table public.documents add column request_id uuid references public.document_requests (item_id) on delete set null;
create index documents_request_id_idx on public.documents (request_id);
grant insert (request_id) on public.documents to authenticated;

-- Document groups (Dokumentenmappen): an item of kind 'document_group' bundles documents of the
-- same client; everyone in the group's audience sees the entries they may see and comments.
create table public.document_group_entries (
  group_id uuid not null references public.items (id) on delete cascade,
  document_id uuid not null references public.documents (item_id) on delete cascade,
  client_id uuid not null references public.clients (id) on delete cascade,
  added_by uuid references public.accounts (id),
  added_at timestamptz not null default now(),
  primary key (group_id, document_id)
);
create index document_group_entries_document_id_idx on public.document_group_entries (document_id);
create index document_group_entries_client_id_idx on public.document_group_entries (client_id);
alter table public.document_group_entries enable row level security;
alter table public.document_group_entries force row level security;
grant select, insert, delete on public.document_group_entries to authenticated;

-- Comments on an item (a document group). Bodies are sealed with a key derived from the master
-- key, like files: a database dump holds no comment in clear. Edits keep the previous body as a
-- revision; a deletion leaves a tombstone (no body, deleted_at set).
create table public.comments (
  id uuid primary key default gen_random_uuid(),
  item_id uuid not null references public.items (id) on delete cascade,
  client_id uuid not null references public.clients (id) on delete cascade,
  author_id uuid not null references public.accounts (id),
  body_ciphertext bytea,
  created_at timestamptz not null default now(),
  edited_at timestamptz,
  deleted_at timestamptz,
  check ((deleted_at is null) = (body_ciphertext is not null))
);
create index comments_item_id_idx on public.comments (item_id, created_at);
create index comments_author_id_idx on public.comments (author_id);
create index comments_client_id_idx on public.comments (client_id);
alter table public.comments enable row level security;
alter table public.comments force row level security;
grant select on public.comments to authenticated, service_role;
grant insert (id, item_id, client_id, author_id, body_ciphertext) on public.comments to authenticated;
grant update (body_ciphertext, edited_at, deleted_at) on public.comments to authenticated;
grant update (body_ciphertext) on public.comments to service_role;

create table public.comment_revisions (
  id bigint generated always as identity primary key,
  comment_id uuid not null references public.comments (id) on delete cascade,
  body_ciphertext bytea not null,
  replaced_at timestamptz not null default now()
);
create index comment_revisions_comment_id_idx on public.comment_revisions (comment_id);
alter table public.comment_revisions enable row level security;
alter table public.comment_revisions force row level security;
grant select, insert on public.comment_revisions to authenticated;
grant select, update (body_ciphertext) on public.comment_revisions to service_role;
