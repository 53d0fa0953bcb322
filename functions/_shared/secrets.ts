import { randomBytes } from 'node:crypto'
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Config } from './config.ts'
import { ConfigError } from './config.ts'
import { log } from './log.ts'

/** The secrets the portal needs; none of them is ever logged. */
export type Secrets = {
  sessionPepper: Buffer
  fileMasterKey: Buffer
}

async function readOrCreate(file: string, create: () => string): Promise<{ value: string; created: boolean }> {
  try {
    return { value: (await readFile(file, 'utf8')).trim(), created: false }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 })
    const value = create()
    // 'wx' fails if another process created the file meanwhile: no silent overwrite of a key.
    await writeFile(file, value + '\n', { mode: 0o600, flag: 'wx' })
    await chmod(file, 0o600)
    return { value, created: true }
  }
}

/** Reads (or on first start generates) a secret in DATA_DIR/secrets with mode 0600. */
export async function dataDirSecret(dataDir: string, name: string, bytes = 32): Promise<string> {
  const file = path.join(path.resolve(dataDir), 'secrets', name)
  const { value, created } = await readOrCreate(file, () => randomBytes(bytes).toString('hex'))
  if (created) log.info('secret generated', { file })
  return value
}

async function fromEnvOrFile(value: string | undefined, file: string | undefined, variable: string) {
  if (value) return value
  if (file) {
    try {
      return (await readFile(file, 'utf8')).trim()
    } catch {
      throw new ConfigError(`${variable}_FILE`, `cannot read ${file}`)
    }
  }
  return undefined
}

/**
 * Loads the secrets from the environment or key files. With the embedded database, missing
 * secrets are generated into the data directory; with an external one they must be configured,
 * so that several instances share them.
 */
export async function loadSecrets(config: Config, embedded: boolean): Promise<Secrets> {
  let pepper = await fromEnvOrFile(config.SESSION_PEPPER, config.SESSION_PEPPER_FILE, 'SESSION_PEPPER')
  let master = await fromEnvOrFile(config.FILE_MASTER_KEY, config.FILE_MASTER_KEY_FILE, 'FILE_MASTER_KEY')
  if (!pepper) {
    if (!embedded) throw new ConfigError('SESSION_PEPPER', 'required with an external database (or SESSION_PEPPER_FILE)')
    pepper = await dataDirSecret(config.DATA_DIR, 'session-pepper')
  }
  if (!master) {
    if (!embedded) throw new ConfigError('FILE_MASTER_KEY', 'required with an external database (or FILE_MASTER_KEY_FILE)')
    master = await dataDirSecret(config.DATA_DIR, 'file-master-key')
  }
  if (!/^[0-9a-f]{64}$/.test(master)) throw new ConfigError('FILE_MASTER_KEY', 'expected 64 hex characters')
  return { sessionPepper: Buffer.from(pepper, 'utf8'), fileMasterKey: Buffer.from(master, 'hex') }
}
