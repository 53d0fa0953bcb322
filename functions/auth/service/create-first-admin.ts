import { audit, type RequestMeta } from '../../_shared/audit.ts'
import { AppError } from '../../_shared/errors.ts'
import { enqueueMail } from '../../_shared/mail/outbox.ts'
import { hashPassword } from '../../_shared/password-hash.ts'
import { checkPasswordLoaded } from '../../_shared/password-basics.ts'
import { asServiceRole } from '../../_shared/privileged.ts'
import type { Runtime } from '../../_shared/runtime.ts'
import type { SetupBody } from '../schemas.ts'

/**
 * Creates the firm's settings and its first staff account (admin) — only while no staff account
 * exists. Throws password_rejected for a weak password and setup_already_done once any staff
 * account exists (also when two first-run requests race: an advisory lock serialises them).
 */
export async function createFirstAdmin(
  rt: Runtime,
  body: SetupBody,
  meta: RequestMeta,
): Promise<{ id: string; email: string }> {
  const verdict = await checkPasswordLoaded(body.password, { firmName: body.firmName, name: body.displayName, email: body.email })
  if (!verdict.ok)
    throw new AppError('password_rejected', { status: 422, message: 'The password does not meet the rules.', data: { problems: verdict.problems } })
  const hash = await hashPassword(body.password)
  const deadline = new Date(rt.now().getTime() + rt.config.MFA_GRACE_HOURS * 3600_000)
  // Privileged: first-run setup happens before anyone can sign in.
  return asServiceRole(rt.db, 'first-run setup', async (tx) => {
    await tx`select pg_advisory_xact_lock(hashtext('mandantenportal:first-run'))`
    const [existing] = await tx`select 1 from public.accounts where kind = 'staff' limit 1`
    if (existing) throw new AppError('setup_already_done', { status: 409, message: 'The portal is already set up.' })
    await tx`insert into public.firm_settings (id, firm_name) values (1, ${body.firmName})
             on conflict (id) do update set firm_name = excluded.firm_name, updated_at = now()`
    const [account] = await tx`
      insert into public.accounts (email, display_name, kind, is_admin, locale, mfa_deadline)
      values (${body.email}, ${body.displayName}, 'staff', true, ${body.locale}, ${deadline})
      returning id, email`
    await tx`insert into private.password_credentials (account_id, hash) values (${account!.id}, ${hash})`
    await audit(tx, { actorId: account!.id, action: 'setup.first_admin_created', objectType: 'account', objectId: account!.id }, meta)
    await enqueueMail(tx, {
      to: body.email,
      template: 'welcome-admin',
      locale: body.locale,
      params: { name: body.displayName, firmName: body.firmName, link: `${meta.origin}/anmelden` },
    })
    return { id: account!.id as string, email: account!.email as string }
  })
}
