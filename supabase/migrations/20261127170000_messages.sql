-- Structured messages (Anfragen) and live chat share these tables: a conversation IS an item of
-- kind 'message_thread' (client, project, audience, recipients, title = subject), so the items
-- policy decides who reads it. Message bodies are sealed like files (a per-message key wrapped by
-- the master key, kept outside the database); search runs over a blind index of HMACs, never over
-- plaintext. Access rules: policies/06-messages.sql.

-- Categories of requests, defined by the firm (admins), in German and English.
create table public.message_categories (
  id uuid primary key default gen_random_uuid(),
  name_de text not null check (length(name_de) between 1 and 100 and name_de = btrim(name_de)),
  name_en text not null check (length(name_en) between 1 and 100 and name_en = btrim(name_en)),
  -- Order in the request form (smaller first).
  position smallint not null default 50 check (position between 0 and 1000),
  created_at timestamptz not null default now(),
  archived_at timestamptz
);
create unique index message_categories_name_idx on public.message_categories (lower(name_de)) where archived_at is null;
alter table public.message_categories enable row level security;
alter table public.message_categories force row level security;
grant select on public.message_categories to authenticated, service_role;
grant insert (id, name_de, name_en, position) on public.message_categories to authenticated;
grant update (name_de, name_en, position, archived_at) on public.message_categories to authenticated;

insert into public.message_categories (name_de, name_en, position) values
  ('Frage', 'Question', 10), ('Unterlagen', 'Documents', 20), ('Termin', 'Appointment', 30),
  ('Rechnung', 'Invoice', 40), ('Feedback', 'Feedback', 50), ('Sonstiges', 'Other', 90);

-- A conversation: a structured request (kind 'request') or a live chat (kind 'chat'), on its
-- item. Status, assignee and category are the firm's; last_message_at and waiting_since are kept
-- by a trigger on messages (waiting_since: since when a client-side message waits for the firm;
-- null when the firm answered last).
create table public.conversations (
  item_id uuid primary key references public.items (id) on delete cascade,
  client_id uuid not null references public.clients (id) on delete cascade,
  kind text not null default 'request' check (kind in ('request', 'chat')),
  category_id uuid references public.message_categories (id),
  status text not null default 'new' check (status in ('new', 'in_progress', 'waiting_for_client', 'done')),
  assignee_id uuid references public.accounts (id),
  created_at timestamptz not null default now(),
  last_message_at timestamptz,
  waiting_since timestamptz,
  status_changed_at timestamptz not null default now(),
  closed_at timestamptz
);
create index conversations_client_id_idx on public.conversations (client_id);
create index conversations_assignee_id_idx on public.conversations (assignee_id);
create index conversations_category_id_idx on public.conversations (category_id);
create index conversations_inbox_idx on public.conversations (coalesce(last_message_at, created_at) desc, item_id desc);
create index conversations_status_idx on public.conversations (status);
alter table public.conversations enable row level security;
alter table public.conversations force row level security;
grant select on public.conversations to authenticated, service_role;
grant insert (item_id, client_id, kind, category_id) on public.conversations to authenticated;
grant update (kind, category_id, status, assignee_id, status_changed_at, closed_at) on public.conversations to authenticated;

-- One message. The body is AES-256-GCM under a per-message data key (body_ciphertext = nonce ‖
-- tag ‖ ciphertext); the data key is sealed by the master key (body_key). search_tokens is the
-- blind index: truncated HMAC-SHA256 of normalised word prefixes under a key derived from the
-- master key. A deletion leaves a tombstone: no body, no key, no tokens, deleted_at set.
create table public.messages (
  id uuid primary key default gen_random_uuid(),
  item_id uuid not null references public.conversations (item_id) on delete cascade,
  client_id uuid not null references public.clients (id) on delete cascade,
  author_id uuid not null references public.accounts (id),
  body_ciphertext bytea,
  body_key bytea,
  search_tokens text[] not null default '{}',
  -- The sender's own id for the message (idempotent retries: a resend after a dropped connection
  -- finds the first one instead of posting twice).
  client_ref uuid,
  created_at timestamptz not null default now(),
  edited_at timestamptz,
  deleted_at timestamptz,
  check ((deleted_at is null) = (body_ciphertext is not null)),
  check ((body_ciphertext is null) = (body_key is null))
);
create index messages_item_created_idx on public.messages (item_id, created_at, id);
create index messages_client_id_idx on public.messages (client_id);
create index messages_author_id_idx on public.messages (author_id);
create index messages_search_tokens_idx on public.messages using gin (search_tokens);
create unique index messages_client_ref_idx on public.messages (author_id, client_ref) where client_ref is not null;
alter table public.messages enable row level security;
alter table public.messages force row level security;
grant select on public.messages to authenticated, service_role;
grant insert (id, item_id, client_id, author_id, body_ciphertext, body_key, search_tokens, client_ref) on public.messages to authenticated;
grant update (body_ciphertext, body_key, search_tokens, edited_at, deleted_at) on public.messages to authenticated;
grant update (body_ciphertext, body_key, search_tokens) on public.messages to service_role;

