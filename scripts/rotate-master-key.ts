/**
 * npm run rotate-master-key — rewraps every file key, TOTP secret, comment, message key and
 * appointment intake-answer key under a new master key (intake answers still stored in clear by
 * an installation from before their sealing are sealed on the way).
 *
 * Embedded default: stop the portal first. The command starts the embedded database, writes the
 * new key to DATA_DIR/secrets/file-master-key.new, rewraps everything in one transaction, then
 * renames the new key file over the old one (the old key is kept as file-master-key.old until
 * you delete it after a backup). With an external database: set DATABASE_OWNER_URL, the current
 * key (FILE_MASTER_KEY or FILE_MASTER_KEY_FILE) and NEW_FILE_MASTER_KEY; afterwards deploy the new
 * key to every instance.
 */
import { randomBytes } from 'node:crypto'
import { copyFile, rename, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import postgres from 'postgres'
import { loadConfig, usesEmbeddedDatabase } from '../functions/_shared/config.ts'
import { startEmbeddedPostgres } from '../functions/_shared/embedded-postgres.ts'
import { rotateMasterKey } from '../functions/_shared/key-rotation.ts'
import { loadSecrets } from '../functions/_shared/secrets.ts'

const config = loadConfig(process.env)
const embedded = usesEmbeddedDatabase(config)
const secrets = await loadSecrets(config, embedded)
const newHex = process.env.NEW_FILE_MASTER_KEY ?? (embedded ? randomBytes(32).toString('hex') : undefined)
if (!newHex || !/^[0-9a-f]{64}$/.test(newHex)) {
  console.error('NEW_FILE_MASTER_KEY must be 64 hex characters.')
  process.exit(2)
}
const keyFile = path.resolve(config.DATA_DIR, 'secrets', 'file-master-key')
if (embedded && (await stat(`${keyFile}.new`).catch(() => undefined))) {
  console.error(`${keyFile}.new exists: an earlier rotation did not finish. If it committed, rename that file to file-master-key; otherwise delete it. Then run again.`)
  process.exit(2)
}
const db = embedded ? await startEmbeddedPostgres(config.DATA_DIR) : undefined
const owner = postgres(db?.ownerUrl ?? config.DATABASE_OWNER_URL!, { max: 1, onnotice: () => {} })
try {
  if (embedded) await writeFile(`${keyFile}.new`, newHex + '\n', { mode: 0o600, flag: 'wx' })
  const counts = await rotateMasterKey(owner, secrets.fileMasterKey, Buffer.from(newHex, 'hex'))
  if (embedded) {
    await copyFile(keyFile, `${keyFile}.old`)
    await rename(`${keyFile}.new`, keyFile)
  }
  console.log(JSON.stringify({ rotated: counts, keyFile: embedded ? keyFile : 'deploy NEW_FILE_MASTER_KEY to every instance' }))
} finally {
  await owner.end()
  await db?.stop()
}
