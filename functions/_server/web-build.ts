import { existsSync } from 'node:fs'
import { readdir, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { log } from '../_shared/log.ts'
import { WEB_DIR, WEB_DIST } from '../_shared/paths.ts'

const STAMP = path.join(WEB_DIST, '.build-stamp')
const SOURCES = ['src', 'public', 'index.html', 'vite.config.ts', '../functions/_shared/password-rules.ts', '../functions/_shared/password-basics.ts']

async function newestMtime(target: string): Promise<number> {
  if (!existsSync(target)) return 0
  const info = await stat(target)
  if (!info.isDirectory()) return info.mtimeMs
  let newest = info.mtimeMs
  for (const entry of await readdir(target)) newest = Math.max(newest, await newestMtime(path.join(target, entry)))
  return newest
}

/** True when web/dist is missing or older than any source of the web app. */
export async function webBuildIsStale(): Promise<boolean> {
  if (!existsSync(STAMP)) return true
  const built = (await stat(STAMP)).mtimeMs
  const sources = await Promise.all(SOURCES.map((s) => newestMtime(path.join(WEB_DIR, s))))
  return Math.max(...sources) > built
}

/** Builds the web app with Vite when its build is missing or stale (npm start does this). */
export async function ensureWebBuild(): Promise<void> {
  if (!(await webBuildIsStale())) return
  log.info('building the web app', { dir: WEB_DIST })
  const { build } = await import('vite')
  // Always a production build, also when started from a test runner (vitest sets NODE_ENV=test,
  // which would give Solid's dev runtime and no service worker).
  const previous = process.env.NODE_ENV
  process.env.NODE_ENV = 'production'
  try {
    await build({ configFile: path.join(WEB_DIR, 'vite.config.ts'), logLevel: 'warn', mode: 'production' })
  } finally {
    if (previous === undefined) delete process.env.NODE_ENV
    else process.env.NODE_ENV = previous
  }
  await writeFile(STAMP, new Date().toISOString())
  log.info('web app built')
}
