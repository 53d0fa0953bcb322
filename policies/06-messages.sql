-- Messages (Anfragen) and chats: a conversation is an item of kind 'message_thread', so whoever
-- sees the item reads the conversation, its messages, attachments and read marks. Writing needs
-- more: the firm's staff of the client, a client member with 'messages.write', or an outside
-- participant of the conversation's project. Status, assignee and category are the firm's.

do $$
declare t text;
begin
  foreach t in array array['message_categories', 'conversations', 'messages', 'message_revisions', 'message_attachments',
                           'conversation_reads', 'message_notification_preferences'] loop
    execute format('drop policy if exists "Second factor required" on public.%I', t);
    execute format('create policy "Second factor required" on public.%I as restrictive for all to authenticated
                    using ((select private.second_factor_satisfied())) with check ((select private.second_factor_satisfied()))', t);
  end loop;
end
$$;

-- ============================================================================================
-- Helpers
-- ============================================================================================

-- May the caller write into conversations of this client (and project)? The client's staff; a
-- client member whose active membership carries 'messages.write'; an outside participant of the
-- project. Whether the caller sees the conversation itself is the items policy's question.
create or replace function private.may_write_messages(client uuid, project uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select private.is_client_staff(client)
      or client = any(private.client_ids_with('messages.write'))
      or (project is not null and project = any(private.project_ids('outside')))
$$;

-- Can the person be a conversation's assignee? Staff assigned to the client, and admins.
create or replace function private.is_assignable(client uuid, person uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (select 1 from public.accounts a where a.id = person and a.kind = 'staff' and a.disabled_at is null
                   and (a.is_admin or exists (select 1 from public.client_staff s where s.client_id = client and s.account_id = person)))
$$;

revoke all on function private.may_write_messages(uuid, uuid), private.is_assignable(uuid, uuid) from public;
grant execute on function private.may_write_messages(uuid, uuid), private.is_assignable(uuid, uuid) to authenticated, service_role;

-- ============================================================================================
-- message_categories: names are not confidential; the firm's admins define them
-- ============================================================================================

drop policy if exists "Everyone signed in reads message categories" on public.message_categories;
create policy "Everyone signed in reads message categories" on public.message_categories for select to authenticated
  using (true);

drop policy if exists "Admins define message categories" on public.message_categories;
create policy "Admins define message categories" on public.message_categories for insert to authenticated
  with check ((select private.is_admin()));

drop policy if exists "Admins rename and archive message categories" on public.message_categories;
create policy "Admins rename and archive message categories" on public.message_categories for update to authenticated
  using ((select private.is_admin())) with check ((select private.is_admin()));

-- ============================================================================================
-- conversations
-- ============================================================================================

drop policy if exists "Whoever sees the item sees the conversation" on public.conversations;
create policy "Whoever sees the item sees the conversation" on public.conversations for select to authenticated
  using (exists (select 1 from public.items i where i.id = conversations.item_id));

-- The item's creator (who was allowed to create a message thread item) and the client's staff
-- open the conversation in the same transaction; a new one has no status history yet.
drop policy if exists "The item's creator and staff open the conversation" on public.conversations;
create policy "The item's creator and staff open the conversation" on public.conversations for insert to authenticated
  with check (status = 'new' and assignee_id is null and exists (
    select 1 from public.items i where i.id = conversations.item_id and i.kind = 'message_thread'
      and i.client_id = conversations.client_id
      and (private.is_client_staff(i.client_id)
           or (i.created_by = (select auth.uid()) and private.may_write_messages(i.client_id, i.project_id)))));

-- Status, assignee, kind and category are the firm's; the assignee is staff of the client.
drop policy if exists "Staff of the client handle conversations" on public.conversations;
create policy "Staff of the client handle conversations" on public.conversations for update to authenticated
  using (private.is_client_staff(client_id))
  with check (private.is_client_staff(client_id) and (assignee_id is null or private.is_assignable(client_id, assignee_id)));

-- ============================================================================================
-- messages
-- ============================================================================================

drop policy if exists "Whoever sees the conversation reads its messages" on public.messages;
create policy "Whoever sees the conversation reads its messages" on public.messages for select to authenticated
  using (exists (select 1 from public.items i where i.id = messages.item_id));

drop policy if exists "People who may write post in their own name" on public.messages;
create policy "People who may write post in their own name" on public.messages for insert to authenticated
  with check (author_id = (select auth.uid()) and deleted_at is null and edited_at is null and exists (
    select 1 from public.items i where i.id = messages.item_id and i.kind = 'message_thread'
      and i.client_id = messages.client_id and private.may_write_messages(i.client_id, i.project_id)));

-- Only the author edits or deletes (a tombstone), while still seeing the conversation and
-- entitled to write in it.
drop policy if exists "Authors edit and delete their messages" on public.messages;
create policy "Authors edit and delete their messages" on public.messages for update to authenticated
  using (author_id = (select auth.uid()) and deleted_at is null and exists (
    select 1 from public.items i where i.id = messages.item_id and private.may_write_messages(i.client_id, i.project_id)))
  with check (author_id = (select auth.uid()));

-- ============================================================================================
-- message_revisions
-- ============================================================================================

-- The history of a live message is read by whoever reads the message; a deleted message's former
-- text stays with the client's staff (the firm's record), not with the audience.
drop policy if exists "Whoever reads a live message reads its history; staff also a deleted one's" on public.message_revisions;
create policy "Whoever reads a live message reads its history; staff also a deleted one's" on public.message_revisions for select to authenticated
  using (exists (select 1 from public.messages m where m.id = message_revisions.message_id
                   and (m.deleted_at is null or private.is_client_staff(m.client_id))));

-- A revision is the message's current text, kept by its author right before a change.
drop policy if exists "Authors keep the previous text when they edit" on public.message_revisions;
create policy "Authors keep the previous text when they edit" on public.message_revisions for insert to authenticated
  with check (exists (select 1 from public.messages m where m.id = message_revisions.message_id
                        and m.author_id = (select auth.uid()) and m.deleted_at is null
                        and m.body_ciphertext = message_revisions.body_ciphertext and m.body_key = message_revisions.body_key));

-- ============================================================================================
-- message_attachments: a message's documents
-- ============================================================================================

-- An attachment is listed to whoever reads the message and sees the document.
drop policy if exists "Whoever reads the message and sees the document sees the attachment" on public.message_attachments;
create policy "Whoever reads the message and sees the document sees the attachment" on public.message_attachments for select to authenticated
  using (exists (select 1 from public.messages m where m.id = message_attachments.message_id)
         and exists (select 1 from public.items d where d.id = message_attachments.document_id));

-- The author attaches documents of the same client that they see (the subquery runs under the
-- author's own rules), to a live message of their own.
drop policy if exists "Authors attach documents they see" on public.message_attachments;
create policy "Authors attach documents they see" on public.message_attachments for insert to authenticated
  with check (exists (select 1 from public.messages m where m.id = message_attachments.message_id
                        and m.author_id = (select auth.uid()) and m.deleted_at is null and m.client_id = message_attachments.client_id)
              and exists (select 1 from public.documents d join public.items i on i.id = d.item_id
                          where d.item_id = message_attachments.document_id and d.client_id = message_attachments.client_id
                            and d.deleted_at is null));

-- A file uploaded as a message's attachment becomes a document: functions/documents creates it,
-- and these two are the messages side it calls (the database is where functions meet; no function
-- imports another, DESIGN.md §2.2). Both run as the caller, so the policies decide.
-- Where an attachment of the caller's own live message goes: its conversation's client, project
-- and audience, and for audience 'people' the conversation's creator and named recipients (so
-- everyone who reads the thread can open the file). No row for anyone else's message, a deleted
-- one or one the caller cannot see.
create or replace function private.message_attachment_target(message uuid)
returns table (client_id uuid, project_id uuid, audience text, recipients uuid[])
language sql stable set search_path = '' as $$
  select i.client_id, i.project_id, i.audience::text,
         case when i.audience::text = 'people'
           then array[i.created_by] || coalesce((select array_agg(r.account_id order by r.account_id) from public.item_recipients r
                                                 where r.item_id = i.id and r.account_id <> i.created_by), '{}'::uuid[])
           else '{}'::uuid[] end
  from public.messages m join public.items i on i.id = m.item_id
  where m.id = message and m.author_id = (select auth.uid()) and m.deleted_at is null
$$;

-- Links a document to a message the caller sees, for the message's client; the insert policy
-- above decides (the caller's own live message, a document of that client the caller sees).
-- 42501 when the message is not visible or the policy refuses.
create or replace function private.attach_document_to_message(message uuid, document_item uuid) returns void
language plpgsql set search_path = '' as $$
begin
  insert into public.message_attachments (message_id, document_id, client_id)
  select m.id, document_item, m.client_id from public.messages m where m.id = message;
  if not found then
    raise exception 'not allowed' using errcode = '42501';
  end if;
end
$$;

revoke all on function private.message_attachment_target(uuid), private.attach_document_to_message(uuid, uuid) from public;
grant execute on function private.message_attachment_target(uuid), private.attach_document_to_message(uuid, uuid) to authenticated;

-- ============================================================================================
-- conversation_reads
-- ============================================================================================

-- Everyone sees their own read marks; the client's staff see who has read what.
drop policy if exists "People see their own read marks; staff everyone's" on public.conversation_reads;
create policy "People see their own read marks; staff everyone's" on public.conversation_reads for select to authenticated
  using ((account_id = (select auth.uid()) and exists (select 1 from public.items i where i.id = conversation_reads.item_id))
         or private.is_client_staff(client_id));

drop policy if exists "People mark conversations they see as read" on public.conversation_reads;
create policy "People mark conversations they see as read" on public.conversation_reads for insert to authenticated
  with check (account_id = (select auth.uid()) and exists (
    select 1 from public.items i where i.id = conversation_reads.item_id and i.client_id = conversation_reads.client_id));

drop policy if exists "People move their own read marks" on public.conversation_reads;
create policy "People move their own read marks" on public.conversation_reads for update to authenticated
  using (account_id = (select auth.uid()) and exists (select 1 from public.items i where i.id = conversation_reads.item_id))
  with check (account_id = (select auth.uid()));

-- ============================================================================================
-- message_notification_preferences: one's own
-- ============================================================================================

drop policy if exists "People read their own notification preferences" on public.message_notification_preferences;
create policy "People read their own notification preferences" on public.message_notification_preferences for select to authenticated
  using (account_id = (select auth.uid()));

drop policy if exists "People set their own notification preferences" on public.message_notification_preferences;
create policy "People set their own notification preferences" on public.message_notification_preferences for insert to authenticated
  with check (account_id = (select auth.uid()));

drop policy if exists "People change their own notification preferences" on public.message_notification_preferences;
create policy "People change their own notification preferences" on public.message_notification_preferences for update to authenticated
  using (account_id = (select auth.uid())) with check (account_id = (select auth.uid()));

drop policy if exists "People remove their own notification preferences" on public.message_notification_preferences;
create policy "People remove their own notification preferences" on public.message_notification_preferences for delete to authenticated
  using (account_id = (select auth.uid()));

-- ============================================================================================
-- Mail about a new message: a notice and a link, never the text or the subject
-- ============================================================================================

-- Queues 'new-message' mails for a message the caller just wrote. Told are the people who may
-- read the conversation, other than the author: on the client's side every reader (by the items
-- rule, evaluated for each person); on the firm's side the assignee, else the client's assigned
-- staff, else the admins. Anyone who switched off mails for the conversation's category is left
-- out, and so are disabled accounts. Returns how many mails were queued. The caller learns no
-- one's memberships. The link is the stored public origin (private.public_origin, written by the
-- server at start) and the conversation's page: the caller names only the path,
-- '/nachrichten/<item id>'. A full link of the older form ('http://host/nachrichten/<item id>') is
-- still accepted while callers move to the path, but only its path is used: the host in a mail is
-- never the caller's.
create or replace function private.notify_new_message(message uuid, path text) returns integer
language plpgsql security definer set search_path = '' as $$
declare
  m public.messages;
  i public.items;
  c public.conversations;
  from_staff boolean;
  person public.accounts;
  told integer := 0;
  fresh boolean;
  link text;
begin
  -- Only in the transaction that wrote the message (created_at is that transaction's now()): a
  -- message is announced once, not again on request.
  select * into m from public.messages where id = message and author_id = (select auth.uid()) and deleted_at is null and created_at = now();
  if not found then
    raise exception 'not allowed' using errcode = '42501';
  end if;
  -- Only the conversation's own page (no origin, other path, query, fragment or user info); the
  -- stored public origin goes in front of it.
  if path is null or path <> '/nachrichten/' || m.item_id::text then
    raise exception 'invalid link' using errcode = '22023';
  end if;
  link := private.public_link('/nachrichten/' || m.item_id::text);
  select * into i from public.items where id = m.item_id;
  select * into c from public.conversations where item_id = m.item_id;
  select a.kind = 'staff' into from_staff from public.accounts a where a.id = m.author_id;
  for person in
    select a.* from public.accounts a
    where a.disabled_at is null and a.id <> m.author_id and (
      (a.kind <> 'staff' and (
         a.id in (select cm.account_id from public.client_members cm where cm.client_id = i.client_id and cm.revoked_at is null)
         or a.id in (select p.account_id from public.project_participants p where p.project_id = i.project_id and p.revoked_at is null)
         or a.id in (select r.account_id from public.item_recipients r where r.item_id = i.id)))
      or (a.kind = 'staff' and not from_staff and (
         case
           when c.assignee_id is not null then a.id = c.assignee_id
           when exists (select 1 from public.client_staff s join public.accounts sa on sa.id = s.account_id
                        where s.client_id = i.client_id and sa.disabled_at is null)
             then a.id in (select s.account_id from public.client_staff s where s.client_id = i.client_id)
           else a.is_admin
         end)))
  loop
    continue when not private.item_visible(private.item_scope_for(person.id), i.id, i.client_id, i.project_id, i.group_id, i.audience, i.kind, i.created_by);
    continue when c.category_id is not null and exists (
      select 1 from public.message_notification_preferences p where p.account_id = person.id and p.category_id = c.category_id and not p.mail);
    -- At most one notice per conversation and person in ten minutes (a lively exchange is one
    -- mail; the page shows everything new). The slot is kept like the sign-in throttle's keys.
    fresh := null;
    insert into private.sign_in_throttle as t (key, window_started_at, failures, last_failure_at)
    values ('mail-new-message:' || i.id || ':' || person.id, now(), 1, now())
    on conflict (key) do update set window_started_at = now(), failures = 1, last_failure_at = now()
    where t.window_started_at <= now() - interval '10 minutes'
    returning true into fresh;
    continue when fresh is null;
    insert into private.outbox (template, to_address, locale, params)
    values ('new-message', person.email, person.locale, jsonb_build_object('name', person.display_name, 'link', link));
    told := told + 1;
  end loop;
  return told;
end
$$;
revoke all on function private.notify_new_message(uuid, text) from public;
grant execute on function private.notify_new_message(uuid, text) to authenticated;

-- ============================================================================================
-- The names in a conversation
-- ============================================================================================

-- The people who appear in a conversation the caller reads (its creator, named recipients,
-- assignee and every author) with their names and whether they are the firm's: a client reads
-- who from the firm answered even where the accounts policy would not show that person. Nothing
-- for a conversation the caller does not see.
create or replace function private.conversation_people(item uuid)
returns table (account_id uuid, display_name text, is_staff boolean)
language plpgsql stable security definer set search_path = '' as $$
declare
  i public.items;
begin
  select * into i from public.items where id = item and kind = 'message_thread';
  if not found or not private.item_visible(private.item_scope(), i.id, i.client_id, i.project_id, i.group_id, i.audience, i.kind, i.created_by) then
    return;
  end if;
  return query
    select a.id, a.display_name, a.kind = 'staff' from public.accounts a
    where a.id = i.created_by
       or a.id in (select r.account_id from public.item_recipients r where r.item_id = item)
       or a.id in (select c.assignee_id from public.conversations c where c.item_id = item)
       or a.id in (select m.author_id from public.messages m where m.item_id = item);
end
$$;
revoke all on function private.conversation_people(uuid) from public;
grant execute on function private.conversation_people(uuid) to authenticated;

-- ============================================================================================
-- Per-person limits on what sends mail (messages with their notices, call invitations)
-- ============================================================================================

-- Takes one unit of the caller's budget for an action that mails other people: 'message' (a new
-- request or a reply; each mails readers and staff) 30 a minute, 'call' (a call; it mails
-- offline invitees) 5 a minute. Kept in PostgreSQL like the sign-in throttle (same table, own
-- keys), so it holds across restarts and instances; taken in the transaction that writes, so a
-- refused or failed write costs nothing. False when the budget of this minute is spent.
create or replace function private.take_send_budget(action text) returns boolean
language plpgsql volatile security definer set search_path = '' as $$
declare
  me uuid := (select auth.uid());
  per_minute integer := case action when 'message' then 30 when 'call' then 5 end;
  taken boolean;
begin
  if me is null or per_minute is null then
    raise exception 'not allowed' using errcode = '42501';
  end if;
  insert into private.sign_in_throttle as t (key, window_started_at, failures, last_failure_at)
  values ('send-' || action || ':' || me, now(), 1, now())
  on conflict (key) do update set
    failures = case when t.window_started_at <= now() - interval '1 minute' then 1 else t.failures + 1 end,
    window_started_at = case when t.window_started_at <= now() - interval '1 minute' then now() else t.window_started_at end,
    last_failure_at = now()
  where t.window_started_at <= now() - interval '1 minute' or t.failures < per_minute
  returning true into taken;
  return coalesce(taken, false);
end
$$;
revoke all on function private.take_send_budget(text) from public;
grant execute on function private.take_send_budget(text) to authenticated;
