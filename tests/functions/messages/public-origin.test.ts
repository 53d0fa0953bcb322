import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { boot } from '../../../functions/_server/boot.ts'
import { app as callsApp } from '../../../functions/calls/app.ts'
import { app as documentsApp } from '../../../functions/documents/app.ts'
import { app as sharesApp } from '../../../functions/shares/app.ts'
import { deliverDueMail } from '../../../functions/_shared/mail/worker.ts'
import { sealMessageBody } from '../../../functions/_shared/message-crypto.ts'
import { app } from '../../../functions/messages/app.ts'
import { loadConfig } from '../../../functions/_shared/config.ts'
import type { Tx } from '../../../functions/_shared/db.ts'
import { publicOriginFor, writePublicOrigin } from '../../../functions/_shared/public-origin.ts'
import { setRuntime } from '../../../functions/_shared/runtime.ts'
import { buildAccessFixture, type AccessFixture, type Person } from '../../helpers/access-fixture.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { call as http } from '../../helpers/http.ts'
import { mailParts, startRawMailbox } from '../../helpers/raw-mail.ts'
import { withDatabase } from '../../setup/database-template.ts'

/**
 * Links in notice mails are built in SQL from the origin the server stored at start
 * (private.public_origin), never from one a caller passes: a signed-in person with direct SQL
 * access cannot make the portal mail a link to another host. Covers every function that mails a
 * link for a signed-in caller: new messages, call invitations, mentions, share-link mails. The requests in this file come from
 * http://localhost (the test helpers' origin) while the stored origin is the firm's public one,
 * so every link shows where its host came from.
 */
const PUBLIC = 'https://portal.kanzlei.example'
const JITSI = { JITSI_URL: 'https://meet.kanzlei.example', JITSI_APP_ID: 'kanzleiportal', JITSI_APP_SECRET: 'ein-langes-geheimnis-nur-fuer-prosody-0123456789' }
let ctx: TestContext
let f: AccessFixture
let mailbox: Awaited<ReturnType<typeof startRawMailbox>>
let categoryId: string

beforeAll(async () => {
  mailbox = await startRawMailbox()
  ctx = await createTestContext({ ...JITSI, SMTP_URL: mailbox.url })
  f = await buildAccessFixture(ctx)
  await writePublicOrigin(ctx.owner, PUBLIC)
  categoryId = (await call('client_a_member', 'GET', '/categories')).json.categories[0].id
})
afterAll(async () => {
  await ctx.close()
  await mailbox.close()
})

const call = (as: Person, method: string, p: string, body?: unknown) => http(app, method, `/functions/v1/messages${p}`, { cookie: f.cookies[as], body })
const start = async (as: Person) => {
  const res = await call(as, 'POST', '', { clientId: f.clients.a, subject: 'Frage', categoryId, body: 'Wann ist der Termin?', audience: 'client' })
  expect(res.status).toBe(201)
  return res.json.id as string
}
const outboxLinks = async () => (await ctx.owner`select params->>'link' as link from private.outbox order by created_at`).map((r) => r.link as string)
/** A message written directly in SQL as the person, announced with the link they pass. */
const announce = (who: Person, thread: string, link: string) => ctx.db.asUser(f.people[who].claims, async (tx) => {
  const sealed = sealMessageBody(ctx.runtime.secrets.fileMasterKey, 'Direkt')
  const [m] = await tx`insert into public.messages (item_id, client_id, author_id, body_ciphertext, body_key)
                       values (${thread}, ${f.clients.a}, ${f.people[who].id}, ${sealed.ciphertext}, ${sealed.key}) returning id`
  return (await tx`select private.notify_new_message(${m!.id}, ${link}) as told`)[0]!.told as number
})
const startCall = async (who: Person, itemId: string) => {
  await ctx.owner`delete from private.sign_in_throttle where key = ${`send-call:${f.people[who].id}`}`
  const res = await http(callsApp, 'POST', '/functions/v1/calls', { cookie: f.cookies[who], body: { itemId, media: 'audio' } })
  expect(res.status).toBe(201)
  return res.json.id as string
}
const invite = (who: Person, room: string, link: string) =>
  ctx.db.asUser(f.people[who].claims, async (tx) => (await tx`select private.invite_to_call(${room}, ${link}) as n`)[0]!.n as number)

