import type { Tx } from '../db.ts'
import type { MailTemplate } from './templates.ts'

export type OutgoingMail = {
  to: string
  template: MailTemplate
  locale: 'de' | 'en'
  /** Only non-confidential values: names, links, dates. Never message bodies or file names. */
  params: Record<string, string>
}

/**
 * Queues a mail in the same transaction as the event that causes it, so the mail exists exactly
 * when the event committed. The tx must be allowed to insert into private.outbox (service_role).
 */
export async function enqueueMail(tx: Tx, mail: OutgoingMail): Promise<void> {
  await tx`insert into private.outbox (template, to_address, locale, params)
           values (${mail.template}, ${mail.to}, ${mail.locale}, ${tx.json(mail.params)})`
}
