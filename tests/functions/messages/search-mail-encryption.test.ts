import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from '../../../functions/_shared/embedded-postgres.ts'
import { deliverDueMail } from '../../../functions/_shared/mail/worker.ts'
import { openMessageBody, rotateMessageKeys, searchTokens } from '../../../functions/_shared/message-crypto.ts'
import { app } from '../../../functions/messages/app.ts'
import { buildAccessFixture, type AccessFixture, type Person } from '../../helpers/access-fixture.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { ORIGIN } from '../../helpers/http.ts'

type Received = { to: string[]; raw: string }
const received: Received[] = []
let smtp: SMTPServer
let ctx: TestContext
let f: AccessFixture
let categories: { id: string; nameDe: string; mail: boolean }[]

beforeAll(async () => {
  const port = await freePort()
  // A real SMTP server on loopback receives what the outbox worker sends.
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      let raw = ''
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')))
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw })
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => smtp.listen(port, '127.0.0.1', resolve))
  ctx = await createTestContext({ SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'Kanzlei Berger <portal@berger.example>' })
  f = await buildAccessFixture(ctx)
  categories = (await call('client_a_owner', 'GET', '/categories')).json.categories
})
afterAll(async () => {
  await ctx.close()
  await new Promise<void>((resolve) => smtp.close(() => resolve()))
})

