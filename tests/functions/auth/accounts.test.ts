import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { app } from '../../../functions/auth/app.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { browser } from '../../helpers/browser-session.ts'
import { call } from '../../helpers/http.ts'
import { eventually } from '../../helpers/eventually.ts'
import { createPersona, signInAs, type Persona } from '../../helpers/personas.ts'

const PASSWORD = 'Mondschein über Tübingen 7'
let ctx: TestContext
let lawyer: Persona
let clerk: Persona
let client: Persona
let lawyerCookie: string
let clerkCookie: string
let clientCookie: string
beforeAll(async () => {
  ctx = await createTestContext()
  await ctx.owner`insert into public.firm_settings (id, firm_name) values (1, 'Kanzlei Berger')`
  lawyer = await createPersona(ctx, 'lawyer', { kind: 'staff', admin: true })
  clerk = await createPersona(ctx, 'clerk_b', { kind: 'staff' })
  client = await createPersona(ctx, 'client_a_owner', { password: PASSWORD })
  lawyerCookie = await signInAs(ctx, lawyer)
  clerkCookie = await signInAs(ctx, clerk)
  clientCookie = await signInAs(ctx, client)
})
afterAll(() => ctx.close())

const outbox = async (to: string, template: string) =>
  (await ctx.owner`select params from private.outbox where lower(to_address) = lower(${to}) and template = ${template} order by created_at desc`).map((r) => r.params)
const audits = async (action: string) => ctx.owner`select actor_id, object_id, detail from public.audit_log where action = ${action}`

