-- The life of a document after its upload: the categories the firm files uploads into, the
-- client's soft delete, the firm's retention-aware delete (a retention period, a legal hold per
-- client, blobs removed after their rows), and reminders about document requests that are due.
-- Rules (who may, and the checks on every insert and delete): policies/03-documents.sql.

-- How long the firm keeps a document after its latest version (Handakten: six years, § 50 BRAO).
alter table public.firm_settings
  add column document_retention_years smallint not null default 6 check (document_retention_years between 1 and 30);
grant update (document_retention_years) on public.firm_settings to authenticated;

-- A legal hold on a client: while it is set, no document of the client is deleted by anyone.
-- Kept apart from public.clients so that only the firm sees it (a hold may hint at litigation).
create table public.legal_holds (
  client_id uuid primary key references public.clients (id) on delete cascade,
  reason text not null check (length(reason) between 3 and 2000),
  placed_by uuid not null references public.accounts (id),
  placed_at timestamptz not null default now()
);
create index legal_holds_placed_by_idx on public.legal_holds (placed_by);
alter table public.legal_holds enable row level security;
alter table public.legal_holds force row level security;
grant select, delete on public.legal_holds to authenticated;
grant insert (client_id, reason, placed_by) on public.legal_holds to authenticated;
grant select on public.legal_holds to service_role;

-- A category uploads are filed into ("Verträge", "Korrespondenz", "Belege" …). Its scope:
--   client_id null, project_type null   — firm-wide, offered for every upload
--   client_id set,  project_type null   — one client's own, for all its uploads
--   client_id null, project_type set    — for uploads into projects of that type, any client
--   client_id set,  project_type set    — for that client's projects of that type
-- The project types are those of public.projects.type. Categories are archived, never deleted:
-- documents keep the category they were filed under.
create table public.document_categories (
  id uuid primary key default gen_random_uuid(),
  client_id uuid references public.clients (id) on delete cascade,
  project_type text check (project_type in ('formation', 'contract', 'retainer', 'litigation', 'other')),
  name text not null check (length(name) between 1 and 100 and name = btrim(name)),
  -- Order in the upload form (smaller first), then by name.
  position smallint not null default 50 check (position between 0 and 1000),
  created_by uuid references public.accounts (id),
  created_at timestamptz not null default now(),
  archived_at timestamptz
);
-- One active category of a name per scope (case-insensitive).
create unique index document_categories_scope_name_idx on public.document_categories (client_id, project_type, lower(name))
  nulls not distinct where archived_at is null;
create index document_categories_client_id_idx on public.document_categories (client_id);
create index document_categories_created_by_idx on public.document_categories (created_by);
alter table public.document_categories enable row level security;
alter table public.document_categories force row level security;
grant select on public.document_categories to authenticated, service_role;
grant insert (id, client_id, project_type, name, position, created_by) on public.document_categories to authenticated;
grant update (name, position, archived_at) on public.document_categories to authenticated;

-- The firm's defaults.
insert into public.document_categories (name, position) values
  ('Verträge', 10), ('Korrespondenz', 20), ('Belege', 30), ('Sonstiges', 90);

-- A document's category (documents.category keeps its name, kept current on rename) and who
-- deleted it softly. Soft deletion goes through private.delete_document_softly only.
alter table public.documents
  add column category_id uuid references public.document_categories (id),
  add column deleted_by uuid references public.accounts (id);
create index documents_category_id_idx on public.documents (category_id);
create index documents_deleted_by_idx on public.documents (deleted_by);
create index documents_soft_deleted_idx on public.documents (client_id) where deleted_at is not null;
grant insert (category_id) on public.documents to authenticated;
grant update (category_id) on public.documents to authenticated;
revoke update (deleted_at) on public.documents from authenticated;

-- Blobs whose version rows are gone. A trigger queues the blob in the transaction that deletes
-- the row; the deleting request removes the blob after its commit, and the periodic cleanup
-- removes whatever a crash (or a delete through another path) left behind, then the queue row.
create table private.blob_deletions (
  blob_name uuid primary key,
  item_id uuid not null,
  queued_at timestamptz not null default now()
);
alter table private.blob_deletions enable row level security;
alter table private.blob_deletions force row level security;
grant select, delete on private.blob_deletions to service_role;

create function private.queue_blob_deletion() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  insert into private.blob_deletions (blob_name, item_id) values (old.blob_name, old.item_id) on conflict do nothing;
  return old;
end
$$;
revoke all on function private.queue_blob_deletion() from public;
create trigger document_versions_queue_blob_deletion after delete on public.document_versions
  for each row execute function private.queue_blob_deletion();

-- Reminders sent about a document request: one row per request, person, due date and stage
-- (0 = before the due date, 1 … n = the n-th reminder after it). The primary key makes sending
-- idempotent across restarts and instances; a new due date starts a new series.
create table private.request_reminders (
  request_id uuid not null references public.document_requests (item_id) on delete cascade,
  account_id uuid not null references public.accounts (id) on delete cascade,
  due_at timestamptz not null,
  stage smallint not null check (stage >= 0),
  sent_at timestamptz not null default now(),
  primary key (request_id, account_id, due_at, stage)
);
create index request_reminders_account_id_idx on private.request_reminders (account_id);
alter table private.request_reminders enable row level security;
alter table private.request_reminders force row level security;
grant select on private.request_reminders to service_role;

-- Finding the requests that may be due for a reminder.
create index document_requests_due_open_idx on public.document_requests (due_at) where status in ('open', 'returned') and due_at is not null;
