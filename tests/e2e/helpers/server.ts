import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO_ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
)

let webRebuilt = false

export type PortalServer = {
  /** e.g. http://127.0.0.1:43123 — every request of the page must start with it. */
  origin: string
  dataDir: string
  /** What the server printed so far (for failure messages). */
  output(): string
  /** SIGTERM, wait for the exit (SIGKILL after 30 s), remove the data directory. */
  stop(): Promise<void>
}

/** A port that was free a moment ago (the kernel picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.unref()
    probe.on('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      )
    })
  })
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => child.once('exit', () => resolve()))
}

/**
 * Starts the real portal (`npm start`'s entry) on a free port with a fresh temporary DATA_DIR
 * and waits until /functions/v1/health answers 200. The first start builds the web app and
 * creates a PostgreSQL cluster, hence the generous timeout. Throws with the server's output when
 * it exits early or never becomes healthy.
 */
export async function startPortal(
  options: { env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<PortalServer> {
  // vitest sets NODE_ENV=test, under which Vite makes a development build (Solid's dev runtime, no
  // service worker). The server gets NODE_ENV=production, and the first start of a run rebuilds
  // web/dist so the tests see the current sources as users get them.
  if (!webRebuilt) {
    await rm(path.join(REPO_ROOT, 'web', 'dist', '.build-stamp'), { force: true })
    webRebuilt = true
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), 'portal-e2e-'))
  const port = await freePort()
  const origin = `http://127.0.0.1:${port}`
  let log = ''
  const child = spawn(process.execPath, ['--import', 'tsx', 'functions/_server/main.ts'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()))

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
      await exited(child)
      clearTimeout(timer)
    }
    await rm(dataDir, { recursive: true, force: true })
  }

  const deadline = Date.now() + (options.timeoutMs ?? 90_000)
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await stop()
      throw new Error(`The portal exited during start (code ${child.exitCode}):\n${log}`)
    }
    try {
      const response = await fetch(`${origin}/functions/v1/health`, {
        signal: AbortSignal.timeout(2_000),
      })
      if (response.status === 200) return { origin, dataDir, output: () => log, stop }
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  await stop()
  throw new Error(
    `The portal did not become healthy within ${options.timeoutMs ?? 90_000} ms:\n${log}`,
  )
}
