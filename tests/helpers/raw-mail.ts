import { SMTPServer } from 'smtp-server'
import { freePort } from '../../functions/_shared/embedded-postgres.ts'

export type RawMail = { to: string[]; raw: string }

/** A real SMTP server on loopback keeping the raw messages (for multipart checks such as .ics). */
export async function startRawMailbox(): Promise<{ url: string; mails: RawMail[]; close(): Promise<void> }> {
  const port = await freePort()
  const mails: RawMail[] = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') })
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  return { url: `smtp://127.0.0.1:${port}`, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}

function decode(body: string, encoding: string): string {
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
  if (encoding === 'quoted-printable') {
    const joined = body.replace(/=\r?\n/g, '')
    return Buffer.from(joined.replace(/=([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8')
  }
  return body
}

/** The decoded parts of a (possibly multipart) message: content type and text. */
export function mailParts(raw: string): { type: string; text: string; headers: string }[] {
  const split = raw.search(/\r?\n\r?\n/)
  const head = raw.slice(0, split).replace(/\r?\n[ \t]+/g, ' ')
  const body = raw.slice(split).replace(/^\r?\n\r?\n/, '')
  const header = (h: string, name: string) => h.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name}:`))?.slice(name.length + 1).trim() ?? ''
  const type = header(head, 'content-type')
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1]
  if (!boundary) return [{ type, text: decode(body, header(head, 'content-transfer-encoding').toLowerCase()), headers: head }]
  return body
    .split(`--${boundary}`)
    .slice(1)
    .filter((part) => !part.startsWith('--'))
    .flatMap((part) => mailParts(part.replace(/^\r?\n/, '')))
}

/** Subject (RFC 2047 decoded) of a raw message. */
export function mailSubject(raw: string): string {
  const head = raw.slice(0, raw.search(/\r?\n\r?\n/)).replace(/\r?\n[ \t]+/g, ' ')
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith('subject:'))?.slice(8).trim() ?? ''
  return line
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?[^?]+\?([QqBb])\?([^?]*)\?=/g, (_a, enc: string, text: string) =>
      enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : decode(text.replace(/_/g, ' '), 'quoted-printable'),
    )
}

/** An .ics text parsed into its lines (unfolded) as name → value, for one VEVENT calendars. */
export function parseIcs(ics: string): Record<string, string> {
  const lines = ics.replace(/\r?\n[ \t]/g, '').split(/\r?\n/)
  const out: Record<string, string> = {}
  for (const line of lines) {
    const i = line.indexOf(':')
    if (i < 0) continue
    const name = line.slice(0, i).split(';')[0]!
    if (!(name in out)) out[name] = line.slice(i + 1)
  }
  return out
}
