import { audit, type RequestMeta } from '../../_shared/audit.ts'
import type { Db, Tx } from '../../_shared/db.ts'
import { AppError } from '../../_shared/errors.ts'
import { enqueueAccountMail } from '../../_shared/mail/outbox.ts'
import type { SessionInfo } from '../../_shared/session.ts'
import type { CreateRequestBody } from '../schemas.ts'
import { mailRecipients } from './notify-recipients.ts'

const notFound = () => new AppError('not_found', { status: 404, message: 'Not found.' })
const firm = async (tx: Tx) => ((await tx`select firm_name from public.firm_settings where id = 1`)[0]?.firm_name as string) ?? 'Kanzlei'

/**
 * The request's own row. The insert policy refuses an example that is not a document of the same
 * client seen by the caller; the look-up before only turns that refusal into its own code
 * (example_not_found) instead of a plain not_found. Either way the transaction rolls back.
 */
async function insertRequestRow(tx: Tx, id: string, body: CreateRequestBody) {
  if (body.exampleDocumentId) {
    const [example] = await tx`select 1 from public.documents where item_id = ${body.exampleDocumentId} and client_id = ${body.clientId} and deleted_at is null`
    if (!example) throw new AppError('example_not_found', { status: 422, message: 'The example file is not a document of this client.' })
  }
  await tx`insert into public.document_requests (item_id, client_id, hint, due_at, allowed_types, example_document_id)
           values (${id}, ${body.clientId}, ${body.hint}, ${body.dueAt}, ${body.allowedTypes}, ${body.exampleDocumentId})`
}

/** Staff ask a client (a project, or named people) for a document; the people asked get a mail. */
export async function createRequest(db: Db, session: SessionInfo, body: CreateRequestBody, meta: RequestMeta) {
  const id = crypto.randomUUID()
  return db.asUser(session.claims, async (tx) => {
    await tx`insert into public.items (id, kind, client_id, project_id, audience, title, created_by)
             values (${id}, 'document_request', ${body.clientId}, ${body.projectId}, ${body.audience}, ${body.title}, ${session.accountId})`
    for (const r of new Set(body.recipients)) await tx`insert into public.item_recipients (item_id, account_id) values (${id}, ${r})`
    await insertRequestRow(tx, id, body)
    const due = body.dueAt ? new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeZone: 'Europe/Berlin' }).format(new Date(body.dueAt)) : ''
    const asked = await mailRecipients(tx, id, 'document-request', { firmName: await firm(tx), link: `/anforderungen/${id}`, due })
    await audit(tx, { actorId: session.accountId, clientId: body.clientId, action: 'document_request.created', objectType: 'item', objectId: id, detail: { asked } }, meta)
    return { id, asked }
  })
}

/**
 * The requests the caller may see for a client, with their status and what was submitted. The
 * example file (id and latest file name) comes only when the caller sees that document too.
 */
export async function listRequests(db: Db, session: SessionInfo, clientId: string) {
  return db.asUser(session.claims, (tx) => tx`
    select r.item_id as id, i.title, r.hint, r.due_at as "dueAt", r.allowed_types as "allowedTypes", r.status,
           r.status_reason as "statusReason", i.audience, i.created_at as "createdAt",
           (select count(*)::int from public.documents d where d.request_id = r.item_id) as submitted,
           e.item_id as "exampleDocumentId", e.filename as "exampleFilename"
    from public.document_requests r join public.items i on i.id = r.item_id
    left join lateral (
      select v.item_id, v.filename from public.document_versions v
      where v.item_id = r.example_document_id
      order by v.version desc limit 1
    ) e on true
    where r.client_id = ${clientId}
    order by (r.status in ('open', 'returned')) desc, r.due_at nulls last, i.created_at desc`)
}

/** Checks an upload into a request: visible, not yet accepted, and of an accepted type. */
export async function checkRequestUpload(tx: Tx, requestId: string, clientId: string, filename: string) {
  const [request] = await tx`select status, allowed_types from public.document_requests where item_id = ${requestId} and client_id = ${clientId}`
  if (!request) throw notFound()
  if (request.status === 'accepted') throw new AppError('request_closed', { status: 409, message: 'This request no longer takes uploads.' })
  const ext = filename.includes('.') ? filename.split('.').pop()!.toLowerCase() : ''
  if (request.allowed_types && !(request.allowed_types as string[]).includes(ext))
    throw new AppError('type_not_allowed', { status: 415, message: 'This file type is not accepted for this request.', data: { extension: ext, allowed: request.allowed_types } })
}

/**
 * Staff accept a request's submissions (optionally sharing them with the whole client — an
 * explicit widening) or return them with a reason, which the uploaders get by mail.
 */
export async function decideRequest(db: Db, session: SessionInfo, requestId: string, decision: { accept: true; shareWith?: 'client' } | { accept: false; reason: string }, meta: RequestMeta, now: Date) {
  return db.asUser(session.claims, async (tx) => {
    const rows = await tx`update public.document_requests set status = ${decision.accept ? 'accepted' : 'returned'},
                            status_reason = ${decision.accept ? '' : decision.reason}, decided_by = ${session.accountId}, decided_at = ${now}
                          where item_id = ${requestId} and status in ('submitted', 'open', 'returned') returning client_id`
    if (!rows.length) throw notFound()
    const clientId = rows[0]!.client_id as string
    if (decision.accept && decision.shareWith === 'client')
      await tx`update public.items set audience = 'client', updated_at = ${now} where id in (select item_id from public.documents where request_id = ${requestId})`
    if (!decision.accept) {
      const uploaders = await tx`select distinct i.created_by from public.documents d join public.items i on i.id = d.item_id where d.request_id = ${requestId}`
      for (const u of uploaders) await enqueueAccountMail(tx, u.created_by, 'request-returned', { firmName: await firm(tx), link: `/anforderungen/${requestId}` })
    }
    await audit(tx, { actorId: session.accountId, clientId, action: decision.accept ? 'document_request.accepted' : 'document_request.returned', objectType: 'item', objectId: requestId, detail: decision.accept ? { shareWith: decision.shareWith ?? null } : { reason: decision.reason } }, meta)
    return { status: decision.accept ? 'accepted' : 'returned' }
  })
}
