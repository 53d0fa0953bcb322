import type { RequestMeta } from '../../_shared/audit.ts'
import { randomToken } from '../../_shared/crypto.ts'
import type { Tx } from '../../_shared/db.ts'
import { enqueueAccountMail } from '../../_shared/mail/outbox.ts'
import { hashToken, type SessionInfo } from '../../_shared/session.ts'

export const INVITATION_DAYS = 7

/** Finds or creates the person's account (the caller learns only its id). */
export async function findOrCreateAccount(tx: Tx, person: { email: string; displayName: string; locale: 'de' | 'en' }, kind: 'client' | 'external') {
  const [row] = await tx`select found_account, created from private.find_or_create_account(${person.email}, ${person.displayName}, ${person.locale}, ${kind})`
  return { accountId: row!.found_account as string, created: row!.created as boolean }
}

/**
 * Tells an added person: a new account gets a single-use invitation (7 days; token in the link's
 * fragment), an existing one a notice that it now has access. Runs after the membership or
 * participation was inserted, whose policies decided whether the caller may add the person.
 */
export async function notifyAddedPerson(tx: Tx, session: SessionInfo, added: { accountId: string; created: boolean }, what: { clientName: string; firmName: string }, meta: RequestMeta) {
  if (added.created) {
    const token = randomToken(32)
    await tx`insert into public.invitations (account_id, invited_by, token_hash, expires_at)
             values (${added.accountId}, ${session.accountId}, ${hashToken(token)}, ${new Date(Date.now() + INVITATION_DAYS * 86_400_000)})`
    await enqueueAccountMail(tx, added.accountId, 'invitation', { inviter: session.account.displayName, firmName: what.firmName, link: `/einladung#${token}` })
  } else {
    await enqueueAccountMail(tx, added.accountId, 'added-to-client', { inviter: session.account.displayName, firmName: what.firmName, clientName: what.clientName, link: '/einladungen' })
  }
}

/** The firm's name and a client's name as the caller may read them, for mails. */
export async function namesFor(tx: Tx, clientId: string) {
  const [row] = await tx`select (select firm_name from public.firm_settings where id = 1) as firm, (select name from public.clients where id = ${clientId}) as client`
  return { firmName: (row?.firm as string) ?? 'Kanzlei', clientName: (row?.client as string) ?? '' }
}
