-- The public origin of links in mails, stored by the server instead of passed by a caller.
-- The functions that queue a mail with a link for a signed-in caller (notify_new_message,
-- invite_to_call, notify_mention, enqueue_share_link_mail in policies/) used to take the whole link
-- from the caller and checked at most its path: a signed-in person with direct SQL access
-- (PostgREST-style, as DESIGN §2.1 assumes possible) could make the portal mail a link to any host
-- under the firm's sender address. Now they take only the page's path and put this origin in
-- front of it.

-- One row: the origin users open (https://portal.kanzlei.de). The server writes it at every start
-- from PUBLIC_URL, else from the loopback address it listens on (functions/_shared/public-origin.ts),
-- with the owner credential that runs the migrations. No API role has any grant on it; the mail
-- functions read it as security definer. A plain origin only: scheme, host, optional port.
create table private.public_origin (
  id boolean primary key default true check (id),
  origin text not null check (origin ~ '^https?://([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:[0-9]{1,5})?$'),
  updated_at timestamptz not null default now()
);
alter table private.public_origin enable row level security;
alter table private.public_origin force row level security;
-- Until a server has started on this database (a fresh clone, a test database), links point at the
-- loopback origin the portal assumes when it knows no other (functions/_shared/app.ts,
-- expectedOrigin): never a host a caller chose.
insert into private.public_origin (origin) values ('http://localhost');

-- The link to one of the portal's pages: the stored origin and the path. The path is checked by
-- the caller (each mail function allows exactly its own page); here only that it is a plain path.
create function private.public_link(path text) returns text
language plpgsql stable security definer set search_path = '' as $$
declare
  base text;
begin
  if path is null or path !~ '^/[A-Za-z0-9/_-]*$' then
    raise exception 'invalid link path' using errcode = '22023';
  end if;
  select o.origin into base from private.public_origin o where o.id;
  if base is null then
    raise exception 'no public origin stored' using errcode = '55000';
  end if;
  return base || path;
end
$$;
revoke all on function private.public_link(text) from public;

-- The mail functions change their link argument to a path (policies recreate them with the new
-- parameter name, which create or replace cannot rename).
drop function if exists private.notify_new_message(uuid, text);
drop function if exists private.invite_to_call(uuid, text);
drop function if exists private.notify_mention(uuid, uuid, text);
drop function if exists private.enqueue_share_link_mail(uuid, text, jsonb);