describe('direct SQL as a signed-in person', () => {
  it('notify_new_message takes only the page\'s path and mails the stored origin', async () => {
    const thread = await start('client_a_member')
    await ctx.owner`delete from private.outbox`
    // A full link, even one on the stored origin, is refused: the caller names no host at all.
    for (const link of [`https://evil.example/nachrichten/${thread}`, `${PUBLIC}/nachrichten/${thread}`])
      await expect(announce('clerk_a', thread, link), link).rejects.toMatchObject({ code: '22023' })
    expect(await outboxLinks()).toEqual([])
    expect(await announce('clerk_a', thread, `/nachrichten/${thread}`)).toBeGreaterThanOrEqual(1)
    const links = await outboxLinks()
    expect(links.length).toBeGreaterThanOrEqual(1)
    expect(new Set(links)).toEqual(new Set([`${PUBLIC}/nachrichten/${thread}`]))
    // From another author (the client's member answering): the stored origin too.
    await ctx.owner`delete from private.outbox`
    await ctx.owner`delete from private.sign_in_throttle where key like ${`mail-new-message:${thread}:%`}`
    expect(await announce('client_a_member', thread, `/nachrichten/${thread}`)).toBeGreaterThanOrEqual(1)
    expect(new Set(await outboxLinks())).toEqual(new Set([`${PUBLIC}/nachrichten/${thread}`]))
  })

  it('notify_new_message refuses any other page, query or user info, and queues nothing', async () => {
    const thread = await start('client_a_member')
    await ctx.owner`delete from private.outbox`
    for (const link of [`//evil.example/nachrichten/${thread}`, `/nachrichten/${thread}?next=https://evil.example`, `/nachrichten/${thread}/../../x`,
      `https://user@evil.example/nachrichten/${thread}`, `/nachrichten/${f.items.a_client_doc}`, 'https://evil.example/phish'])
      await expect(announce('clerk_a', thread, link), link).rejects.toMatchObject({ code: '22023' })
    expect(await outboxLinks()).toEqual([])
  })

  it('invite_to_call takes only the call’s path: a foreign link is refused, the path mails the stored origin', async () => {
    const thread = await start('client_a_member')
    const room = await startCall('clerk_a', thread)
    await ctx.owner`delete from private.outbox`
    await ctx.owner`delete from private.sign_in_throttle where key like ${`mail-call:${room}:%`}`
    for (const link of [`https://evil.example/anruf/${room}`, `${PUBLIC}/anruf/${room}`, `/anruf/${room}#x`, `/nachrichten/${thread}`])
      await expect(invite('clerk_a', room, link), link).rejects.toMatchObject({ code: '22023' })
    expect(await outboxLinks()).toEqual([])
    expect(await invite('clerk_a', room, `/anruf/${room}`)).toBeGreaterThanOrEqual(1)
    expect(new Set(await outboxLinks())).toEqual(new Set([`${PUBLIC}/anruf/${room}`]))
    // Someone else's call: refused before any link is looked at.
    await expect(invite('client_a_member', room, `/anruf/${room}`)).rejects.toMatchObject({ code: '42501' })
  })

  it('cannot change the stored origin or build links by itself', async () => {
    const as = <T>(fn: (tx: Tx) => Promise<T>) => ctx.db.asUser(f.people.lawyer.claims, fn)
    await expect(as((tx) => tx`update private.public_origin set origin = 'https://evil.example'`)).rejects.toMatchObject({ code: '42501' })
    await expect(as((tx) => tx`insert into private.public_origin (id, origin) values (true, 'https://evil.example') on conflict (id) do update set origin = excluded.origin`)).rejects.toMatchObject({ code: '42501' })
    await expect(as((tx) => tx`select private.public_link('/phish')`)).rejects.toMatchObject({ code: '42501' })
    expect(await ctx.owner`select origin from private.public_origin`).toEqual([{ origin: PUBLIC }])
  })
})

