import { SMTPServer } from 'smtp-server'
import { freePort } from './server'

/** A mail as the portal sent it, decoded: recipients, subject, plain text. */
export type Mail = { to: string[]; subject: string; text: string }

export type Mailbox = {
  /** SMTP_URL for the portal. */
  url: string
  mails: Mail[]
  /**
   * Resolves with the first mail not yet taken that goes to `to` and whose subject matches;
   * rejects after timeoutMs with the subjects received so far.
   */
  take(to: string, subject: RegExp, timeoutMs?: number): Promise<Mail>
  close(): Promise<void>
}

/** Decodes a quoted-printable body (soft line breaks, =XX bytes) as UTF-8. */
export function decodeQuotedPrintable(body: string): string {
  const joined = body.replace(/=\r?\n/g, '')
  const bytes: number[] = []
  for (let i = 0; i < joined.length; i++) {
    const hex = joined.slice(i + 1, i + 3)
    if (joined[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16))
      i += 2
    } else bytes.push(...Buffer.from(joined[i]!, 'utf8'))
  }
  return Buffer.from(bytes).toString('utf8')
}

/** Decodes RFC 2047 encoded words in a header ("=?UTF-8?Q?f=C3=BCr?="). */
function decodeHeader(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?[^?]+\?([QqBb])\?([^?]*)\?=/g, (_all, encoding: string, text: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeQuotedPrintable(text.replace(/_/g, ' ')),
    )
}

/** Splits a raw single-part message into decoded subject and text. */
export function parseMail(raw: string): { subject: string; text: string } {
  const split = raw.search(/\r?\n\r?\n/)
  const head = raw.slice(0, split).replace(/\r?\n[ \t]+/g, ' ')
  const body = raw.slice(split).replace(/^\r?\n\r?\n/, '')
  const header = (name: string) =>
    head.split(/\r?\n/).find((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`))
      ?.slice(name.length + 1)
      .trim() ?? ''
  const encoding = header('Content-Transfer-Encoding').toLowerCase()
  const text =
    encoding === 'quoted-printable'
      ? decodeQuotedPrintable(body)
      : encoding === 'base64'
        ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
        : body
  return { subject: decodeHeader(header('Subject')), text: text.replace(/\r\n/g, '\n') }
}

/** The first link in a mail's text. */
export function linkIn(mail: Mail): string {
  const link = mail.text.match(/https?:\/\/\S+/)?.[0]
  if (!link) throw new Error(`no link in mail "${mail.subject}":\n${mail.text}`)
  return link
}

/** The 6-digit code the portal's code mails show on a line of their own. */
export function codeIn(mail: Mail): string {
  const code = mail.text.match(/^\s+(\d{6})\s*$/m)?.[1]
  if (!code) throw new Error(`no code in mail "${mail.subject}":\n${mail.text}`)
  return code
}

/** A real SMTP server on loopback that keeps every mail in memory (no TLS, no auth). */
export async function startMailbox(): Promise<Mailbox> {
  const port = await freePort()
  const mails: Mail[] = []
  const taken = new Set<Mail>()
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        const parsed = parseMail(Buffer.concat(chunks).toString('utf8'))
        mails.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address), ...parsed })
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))

  async function take(to: string, subject: RegExp, timeoutMs = 20_000): Promise<Mail> {
    const deadline = Date.now() + timeoutMs
    while (Date.now() < deadline) {
      const found = mails.find(
        (mail) => !taken.has(mail) && mail.to.includes(to) && subject.test(mail.subject),
      )
      if (found) {
        taken.add(found)
        return found
      }
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    const seen = mails.map((mail) => `${mail.to.join(',')}: ${mail.subject}`).join('\n')
    throw new Error(`no mail to ${to} matching ${subject} in ${timeoutMs} ms; received:\n${seen}`)
  }

  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    take,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
