import type { Tx } from '../db.ts'
import { enqueueAccountMail } from '../mail/outbox.ts'
import type { MailTemplate } from '../mail/templates.ts'

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
