import type { RequestMeta } from '../../_shared/audit.ts'
import { audit } from '../../_shared/audit.ts'
import type { Db } from '../../_shared/db.ts'
import { AppError } from '../../_shared/errors.ts'
import { mailRecipients } from '../../_shared/documents/document-recipients.ts'
import type { SessionInfo } from '../../_shared/session.ts'

// Mailing a document's recipients belongs to the shared upload (functions/_shared/documents).
export { mailRecipients }

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
    const reminded = await mailRecipients(tx, itemId, 'document-reminder', { firmName: (doc.firm as string) ?? 'Kanzlei', link: `${meta.origin}/dokumente/${itemId}` }, true)
    await audit(tx, { actorId: session.accountId, clientId: doc.client_id, action: 'document.reminded', objectType: 'item', objectId: itemId, detail: { reminded } }, meta)
    return { reminded }
  })
}
