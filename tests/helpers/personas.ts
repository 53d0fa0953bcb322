import { randomBytes } from 'node:crypto'
import type { Claims } from '../../functions/_shared/db.ts'
import { hashPassword } from '../../functions/_shared/password-hash.ts'
import { hashToken } from '../../functions/_shared/session.ts'
import type { TestContext } from './context.ts'

export type Persona = { id: string; email: string; name: string; claims: Claims }

/**
 * Creates an account directly in SQL (as the owner), the way the sign-in issue's flows will:
 * staff or client, with a second-factor deadline relative to the injected clock.
 */
export async function createPersona(
  ctx: TestContext,
  name: string,
  options: { kind?: 'staff' | 'client' | 'external'; admin?: boolean; graceHours?: number; aal?: 'aal1' | 'aal2'; password?: string } = {},
): Promise<Persona> {
  const email = `${name}@example.test`
  const deadline = new Date(ctx.runtime.now().getTime() + (options.graceHours ?? 72) * 3600_000)
  const [row] = await ctx.owner`
    insert into public.accounts (email, display_name, kind, is_admin, mfa_deadline)
    values (${email}, ${name}, ${options.kind ?? 'client'}, ${options.admin ?? false}, ${deadline})
    returning id`
  const id = row!.id as string
  if (options.password) {
    await ctx.owner`insert into private.password_credentials (account_id, hash) values (${id}, ${await hashPassword(options.password)})`
  }
  return { id, email, name, claims: { role: 'authenticated', sub: id, aal: options.aal ?? 'aal2', email } }
}

/** Opens a session for the persona and returns the Cookie header value a browser would send. */
export async function signInAs(ctx: TestContext, persona: Persona, aal: 'aal1' | 'aal2' = 'aal2'): Promise<string> {
  const token = randomBytes(32).toString('base64url')
  const now = ctx.runtime.now()
  await ctx.owner`
    insert into public.sessions (token_hash, account_id, aal, idle_expires_at, expires_at)
    values (${hashToken(token)}, ${persona.id}, ${aal}, ${new Date(now.getTime() + 30 * 60_000)},
            ${new Date(now.getTime() + 12 * 3600_000)})`
  return `__Host-portal_session=${token}`
}
