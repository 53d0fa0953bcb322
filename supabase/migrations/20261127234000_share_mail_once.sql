-- A share's link mail goes out at most once (review finding: private.enqueue_share_link_mail,
-- callable by a share's creator with direct SQL, queued a new mail to the external recipient on
-- every call, for any age of share). The function (policies/05-shares.sql) now queues only in the
-- transaction that created the share (created_at = now()) and stamps the share here; a second call,
-- in that or any later transaction, is refused. No API role has a grant on the column: only the
-- security-definer function writes it.
alter table public.shares add column link_mailed_at timestamptz;
