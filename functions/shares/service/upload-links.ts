import { audit, type RequestMeta } from '../../_shared/audit.ts'
import { randomToken } from '../../_shared/crypto.ts'
import type { Db } from '../../_shared/db.ts'
import { AppError } from '../../_shared/errors.ts'
import { checkPasswordLoaded } from '../../_shared/password-basics.ts'
import { hashPassword } from '../../_shared/password-hash.ts'
import type { Runtime } from '../../_shared/runtime.ts'
import { hashToken, type SessionInfo } from '../../_shared/session.ts'
import { cleanFilename } from '../../_shared/upload/filename.ts'
import { receiveFile } from '../../_shared/upload/receive-file.ts'
import type { CreateUploadLinkBody } from '../schemas.ts'
import type { GuestSession } from './guest-session.ts'
import { sharePath, shareUrl } from './create-share.ts'

const notFound = () => new AppError('not_found', { status: 404, message: 'Not found.' })

/**
 * Creates an upload link (file drop) as the caller: staff of the client only (the insert policy
 * in 05-shares.sql decides; anyone else gets not_found), into the client, one of its projects or
 * one of its requests. Expiry follows the admin's share policy (trigger); the password must pass
 * the account password rules and is stored as Argon2id; only the token's HMAC is stored. With a
 * recipient e-mail the portal mails the link.
 */
export async function createUploadLink(db: Db, session: SessionInfo, body: CreateUploadLinkBody, meta: RequestMeta) {
  const [check] = await db.asUser(session.claims, (tx) => tx`
    select private.is_client_staff(${body.clientId}) as staff, (select firm_name from public.firm_settings where id = 1) as firm_name`)
  if (!check?.staff) throw notFound()
  let passwordHash: string | null = null
  if (body.password !== undefined) {
    const verdict = await checkPasswordLoaded(body.password, { firmName: check.firm_name ?? undefined })
    if (!verdict.ok) throw new AppError('password_rejected', { status: 422, message: 'The password does not meet the password rules.', data: { problems: verdict.problems } })
    passwordHash = await hashPassword(body.password)
  }
  const token = randomToken(32)
  return db.asUser(session.claims, async (tx) => {
    // The target as the caller sees it: its title names the link.
    const [target] = body.projectId
      ? await tx`select name as title from public.projects where id = ${body.projectId} and client_id = ${body.clientId}`
      : body.requestId
        ? await tx`select i.title from public.items i join public.document_requests r on r.item_id = i.id where i.id = ${body.requestId} and r.client_id = ${body.clientId}`
        : await tx`select name as title from public.clients where id = ${body.clientId}`
    if (!target) throw notFound()
    const rows = await tx`
      insert into public.shares (kind, client_id, token_hash, project_id, request_id, title, created_by, expires_at, password_hash,
                                 max_file_bytes, max_files, recipient_email, note)
      values ('upload', ${body.clientId}, ${hashToken(token)}, ${body.projectId ?? null}, ${body.requestId ?? null}, ${target.title},
              ${session.accountId}, now() + make_interval(days => ${body.expiresInDays}), ${passwordHash},
              ${body.maxFileBytes ?? null}, ${body.maxFiles ?? null}, ${body.recipientEmail ?? null}, ${body.note ?? ''})
      returning id, expires_at`
    const share = rows[0]!
    const url = shareUrl(meta.origin, token)
    // With a recipient the portal mails the link (no target, client or file name in the mail); the
    // mail names the token only, origin, firm, sender and expiry come from the database.
    if (body.recipientEmail) await tx`select private.enqueue_share_link_mail(${share.id}, ${sharePath(token)})`
    await audit(tx, { actorId: session.accountId, clientId: body.clientId, action: 'share.created', objectType: 'share', objectId: share.id, detail: { kind: 'upload', project: body.projectId ?? null, request: body.requestId ?? null, password: passwordHash !== null, maxFileBytes: body.maxFileBytes ?? null, maxFiles: body.maxFiles ?? null, emailed: Boolean(body.recipientEmail) } }, meta)
    return { id: share.id as string, url, expiresAt: (share.expires_at as Date).toISOString() }
  })
}

/** The guest of an upload link gives its name and e-mail (stored on its guest session). */
export async function identifyGuest(rt: Runtime, guest: GuestSession, input: { name: string; email: string }) {
  await rt.db.asUser(guest.claims, (tx) => tx`select private.guest_identify(${input.name}, ${input.email})`)
  return { identified: true as const }
}

/** What the guest page shows for an upload link: the target's title, limits and the guest's own uploads only. */
export async function viewUploadLink(rt: Runtime, guest: GuestSession, share: Record<string, unknown>, firmName: string) {
  return rt.db.asUser(guest.claims, async (tx) => {
    const [me] = await tx`select guest_name, guest_email from private.guest_details()`
    const mine = await tx`select id, filename, size, media_type, created_at from private.guest_uploads()`
    return {
      kind: 'upload' as const,
      firmName,
      title: share.title as string,
      expiresAt: (share.expires_at as Date).toISOString(),
      maxFileBytes: share.max_file_bytes === null ? rt.config.MAX_UPLOAD_BYTES : Math.min(Number(share.max_file_bytes), rt.config.MAX_UPLOAD_BYTES),
      remainingFiles: share.max_files === null ? null : (share.max_files as number) - (share.uploads as number),
      guest: me?.guest_name ? { name: me.guest_name as string, email: me.guest_email as string } : null,
      uploads: mine.map((u) => ({ id: u.id as string, filename: u.filename as string, size: Number(u.size), mediaType: u.media_type as string, at: (u.created_at as Date).toISOString() })),
    }
  })
}

/**
 * Receives one file from the guest through the portal's one receive path (extension and magic
 * bytes, size on the stream — the link's cap or the portal's limit, clamd when configured,
 * encryption) after private.guest_upload_check said the link takes it; then
 * private.guest_upload records it for the link's target, re-checking everything in one
 * transaction with the share row locked. A finished resumable upload names its staged row, which
 * is claimed in that transaction. Whatever fails, no blob and no rows remain.
 */
export async function receiveGuestUpload(
  rt: Runtime,
  guest: GuestSession,
  rawFilename: string,
  body: ReadableStream<Uint8Array> | null,
  meta: RequestMeta,
  staged?: string,
) {
  const filename = cleanFilename(rawFilename)
  const [check] = await rt.db.asUser(guest.claims, (tx) => tx`select private.guest_upload_check(${filename}) as cap`)
  const cap = check?.cap === null || check?.cap === undefined ? undefined : Number(check.cap)
  const { mediaType, ...stored } = await receiveFile(rt, filename, body, { meta }, { maxBytes: cap, staged: staged !== undefined })
  const ids = { document: crypto.randomUUID(), version: crypto.randomUUID() }
  try {
    await rt.db.asUser(guest.claims, (tx) => tx`
      select private.guest_upload(${ids.document}, ${ids.version}, ${filename}, ${mediaType}, ${stored.size}, ${stored.sha256},
                                  ${stored.blobName}, ${stored.wrappedKey}, ${meta.ip}, ${meta.requestId}, ${staged ?? null}::uuid)`)
  } catch (err) {
    await rt.blobs.delete(stored.blobName)
    throw err
  }
  return { id: ids.document, filename, size: stored.size, mediaType }
}
