import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { boot, bootFailure, EXIT } from '../../functions/_server/boot.ts'
import { DataDirInUseError, startEmbeddedPostgres } from '../../functions/_shared/embedded-postgres.ts'
import { configureLog } from '../../functions/_shared/log.ts'

configureLog({ level: 'silent' })
const dirs: string[] = []
const tempDir = async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'portal-boot-'))
  dirs.push(dir)
  return dir
}
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true })
})

const failureOf = async (env: Record<string, string>) => {
  try {
    await boot({ LOG_LEVEL: 'silent', ...env })
  } catch (err) {
    return bootFailure(err)
  }
  throw new Error('boot() unexpectedly succeeded')
}

describe('starting the portal', () => {
  it('stops with exit code 2 and names the variable for a bad configuration', async () => {
    const failure = await failureOf({ PORT: 'zwölf' })
    expect(failure.exitCode).toBe(EXIT.config)
    expect(failure.message).toContain('PORT')
  })

  it('stops with exit code 3 and a clear message when the database is down', async () => {
    const down = 'postgres://portal_owner:secret-password@127.0.0.1:9/portal'
    const failure = await failureOf({ DATABASE_URL: down, DATABASE_OWNER_URL: down, SESSION_PEPPER: 'p'.repeat(40), FILE_MASTER_KEY: 'ab'.repeat(32) })
    expect(failure.exitCode).toBe(EXIT.database)
    expect(failure.message).toMatch(/database is not reachable/)
    expect(failure.message).not.toContain('secret-password')
  })

  it('requires the secrets to be configured with an external database', async () => {
    const url = 'postgres://a:b@127.0.0.1:9/x'
    const failure = await failureOf({ DATABASE_URL: url, DATABASE_OWNER_URL: url })
    expect(failure).toMatchObject({ exitCode: EXIT.config, fields: { variable: 'SESSION_PEPPER' } })
  })

  // Real PostgreSQL work: initdb and a start, a stop, a second start and stop — about 4 s on an
  // idle machine, well beyond vitest's 5 s default under a loaded CI runner (the unit project has
  // no timeout of its own). 120 s as for a cluster start in the database projects; a hang still
  // fails, and the refusal itself must come from the lock at once, not after a wait.
  it('refuses a second portal on the same data directory and generates secrets with mode 0600', { timeout: 120_000 }, async () => {
    const dataDir = await tempDir()
    const first = await startEmbeddedPostgres(dataDir)
    try {
      const started = performance.now()
      await expect(startEmbeddedPostgres(dataDir)).rejects.toBeInstanceOf(DataDirInUseError)
      expect(performance.now() - started, 'the second start waited instead of refusing at the lock').toBeLessThan(10_000)
      const mode = (await stat(path.join(dataDir, 'secrets', 'db-app-password'))).mode & 0o777
      expect(mode).toBe(0o600)
    } finally {
      await first.stop()
    }
    // After a clean stop the directory is free again.
    const again = await startEmbeddedPostgres(dataDir)
    await again.stop()
  })
})
