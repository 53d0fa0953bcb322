import { Hono, type MiddlewareHandler } from 'hono'
import { z } from 'zod'
import { jsonBody, type AppEnv } from '../../_shared/app.ts'
import { requestMeta } from '../../_shared/request-meta.ts'
import { toWebStream, uploadBody } from '../../_shared/upload/body.ts'
import { contentDisposition } from '../../_shared/upload/filename.ts'
import { GUEST_NOT_FOUND, clearGuestCookie, setGuestCookie } from '../lib/guest-cookie.ts'
import { ZFileQuery, ZGuestUploadQuery, ZIdentifyBody, ZOpenBody, ZVerifyBody } from '../schemas.ts'
import { logoResponse, readFirmLogo } from '../service/firm-logo.ts'
import { openGuestFile, viewShare, zipGuestGroup } from '../service/guest-files.ts'
import { resolveGuestSession, type GuestSession } from '../service/guest-session.ts'
import { openShare } from '../service/open-share.ts'
import { verifyShareCode } from '../service/verify-share-code.ts'
import { identifyGuest, receiveGuestUpload } from '../service/upload-links.ts'
import { createGuestUploadRoutes } from '../tus/routes.ts'

type GuestEnv = AppEnv & { Variables: { guest: GuestSession } }

/** Every 404 of the guest routes carries the same bytes (the request id stays in the header). */
const identicalNotFound: MiddlewareHandler<GuestEnv> = async (c, next) => {
  await next()
  if (c.res.status !== 404) return
  c.res = new Response(GUEST_NOT_FOUND, { status: 404, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } })
  // Hono carries the replaced response's headers over: its length (e.g. tus's envelope) is not ours.
  c.res.headers.delete('content-length')
}

/** A guest session (confirmed, unless pending is allowed); else the identical 404. */
const requireGuest = (pending = false): MiddlewareHandler<GuestEnv> => async (c, next) => {
  const guest = await resolveGuestSession(c)
  if (!guest || guest.verified === pending) return c.body(GUEST_NOT_FOUND, 404)
  c.set('guest', guest)
  return next()
}

const FILE_CSP = "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'"
const INLINE = /^(application\/pdf|image\/(png|jpeg|gif|webp))$/

/** Guest routes: redeem a link, confirm the e-mail code, view, download (no account). */
export const guestRoutes = new Hono<GuestEnv>()
  .use('*', identicalNotFound)
  .post('/open', async (c) => {
    const result = await openShare(c.get('rt'), await jsonBody(c, ZOpenBody), requestMeta(c))
    if (result.step === 'password') return c.json({ step: 'password' as const })
    setGuestCookie(c, result.cookie.token, result.cookie.maxAgeSeconds)
    return c.json(result.step === 'open' ? { step: 'open' as const } : { step: 'email_code' as const, emailHint: result.emailHint })
  })
  .post('/verify', requireGuest(true), async (c) => {
    const { code } = await jsonBody(c, ZVerifyBody)
    return c.json(await verifyShareCode(c.get('rt'), c.get('guest').sessionId, code, requestMeta(c)))
  })
  .post('/close', async (c) => {
    clearGuestCookie(c)
    return c.json({ closed: true })
  })
  .get('/view', requireGuest(), async (c) => c.json(await viewShare(c.get('rt'), c.get('guest'))))
  // The firm's logo for the guest page, while the link is valid (the policies decide).
  .get('/logo', requireGuest(), async (c) => logoResponse(await readFirmLogo(c.get('rt').db, c.get('guest').claims)))
  // Upload links: the guest gives name and e-mail, then uploads resumably (tus, the web app) or
  // as one raw body (POST /uploads?filename=, for scripts and as a fallback).
  .route('/tus', createGuestUploadRoutes(requireGuest()))
  .post('/identify', requireGuest(), async (c) => c.json(await identifyGuest(c.get('rt'), c.get('guest'), await jsonBody(c, ZIdentifyBody))))
  .post('/uploads', requireGuest(), async (c) => {
    const { filename } = ZGuestUploadQuery.parse(c.req.query())
    return c.json(await receiveGuestUpload(c.get('rt'), c.get('guest'), filename, uploadBody(c), requestMeta(c)), 201)
  })
  .get('/zip', requireGuest(), async (c) => {
    const zip = await zipGuestGroup(c.get('rt'), c.get('guest'), requestMeta(c))
    c.header('Content-Type', 'application/zip')
    c.header('Content-Disposition', contentDisposition(`${zip.title}.zip`))
    c.header('Content-Security-Policy', FILE_CSP)
    c.header('Cache-Control', 'private, no-store')
    return c.body(toWebStream(zip.stream))
  })
  .get('/files/:documentId', requireGuest(), async (c) => {
    const id = z.uuid().safeParse(c.req.param('documentId'))
    if (!id.success) return c.body(GUEST_NOT_FOUND, 404)
    const q = ZFileQuery.parse(c.req.query())
    const file = await openGuestFile(c.get('rt'), c.get('guest'), id.data, requestMeta(c))
    const inline = (q.inline === '1' || q.inline === 'true') && INLINE.test(file.mediaType)
    c.header('Content-Security-Policy', FILE_CSP)
    c.header('Content-Disposition', contentDisposition(file.filename, inline ? 'inline' : 'attachment'))
    c.header('Content-Type', file.mediaType)
    c.header('Content-Length', String(file.size))
    c.header('Cache-Control', 'private, no-store')
    return c.body(toWebStream(file.stream))
  })
