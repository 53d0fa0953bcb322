import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from '../../../functions/_shared/embedded-postgres.ts'
import { enqueueMail, type OutgoingMail } from '../../../functions/_shared/mail/outbox.ts'
import { backoffSeconds, deliverDueMail } from '../../../functions/_shared/mail/worker.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'

type Received = { to: string[]; raw: string }
const received: Received[] = []
let smtp: SMTPServer
let ctx: TestContext

beforeAll(async () => {
  const port = await freePort()
  // A real SMTP server on loopback. It refuses one address for good (550) and one for now (451).
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith('bounce@')) return callback(Object.assign(new Error('No such user'), { responseCode: 550 }))
      if (address.address.startsWith('later@')) return callback(Object.assign(new Error('Try again later'), { responseCode: 451 }))
      callback()
    },
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
})

afterAll(async () => {
  await ctx.close()
  await new Promise<void>((resolve) => smtp.close(() => resolve()))
})

const queue = (mail: Partial<OutgoingMail> & { to: string }) =>
  ctx.owner.begin((tx) =>
    enqueueMail(tx as never, {
      template: 'welcome-admin',
      locale: 'de',
      params: { name: 'Dr. Jana Berger', firmName: 'Kanzlei Berger', link: 'https://portal.berger.example/anmelden' },
      ...mail,
    }),
  )

const row = async (to: string) =>
  (await ctx.owner`select attempts, sent_at, failed_at, next_attempt_at, last_error from private.outbox where to_address = ${to}`)[0]!

describe('the outbox worker', () => {
  it('delivers a queued mail through SMTP and records it as sent', async () => {
    await queue({ to: 'jana@berger.example' })
    expect(await deliverDueMail(ctx.runtime)).toBe(1)
    const mail = received.find((m) => m.to.includes('jana@berger.example'))!
    expect(mail.raw).toContain('Subject: =?UTF-8?Q?Ihr_Mandantenportal_f=C3=BCr_Kanzlei_Ber')
    expect(mail.raw).toContain('https://portal.berger.example/anmelden')
    expect(mail.raw).toContain('From: Kanzlei Berger <portal@berger.example>')
    expect((await row('jana@berger.example')).sent_at).toBeInstanceOf(Date)
    // Delivered once only.
    expect(await deliverDueMail(ctx.runtime)).toBe(0)
    expect(received.filter((m) => m.to.includes('jana@berger.example'))).toHaveLength(1)
  })

  it('renders the English template for an English-speaking recipient', async () => {
    await queue({ to: 'john@example.test', locale: 'en' })
    await deliverDueMail(ctx.runtime)
    expect(received.find((m) => m.to.includes('john@example.test'))!.raw).toContain('Subject: Your client portal for Kanzlei Berger is ready')
  })

  it('records a permanent refusal (5xx) as failed without retrying', async () => {
    await queue({ to: 'bounce@example.test' })
    await deliverDueMail(ctx.runtime)
    const r = await row('bounce@example.test')
    expect(r.failed_at).toBeInstanceOf(Date)
    expect(r.sent_at).toBeNull()
    expect(r.attempts).toBe(1)
  })

  it('retries a temporary refusal (4xx) with backoff', async () => {
    await queue({ to: 'later@example.test' })
    // A second ahead of the database's now(), so the queued mail is surely due.
    const start = new Date(Date.now() + 1000)
    ctx.setNow(start)
    await deliverDueMail(ctx.runtime)
    const first = await row('later@example.test')
    expect(first).toMatchObject({ attempts: 1, sent_at: null, failed_at: null })
    expect(first.next_attempt_at.getTime() - start.getTime()).toBe(backoffSeconds(1) * 1000)
    expect(first.last_error).toMatch(/451|Try again later/)
    // Not due yet: nothing happens.
    await deliverDueMail(ctx.runtime)
    expect((await row('later@example.test')).attempts).toBe(1)
    // After the backoff it is tried again.
    ctx.setNow(new Date(start.getTime() + backoffSeconds(1) * 1000 + 1))
    await deliverDueMail(ctx.runtime)
    expect((await row('later@example.test')).attempts).toBe(2)
  })

  it('backs off exponentially up to an hour', () => {
    expect([1, 2, 3, 4, 10, 20].map(backoffSeconds)).toEqual([30, 60, 120, 240, 3600, 3600])
  })
})
