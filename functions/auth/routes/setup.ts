import { Hono } from 'hono'
import { jsonBody, type AppEnv } from '../../_shared/app.ts'
import { requestMeta } from '../../_shared/request-meta.ts'
import { ZSetupBody } from '../schemas.ts'
import { createFirstAdmin } from '../service/create-first-admin.ts'
import { getSetupState } from '../service/get-setup-state.ts'

/** The first-run page's API: usable only while no staff account exists. */
export const setupRoutes = new Hono<AppEnv>()
  .get('/', async (c) => c.json(await getSetupState(c.get('rt').db)))
  .post('/', async (c) => {
    const body = await jsonBody(c, ZSetupBody)
    const account = await createFirstAdmin(c.get('rt'), body, requestMeta(c))
    return c.json({ account }, 201)
  })