-- The earlier texts of an edited (or deleted) message, sealed the same way.
create table public.message_revisions (
  id bigint generated always as identity primary key,
  message_id uuid not null references public.messages (id) on delete cascade,
  body_ciphertext bytea not null,
  body_key bytea not null,
  replaced_at timestamptz not null default now()
);
create index message_revisions_message_id_idx on public.message_revisions (message_id);
alter table public.message_revisions enable row level security;
alter table public.message_revisions force row level security;
grant select, insert on public.message_revisions to authenticated;
grant select, update (body_key) on public.message_revisions to service_role;

-- Attachments are documents (uploaded with the conversation's audience, or existing documents
-- the author can see).
create table public.message_attachments (
  message_id uuid not null references public.messages (id) on delete cascade,
  document_id uuid not null references public.documents (item_id) on delete cascade,
  client_id uuid not null references public.clients (id) on delete cascade,
  primary key (message_id, document_id)
);
create index message_attachments_document_id_idx on public.message_attachments (document_id);
create index message_attachments_client_id_idx on public.message_attachments (client_id);
alter table public.message_attachments enable row level security;
alter table public.message_attachments force row level security;
grant select, insert on public.message_attachments to authenticated, service_role;

-- Read status per participant: up to which message a person has read a conversation.
create table public.conversation_reads (
  item_id uuid not null references public.conversations (item_id) on delete cascade,
  account_id uuid not null references public.accounts (id) on delete cascade,
  client_id uuid not null references public.clients (id) on delete cascade,
  last_read_at timestamptz not null default now(),
  last_read_message_id uuid references public.messages (id) on delete set null,
  primary key (item_id, account_id)
);
create index conversation_reads_account_id_idx on public.conversation_reads (account_id);
create index conversation_reads_client_id_idx on public.conversation_reads (client_id);
alter table public.conversation_reads enable row level security;
alter table public.conversation_reads force row level security;
grant select, insert, update (last_read_at, last_read_message_id) on public.conversation_reads to authenticated;

-- Per person and category: mail me about new messages (no row: yes).
create table public.message_notification_preferences (
  account_id uuid not null references public.accounts (id) on delete cascade,
  category_id uuid not null references public.message_categories (id) on delete cascade,
  mail boolean not null default true,
  primary key (account_id, category_id)
);
create index message_notification_preferences_category_id_idx on public.message_notification_preferences (category_id);
alter table public.message_notification_preferences enable row level security;
alter table public.message_notification_preferences force row level security;
grant select, insert, delete, update (mail) on public.message_notification_preferences to authenticated;

-- ============================================================================================
-- Bookkeeping: last message, waiting since, status on a client's reply
-- ============================================================================================

-- A new message moves its conversation: a message by the firm ends the waiting (and a new
-- request starts being worked on); one from the client's side starts it (if not already
-- waiting) and reopens a request that was waiting for the client or done. Runs as the owner:
-- clients may not change a conversation's status themselves.
create function private.message_written() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  from_staff boolean;
begin
  select a.kind = 'staff' into from_staff from public.accounts a where a.id = new.author_id;
  update public.conversations c set
    last_message_at = new.created_at,
    waiting_since = case when from_staff then null else coalesce(c.waiting_since, new.created_at) end,
    status = case
      when not from_staff and c.status in ('waiting_for_client', 'done') then 'in_progress'
      else c.status end,
    closed_at = case when not from_staff and c.status = 'done' then null else c.closed_at end,
    status_changed_at = case
      when not from_staff and c.status in ('waiting_for_client', 'done') then new.created_at
      else c.status_changed_at end
  where c.item_id = new.item_id;
  update public.items set updated_at = new.created_at where id = new.item_id;
  return null;
end
$$;
revoke all on function private.message_written() from public;
create trigger messages_written after insert on public.messages
  for each row execute function private.message_written();

-- ============================================================================================
-- Realtime: ids only, never content (the chat's WebSocket re-checks access per subscriber)
-- ============================================================================================

create function private.portal_event() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  kind text;
  object_id uuid;
begin
  if tg_table_name = 'messages' then
    kind := case when tg_op = 'INSERT' then 'message' else 'message_edited' end;
    object_id := new.id;
  elsif tg_table_name = 'conversations' then
    if tg_op = 'UPDATE' and new.status is not distinct from old.status and new.assignee_id is not distinct from old.assignee_id
       and new.kind is not distinct from old.kind and new.category_id is not distinct from old.category_id then
      return null;
    end if;
    kind := 'conversation';
    object_id := new.item_id;
  else
    kind := 'read';
    object_id := new.account_id;
  end if;
  perform pg_notify('portal_events', json_build_object('type', kind, 'item_id', new.item_id, 'id', object_id, 'client_id', new.client_id)::text);
  return null;
end
$$;
revoke all on function private.portal_event() from public;
create trigger messages_portal_event after insert or update on public.messages
  for each row execute function private.portal_event();
create trigger conversations_portal_event after insert or update on public.conversations
  for each row execute function private.portal_event();
create trigger conversation_reads_portal_event after insert or update on public.conversation_reads
  for each row execute function private.portal_event();
