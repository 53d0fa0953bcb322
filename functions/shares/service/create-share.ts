import { audit, type RequestMeta } from '../../_shared/audit.ts'
import { randomToken } from '../../_shared/crypto.ts'
import type { Db } from '../../_shared/db.ts'
import { AppError } from '../../_shared/errors.ts'
import { checkPasswordLoaded } from '../../_shared/password-basics.ts'
import { hashPassword } from '../../_shared/password-hash.ts'
import { hashToken, type SessionInfo } from '../../_shared/session.ts'
import type { CreateShareBody } from '../schemas.ts'

const notFound = () => new AppError('not_found', { status: 404, message: 'Not found.' })

/** The link a guest opens: the token travels in the fragment, never to a server in a URL. */
export const shareUrl = (origin: string, token: string) => `${origin}${sharePath(token)}`
/** The guest page and token alone: what the link mail names (the SQL puts the stored origin in front). */
export const sharePath = (token: string) => `/freigabe#${token}`

/**
 * Creates a share link as the caller. Row-level security decides whether the caller may share for
 * the client and sees the objects (else not_found); the admin's policy is enforced by a trigger
 * (password_required, expiry_too_long). The password must pass the account password rules and is
 * stored as Argon2id; of the 256-bit token only its HMAC is stored, the token is returned once.
 * With a recipient e-mail the portal mails the link (no file names).
 */
export async function createShare(db: Db, session: SessionInfo, body: CreateShareBody, meta: RequestMeta) {
  // Who may not share learns nothing more (and costs no password hash): the same not_found.
  const [check] = await db.asUser(session.claims, (tx) => tx`
    select private.is_client_staff(${body.clientId}) or ${body.clientId}::uuid = any(private.client_ids_with('shares.create')) as entitled,
           (select firm_name from public.firm_settings where id = 1) as firm_name`)
  if (!check?.entitled) throw notFound()
  let passwordHash: string | null = null
  if (body.password !== undefined) {
    const verdict = await checkPasswordLoaded(body.password, { firmName: check.firm_name ?? undefined })
    if (!verdict.ok) throw new AppError('password_rejected', { status: 422, message: 'The password does not meet the password rules.', data: { problems: verdict.problems } })
    passwordHash = await hashPassword(body.password)
  }
  const token = randomToken(32)
  return db.asUser(session.claims, async (tx) => {
    const objects = body.groupId
      ? await tx`select id, title from public.items where id = ${body.groupId} and kind = 'document_group' and client_id = ${body.clientId}`
      : await tx`select i.id, i.title from public.items i join public.documents d on d.item_id = i.id
                 where i.id = any(${body.documentIds!}::uuid[]) and i.client_id = ${body.clientId} and d.deleted_at is null`
    const expected = body.groupId ? 1 : new Set(body.documentIds).size
    if (objects.length !== expected) throw notFound()
    const title = objects.length === 1 ? (objects[0]!.title as string) : `${objects.length} Dokumente`
    const rows = await tx`
      insert into public.shares (client_id, token_hash, group_id, title, created_by, expires_at, password_hash, max_downloads,
                                 recipient_email, require_email_code, notify_on_first_access, note)
      select ${body.clientId}, ${hashToken(token)}, ${body.groupId ?? null}, ${title}, ${session.accountId},
             now() + make_interval(days => ${body.expiresInDays}), ${passwordHash}, ${body.maxDownloads ?? null},
             ${body.recipientEmail ?? null}, ${body.requireEmailCode ?? false}, ${body.notifyOnFirstAccess ?? false}, ${body.note ?? ''}
      where private.is_client_staff(${body.clientId}) or ${body.clientId}::uuid = any(private.client_ids_with('shares.create'))
      returning id, expires_at`
    // Without the right the share does not exist for the caller: the same answer as an unseen object.
    if (!rows[0]) throw notFound()
    const share = rows[0]
    // A group share lists the group's entries the creator sees now: a guest never gets more
    // than its creator could open, and documents added later are not shared by surprise.
    const documents = body.groupId
      ? await tx`select e.document_id as id from public.document_group_entries e join public.documents d on d.item_id = e.document_id
                 where e.group_id = ${body.groupId} and d.deleted_at is null`
      : objects
    for (const d of documents) await tx`insert into public.share_items (share_id, document_id, client_id) values (${share.id}, ${d.id}, ${body.clientId})`
    const url = shareUrl(meta.origin, token)
    // The mail names the token only; origin, firm, sender and expiry come from the database.
    if (body.recipientEmail) await tx`select private.enqueue_share_link_mail(${share.id}, ${sharePath(token)})`
    await audit(tx, { actorId: session.accountId, clientId: body.clientId, action: 'share.created', objectType: 'share', objectId: share.id, detail: { documents: body.documentIds?.length ?? 0, group: body.groupId ?? null, password: passwordHash !== null, maxDownloads: body.maxDownloads ?? null, emailed: Boolean(body.recipientEmail) } }, meta)
    return { id: share.id as string, url, expiresAt: (share.expires_at as Date).toISOString() }
  })
}
