-- Backups (issue 9): every backup, verification and restore the portal ran, and the open
-- "backup missing or failed" incident that warns the admins once. The backups themselves live in
-- BACKUP_DIR or an S3-compatible store; these rows only say what happened. They are written by
-- the backup code with the owner credential (it must read every table anyway) and are not part
-- of a backup (a restored portal starts its own history). Rules: policies/09-backups.sql.
create table public.backup_runs (
  id uuid primary key default gen_random_uuid(),
  kind text not null check (kind in ('backup', 'verify', 'restore')),
  -- 'scheduled' by the server's scheduler, 'manual' from npm run backup / backup:verify / restore.
  trigger text not null check (trigger in ('scheduled', 'manual')),
  status text not null default 'running' check (status in ('running', 'succeeded', 'failed')),
  -- The backup's name in its target (e.g. 20261127T013000Z-1a2b), once known.
  backup_name text,
  -- 'directory' or 's3', never a path with credentials.
  target text not null check (target in ('directory', 's3')),
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  bytes bigint check (bytes >= 0),
  tables integer check (tables >= 0),
  row_count bigint check (row_count >= 0),
  blobs integer check (blobs >= 0),
  -- A sentence for the operator (no data, no secrets).
  error text,
  -- When retention removed the backup from its target.
  pruned_at timestamptz,
  check ((status = 'running') = (finished_at is null))
);
create index backup_runs_kind_status_idx on public.backup_runs (kind, status, finished_at desc);
create index backup_runs_started_at_idx on public.backup_runs (started_at desc);
alter table public.backup_runs enable row level security;
alter table public.backup_runs force row level security;
grant select on public.backup_runs to authenticated, service_role;

-- An incident: backups failed or none succeeded in 26 hours. At most one is open; it is mailed to
-- the admins once when it opens and closes with the next successful backup.
create table public.backup_incidents (
  id uuid primary key default gen_random_uuid(),
  reason text not null check (reason in ('failed', 'missing')),
  opened_at timestamptz not null default now(),
  closed_at timestamptz,
  mailed_at timestamptz
);
create unique index backup_incidents_one_open_idx on public.backup_incidents ((true)) where closed_at is null;
create index backup_incidents_opened_at_idx on public.backup_incidents (opened_at desc);
alter table public.backup_incidents enable row level security;
alter table public.backup_incidents force row level security;
grant select on public.backup_incidents to authenticated, service_role;
