/**
 * npm run demo — a realistic firm to look at in one minute: seeds Kanzlei Berger & Partner (see
 * scripts/demo-seed.ts) into the embedded database, prints the accounts and how to sign in, and
 * starts the portal. Mails are not sent: each one is printed in this console (that is where the
 * e-mail sign-in codes appear).
 *
 * Safety: the demo uses its own data directory (DATA_DIR, default ./data/demo) and refuses to run
 * against an external database (DATABASE_URL or DATABASE_OWNER_URL set) or a database that
 * already holds accounts it did not seed — always: there is no override, a demo firm with an
 * admin account never lands in a real database. The accounts' password is generated per seed and
 * printed once (only its hash is stored). A second `npm run demo` on the same directory reuses the
 * seeded firm (and its password).
 */
import { existsSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import postgres from 'postgres'
import { loadConfig, usesEmbeddedDatabase } from '../functions/_shared/config.ts'
import { boot, bootFailure } from '../functions/_server/boot.ts'
import { DEMO_ACCOUNTS, DEMO_FIRM, demoPassword, seedDemo } from './demo-seed.ts'
import { watchMail } from './demo-mail.ts'

process.env.DATA_DIR ||= './data/demo'
process.env.LOG_LEVEL ||= 'warn'
// Demo accounts have made-up addresses: mails stay on this console, never reach an SMTP relay.
process.env.SMTP_URL = ''
const refuse = (message: string): never => {
  console.error(`\nnpm run demo: ${message}\n`)
  process.exit(5)
}

// Checked before anything connects: an external database is never touched, whatever the flags.
if (process.env.DATABASE_URL || process.env.DATABASE_OWNER_URL)
  refuse('DATABASE_URL is set. The demo seeds made-up people and files, with an admin account; it runs only on its own embedded database (unset DATABASE_URL and DATABASE_OWNER_URL).')
if (process.argv.includes('--force'))
  refuse('--force is not accepted (any more): the demo seeds only its own, new embedded database. Use another DATA_DIR.')
const config = loadConfig(process.env)
if (!usesEmbeddedDatabase(config)) refuse('DATABASE_URL is set. The demo runs only on its own embedded database.')

let booted: Awaited<ReturnType<typeof boot>>
try {
  booted = await boot(process.env)
} catch (err) {
  const failure = bootFailure(err)
  refuse(failure.message)
}
const marker = path.resolve(config.DATA_DIR, 'demo.json')
let password: string | undefined
const owner = postgres(booted!.embedded?.ownerUrl ?? config.DATABASE_OWNER_URL!, { max: 1, onnotice: () => {} })
try {
  const [{ n }] = (await owner`select count(*)::int as n from public.accounts`) as unknown as [{ n: number }]
  if (n > 0 && existsSync(marker)) {
    console.log(`Die Demo-Kanzlei in ${path.resolve(config.DATA_DIR)} ist schon angelegt; sie wird wiederverwendet.`)
  } else {
    if (n > 0)
      refuse(`the database in ${path.resolve(config.DATA_DIR)} already holds ${n} account(s) that the demo did not create. Use another DATA_DIR.`)
    password = demoPassword()
    await seedDemo(owner, booted!.runtime.blobs, booted!.runtime.secrets.fileMasterKey, password)
    await writeFile(marker, JSON.stringify({ seededAt: new Date().toISOString(), firm: DEMO_FIRM }) + '\n', { mode: 0o600 })
  }
} catch (err) {
  await owner.end()
  await booted!.shutdown()
  throw err
}
await owner.end()
await booted!.shutdown()

// The password exists only now (a hash in the database): printed once, at the seed.
const passwordLine = password
  ? `dem Passwort  ${password}\n  (neu erzeugt; es wird nur dieses eine Mal angezeigt)`
  : 'dem Passwort, das beim Anlegen der Demo\n  angezeigt wurde (vergessen? Ordner löschen, neu anlegen)'
const url = config.PUBLIC_URL ?? `http://localhost:${config.PORT}`
const width = Math.max(...DEMO_ACCOUNTS.map((a) => a.email.length))
console.log(`
════════════════════════════════════════════════════════════════════════
  Mandantenportal – Demo: ${DEMO_FIRM}
════════════════════════════════════════════════════════════════════════
  Öffnen Sie ${url} und melden Sie sich an mit
  einer dieser Adressen und ${passwordLine}

${DEMO_ACCOUNTS.map((a) => `  ${a.email.padEnd(width)}  ${a.name} – ${a.role}`).join('\n')}

  Zweiter Faktor: wählen Sie „Code per E-Mail“. Die Mail erscheint
  hier in dieser Konsole (es werden keine echten Mails versandt).
  Daten: ${path.resolve(config.DATA_DIR)} (löschen Sie den Ordner für eine frische Demo).
  Beenden mit Strg+C.
════════════════════════════════════════════════════════════════════════
`)
watchMail(path.resolve(config.DATA_DIR, 'mail'))
await import('../functions/_server/main.ts')
