import { Hono } from 'hono'
import { jsonBody } from '../../_shared/app.ts'
import { requestMeta } from '../../_shared/request-meta.ts'
import { requireSession, setAuthCookie, type AuthedEnv } from '../../_shared/session.ts'
import { ZInviteBody, ZSetPasswordBody, ZTokenBody } from '../schemas.ts'
import { inviteAccount } from '../service/invite-account.ts'
import { acceptInvitation, inspectInvitation } from '../service/redeem-invitation.ts'

/** Invitations: staff invite; the invited person looks at the invitation and sets a password. */
export const invitationRoutes = new Hono<AuthedEnv>()
  .post('/', requireSession(), async (c) => {
    const body = await jsonBody(c, ZInviteBody)
    return c.json(await inviteAccount(c.get('rt'), c.get('session'), body, requestMeta(c)), 201)
  })
  .post('/inspect', async (c) => {
    const { token } = await jsonBody(c, ZTokenBody)
    return c.json(await inspectInvitation(c.get('rt'), token))
  })
  .post('/accept', async (c) => {
    const { token, password } = await jsonBody(c, ZSetPasswordBody)
    const session = await acceptInvitation(c.get('rt'), token, password, requestMeta(c))
    setAuthCookie(c, 'session', session.token, c.get('rt').config.SESSION_ABSOLUTE_HOURS * 3600)
    return c.json({ next: 'done', aal: 'aal1' })
  })
