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

/**
 * Queues a mail to an account from a user's transaction, through a security-definer function
 * that allows only the account-management templates and only for staff; the address and
 * language come from the account.
 */
export async function enqueueAccountMail(tx: Tx, accountId: string, template: MailTemplate, params: Record<string, string>): Promise<void> {
  await tx`select private.enqueue_account_mail(${accountId}, ${template}, ${tx.json(params)})`
}
