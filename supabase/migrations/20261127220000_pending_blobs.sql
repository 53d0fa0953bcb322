-- Blobs being written whose version row is not committed yet. A crash (SIGKILL, power loss)
-- between the end of a blob's write and the commit of its document's transaction would leave
-- the blob in the store forever, referenced by nothing. So the upload notes the blob name here,
-- in its own short transaction, before the first byte is written; the insert of the version row
-- removes the note (trigger below, in the document's transaction); the periodic sweep removes
-- the blobs of notes older than a day that no version references, and marks the note as swept.
-- A version row for a swept blob is refused (blob_swept), so a very late commit cannot create a
-- document without a body. Swept notes are dropped after a week.
create table private.pending_blobs (
  blob_name uuid primary key,
  noted_at timestamptz not null default now(),
  swept_at timestamptz
);
alter table private.pending_blobs enable row level security;
alter table private.pending_blobs force row level security;
grant select, insert, update, delete on private.pending_blobs to service_role;

create function private.settle_pending_blob() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  swept timestamptz;
begin
  delete from private.pending_blobs where blob_name = new.blob_name returning swept_at into swept;
  if swept is not null then
    raise exception 'blob_swept' using errcode = 'PT409', detail = 'The uploaded body was removed by the cleanup; upload the file again.';
  end if;
  return new;
end
$$;
revoke all on function private.settle_pending_blob() from public;
create trigger document_versions_settle_pending_blob before insert on public.document_versions
  for each row execute function private.settle_pending_blob();
