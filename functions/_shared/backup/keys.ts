import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { ConfigError, type Config } from '../config.ts'
import { dataDirSecret } from '../secrets.ts'

export type BackupKey = { key: Buffer; source: string }

const parse = (hex: string, variable: string) => {
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new ConfigError(variable, 'expected 64 hex characters')
  return Buffer.from(hex, 'hex')
}

/**
 * The backup key: BACKUP_KEY or BACKUP_KEY_FILE. With the embedded database and neither set, the
 * key is DATA_DIR/secrets/backup-key, generated on first use (mode 0600) when generate is true —
 * the docs tell the operator to copy it somewhere else. Returns undefined when there is none
 * (an external database without a configured key: backups are off). Throws ConfigError for a
 * bad value or an unreadable file.
 */
export async function loadBackupKey(config: Config, options: { embedded: boolean; generate: boolean }): Promise<BackupKey | undefined> {
  if (config.BACKUP_KEY) return { key: parse(config.BACKUP_KEY, 'BACKUP_KEY'), source: 'BACKUP_KEY' }
  if (config.BACKUP_KEY_FILE) {
    const text = await readFile(config.BACKUP_KEY_FILE, 'utf8').catch(() => {
      throw new ConfigError('BACKUP_KEY_FILE', `cannot read ${config.BACKUP_KEY_FILE}`)
    })
    return { key: parse(text.trim(), 'BACKUP_KEY_FILE'), source: config.BACKUP_KEY_FILE }
  }
  if (!options.embedded) return undefined
  const file = path.join(path.resolve(config.DATA_DIR), 'secrets', 'backup-key')
  if (!options.generate && !(await stat(file).catch(() => undefined))) return undefined
  return { key: parse(await dataDirSecret(config.DATA_DIR, 'backup-key'), 'BACKUP_KEY_FILE'), source: file }
}
