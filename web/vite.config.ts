import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig, type Plugin } from 'vite'
import solid from 'vite-plugin-solid'

const root = fileURLToPath(new URL('.', import.meta.url))
const STATIC_SHELL = [
  '/index.html',
  '/manifest.webmanifest',
  '/icons/icon.svg',
  '/icons/icon-192.png',
  '/icons/icon-512.png',
  '/icons/icon-maskable-512.png',
]

/**
 * Writes the app-shell list and a build version into dist/sw.js, so every build gets a fresh cache
 * name and the service worker precaches exactly the files of that build. The password-rules chunk
 * (zxcvbn dictionaries, large, needed once on the first-run page) is fetched only when used.
 */
function serviceWorkerShell(): Plugin {
  let outDir = ''
  return {
    name: 'mandantenportal-service-worker',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir)
    },
    // The list is taken from the finished bundle: chunks that held only CSS imports are dropped
    // late in the build, and a listed file that does not exist would fail the whole install.
    async writeBundle(_options, bundle) {
      const assets = Object.values(bundle)
        .filter(
          (file) => file.type === 'asset' || !file.moduleIds.some((id) => id.includes('zxcvbn')),
        )
        .map((file) => `/${file.fileName}`)
        .filter((name) => name.startsWith('/assets/') && existsSync(path.join(outDir, name)))
        .sort()
      const file = path.join(outDir, 'sw.js')
      const index = await readFile(path.join(outDir, 'index.html'))
      const shell = [...STATIC_SHELL, ...assets]
      const version = createHash('sha256')
        .update(index)
        .update(shell.join('\n'))
        .digest('hex')
        .slice(0, 16)
      const source = (await readFile(file, 'utf8'))
        .replace('__BUILD_VERSION__', version)
        .replace('self.__SHELL__ ||', `${JSON.stringify(shell)} ||`)
      await writeFile(file, source)
    },
  }
}

export default defineConfig({
  root,
  plugins: [solid(), serviceWorkerShell()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // The password rules' dictionaries are one large, lazily loaded chunk by design.
    chunkSizeWarningLimit: 2500,
  },
  server: {
    // The web app imports the shared password rules from functions/_shared.
    fs: { allow: ['..'] },
    proxy: { '/functions': { target: 'http://127.0.0.1:8080', ws: true } },
  },
})
