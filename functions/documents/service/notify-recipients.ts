import type { RequestMeta } from '../../_shared/audit.ts'
import { audit } from '../../_shared/audit.ts'
import type { Db, Tx } from '../../_shared/db.ts'
import { AppError } from '../../_shared/errors.ts'
import { enqueueAccountMail } from '../../_shared/mail/outbox.ts'
import type { MailTemplate } from '../../_shared/mail/templates.ts'
import type { SessionInfo } from '../../_shared/session.ts'

/**
 * The people a document is meant for (not staff): its named recipients, the project's
 * client-side participants, or the client's active members who may read documents.
 * onlyUnopened keeps those who have not downloaded it yet (for reminders).
 */
export async function documentRecipients(tx: Tx, itemId: string, onlyUnopened = false): Promise<string[]> {
  const rows = await tx`
    select p.account_id from private.document_recipients(${itemId}) p
    where not ${onlyUnopened} or not exists (
      select 1 from public.document_events e where e.item_id = ${itemId} and e.account_id = p.account_id and e.kind = 'downloaded')`
  return rows.map((r) => r.account_id as string)
}

/** Mails each recipient a notice and a link — never the document's name or content. */
export async function mailRecipients(tx: Tx, itemId: string, template: MailTemplate, params: Record<string, string>, onlyUnopened = false) {
  const recipients = await documentRecipients(tx, itemId, onlyUnopened)
  for (const accountId of recipients) await enqueueAccountMail(tx, accountId, template, params)
  return recipients.length
}

/**
 * Reminds the recipients who have not downloaded a document yet. Staff only: the mail function
 * refuses anyone else, which answers not_found.
 */
export async function remindRecipients(db: Db, session: SessionInfo, itemId: string, meta: RequestMeta) {
  return db.asUser(session.claims, async (tx) => {
    // Reminding is the firm's: for anyone else the document is not there to remind about.
    const [doc] = await tx`select client_id, (select firm_name from public.firm_settings where id = 1) as firm from public.documents
                           where item_id = ${itemId} and private.is_client_staff(client_id)`
    if (!doc) throw new AppError('not_found', { status: 404, message: 'Not found.' })
    const reminded = await mailRecipients(tx, itemId, 'document-reminder', { firmName: (doc.firm as string) ?? 'Kanzlei', link: `/dokumente/${itemId}` }, true)
    await audit(tx, { actorId: session.accountId, clientId: doc.client_id, action: 'document.reminded', objectType: 'item', objectId: itemId, detail: { reminded } }, meta)
    return { reminded }
  })
}
