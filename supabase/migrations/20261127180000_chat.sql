-- Live chat and calls (issue 7): the firm's office hours for the chat, presence (last heartbeat of
-- a realtime connection) and call rooms in the firm's own Jitsi. Chats themselves are
-- conversations of kind 'chat' (20261127170000_messages.sql); typing indicators are never stored.
-- Access rules: policies/07-chat.sql.

-- When the firm answers chats, per ISO weekday (1 = Monday … 7 = Sunday), in Europe/Berlin local
-- time. Several spans a day are allowed (a lunch break); no row for a day = closed that day.
create table public.chat_office_hours (
  id uuid primary key default gen_random_uuid(),
  weekday smallint not null check (weekday between 1 and 7),
  opens_at time not null,
  closes_at time not null,
  check (opens_at < closes_at)
);
create index chat_office_hours_weekday_idx on public.chat_office_hours (weekday);
alter table public.chat_office_hours enable row level security;
alter table public.chat_office_hours force row level security;
grant select, insert, delete on public.chat_office_hours to authenticated;

-- Monday to Friday, 9 to 17, until an admin says otherwise.
insert into public.chat_office_hours (weekday, opens_at, closes_at)
select d, time '09:00', time '17:00' from generate_series(1, 5) d;

-- The last heartbeat of a person's realtime connection (any instance). Staff presence tells a
-- client whether someone is there; a person without a recent heartbeat gets a call invitation by
-- mail as well.
create table public.chat_presence (
  account_id uuid primary key references public.accounts (id) on delete cascade,
  last_seen_at timestamptz not null default now()
);
create index chat_presence_last_seen_idx on public.chat_presence (last_seen_at);
alter table public.chat_presence enable row level security;
alter table public.chat_presence force row level security;
grant select, insert, update (last_seen_at) on public.chat_presence to authenticated;

-- A call in the firm's Jitsi, started from a conversation (chat or request) or an appointment.
-- room_name is the unguessable Jitsi room (128 random bits); joining needs a short-lived JWT the
-- portal signs only for people who can see the item.
create table public.call_rooms (
  id uuid primary key default gen_random_uuid(),
  item_id uuid not null references public.items (id) on delete cascade,
  room_name text not null unique check (room_name ~ '^[a-z0-9-]{24,80}$'),
  media text not null check (media in ('audio', 'video')),
  created_by uuid not null references public.accounts (id),
  created_at timestamptz not null default now(),
  ended_at timestamptz,
  check (ended_at is null or ended_at >= created_at)
);
create index call_rooms_item_id_idx on public.call_rooms (item_id);
create index call_rooms_created_by_idx on public.call_rooms (created_by);
alter table public.call_rooms enable row level security;
alter table public.call_rooms force row level security;
grant select, insert (id, item_id, room_name, media, created_by) on public.call_rooms to authenticated;
grant update (ended_at) on public.call_rooms to authenticated;

-- A new or ended call is announced to the realtime server (ids only; every instance re-checks
-- who may see it before sending).
create function private.call_rooms_notify() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  client uuid;
begin
  select i.client_id into client from public.items i where i.id = new.item_id;
  perform pg_notify('portal_events', json_build_object(
    'type', case when tg_op = 'INSERT' then 'call' else 'call_ended' end,
    'item_id', new.item_id, 'id', new.id, 'client_id', client, 'actor_id', new.created_by)::text);
  return new;
end
$$;
create trigger call_rooms_notify after insert or update of ended_at on public.call_rooms
  for each row execute function private.call_rooms_notify();
