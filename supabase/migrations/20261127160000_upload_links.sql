-- Upload links (file drop): a share of kind 'upload' lets a third party without an account upload
-- into one client (as a whole), one of its projects or one document request. The guest gives a
-- name and an e-mail, uploads, and sees nothing that is already there — only the files of its own
-- guest session. Rules: policies/05-shares.sql (private.guest_upload decides every upload).

alter table public.shares
  add column kind text not null default 'download' check (kind in ('download', 'upload')),
  add column project_id uuid,
  add column request_id uuid references public.document_requests (item_id) on delete cascade,
  add column max_file_bytes bigint check (max_file_bytes is null or max_file_bytes between 1 and 1099511627776),
  add column max_files integer check (max_files is null or max_files between 1 and 1000),
  add column uploads integer not null default 0 check (uploads >= 0),
  add foreign key (project_id, client_id) references public.projects (id, client_id) on delete cascade,
  -- Download links name documents or a group; upload links a target and never a download limit.
  add check (kind = 'upload' or (project_id is null and request_id is null and max_file_bytes is null and max_files is null)),
  add check (kind = 'download' or (group_id is null and max_downloads is null and not require_email_code)),
  add check (project_id is null or request_id is null);
create index shares_project_id_idx on public.shares (project_id);
create index shares_request_id_idx on public.shares (request_id);
grant select (kind, project_id, request_id, max_file_bytes, max_files, uploads) on public.shares to authenticated, anon;
grant insert (kind, project_id, request_id, max_file_bytes, max_files) on public.shares to authenticated;

-- The access log also records uploads.
alter table public.share_accesses drop constraint share_accesses_action_check;
alter table public.share_accesses add constraint share_accesses_action_check check (action in ('opened', 'downloaded', 'denied', 'uploaded'));

-- Who the guest says it is, per guest session (given before the first upload).
alter table private.share_sessions
  add column guest_name text check (guest_name is null or length(guest_name) between 1 and 200),
  add column guest_email text check (guest_email is null or (length(guest_email) between 3 and 254 and position('@' in guest_email) > 1));

-- A document that arrived through an upload link carries the uploader's details and the link.
alter table public.documents
  add column share_id uuid references public.shares (id) on delete set null,
  add column guest_name text check (guest_name is null or length(guest_name) between 1 and 200),
  add column guest_email text check (guest_email is null or length(guest_email) <= 254),
  add column guest_session_id uuid;
create index documents_share_id_idx on public.documents (share_id);
