-- Retention per client (issue 9, data protection): the firm records when a mandate ended; once the
-- firm's retention period (firm_settings.document_retention_years, default six years, § 50 BRAO)
-- has passed since then, staff get a deletion proposal and admins a mail, once. Deleting the
-- client removes its rows (cascade) and, through private.blob_deletions, its file bodies; a legal
-- hold blocks it. Rules: policies/10-client-retention.sql.

-- The day the mandate ended (null: the client is still a client). Set by the client's staff
-- (the existing update policy on clients: assigned staff and admins).
alter table public.clients add column mandate_ended_at date;
-- Who recorded the mandate end and when: written by the trigger private.record_mandate_end
-- (policies/10-client-retention.sql) only, shown beside a deletion proposal. No grant to change them.
alter table public.clients add column mandate_end_set_by uuid references public.accounts (id) on delete set null;
alter table public.clients add column mandate_end_set_at timestamptz;
grant update (mandate_ended_at) on public.clients to authenticated;
create index clients_mandate_ended_idx on public.clients (mandate_ended_at) where mandate_ended_at is not null;

-- Which due proposals the admins were told about by mail: one row per client and mandate end,
-- so a changed end date is announced again, and a restart never mails twice.
create table private.retention_notices (
  client_id uuid not null references public.clients (id) on delete cascade,
  mandate_ended_at date not null,
  notified_at timestamptz not null default now(),
  primary key (client_id, mandate_ended_at)
);
alter table private.retention_notices enable row level security;
alter table private.retention_notices force row level security;
grant select on private.retention_notices to service_role;
