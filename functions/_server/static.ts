import type { Context } from 'hono'
import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { WEB_DIST } from '../_shared/paths.ts'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
}

async function fileResponse(file: string, cacheControl: string): Promise<Response | undefined> {
  try {
    const info = await stat(file)
    if (!info.isFile()) return undefined
    const body = await readFile(file)
    return new Response(body, {
      headers: { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'Cache-Control': cacheControl },
    })
  } catch {
    return undefined
  }
}

/**
 * Serves the built web app from web/dist: hashed assets cached for a year, everything else
 * revalidated, and index.html for any other GET path (client-side routing).
 */
export async function serveWeb(c: Context): Promise<Response | undefined> {
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return undefined
  const decoded = decodeURIComponent(c.req.path)
  const file = path.resolve(WEB_DIST, '.' + path.posix.normalize('/' + decoded))
  if (!file.startsWith(WEB_DIST + path.sep) && file !== WEB_DIST) return undefined
  const immutable = decoded.startsWith('/assets/')
  const direct = await fileResponse(file, immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
  if (direct) return direct
  if (path.extname(decoded)) return undefined
  return fileResponse(path.join(WEB_DIST, 'index.html'), 'no-cache')
}
