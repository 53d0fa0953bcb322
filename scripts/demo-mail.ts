/**
 * The demo's console mail: without SMTP the portal writes every mail to DATA_DIR/mail/<id>.eml;
 * this watcher prints each new one (recipient, subject, text) to the console, so that a newcomer
 * reads the e-mail sign-in code there. Used by npm run demo only.
 */
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'

/** Decodes RFC 2047 encoded words (=?UTF-8?Q?…?= / =?UTF-8?B?…?=) in a header value. */
export function decodeHeader(value: string): string {
  return value.replace(/=\?utf-8\?([QB])\?([^?]*)\?=\s*/gi, (_, enc: string, text: string) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
  )
}

/** Decodes a quoted-printable body to UTF-8 text. */
export function decodeQuotedPrintable(body: string): string {
  const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)))
  return Buffer.from(bytes, 'latin1').toString('utf8')
}

/** Recipient, subject and text of a single-part text mail as nodemailer writes it. */
export function readEml(raw: string): { to: string; subject: string; text: string } {
  const split = raw.indexOf('\n\n')
  const head = raw.slice(0, split).replace(/\n[ \t]+/g, ' ')
  const header = (name: string) => new RegExp(`^${name}: (.*)$`, 'im').exec(head)?.[1] ?? ''
  let text = raw.slice(split + 2)
  const encoding = header('Content-Transfer-Encoding').toLowerCase()
  if (encoding === 'quoted-printable') text = decodeQuotedPrintable(text)
  else if (encoding === 'base64') text = Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8')
  return { to: decodeHeader(header('To')), subject: decodeHeader(header('Subject')), text: text.trim() }
}

/** Prints every mail that appears in dir from now on (polling twice a second); stop() ends it. */
export function watchMail(dir: string, print: (line: string) => void = console.log) {
  const seen = new Set<string>()
  let first = true
  const scan = async () => {
    const names = await readdir(dir).catch(() => [] as string[])
    for (const name of names.filter((n) => n.endsWith('.eml') && !seen.has(n))) {
      seen.add(name)
      if (first) continue
      const mail = readEml(await readFile(path.join(dir, name), 'utf8').catch(() => ''))
      const body = mail.text.split('\n-- \n')[0]!.split('\n').map((l) => `   │ ${l}`).join('\n')
      print(`\n✉  Mail an ${mail.to}\n   Betreff: ${mail.subject}\n${body}\n`)
    }
    first = false
  }
  void scan()
  const timer = setInterval(() => void scan(), 500)
  timer.unref()
  return { stop: () => clearInterval(timer) }
}
