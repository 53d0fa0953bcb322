import { Hono } from 'hono'
import { jsonBody } from '../../_shared/app.ts'
import { requestMeta } from '../../_shared/request-meta.ts'
import { requireSession, type AuthedEnv } from '../../_shared/session.ts'
import { ZEmpty, ZId, ZResetFactorsBody, ZSettingsBody } from '../schemas.ts'
import { listAccounts } from '../service/list-accounts.ts'
import { listSecurityEvents } from '../service/list-security-events.ts'
import { resetFactors } from '../service/reset-factors.ts'
import { setAccountDisabled } from '../service/set-account-disabled.ts'
import { getSettings, updateSettings } from '../service/update-settings.ts'

const id = (raw: string) => ZId.parse({ id: raw }).id

/** Staff views of accounts (what each sees is decided by the policies), own security events, settings. */
export const accountRoutes = new Hono<AuthedEnv>()
  .use('/accounts/*', requireSession())
  .use('/accounts', requireSession())
  .use('/security-events', requireSession())
  .use('/settings', requireSession())
  .get('/accounts', async (c) => c.json({ accounts: await listAccounts(c.get('rt').db, c.get('session')) }))
  .post('/accounts/:id/disable', async (c) => {
    await jsonBody(c, ZEmpty)
    return c.json(await setAccountDisabled(c.get('rt'), c.get('session'), id(c.req.param('id')), true, requestMeta(c)))
  })
  .post('/accounts/:id/enable', async (c) => {
    await jsonBody(c, ZEmpty)
    return c.json(await setAccountDisabled(c.get('rt'), c.get('session'), id(c.req.param('id')), false, requestMeta(c)))
  })
  .post('/accounts/:id/reset-factors', async (c) => {
    const { reason } = await jsonBody(c, ZResetFactorsBody)
    return c.json(await resetFactors(c.get('rt'), c.get('session'), id(c.req.param('id')), reason, requestMeta(c)))
  })
  .get('/security-events', async (c) => c.json({ events: await listSecurityEvents(c.get('rt').db, c.get('session')) }))
  .get('/settings', async (c) => c.json(await getSettings(c.get('rt'), c.get('session'))))
  .patch('/settings', async (c) => {
    const body = await jsonBody(c, ZSettingsBody)
    return c.json(await updateSettings(c.get('rt'), c.get('session'), body, requestMeta(c)))
  })
