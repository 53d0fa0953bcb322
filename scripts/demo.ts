/**
 * npm run demo — a realistic firm to look at in one minute: seeds Kanzlei Berger & Partner (see
 * scripts/demo-seed.ts) into the embedded database, prints the accounts and how to sign in, and
 * starts the portal. Mails are not sent: each one is printed in this console (that is where the
 * e-mail sign-in codes appear).
 *
 * Safety: the demo uses its own data directory (DATA_DIR, default ./data/demo) and refuses to run
 * against an external database (DATABASE_URL) or a database that already holds accounts it did
 * not seed — unless started with --force. A second `npm run demo` on the same directory reuses
 * the seeded firm.
 */
import { existsSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import postgres from 'postgres'
import { loadConfig, usesEmbeddedDatabase } from '../functions/_shared/config.ts'
import { boot, bootFailure } from '../functions/_server/boot.ts'
import { DEMO_ACCOUNTS, DEMO_FIRM, DEMO_PASSWORD, seedDemo } from './demo-seed.ts'
import { watchMail } from './demo-mail.ts'

const force = process.argv.includes('--force')
process.env.DATA_DIR ||= './data/demo'
process.env.LOG_LEVEL ||= 'warn'
// Demo accounts have made-up addresses: mails stay on this console, never reach an SMTP relay.
process.env.SMTP_URL = ''
const refuse = (message: string): never => {
  console.error(`\nnpm run demo: ${message}\n`)
  process.exit(5)
}

const config = loadConfig(process.env)
if (!usesEmbeddedDatabase(config) && !force)
  refuse('DATABASE_URL is set. The demo seeds made-up people and files; it runs only on its own embedded database (unset DATABASE_URL), or with --force.')

let booted: Awaited<ReturnType<typeof boot>>
try {
  booted = await boot(process.env)
} catch (err) {
  const failure = bootFailure(err)
  refuse(failure.message)
}
const marker = path.resolve(config.DATA_DIR, 'demo.json')
const owner = postgres(booted!.embedded?.ownerUrl ?? config.DATABASE_OWNER_URL!, { max: 1, onnotice: () => {} })
try {
  const [{ n }] = (await owner`select count(*)::int as n from public.accounts`) as unknown as [{ n: number }]
  if (n > 0 && existsSync(marker)) {
    console.log(`Die Demo-Kanzlei in ${path.resolve(config.DATA_DIR)} ist schon angelegt; sie wird wiederverwendet.`)
  } else {
    if (n > 0 && !force)
      refuse(`the database in ${path.resolve(config.DATA_DIR)} already holds ${n} account(s) that the demo did not create. Use another DATA_DIR (or --force to add the demo firm anyway).`)
    await seedDemo(owner, booted!.runtime.blobs, booted!.runtime.secrets.fileMasterKey)
    await writeFile(marker, JSON.stringify({ seededAt: new Date().toISOString(), firm: DEMO_FIRM }) + '\n', { mode: 0o600 })
  }
} catch (err) {
  await owner.end()
  await booted!.shutdown()
  throw err
}
await owner.end()
await booted!.shutdown()

const url = config.PUBLIC_URL ?? `http://localhost:${config.PORT}`
const width = Math.max(...DEMO_ACCOUNTS.map((a) => a.email.length))
console.log(`
════════════════════════════════════════════════════════════════════════
  Mandantenportal – Demo: ${DEMO_FIRM}
════════════════════════════════════════════════════════════════════════
  Öffnen Sie ${url} und melden Sie sich an mit
  einer dieser Adressen und dem Passwort  ${DEMO_PASSWORD}

${DEMO_ACCOUNTS.map((a) => `  ${a.email.padEnd(width)}  ${a.name} – ${a.role}`).join('\n')}

  Zweiter Faktor: wählen Sie „Code per E-Mail“. Die Mail erscheint
  hier in dieser Konsole (es werden keine echten Mails versandt).
  Daten: ${path.resolve(config.DATA_DIR)} (löschen Sie den Ordner für eine frische Demo).
  Beenden mit Strg+C.
════════════════════════════════════════════════════════════════════════
`)
watchMail(path.resolve(config.DATA_DIR, 'mail'))
await import('../functions/_server/main.ts')
