-- Resumable uploads (tus) for the guests of upload links: "uploads with progress and resume".
-- An upload in progress belongs to the guest session that started it (role anon + the share's id
-- and the session's id in the claims); the bytes received so far are staged on the server's disk,
-- encrypted with a per-upload key (AES-CTR, as for signed-in uploads), kept here wrapped by the
-- master key. When the last byte arrives the staged file goes through the one receive path (type,
-- size, scan, encryption) and private.guest_upload records the document and claims this row in
-- the same transaction (the row is claimed there, so a repeated last request never makes two). A separate table from public.uploads, whose rows belong to accounts:
-- a guest has none. Rules: policies/05-shares.sql (the policies decide what a guest may start,
-- see, continue, finish and cancel).
create table public.share_uploads (
  id uuid primary key,
  share_id uuid not null references public.shares (id) on delete cascade,
  session_id uuid not null references private.share_sessions (id) on delete cascade,
  client_id uuid not null references public.clients (id) on delete cascade,
  filename text not null check (length(filename) between 1 and 300),
  size bigint not null check (size >= 0),
  wrapped_key bytea not null,
  iv bytea not null check (length(iv) = 16),
  document_id uuid references public.documents (item_id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index share_uploads_share_id_idx on public.share_uploads (share_id);
create index share_uploads_session_id_idx on public.share_uploads (session_id);
create index share_uploads_client_id_idx on public.share_uploads (client_id);
create index share_uploads_expires_at_idx on public.share_uploads (expires_at);
create index share_uploads_document_id_idx on public.share_uploads (document_id);
alter table public.share_uploads enable row level security;
alter table public.share_uploads force row level security;
grant select, delete on public.share_uploads to anon, service_role;
grant insert (id, share_id, session_id, client_id, filename, size, wrapped_key, iv, expires_at) on public.share_uploads to anon;
