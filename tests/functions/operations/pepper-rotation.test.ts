import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { app as clients } from '../../../functions/clients/app.ts'
import { hashToken } from '../../../functions/_shared/session.ts'
import { endPepperBoundTokens } from '../../../functions/operations/service/rotate-session-pepper.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { call } from '../../helpers/http.ts'
import { createPersona, signInAs, type Persona } from '../../helpers/personas.ts'

let ctx: TestContext
let staff: Persona
let client: string
beforeAll(async () => {
  ctx = await createTestContext()
  staff = await createPersona(ctx, 'pepper_staff', { kind: 'staff', admin: true })
  const [row] = await ctx.owner`insert into public.clients (name, created_by) values ('Pfeffer GmbH', ${staff.id}) returning id`
  client = row!.id as string
})
afterAll(() => ctx.close())

const live = async () => {
  const [row] = await ctx.owner`
    select (select count(*) from public.sessions where revoked_at is null)::int as sessions,
           (select count(*) from public.invitations where revoked_at is null and accepted_at is null)::int as invitations,
           (select count(*) from public.shares where revoked_at is null)::int as shares,
           (select count(*) from private.password_resets where used_at is null)::int as resets`
  return row!
}

describe('session-pepper rotation', () => {
  it('a dry run counts what would end and changes nothing; the real run ends every pepper-bound token', async () => {
    const cookie = await signInAs(ctx, staff)
    const invitee = await createPersona(ctx, 'pepper_invitee')
    await ctx.owner`insert into public.invitations (account_id, invited_by, token_hash, expires_at) values (${invitee.id}, ${staff.id}, ${hashToken(randomBytes(32).toString('base64url'))}, now() + interval '3 days')`
    await ctx.owner`insert into private.password_resets (account_id, token_hash, expires_at) values (${staff.id}, ${hashToken('reset')}, now() + interval '1 hour')`
    await ctx.owner`insert into public.shares (client_id, token_hash, title, created_by, expires_at, password_hash) values (${client}, ${hashToken('share')}, 'Unterlagen', ${staff.id}, now() + interval '7 days', '$argon2id$v=19$m=65536,t=3,p=1$c2FsdA$aGFzaA')`
    expect((await call(clients, 'GET', '/functions/v1/clients', { cookie })).status).toBe(200)

    const before = await live()
    const dry = await endPepperBoundTokens(ctx.owner, { dryRun: true })
    expect(dry).toMatchObject({ sessions: 1, invitations: 1, shareLinks: 1, passwordResets: 1 })
    expect(await live()).toEqual(before)
    expect((await call(clients, 'GET', '/functions/v1/clients', { cookie })).status).toBe(200)

    const done = await endPepperBoundTokens(ctx.owner)
    expect(done).toEqual(dry)
    expect(await live()).toEqual({ sessions: 0, invitations: 0, shares: 0, resets: 0 })
    // The session cookie no longer signs anyone in, even under the old pepper.
    expect((await call(clients, 'GET', '/functions/v1/clients', { cookie })).status).toBe(401)

    // Under a new pepper, a new sign-in works as before.
    ctx.runtime.secrets.sessionPepper = randomBytes(32)
    expect((await call(clients, 'GET', '/functions/v1/clients', { cookie: await signInAs(ctx, staff) })).status).toBe(200)
  })
})
