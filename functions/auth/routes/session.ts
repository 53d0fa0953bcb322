import { Hono } from 'hono'
import { requireSession, type AuthedEnv } from '../../_shared/session.ts'
import { getCurrentAccount } from '../service/get-current-account.ts'

/** The current session: who is signed in and at which assurance level. */
export const sessionRoutes = new Hono<AuthedEnv>()
  .get('/', requireSession(), async (c) => c.json({ account: await getCurrentAccount(c.get('rt').db, c.get('session')) }))
