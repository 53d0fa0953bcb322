import { Hono } from 'hono'
import { z } from 'zod'
import { jsonBody } from '../../_shared/app.ts'
import { requestMeta } from '../../_shared/request-meta.ts'
import { requireSession, type AuthedEnv } from '../../_shared/session.ts'
import { ZClientQuery, ZCreateShareBody, ZCreateUploadLinkBody, ZEmpty, ZListQuery, ZPolicyPatch } from '../schemas.ts'
import { createShare } from '../service/create-share.ts'
import { getShare, listShares } from '../service/list-shares.ts'
import { revokeShare } from '../service/revoke-share.ts'
import { createUploadLink } from '../service/upload-links.ts'
import { getSharePolicy, getShareSettings, updateSharePolicy } from '../service/share-policy.ts'
import { logoResponse, readFirmLogo, removeFirmLogo, setFirmLogo } from '../service/firm-logo.ts'

const shareId = (value: string) => z.uuid().parse(value)

/** Signed-in routes: the share policy and the firm's logo, creating, listing and revoking links. */
export const manageRoutes = new Hono<AuthedEnv>()
  .use('*', requireSession())
  .get('/policy', async (c) => c.json(await getSharePolicy(c.get('rt').db, c.get('session'), ZClientQuery.parse(c.req.query()).clientId)))
  .patch('/policy', async (c) => c.json(await updateSharePolicy(c.get('rt').db, c.get('session'), await jsonBody(c, ZPolicyPatch))))
  // The admin screen: the firm's share rules and the logo of the guest page.
  .get('/settings', async (c) => c.json(await getShareSettings(c.get('rt').db, c.get('session'))))
  .get('/logo', async (c) => logoResponse(await readFirmLogo(c.get('rt').db, c.get('session').claims)))
  .put('/logo', async (c) => c.json(await setFirmLogo(c.get('rt').db, c.get('session'), c.req.raw.body, requestMeta(c))))
  .delete('/logo', async (c) => c.json(await removeFirmLogo(c.get('rt').db, c.get('session'), requestMeta(c))))
  .post('/', async (c) => c.json(await createShare(c.get('rt').db, c.get('session'), await jsonBody(c, ZCreateShareBody), requestMeta(c)), 201))
  .post('/upload-links', async (c) => c.json(await createUploadLink(c.get('rt').db, c.get('session'), await jsonBody(c, ZCreateUploadLinkBody), requestMeta(c)), 201))
  .get('/', async (c) => c.json(await listShares(c.get('rt').db, c.get('session'), ZListQuery.parse(c.req.query()).clientId)))
  .get('/:id', async (c) => c.json(await getShare(c.get('rt').db, c.get('session'), shareId(c.req.param('id')))))
  .post('/:id/revoke', async (c) => {
    await jsonBody(c, ZEmpty)
    return c.json(await revokeShare(c.get('rt').db, c.get('session'), shareId(c.req.param('id')), requestMeta(c)))
  })
