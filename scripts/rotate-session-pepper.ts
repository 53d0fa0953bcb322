/**
 * npm run rotate-session-pepper -- --yes — installs a new session pepper (the HMAC key under which
 * every session token, invitation, reset link, share link and calendar feed address is stored).
 *
 * Tokens are never stored, so nothing can be re-hashed: the command ends what the old pepper
 * protected (see functions/operations/service/rotate-session-pepper.ts) in one transaction —
 * everyone signs in again, open invitations and share/upload links must be sent again. Use it
 * when the pepper may have leaked (with a database copy, a leaked pepper lets an attacker forge
 * stored token hashes), or on the firm's key schedule. Without --yes it only prints the counts.
 *
 * Embedded default: stop the portal first. The new pepper is written to
 * DATA_DIR/secrets/session-pepper.new, the transaction commits, then the file replaces
 * session-pepper. External database (or SESSION_PEPPER/_FILE set): set DATABASE_OWNER_URL and
 * NEW_SESSION_PEPPER (≥ 32 characters); afterwards deploy it to every instance and restart them.
 */
import { randomBytes } from 'node:crypto'
import { rename, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import postgres from 'postgres'
import { loadConfig, usesEmbeddedDatabase } from '../functions/_shared/config.ts'
import { endPepperBoundTokens } from '../functions/operations/service/rotate-session-pepper.ts'

const config = loadConfig(process.env)
const embedded = usesEmbeddedDatabase(config)
const confirmed = process.argv.includes('--yes')
// The generated file is used only where the portal itself generated the pepper.
const fileManaged = embedded && !config.SESSION_PEPPER && !config.SESSION_PEPPER_FILE
const newPepper = process.env.NEW_SESSION_PEPPER ?? (fileManaged ? randomBytes(32).toString('hex') : undefined)
if (!newPepper || newPepper.length < 32) {
  console.error('NEW_SESSION_PEPPER must be set (at least 32 characters) when the pepper comes from SESSION_PEPPER / SESSION_PEPPER_FILE or the database is external.')
  process.exit(2)
}
const pepperFile = path.resolve(config.DATA_DIR, 'secrets', 'session-pepper')
if (fileManaged && (await stat(`${pepperFile}.new`).catch(() => undefined))) {
  console.error(`${pepperFile}.new exists: an earlier rotation did not finish. If it committed (everyone was signed out), rename that file to session-pepper; otherwise delete it. Then run again.`)
  process.exit(2)
}
const db = embedded ? await (await import('../functions/_shared/embedded-postgres.ts')).startEmbeddedPostgres(config.DATA_DIR) : undefined
const owner = postgres(db?.ownerUrl ?? config.DATABASE_OWNER_URL!, { max: 1, onnotice: () => {} })
try {
  if (!confirmed) {
    const counts = await endPepperBoundTokens(owner, { dryRun: true })
    console.log(JSON.stringify({ dryRun: true, wouldEnd: counts }))
    console.log('Nothing changed. Run again with --yes to install a new session pepper and end all of the above.')
  } else {
    if (fileManaged) await writeFile(`${pepperFile}.new`, newPepper + '\n', { mode: 0o600, flag: 'wx' })
    const counts = await endPepperBoundTokens(owner)
    if (fileManaged) await rename(`${pepperFile}.new`, pepperFile)
    console.log(JSON.stringify({ ended: counts, pepper: fileManaged ? pepperFile : 'deploy NEW_SESSION_PEPPER to every instance, then restart them' }))
  }
} finally {
  await owner.end()
  await db?.stop()
}