describe('invitations', () => {
  it.each([
    { as: 'clerk_b', kind: 'client', status: 201 },
    { as: 'clerk_b', kind: 'external', status: 201 },
    { as: 'clerk_b', kind: 'staff', status: 404 },
    { as: 'lawyer', kind: 'staff', status: 201 },
    { as: 'client_a_owner', kind: 'client', status: 404 },
  ])('$as inviting a $kind account → $status', async ({ as, kind, status }) => {
    const cookie = { clerk_b: clerkCookie, lawyer: lawyerCookie, client_a_owner: clientCookie }[as]
    const email = `invited-${kind}-by-${as}@example.test`
    const res = await call(app, 'POST', '/functions/v1/auth/invitations', { cookie, body: { email, displayName: 'Eva Neu', kind } })
    expect(res.status).toBe(status)
    expect(await outbox(email, 'invitation')).toHaveLength(status === 201 ? 1 : 0)
    expect(await ctx.owner`select 1 from public.accounts where email = ${email}`).toHaveLength(status === 201 ? 1 : 0)
  })

  it('the invited person sets a password (rules apply), is signed in at aal1, and the link is then spent', async () => {
    const email = 'steuerberater@example.test'
    await call(app, 'POST', '/functions/v1/auth/invitations', { cookie: clerkCookie, body: { email, displayName: 'Stefan Steuer', kind: 'external' } })
    const [mail] = await outbox(email, 'invitation')
    expect(mail.link).toMatch(/\/einladung#[\w-]{43}$/)
    expect(mail.inviter).toBe('clerk_b')
    const token = mail.link.split('#')[1]
    const tab = browser(app)
    expect((await tab.call('POST', '/functions/v1/auth/invitations/inspect', { token })).json).toEqual({ email, displayName: 'Stefan Steuer', firmName: 'Kanzlei Berger' })
    const weak = await tab.call('POST', '/functions/v1/auth/invitations/accept', { token, password: 'Stefan Steuer 2026!' })
    expect(weak.json).toMatchObject({ code: 'password_rejected', data: { problems: ['context'] } })
    const ok = await tab.call('POST', '/functions/v1/auth/invitations/accept', { token, password: PASSWORD })
    expect(ok.json).toEqual({ next: 'done', aal: 'aal1' })
    const session = await tab.call('GET', '/functions/v1/auth/session')
    expect(session.json.account).toMatchObject({ email, kind: 'external', aal: 'aal1', mustEnrol: false })
    const graceHours = (new Date(session.json.account.mfaDeadline).getTime() - ctx.runtime.now().getTime()) / 3600_000
    expect(Math.round(graceHours)).toBe(72)
    expect((await tab.call('POST', '/functions/v1/auth/invitations/accept', { token, password: PASSWORD })).json.code).toBe('invitation_invalid')
    expect((await call(app, 'POST', '/functions/v1/auth/sign-in', { body: { email, password: PASSWORD } })).json.next).toBe('done')
  })

  it('an expired invitation is refused like an unknown one', async () => {
    const email = 'late-invitee@example.test'
    await call(app, 'POST', '/functions/v1/auth/invitations', { cookie: clerkCookie, body: { email, displayName: 'Lena Spät', kind: 'client' } })
    const token = (await outbox(email, 'invitation'))[0].link.split('#')[1]
    ctx.setNow(new Date(Date.now() + 7 * 86_400_000 + 60_000))
    const expired = await call(app, 'POST', '/functions/v1/auth/invitations/inspect', { body: { token } })
    const unknown = await call(app, 'POST', '/functions/v1/auth/invitations/inspect', { body: { token: 'x'.repeat(43) } })
    ctx.setNow(new Date())
    expect(expired.status).toBe(404)
    expect({ ...expired.json, requestId: undefined }).toEqual({ ...unknown.json, requestId: undefined })
  })
})

describe('password reset', () => {
  it('answers the same for known and unknown addresses and mails only the known one', async () => {
    const known = await call(app, 'POST', '/functions/v1/auth/password/reset', { body: { email: client.email } })
    const unknown = await call(app, 'POST', '/functions/v1/auth/password/reset', { body: { email: 'nobody@example.test' } })
    expect(known.status).toBe(202)
    expect(known.json).toEqual(unknown.json)
    // The work runs after the answer.
    expect(await eventually(async () => (await outbox(client.email, 'password-reset')).length)).toBe(1)
    expect(await outbox('nobody@example.test', 'password-reset')).toHaveLength(0)
  })

  it('sets a new password, ends every session, does not sign in, and the second factor is still required', async () => {
    const person = await createPersona(ctx, 'forgetful', { password: PASSWORD })
    const other = await signInAs(ctx, person)
    await ctx.owner`insert into public.mfa_factors (account_id, kind, verified_at) values (${person.id}, 'email', now())`
    await call(app, 'POST', '/functions/v1/auth/password/reset', { body: { email: person.email } })
    const mails = await eventually(() => outbox(person.email, 'password-reset').then((m) => (m.length ? m : undefined)))
    const token = mails![0].link.split('#')[1]
    const tab = browser(app)
    expect((await tab.call('POST', '/functions/v1/auth/password/reset/inspect', { token })).json).toEqual({ email: person.email, displayName: 'forgetful', firmName: 'Kanzlei Berger' })
    const done = await tab.call('POST', '/functions/v1/auth/password/reset/complete', { token, password: 'Ein ganz neues Passwort für Eulen' })
    expect(done.json).toEqual({ changed: true })
    expect(tab.jar.size).toBe(0)
    expect((await call(app, 'GET', '/functions/v1/auth/session', { cookie: other })).status).toBe(401)
    const signIn = await call(app, 'POST', '/functions/v1/auth/sign-in', { body: { email: person.email, password: 'Ein ganz neues Passwort für Eulen' } })
    expect(signIn.json.next).toBe('second_factor')
    expect((await tab.call('POST', '/functions/v1/auth/password/reset/complete', { token, password: 'Noch ein neues Passwort für Eulen' })).json.code).toBe('reset_invalid')
    expect((await tab.call('POST', '/functions/v1/auth/password/reset/inspect', { token })).json.code).toBe('reset_invalid')
    expect(await outbox(person.email, 'password-changed')).toHaveLength(1)
  })
})

describe('staff actions', () => {
  it('staff list accounts with factor status and deadline; a client may not', async () => {
    const list = await call(app, 'GET', '/functions/v1/auth/accounts', { cookie: clerkCookie })
    expect(list.status).toBe(200)
    const row = list.json.accounts.find((a: { email: string }) => a.email === client.email)
    expect(row).toMatchObject({ kind: 'client', factors: [], disabledAt: null, invitationPending: false })
    expect(row.mfaDeadline).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/)
    const asClient = await call(app, 'GET', '/functions/v1/auth/accounts', { cookie: clientCookie })
    expect(asClient.json.accounts.map((a: { id: string }) => a.id)).toEqual([client.id])
  })

  it('disables and re-enables a client; the session ends at once; a client cannot disable anyone', async () => {
    const target = await createPersona(ctx, 'to_disable')
    const cookie = await signInAs(ctx, target)
    expect((await call(app, 'POST', `/functions/v1/auth/accounts/${target.id}/disable`, { cookie: clientCookie, body: {} })).status).toBe(404)
    expect((await call(app, 'POST', `/functions/v1/auth/accounts/${target.id}/disable`, { cookie: clerkCookie, body: {} })).json).toEqual({ disabled: true })
    expect((await call(app, 'GET', '/functions/v1/auth/session', { cookie })).status).toBe(401)
    expect(await outbox(target.email, 'account-disabled')).toHaveLength(1)
    expect((await call(app, 'POST', `/functions/v1/auth/accounts/${target.id}/enable`, { cookie: clerkCookie, body: {} })).json).toEqual({ disabled: false })
    expect((await audits('account.disabled')).map((a) => a.object_id)).toContain(target.id)
    // A clerk cannot disable the lawyer; nobody disables themselves.
    expect((await call(app, 'POST', `/functions/v1/auth/accounts/${lawyer.id}/disable`, { cookie: clerkCookie, body: {} })).status).toBe(404)
    expect((await call(app, 'POST', `/functions/v1/auth/accounts/${lawyer.id}/disable`, { cookie: lawyerCookie, body: {} })).status).toBe(404)
  })

  it('resets a client’s factors with a reason: audited, mailed, sessions ended, 24 h grace', async () => {
    const target = await createPersona(ctx, 'lost_phone', { password: PASSWORD })
    await ctx.owner`insert into public.mfa_factors (account_id, kind, verified_at) values (${target.id}, 'email', now())`
    const cookie = await signInAs(ctx, target)
    const denied = await call(app, 'POST', `/functions/v1/auth/accounts/${target.id}/reset-factors`, { cookie: clientCookie, body: { reason: 'Handy verloren' } })
    expect(denied.status).toBe(404)
    const res = await call(app, 'POST', `/functions/v1/auth/accounts/${target.id}/reset-factors`, { cookie: clerkCookie, body: { reason: 'Handy verloren' } })
    expect(res.json.removed).toBe(1)
    expect(Math.round((new Date(res.json.mfaDeadline).getTime() - ctx.runtime.now().getTime()) / 3600_000)).toBe(24)
    expect(await ctx.owner`select 1 from public.mfa_factors where account_id = ${target.id}`).toHaveLength(0)
    expect((await call(app, 'GET', '/functions/v1/auth/session', { cookie })).status).toBe(401)
    expect(await outbox(target.email, 'factors-reset')).toEqual([expect.objectContaining({ reason: 'Handy verloren' })])
    expect(await audits('factor.reset_by_staff')).toEqual([expect.objectContaining({ actor_id: clerk.id, object_id: target.id })])
  })

  it('only an admin switches the e-mail factor off; then sign-in no longer offers it', async () => {
    expect((await call(app, 'PATCH', '/functions/v1/auth/settings', { cookie: clerkCookie, body: { emailFactorEnabled: false } })).status).toBe(403)
    expect((await call(app, 'PATCH', '/functions/v1/auth/settings', { cookie: lawyerCookie, body: { emailFactorEnabled: false } })).json).toEqual({ emailFactorEnabled: false })
    const person = await createPersona(ctx, 'email_only', { password: PASSWORD })
    await ctx.owner`insert into public.mfa_factors (account_id, kind, verified_at) values (${person.id}, 'email', now())`
    const res = await call(app, 'POST', '/functions/v1/auth/sign-in', { body: { email: person.email, password: PASSWORD } })
    expect(res.json.methods).toEqual(['recovery'])
    const enrol = await call(app, 'POST', '/functions/v1/auth/factors/email', { cookie: clientCookie, body: {} })
    expect(enrol.json.code).toBe('factor_unavailable')
    await call(app, 'PATCH', '/functions/v1/auth/settings', { cookie: lawyerCookie, body: { emailFactorEnabled: true } })
  })
})