describe('mentions and share-link mails', () => {
  it('notify_mention takes only the group’s path; the mail links the stored origin', async () => {
    const group = await http(documentsApp, 'POST', '/functions/v1/documents/groups', { cookie: f.cookies.clerk_a, body: { clientId: f.clients.a, title: 'Mappe' } })
    expect(group.status).toBe(201)
    const groupId = group.json.id as string
    await ctx.owner`delete from private.outbox`
    const comment = await http(documentsApp, 'POST', `/functions/v1/documents/groups/${groupId}/comments`, { cookie: f.cookies.client_a_member, body: { body: `Bitte ansehen, @[${f.people.client_a_owner.id}]` } })
    expect(comment.status).toBe(201)
    expect(await outboxLinks()).toEqual([`${PUBLIC}/mappen/${groupId}`])
    // Direct SQL as the comment's author: any link with an origin, or another page, is refused.
    const mention = (link: string) => ctx.db.asUser(f.people.client_a_member.claims, (tx) => tx`select private.notify_mention(${comment.json.id}, ${f.people.client_a_owner.id}, ${link})`)
    for (const link of ['https://evil.example/phish', `https://evil.example/mappen/${groupId}`, `${PUBLIC}/mappen/${groupId}`, `/mappen/${groupId}?x`, `/nachrichten/${groupId}`])
      await expect(mention(link), link).rejects.toMatchObject({ code: '22023' })
    await mention(`/mappen/${groupId}`)
    expect(new Set(await outboxLinks())).toEqual(new Set([`${PUBLIC}/mappen/${groupId}`]))
    // Not the author: refused.
    await expect(ctx.db.asUser(f.people.client_a_owner.claims, (tx) => tx`select private.notify_mention(${comment.json.id}, ${f.people.client_a_owner.id}, ${`/mappen/${groupId}`})`)).rejects.toMatchObject({ code: '42501' })
  })

  it('enqueue_share_link_mail takes only the guest page and token; origin, firm, sender and expiry come from the database', async () => {
    await ctx.owner`delete from private.outbox`
    const created = await http(sharesApp, 'POST', '/functions/v1/shares/upload-links', { cookie: f.cookies.clerk_a, body: { clientId: f.clients.a, expiresInDays: 7, recipientEmail: 'buchhaltung@kaeufer.example' } })
    expect(created.status).toBe(201)
    const token = (created.json.url as string).split('#')[1]!
    const [mail] = await ctx.owner`select params from private.outbox`
    expect(mail!.params).toMatchObject({ link: `${PUBLIC}/freigabe#${token}`, sender: 'clerk_a', name: 'buchhaltung@kaeufer.example' })
    expect(new Date(mail!.params.expires).toISOString()).toBe(new Date(created.json.expiresAt).toISOString())
    const share = created.json.id as string
    const enqueue = (who: Person, link: string) => ctx.db.asUser(f.people[who].claims, (tx) => tx`select private.enqueue_share_link_mail(${share}, ${link})`)
    for (const link of [`https://evil.example/freigabe#${token}`, `${PUBLIC}/freigabe#${token}`, 'https://evil.example/phish', `/freigabe#${token} https://evil.example`, `/anmelden#${token}`])
      await expect(enqueue('clerk_a', link), link).rejects.toMatchObject({ code: '22023' })
    // The older form with caller-written firm name and sender no longer exists.
    await expect(ctx.db.asUser(f.people.clerk_a.claims, (tx) => tx`select private.enqueue_share_link_mail(${share}, ${`/freigabe#${token}`}, ${tx.json({ firmName: 'Ihre Bank: https://evil.example' })})`)).rejects.toMatchObject({ code: '42883' })
    await expect(enqueue('client_a_owner', `/freigabe#${token}`)).rejects.toMatchObject({ code: '42501' })
    expect(await outboxLinks()).toEqual([`${PUBLIC}/freigabe#${token}`])
  })
})

describe('account mails (invitations, factor resets, document notices)', () => {
  it('enqueue_account_mail takes only the template\'s own page; origin, firm name and inviter come from the database', async () => {
    await ctx.owner`delete from private.outbox`
    const [firm] = await ctx.owner`select firm_name from public.firm_settings where id = 1`
    const firmName = (firm?.firm_name as string | undefined) ?? 'Kanzlei'
    const token = 'A'.repeat(43)
    const enqueue = (who: Person, recipient: Person, template: string, params: Record<string, string>) =>
      ctx.db.asUser(f.people[who].claims, (tx) => tx`select private.enqueue_account_mail(${f.people[recipient].id}, ${template}, ${tx.json(params)})`)
    const refused: [string, string][] = [
      ['factors-reset', 'https://evil.example/anmelden'],
      ['factors-reset', `${PUBLIC}/anmelden`],
      ['factors-reset', '/anmelden?next=https://evil.example'],
      ['factors-reset', '/einladungen'],
      ['invitation', `https://evil.example/einladung#${token}`],
      ['invitation', '/einladung#kurz'],
      ['invitation', `/einladung#${token}/../x`],
      ['new-document', `/dokumente/${f.items.a_client_doc}/../../phish`],
      ['new-document', '/dokumente/nicht-eine-id'],
      ['document-request', `//evil.example/anforderungen/${f.items.a_client_doc}`],
      ['account-disabled', '/anmelden'],
    ]
    for (const [template, link] of refused)
      await expect(enqueue('clerk_a', 'client_a_member', template, { link }), `${template} ${link}`).rejects.toMatchObject({ code: '22023' })
    expect(await outboxLinks()).toEqual([])

    await enqueue('clerk_a', 'client_a_member', 'factors-reset', { link: '/anmelden', reason: 'Gerät verloren' })
    await enqueue('clerk_a', 'client_a_member', 'invitation', { link: `/einladung#${token}`, firmName: 'Ihre Bank: https://evil.example', inviter: 'Ihre Bank' })
    await enqueue('clerk_a', 'client_a_member', 'new-document', { link: `/dokumente/${f.items.a_client_doc}`, firmName: 'x' })
    const mails = await ctx.owner`select template, params from private.outbox order by created_at, id`
    expect(mails.map((m) => [m.template, m.params.link])).toEqual([
      ['factors-reset', `${PUBLIC}/anmelden`],
      ['invitation', `${PUBLIC}/einladung#${token}`],
      ['new-document', `${PUBLIC}/dokumente/${f.items.a_client_doc}`],
    ])
    expect(mails[1]!.params).toMatchObject({ firmName, inviter: f.people.clerk_a.name })
    expect(mails[2]!.params.firmName).toBe(firmName)
    // Who may send which template is unchanged: a client member may not send a factor reset.
    await expect(enqueue('client_a_member', 'client_a_owner', 'factors-reset', { link: '/anmelden' })).rejects.toMatchObject({ code: '42501' })
  })
})

describe('the API flow', () => {
  it('mails links on the stored origin over real SMTP, not on the request’s origin', async () => {
    mailbox.mails.length = 0
    await ctx.owner`delete from private.outbox`
    const thread = await start('clerk_a') // announced to client A's readers
    const room = await startCall('client_a_owner', thread) // the client calls: its staff are invited
    await deliverDueMail(ctx.runtime)
    const texts = mailbox.mails.map((m) => mailParts(m.raw).map((p) => p.text).join('\n'))
    const about = (needle: string) => texts.filter((t) => t.includes(needle))
    expect(about(`${PUBLIC}/nachrichten/${thread}`).length).toBeGreaterThanOrEqual(1)
    expect(about(`${PUBLIC}/anruf/${room}`).length).toBeGreaterThanOrEqual(1)
    expect(mailbox.mails.flatMap((m) => m.to)).toContain(f.people.clerk_a.email)
    for (const text of texts) expect(text).not.toContain('http://localhost')
  })
})

describe('the boot step', () => {
  it('the origin is PUBLIC_URL’s, else the loopback address the portal listens on', () => {
    expect(publicOriginFor(loadConfig({ PUBLIC_URL: 'https://portal.kanzlei.de/anmeldung' }))).toBe('https://portal.kanzlei.de')
    expect(publicOriginFor(loadConfig({ HOST: '0.0.0.0', PUBLIC_URL: 'https://portal.kanzlei.de:8443' }))).toBe('https://portal.kanzlei.de:8443')
    expect(publicOriginFor(loadConfig({}))).toBe('http://127.0.0.1:8080')
    expect(publicOriginFor(loadConfig({ HOST: 'localhost', PORT: '3000' }))).toBe('http://localhost:3000')
    expect(publicOriginFor(loadConfig({ HOST: '::1', PORT: '8080' }))).toBe('http://[::1]:8080')
  })

  it('boot() writes the origin, and a later start with another PUBLIC_URL updates it', { timeout: 120_000 }, async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'portal-origin-'))
    const ownerUrl = withDatabase(inject('database').ownerUrl, ctx.name)
    const env = {
      DATA_DIR: dataDir, DATABASE_URL: ctx.appUrl, DATABASE_OWNER_URL: ownerUrl, LOG_LEVEL: 'warn', BACKUP_BEFORE_MIGRATE: 'false',
      SESSION_PEPPER: 'p'.repeat(40), FILE_MASTER_KEY: 'ab'.repeat(32),
    }
    try {
      await ctx.owner`update private.public_origin set origin = 'http://localhost'`
      for (const [publicUrl, expected] of [['https://mandanten.kanzlei.example/', 'https://mandanten.kanzlei.example'], ['', 'http://127.0.0.1:8080']]) {
        const booted = await boot({ ...env, PUBLIC_URL: publicUrl })
        await booted.shutdown()
        expect(await ctx.owner`select origin from private.public_origin`).toEqual([{ origin: expected }])
      }
    } finally {
      setRuntime(ctx.runtime)
      await writePublicOrigin(ctx.owner, PUBLIC)
      await rm(dataDir, { recursive: true, force: true })
    }
  })
})
