import { Hono } from 'hono'
import { requireSession, type AuthedEnv } from '../../_shared/session.ts'
import { getCurrentAccount } from '../service/get-current-account.ts'

/** The current session: who is signed in and at which assurance level (also after the deadline). */
export const sessionRoutes = new Hono<AuthedEnv>().get('/', requireSession({ allowWithoutFactor: true }), (c) =>
  c.json({ account: getCurrentAccount(c.get('session'), c.get('rt').now()) }),
)
