-- Resumable uploads (tus): an upload in progress belongs to the account that started it. The
-- bytes received so far are staged on the server's disk, encrypted with a per-upload key (AES-CTR,
-- so a resumed upload continues at any byte offset); the key is kept here wrapped by the master key.
-- When the last byte arrives the staged file passes the same checks as any upload and becomes a
-- document; the row then records which one. Rules: policies/04-uploads.sql.
create table public.uploads (
  id uuid primary key,
  account_id uuid not null references public.accounts (id) on delete cascade,
  client_id uuid not null references public.clients (id) on delete cascade,
  size bigint not null check (size >= 0),
  -- The upload's parameters (the same fields as a direct upload's query string).
  metadata jsonb not null,
  wrapped_key bytea not null,
  iv bytea not null check (length(iv) = 16),
  document_id uuid references public.documents (item_id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index uploads_account_id_idx on public.uploads (account_id);
create index uploads_client_id_idx on public.uploads (client_id);
create index uploads_expires_at_idx on public.uploads (expires_at);
create index uploads_document_id_idx on public.uploads (document_id);
alter table public.uploads enable row level security;
alter table public.uploads force row level security;
grant select, delete on public.uploads to authenticated, service_role;
grant insert (id, account_id, client_id, size, metadata, wrapped_key, iv, expires_at) on public.uploads to authenticated;
grant update (document_id) on public.uploads to authenticated;
