import { open } from '../../_shared/crypto.ts'
import { uniqueNames } from '../../_shared/upload/filename.ts'
import type { DomainExporter, ExportEntry } from './types.ts'

/**
 * Items (with info pages), documents with every version decrypted into dateien/, the proof of
 * receipt, document requests, document groups with their comments (decrypted, with revisions).
 */
export const documentsExporter: DomainExporter = {
  domain: 'documents',
  async collect({ tx, clientId, masterKey }) {
    const items = await tx`
      select i.id, i.kind, i.project_id, i.audience, i.title, i.created_by, i.created_at, i.updated_at,
             (select array_agg(r.account_id) from public.item_recipients r where r.item_id = i.id) as recipients,
             p.body_markdown as info_page_markdown
      from public.items i left join public.info_pages p on p.item_id = i.id
      where i.client_id = ${clientId} order by i.created_at, i.id`
    const documents = await tx`select item_id, category, note, requires_confirmation, deleted_at, request_id
                               from public.documents where client_id = ${clientId}`
    const versions = await tx`select id, item_id, version, filename, media_type, size, sha256, blob_name, wrapped_key, uploaded_by, created_at
                              from public.document_versions where client_id = ${clientId} order by item_id, version`
    const events = await tx`select item_id, version_id, account_id, kind, at from public.document_events where client_id = ${clientId} order by at`
    const requests = await tx`select item_id, hint, due_at, allowed_types, status, status_reason, decided_by, decided_at
                              from public.document_requests where client_id = ${clientId}`
    const entries = await tx`select group_id, document_id, added_by, added_at from public.document_group_entries where client_id = ${clientId}`
    const comments = await tx`select id, item_id, author_id, body_ciphertext, created_at, edited_at, deleted_at from public.comments where client_id = ${clientId} order by created_at`
    const revisions = comments.length
      ? await tx`select comment_id, body_ciphertext, replaced_at from public.comment_revisions where comment_id = any(${comments.map((c) => c.id)}::uuid[]) order by replaced_at`
      : []
    const body = (sealed: Buffer | null) => (sealed ? open(masterKey, 'comment-body', sealed).toString('utf8') : null)

    // Every version under dateien/, named <version>-<file name>, unique within the archive.
    const paths = uniqueNames(versions.map((v) => `${v.version}-${v.filename}`)).map((name) => `dokumente/dateien/${name}`)
    const files: ExportEntry[] = versions.map((v, i) => ({
      path: paths[i]!,
      mtime: v.created_at as Date,
      file: { blobName: v.blob_name as string, wrappedKey: v.wrapped_key as Buffer, size: Number(v.size), sha256: v.sha256 as string },
    }))
    const documentJson = documents.map((d) => ({
      ...d,
      title: items.find((i) => i.id === d.item_id)?.title,
      versions: versions
        .map((v, i) => ({ v, path: paths[i]! }))
        .filter(({ v }) => v.item_id === d.item_id)
        .map(({ v, path }) => ({ id: v.id, version: v.version, filename: v.filename, mediaType: v.media_type, size: Number(v.size), sha256: v.sha256, uploadedBy: v.uploaded_by, createdAt: v.created_at, file: path })),
      receipts: events.filter((e) => e.item_id === d.item_id),
    }))
    return [
      { path: 'dokumente/eintraege.json', json: items },
      { path: 'dokumente/dokumente.json', json: documentJson },
      { path: 'dokumente/anforderungen.json', json: requests },
      {
        path: 'dokumente/mappen.json',
        json: items.filter((i) => i.kind === 'document_group').map((g) => ({
          id: g.id,
          title: g.title,
          entries: entries.filter((e) => e.group_id === g.id),
          comments: comments.filter((c) => c.item_id === g.id).map((c) => ({
            id: c.id, authorId: c.author_id, createdAt: c.created_at, editedAt: c.edited_at, deletedAt: c.deleted_at,
            body: body(c.body_ciphertext),
            revisions: revisions.filter((r) => r.comment_id === c.id).map((r) => ({ replacedAt: r.replaced_at, body: body(r.body_ciphertext) })),
          })),
        })),
      },
      ...files,
    ]
  },
}
