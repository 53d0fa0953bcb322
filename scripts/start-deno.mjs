// npm run start:deno — the portal under Deno 2 (the binary from the `deno` npm package), against
// the external PostgreSQL in DATABASE_URL / DATABASE_OWNER_URL. Forwards the environment, SIGINT
// and SIGTERM, and ends with Deno's exit code.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/**
 * The native deno binary. node_modules/.bin/deno is a Node wrapper (bin.cjs, spawnSync) until the
 * package's postinstall replaced it, and that wrapper would not pass signals on; the package's own
 * resolver finds (and links) the binary of the platform package without the postinstall.
 */
function denoBinary() {
  try {
    return createRequire(path.join(root, 'package.json'))('deno/install_api.cjs').runInstall()
  } catch (err) {
    const fallback = path.join(root, 'node_modules', '.bin', 'deno')
    if (existsSync(fallback)) return fallback
    console.error(`The deno binary is missing (${err instanceof Error ? err.message : err}). Run \`npm ci\` first.`)
    process.exit(1)
  }
}
const deno = denoBinary()

const child = spawn(
  deno,
  ['run', '-A', '--config', path.join(root, 'deno.json'), path.join(root, 'functions', '_server', 'deno.ts'), ...process.argv.slice(2)],
  { cwd: root, env: { ...process.env, DENO_NO_UPDATE_CHECK: '1' }, stdio: 'inherit' },
)

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal)
  })
}

child.on('error', (err) => {
  console.error(`Could not start deno: ${err.message}`)
  process.exit(1)
})

child.on('exit', (code, signal) => {
  if (signal) {
    // Re-raise, so our parent sees the same cause of death.
    process.removeAllListeners(signal)
    process.kill(process.pid, signal)
    return
  }
  process.exit(code ?? 1)
})
