-- The firm's logo: shown with the firm's name on the guest page of share links (issue 6), where a
-- third party decides whether to trust the page. Optional; an admin uploads it. Only raster
-- images whose magic bytes say PNG, JPEG or WebP (never SVG, which can carry script), at most
-- 512 KiB; kept in the database (it is small, public-facing and belongs to the firm, not to a
-- client) and served with a sandbox CSP and nosniff. Rules: policies/05-shares.sql.
create table public.firm_logo (
  id integer primary key default 1 check (id = 1),
  media_type text not null check (media_type in ('image/png', 'image/jpeg', 'image/webp')),
  bytes bytea not null check (octet_length(bytes) between 1 and 524288),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  updated_by uuid references public.accounts (id) on delete set null,
  updated_at timestamptz not null default now()
);
create index firm_logo_updated_by_idx on public.firm_logo (updated_by);
alter table public.firm_logo enable row level security;
alter table public.firm_logo force row level security;
grant select on public.firm_logo to authenticated, anon;
grant insert (id, media_type, bytes, sha256, updated_by, updated_at), update (media_type, bytes, sha256, updated_by, updated_at), delete
  on public.firm_logo to authenticated;
