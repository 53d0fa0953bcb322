import { writeFile, mkdir } from 'node:fs/promises'
import path from 'node:path'
import nodemailer from 'nodemailer'
import type { Transporter } from 'nodemailer'
import { log } from '../log.ts'
import { asServiceRole } from '../privileged.ts'
import type { Runtime } from '../runtime.ts'
import { calendarAttachment } from './appointment-templates.ts'
import { renderMail, type MailTemplate } from './templates.ts'

const MAX_ATTEMPTS = 8
const BATCH = 20
const POLL_MS = 5000

/** Backoff before the next try: 30 s, 1 min, 2 min … capped at 1 h. */
export function backoffSeconds(attempts: number): number {
  return Math.min(3600, 30 * 2 ** Math.max(0, attempts - 1))
}

type Row = { id: string; template: MailTemplate; to_address: string; locale: 'de' | 'en'; params: Record<string, string>; attempts: number }

/** Delivers a rendered mail through SMTP, or into DATA_DIR/mail/<id>.eml without SMTP_URL. */
function createDelivery(rt: Runtime) {
  const { config } = rt
  const smtp: Transporter | undefined = config.SMTP_URL ? nodemailer.createTransport(config.SMTP_URL) : undefined
  const file = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' })
  const mailDir = path.resolve(config.DATA_DIR, 'mail')
  return {
    async send(row: Row) {
      const { subject, text } = renderMail(row.template, row.locale, row.params)
      // Appointment mails carry their .ics (METHOD:REQUEST or CANCEL) as an attachment.
      const message = { from: config.MAIL_FROM, to: row.to_address, subject, text, headers: { 'X-Portal-Mail-Id': row.id }, attachments: calendarAttachment(row.params) }
      if (smtp) return void (await smtp.sendMail(message))
      const info = await file.sendMail(message)
      await mkdir(mailDir, { recursive: true, mode: 0o700 })
      const target = path.join(mailDir, `${row.id}.eml`)
      await writeFile(target, info.message as Buffer, { mode: 0o600 })
      log.info('mail written to file (no SMTP_URL configured)', { mailId: row.id, file: target })
    },
    close: () => smtp?.close(),
  }
}

/** True for SMTP answers that will not change on retry (5xx), e.g. an unknown recipient. */
function isPermanent(err: unknown): boolean {
  const code = (err as { responseCode?: number }).responseCode
  return typeof code === 'number' && code >= 500
}

/**
 * Delivers due outbox rows once. Rows are claimed with SKIP LOCKED, so several instances never
 * send the same mail; the outcome is recorded in the same transaction.
 */
export async function deliverDueMail(rt: Runtime, delivery = createDelivery(rt)): Promise<number> {
  // Privileged: outbox delivery is a system operation (the outbox is not readable by users).
  return asServiceRole(rt.db, 'outbox delivery', async (tx) => {
    const rows = (await tx`
      select id, template, to_address, locale, params, attempts from private.outbox
      where sent_at is null and failed_at is null and next_attempt_at <= ${rt.now()}
      order by next_attempt_at limit ${BATCH} for update skip locked`) as unknown as Row[]
    for (const row of rows) {
      try {
        await delivery.send(row)
        // Params may hold a one-time code: they are not kept once the mail left.
        await tx`update private.outbox set sent_at = ${rt.now()}, attempts = attempts + 1, last_error = null, params = '{}' where id = ${row.id}`
      } catch (err) {
        const attempts = row.attempts + 1
        const permanent = isPermanent(err) || attempts >= MAX_ATTEMPTS
        const reason = err instanceof Error ? err.message.slice(0, 500) : 'unknown error'
        log.warn('mail delivery failed', { mailId: row.id, attempts, permanent, reason })
        await tx`update private.outbox set attempts = ${attempts}, last_error = ${reason},
                   failed_at = ${permanent ? rt.now() : null},
                   params = case when ${permanent} then '{}'::jsonb else params end,
                   next_attempt_at = ${new Date(rt.now().getTime() + backoffSeconds(attempts) * 1000)}
                 where id = ${row.id}`
      }
    }
    return rows.length
  })
}

/** Runs delivery on every outbox NOTIFY and every few seconds; stop() waits for the current run. */
export function startMailWorker(rt: Runtime) {
  const delivery = createDelivery(rt)
  let running: Promise<unknown> = Promise.resolve()
  let stopped = false
  const tick = () => {
    if (stopped) return
    running = running.then(() => deliverDueMail(rt, delivery)).catch((err) => log.warn('mail worker run failed', { error: err }))
  }
  const timer = setInterval(tick, POLL_MS)
  const listening = rt.db.pool.listen('outbox', tick).catch((err) => log.warn('outbox LISTEN failed; polling only', { error: err }))
  tick()
  return {
    async stop() {
      stopped = true
      clearInterval(timer)
      const listener = await listening
      // On Ctrl-C the terminal signals the embedded PostgreSQL too; a closed connection is fine here.
      if (listener) await listener.unlisten().catch(() => {})
      await running
      delivery.close()
    },
  }
}
