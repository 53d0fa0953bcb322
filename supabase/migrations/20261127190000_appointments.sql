-- Appointments (Termine): the types of appointment the firm offers, when its staff are available,
-- and the bookings. Access rules: policies/08-appointments.sql. Every booking is an item of kind
-- 'appointment' (the item carries client, project and audience); double booking is impossible by
-- the exclusion constraint on (staff member, time range including buffers).

-- btree_gist gives uuid an operator class for GiST, so the exclusion constraint can combine
-- "same staff member" (=) with "ranges overlap" (&&). A trusted contrib extension shipped with
-- embedded-postgres and with Debian's postgresql-15; Supabase keeps extensions in 'extensions'.
create schema if not exists extensions;
create extension if not exists btree_gist with schema extensions;

-- A kind of appointment one staff member offers (e.g. "Erstberatung, 45 min, Video").
--   audience: who may book it — every client, chosen clients (appointment_type_clients), or the
--   participants of one project. questions: the intake questions asked when booking,
--   [{ id, label_de, label_en, required }]. notice_not_same_day: no booking for the same day.
create table public.appointment_types (
  id uuid primary key default gen_random_uuid(),
  staff_id uuid not null references public.accounts (id) on delete cascade,
  name_de text not null check (length(name_de) between 1 and 200),
  name_en text not null check (length(name_en) between 1 and 200),
  description_de text not null default '' check (length(description_de) <= 2000),
  description_en text not null default '' check (length(description_en) <= 2000),
  duration_minutes integer not null check (duration_minutes between 5 and 480),
  location text not null check (location in ('office', 'phone', 'video')),
  location_detail text not null default '' check (length(location_detail) <= 500),
  buffer_before_minutes integer not null default 0 check (buffer_before_minutes between 0 and 240),
  buffer_after_minutes integer not null default 0 check (buffer_after_minutes between 0 and 240),
  notice_hours integer not null default 24 check (notice_hours between 0 and 2160),
  notice_not_same_day boolean not null default false,
  horizon_days integer not null default 60 check (horizon_days between 1 and 365),
  daily_cap integer check (daily_cap between 1 and 100),
  audience text not null default 'all_clients' check (audience in ('all_clients', 'chosen_clients', 'project')),
  project_id uuid references public.projects (id) on delete cascade,
  questions jsonb not null default '[]' check (jsonb_typeof(questions) = 'array' and jsonb_array_length(questions) <= 20),
  requires_confirmation boolean not null default false,
  cutoff_hours integer not null default 24 check (cutoff_hours between 0 and 720),
  active boolean not null default true,
  created_by uuid references public.accounts (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((audience = 'project') = (project_id is not null))
);
create index appointment_types_staff_id_idx on public.appointment_types (staff_id);
create index appointment_types_project_id_idx on public.appointment_types (project_id);
alter table public.appointment_types enable row level security;
alter table public.appointment_types force row level security;
grant select, delete on public.appointment_types to authenticated;
grant insert (id, staff_id, name_de, name_en, description_de, description_en, duration_minutes, location, location_detail,
  buffer_before_minutes, buffer_after_minutes, notice_hours, notice_not_same_day, horizon_days, daily_cap, audience,
  project_id, questions, requires_confirmation, cutoff_hours, active, created_by) on public.appointment_types to authenticated;
grant update (name_de, name_en, description_de, description_en, duration_minutes, location, location_detail,
  buffer_before_minutes, buffer_after_minutes, notice_hours, notice_not_same_day, horizon_days, daily_cap, audience,
  project_id, questions, requires_confirmation, cutoff_hours, active, updated_at) on public.appointment_types to authenticated;
grant select on public.appointment_types to service_role;

-- The clients a type with audience 'chosen_clients' is open to.
create table public.appointment_type_clients (
  type_id uuid not null references public.appointment_types (id) on delete cascade,
  client_id uuid not null references public.clients (id) on delete cascade,
  primary key (type_id, client_id)
);
create index appointment_type_clients_client_id_idx on public.appointment_type_clients (client_id);
alter table public.appointment_type_clients enable row level security;
alter table public.appointment_type_clients force row level security;
grant select, insert, delete on public.appointment_type_clients to authenticated;

-- A staff member's weekly hours in the firm's time zone (Europe/Berlin): weekday 1 = Monday … 7.
create table public.staff_availability (
  id uuid primary key default gen_random_uuid(),
  staff_id uuid not null references public.accounts (id) on delete cascade,
  weekday smallint not null check (weekday between 1 and 7),
  starts time not null,
  ends time not null,
  check (ends > starts)
);
create index staff_availability_staff_id_idx on public.staff_availability (staff_id);
alter table public.staff_availability enable row level security;
alter table public.staff_availability force row level security;
grant select, insert, delete on public.staff_availability to authenticated;

-- Per staff member: whose public holidays are days off (a German state, e.g. 'BY'; null = none).
create table public.staff_calendar_settings (
  staff_id uuid primary key references public.accounts (id) on delete cascade,
  holiday_state text check (holiday_state in ('BW', 'BY', 'BE', 'BB', 'HB', 'HE', 'HH', 'MV', 'NI', 'NW', 'RP', 'SL', 'SN', 'ST', 'SH', 'TH', 'BUND')),
  updated_at timestamptz not null default now()
);
alter table public.staff_calendar_settings enable row level security;
alter table public.staff_calendar_settings force row level security;
grant select, insert, update on public.staff_calendar_settings to authenticated;

-- Times a staff member is not available although the weekly hours say so (vacation, a court date).
create table public.availability_exceptions (
  id uuid primary key default gen_random_uuid(),
  staff_id uuid not null references public.accounts (id) on delete cascade,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  kind text not null default 'other' check (kind in ('vacation', 'court', 'other')),
  note text not null default '' check (length(note) <= 300),
  created_by uuid references public.accounts (id),
  created_at timestamptz not null default now(),
  check (ends_at > starts_at)
);
create index availability_exceptions_staff_idx on public.availability_exceptions (staff_id, starts_at);
alter table public.availability_exceptions enable row level security;
alter table public.availability_exceptions force row level security;
grant select, insert, delete on public.availability_exceptions to authenticated;

-- A booking. ends_at and blocked (the time range including the type's buffers) are computed by a
-- trigger from the type, never taken from the caller. Active bookings (pending, confirmed) of one
-- staff member never overlap: the exclusion constraint decides, also between parallel requests.
-- sequence rises with every change the attendees' calendars must follow (.ics SEQUENCE).
create table public.appointments (
  item_id uuid primary key references public.items (id) on delete cascade,
  type_id uuid not null references public.appointment_types (id),
  staff_id uuid not null references public.accounts (id),
  client_id uuid not null references public.clients (id) on delete cascade,
  project_id uuid,
  booked_by uuid not null references public.accounts (id),
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  blocked tstzrange not null,
  status text not null default 'pending' check (status in ('pending', 'confirmed', 'declined', 'cancelled')),
  answers jsonb not null default '{}' check (jsonb_typeof(answers) = 'object' and length(answers::text) <= 20000),
  time_zone text not null default 'Europe/Berlin' check (length(time_zone) between 1 and 64),
  decline_reason text check (length(decline_reason) <= 1000),
  decided_by uuid references public.accounts (id),
  decided_at timestamptz,
  cancelled_by uuid references public.accounts (id),
  cancelled_at timestamptz,
  sequence integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  foreign key (project_id, client_id) references public.projects (id, client_id) on delete cascade,
  constraint appointments_no_overlap exclude using gist (staff_id with =, blocked with &&) where (status in ('pending', 'confirmed'))
);
create index appointments_staff_starts_idx on public.appointments (staff_id, starts_at);
create index appointments_booked_by_idx on public.appointments (booked_by);
create index appointments_client_id_idx on public.appointments (client_id);
create index appointments_type_starts_idx on public.appointments (type_id, starts_at);
alter table public.appointments enable row level security;
alter table public.appointments force row level security;
grant select on public.appointments to authenticated, service_role;
grant insert (item_id, type_id, client_id, project_id, booked_by, starts_at, answers, time_zone) on public.appointments to authenticated;
grant update (starts_at, status, decline_reason, decided_by, decided_at, cancelled_by, cancelled_at, time_zone, updated_at) on public.appointments to authenticated;

-- Reminders sent (one per booking and start time): the unique key makes the periodic job
-- idempotent across restarts and instances; a rescheduled booking is reminded again.
create table private.appointment_reminders (
  item_id uuid not null references public.appointments (item_id) on delete cascade,
  starts_at timestamptz not null,
  sent_at timestamptz not null default now(),
  primary key (item_id, starts_at)
);
alter table private.appointment_reminders enable row level security;
alter table private.appointment_reminders force row level security;
grant select, insert on private.appointment_reminders to service_role;

-- A staff member's private calendar feed: only the HMAC of its secret token is stored; a new
-- token replaces the old one, deleting the row revokes it.
create table private.appointment_feeds (
  staff_id uuid primary key references public.accounts (id) on delete cascade,
  token_hash bytea not null unique,
  -- The feed shows the booker's and the client's names only when the staff member chose so.
  with_names boolean not null default false,
  created_at timestamptz not null default now()
);
alter table private.appointment_feeds enable row level security;
alter table private.appointment_feeds force row level security;
