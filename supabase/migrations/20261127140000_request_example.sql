-- An optional example file on a document request ("so sieht die benötigte Bescheinigung aus").
-- The example is an ordinary document of the request's client, uploaded by the firm for the
-- request's audience before the request is created, so exactly the people asked can open it.
-- Deleting the example leaves the request without one. Only named at creation: no update grant.
-- Rules (same client, seen by the request's creator): policies/03-documents.sql.
alter table public.document_requests
  add column example_document_id uuid references public.documents (item_id) on delete set null;
create index document_requests_example_document_id_idx on public.document_requests (example_document_id);
grant insert (example_document_id) on public.document_requests to authenticated;