async function call(as: Person, method: string, path: string, body?: unknown) {
  const res = await app.request(`${ORIGIN}/functions/v1/messages${path}`, {
    method,
    headers: { origin: ORIGIN, cookie: f.cookies[as], 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, json: text ? JSON.parse(text) : undefined }
}
const category = (name: string) => categories.find((c) => c.nameDe === name)!.id
const start = async (as: Person, subject: string, body: string, extra: Record<string, unknown> = {}) => {
  const res = await call(as, 'POST', '', { clientId: f.clients.a, subject, categoryId: category('Frage'), body, ...extra })
  expect(res.status).toBe(201)
  return res.json.id as string
}
const search = async (as: Person, q: string) => ((await call(as, 'GET', `?${new URLSearchParams({ q })}`)).json.items as { id: string }[]).map((c) => c.id)

describe('search over subjects and bodies', () => {
  it('finds word beginnings in bodies (umlauts folded) and subjects, only among what the caller may read', async () => {
    const a = await start('client_a_member', 'Jahresabschluss 2025', 'Die Gesellschafterversammlung hat den Geschäftsführer entlastet.')
    const b = await start('client_a_owner', 'Umzug des Büros', 'Bitte die neue Anschrift übernehmen.', { audience: 'client' })
    expect(await search('client_a_member', 'gesellschafter')).toEqual([a])
    expect(await search('client_a_member', 'GESCHAFTSF')).toEqual([a])
    expect(await search('clerk_a', 'geschäftsführer entlastet')).toEqual([a])
    expect(await search('clerk_a', 'geschäftsführer umzug')).toEqual([])
    expect(await search('clerk_a', 'jahresab')).toEqual([a])
    expect(await search('client_a_member', 'anschrift')).toEqual([b])
    // Not for people who may not read the conversation.
    expect(await search('client_a_owner', 'gesellschafter')).toEqual([])
    expect(await search('client_b_owner', 'anschrift')).toEqual([])
    expect(await search('tax_adviser', 'jahresab')).toEqual([])
    // LIKE wildcards are searched as text, not as patterns.
    expect(await search('clerk_a', '%')).toEqual([])
    // An edited body is found by its new words only; a deleted one not at all.
    const thread = (await call('client_a_member', 'GET', `/${a}`)).json
    await call('client_a_member', 'PATCH', `/messages/${thread.messages[0].id}`, { body: 'Die Prokura wurde erteilt.' })
    expect(await search('clerk_a', 'gesellschafter')).toEqual([])
    expect(await search('clerk_a', 'prokura')).toEqual([a])
    await call('client_a_member', 'POST', `/messages/${thread.messages[0].id}/delete`, {})
    expect(await search('clerk_a', 'prokura')).toEqual([])
  })
})

describe('the staff inbox', () => {
  it('filters by status, assignee, client and category and pages by keyset without gaps or repeats', async () => {
    const made: string[] = []
    for (let i = 0; i < 5; i++) made.push(await start('client_a_member', `Anfrage ${i}`, `Text ${i}`, { categoryId: category(i % 2 ? 'Rechnung' : 'Termin') }))
    await call('clerk_a', 'PATCH', `/${made[0]}`, { status: 'done', assigneeId: f.people.clerk_a.id })
    await call('clerk_a', 'PATCH', `/${made[1]}`, { status: 'in_progress', assigneeId: f.people.lawyer.id })
    const list = async (q: Record<string, string>) => ((await call('clerk_a', 'GET', `?${new URLSearchParams({ clientId: f.clients.a, ...q })}`)).json.items as { id: string }[]).map((c) => c.id).filter((id) => made.includes(id))
    expect(await list({ status: 'done' })).toEqual([made[0]])
    expect(await list({ assignee: 'me' })).toEqual([made[0]])
    expect(await list({ assignee: f.people.lawyer.id })).toEqual([made[1]])
    expect((await list({ assignee: 'none' })).sort()).toEqual(made.slice(2).sort())
    expect((await list({ categoryId: category('Rechnung') })).sort()).toEqual([made[1], made[3]].sort())
    expect(await list({ open: 'false' })).toEqual([made[0]])
    expect((await call('clerk_a', 'GET', `?clientId=${f.clients.b}`)).json.items).toEqual([])

    // Paging: two at a time, newest first, every conversation exactly once.
    const all = (await call('clerk_a', 'GET', '?limit=100')).json.items.map((c: { id: string }) => c.id)
    const paged: string[] = []
    let cursor: string | null = null
    do {
      const page: { status: number; json: { items: { id: string }[]; next: string | null } } = await call('clerk_a', 'GET', `?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      expect(page.json.items.length).toBeLessThanOrEqual(2)
      paged.push(...page.json.items.map((c) => c.id))
      cursor = page.json.next
    } while (cursor)
    expect(paged).toEqual(all)
    expect((await call('clerk_a', 'GET', '?cursor=bm9wZQ')).json.code).toBe('invalid_cursor')
    expect((await call('clerk_a', 'GET', '?status=open')).json.code).toBe('validation_failed')
  })
})

describe('mails about new messages', () => {
  it('announce a new message without its content, with a link, by the readers’ category preferences', async () => {
    received.length = 0
    // The owner switches off mails for invoices; a request about invoices is not mailed to them.
    expect((await call('client_a_owner', 'PUT', '/preferences', { preferences: [{ categoryId: category('Rechnung'), mail: false }] })).status).toBe(200)
    expect((await call('client_a_owner', 'GET', '/categories')).json.categories.find((c: { id: string }) => c.id === category('Rechnung')).mail).toBe(false)
    expect((await call('client_a_owner', 'PUT', '/preferences', { preferences: [{ categoryId: crypto.randomUUID(), mail: true }] })).status).toBe(400)
    const invoice = await start('clerk_a', 'Ihre Rechnung 2025-17', 'Streng vertraulich: Honorar 12.345 Euro', { audience: 'client', categoryId: category('Rechnung') })
    const question = await start('clerk_a', 'Rückfrage Vollmacht', 'Streng vertraulich: bitte Vollmacht senden', { audience: 'client' })
    await deliverDueMail(ctx.runtime)
    const to = (id: string) => received.filter((m) => m.raw.includes(id)).flatMap((m) => m.to).sort()
    // Every client-side reader who may read the whole client (not the firm's author, not client B).
    const members = ['client_a_delegate', 'client_a_manager', 'client_a_member', 'client_a_owner', 'client_a_viewer'].map((p) => `${p}@example.test`)
    expect(to(question)).toEqual(members)
    expect(to(invoice)).toEqual(members.filter((m) => !m.startsWith('client_a_owner')))
    for (const mail of received) {
      expect(mail.raw).not.toMatch(/vertraulich|Honorar|Vollmacht|Rechnung 2025/)
      expect(mail.raw).toContain('Sie haben eine neue Nachricht im Portal')
    }
    expect(received.find((m) => m.raw.includes(question))!.raw).toContain(`${ORIGIN}/nachrichten/${question}`)

    // A client's answer goes to the firm: the assignee when there is one, else the client's staff.
    received.length = 0
    await call('client_a_member', 'POST', `/${question}/messages`, { body: 'Anbei die Vollmacht' })
    await call('clerk_a', 'PATCH', `/${invoice}`, { assigneeId: f.people.lawyer.id })
    await call('client_a_member', 'POST', `/${invoice}/messages`, { body: 'Rechnung bezahlt' })
    await deliverDueMail(ctx.runtime)
    // The client's other readers were told about these conversations a moment ago: batched (one
    // notice per conversation and person in ten minutes); the firm's side hears of the answer.
    expect(to(question)).toEqual(['clerk_a@example.test'])
    expect(to(invoice)).toEqual(['lawyer@example.test'])
  })
})

describe('encryption at rest', () => {
  it('a dump of every table holds no message body and no word of one; the key opens it, rotation rewraps it', async () => {
    const secret = 'Zeugenaussage Wiesenthal Grundstückskauf'
    const id = await start('client_a_member', 'Allgemeine Frage', secret)
    await call('client_a_member', 'PATCH', `/messages/${(await call('client_a_member', 'GET', `/${id}`)).json.messages[0].id}`, { body: `${secret} – ergänzt` })
    const tables = await ctx.owner`select schemaname, tablename from pg_tables where schemaname in ('public', 'private')`
    let dump = ''
    for (const t of tables) dump += (await ctx.owner.unsafe(`select coalesce(string_agg(t::text, E'\\n'), '') as rows from ${t.schemaname}.${t.tablename} t`))[0]!.rows
    expect(dump).toContain('Allgemeine Frage') // the dump is real: the subject is a plain title
    for (const word of ['Zeugenaussage', 'Wiesenthal', 'Grundstückskauf', 'ergänzt', 'zeugenaussage']) expect(dump).not.toContain(word)
    const [row] = await ctx.owner`select body_ciphertext, body_key, search_tokens from public.messages where item_id = ${id}`
    const hex = Buffer.from(row!.body_ciphertext).toString('hex')
    expect(hex).not.toContain(Buffer.from('Wiesenthal').toString('hex'))
    const key = ctx.runtime.secrets.fileMasterKey
    expect(openMessageBody(key, { ciphertext: row!.body_ciphertext, key: row!.body_key })).toBe(`${secret} – ergänzt`)
    expect(row!.search_tokens).toEqual(expect.arrayContaining(searchTokens(key, 'wiesenthal')))

    const next = Buffer.alloc(32, 7)
    await ctx.owner.begin((tx) => rotateMessageKeys(tx as never, key, next))
    const [rotated] = await ctx.owner`select body_ciphertext, body_key, search_tokens from public.messages where item_id = ${id}`
    expect(() => openMessageBody(key, { ciphertext: rotated!.body_ciphertext, key: rotated!.body_key })).toThrow()
    expect(openMessageBody(next, { ciphertext: rotated!.body_ciphertext, key: rotated!.body_key })).toBe(`${secret} – ergänzt`)
    expect(rotated!.search_tokens).toEqual(expect.arrayContaining(searchTokens(next, 'wiesenthal')))
    const [revision] = await ctx.owner`select r.body_ciphertext, r.body_key from public.message_revisions r join public.messages m on m.id = r.message_id where m.item_id = ${id}`
    expect(openMessageBody(next, { ciphertext: revision!.body_ciphertext, key: revision!.body_key })).toBe(secret)
  })
})
