import { Hono } from 'hono'
import { jsonBody } from '../../_shared/app.ts'
import { requestMeta } from '../../_shared/request-meta.ts'
import { clearAuthCookie, requireSession, type AuthedEnv } from '../../_shared/session.ts'
import { ZEmpty, ZId } from '../schemas.ts'
import { endSessions } from '../service/end-sessions.ts'
import { listSessions } from '../service/list-sessions.ts'
import { signOut } from '../service/sign-out.ts'

/** The account's sessions: list, end one, end all others, sign out (also after the grace period). */
export const sessionsRoutes = new Hono<AuthedEnv>()
  .get('/', requireSession(), async (c) => c.json({ sessions: await listSessions(c.get('rt').db, c.get('session'), c.get('rt').now()) }))
  .post('/end-others', requireSession(), async (c) => {
    await jsonBody(c, ZEmpty)
    return c.json(await endSessions(c.get('rt').db, c.get('session'), 'others', requestMeta(c), c.get('rt').now()))
  })
  .delete('/:id', requireSession(), async (c) => {
    const { id } = ZId.parse({ id: c.req.param('id') })
    return c.json(await endSessions(c.get('rt').db, c.get('session'), id, requestMeta(c), c.get('rt').now()))
  })

export const signOutRoutes = new Hono<AuthedEnv>().post('/', requireSession({ allowWithoutFactor: true }), async (c) => {
  await signOut(c.get('rt').db, c.get('session'), requestMeta(c), c.get('rt').now())
  clearAuthCookie(c, 'session')
  return c.json({ signedOut: true })
})
