import { createHash } from 'node:crypto'
import { fileTypeFromBuffer } from 'file-type'
import { audit, type RequestMeta } from '../../_shared/audit.ts'
import type { Claims, Db } from '../../_shared/db.ts'
import { AppError } from '../../_shared/errors.ts'
import type { SessionInfo } from '../../_shared/session.ts'

/** The largest logo (the same number as the check in migration 20261127165000_firm_logo.sql). */
export const LOGO_MAX_BYTES = 512 * 1024
/** Raster images only, decided by the magic bytes: never SVG (it can carry script). */
const LOGO_TYPES = new Set(['image/png', 'image/jpeg', 'image/webp'])

const notFound = () => new AppError('not_found', { status: 404, message: 'Not found.' })

/** Reads a body of at most max bytes; a longer one is payload_too_large (read no further). */
async function readCapped(body: ReadableStream<Uint8Array> | null, max: number): Promise<Buffer> {
  if (!body) return Buffer.alloc(0)
  const parts: Buffer[] = []
  let length = 0
  const reader = body.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    length += value.byteLength
    if (length > max) {
      await reader.cancel().catch(() => undefined)
      throw new AppError('payload_too_large', { status: 413, message: `The logo exceeds ${max} bytes.`, data: { limit: max } })
    }
    parts.push(Buffer.from(value))
  }
  return Buffer.concat(parts, length)
}

/**
 * Sets the firm's logo (admins; anyone else gets not_found before the body is read). The body is
 * the image; its magic bytes must say PNG, JPEG or WebP (logo_type_not_allowed), at most 512 KiB
 * (payload_too_large). The policies decide who may write the row; the change is audited.
 */
export async function setFirmLogo(db: Db, session: SessionInfo, body: ReadableStream<Uint8Array> | null, meta: RequestMeta) {
  const [admin] = await db.asUser(session.claims, (tx) => tx`select private.is_admin() as yes`)
  if (!admin?.yes) throw notFound()
  const bytes = await readCapped(body, LOGO_MAX_BYTES)
  const type = bytes.length ? await fileTypeFromBuffer(bytes) : undefined
  if (!type || !LOGO_TYPES.has(type.mime))
    throw new AppError('logo_type_not_allowed', { status: 415, message: 'The logo must be a PNG, JPEG or WebP image.' })
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  return db.asUser(session.claims, async (tx) => {
    const [row] = await tx`
      insert into public.firm_logo (id, media_type, bytes, sha256, updated_by, updated_at)
      values (1, ${type.mime}, ${bytes}, ${sha256}, ${session.accountId}, now())
      on conflict (id) do update set media_type = excluded.media_type, bytes = excluded.bytes, sha256 = excluded.sha256,
                                     updated_by = excluded.updated_by, updated_at = excluded.updated_at
      returning updated_at`
    await audit(tx, { actorId: session.accountId, clientId: null, action: 'firm.logo_set', objectType: 'firm', objectId: 'logo', detail: { mediaType: type.mime, size: bytes.length, sha256 } }, meta)
    return { mediaType: type.mime, size: bytes.length, updatedAt: (row!.updated_at as Date).toISOString() }
  })
}

/** Removes the firm's logo (admins; anyone else: not_found). */
export async function removeFirmLogo(db: Db, session: SessionInfo, meta: RequestMeta) {
  return db.asUser(session.claims, async (tx) => {
    const [admin] = await tx`select private.is_admin() as yes`
    if (!admin?.yes) throw notFound()
    await tx`delete from public.firm_logo where id = 1`
    await audit(tx, { actorId: session.accountId, clientId: null, action: 'firm.logo_removed', objectType: 'firm', objectId: 'logo' }, meta)
    return { removed: true as const }
  })
}

/**
 * The logo as the caller may see it (signed-in people; a guest while its link is valid — the
 * policies decide), or not_found when there is none or the caller may not see it.
 */
export async function readFirmLogo(db: Db, claims: Claims) {
  const [row] = await db.asUser(claims, (tx) => tx`select media_type, bytes, sha256 from public.firm_logo where id = 1`)
  if (!row) throw notFound()
  return { mediaType: row.media_type as string, bytes: row.bytes as Buffer, sha256: row.sha256 as string }
}

/** The response of a logo: the stored type, inline, no script, no sniffing, no caching beyond the session. */
export function logoResponse(logo: { mediaType: string; bytes: Buffer; sha256: string }): Response {
  return new Response(new Uint8Array(logo.bytes), {
    status: 200,
    headers: {
      'Content-Type': logo.mediaType,
      'Content-Length': String(logo.bytes.length),
      'Content-Disposition': 'inline; filename="logo"',
      'Content-Security-Policy': "sandbox; default-src 'none'",
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, no-store',
      ETag: `"${logo.sha256}"`,
    },
  })
}
