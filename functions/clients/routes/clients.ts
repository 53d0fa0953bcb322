import { Hono } from 'hono'
import { jsonBody } from '../../_shared/app.ts'
import { requestMeta } from '../../_shared/request-meta.ts'
import { requireSession, type AuthedEnv } from '../../_shared/session.ts'
import { ZAssignStaffBody, ZCreateClientBody, ZEmpty, ZInviteMemberBody, ZUpdateClientBody, ZUpdateMemberBody, uuidParam } from '../schemas.ts'
import { changeMember } from '../service/change-member.ts'
import { createClient } from '../service/create-client.ts'
import { getClient } from '../service/get-client.ts'
import { inviteMember } from '../service/invite-member.ts'
import { listClients } from '../service/list-clients.ts'
import { listMembers } from '../service/list-members.ts'
import { assignStaff, updateClient } from '../service/update-client.ts'

/** Clients, their staff and their team. */
export const clientRoutes = new Hono<AuthedEnv>()
  .use('*', requireSession())
  .get('/', async (c) => c.json({ clients: await listClients(c.get('rt').db, c.get('session'), c.req.query('q')?.slice(0, 100)) }))
  .post('/', async (c) => c.json(await createClient(c.get('rt').db, c.get('session'), await jsonBody(c, ZCreateClientBody), requestMeta(c)), 201))
  .get('/:clientId', async (c) => c.json(await getClient(c.get('rt').db, c.get('session'), uuidParam(c.req.param('clientId')))))
  .patch('/:clientId', async (c) =>
    c.json(await updateClient(c.get('rt').db, c.get('session'), uuidParam(c.req.param('clientId')), await jsonBody(c, ZUpdateClientBody), requestMeta(c))),
  )
  .post('/:clientId/staff', async (c) => {
    const { accountId } = await jsonBody(c, ZAssignStaffBody)
    return c.json(await assignStaff(c.get('rt').db, c.get('session'), uuidParam(c.req.param('clientId')), accountId, requestMeta(c)))
  })
  .get('/:clientId/members', async (c) => c.json({ members: await listMembers(c.get('rt').db, c.get('session'), uuidParam(c.req.param('clientId'))) }))
  .post('/:clientId/members', async (c) =>
    c.json(await inviteMember(c.get('rt').db, c.get('session'), uuidParam(c.req.param('clientId')), await jsonBody(c, ZInviteMemberBody), requestMeta(c)), 201),
  )
  .patch('/:clientId/members/:memberId', async (c) => {
    const change = await jsonBody(c, ZUpdateMemberBody)
    const ids = [uuidParam(c.req.param('clientId')), uuidParam(c.req.param('memberId'))] as const
    return c.json(await changeMember(c.get('rt').db, c.get('session'), ids[0], ids[1], change, requestMeta(c), c.get('rt').now()))
  })
  .post('/:clientId/members/:memberId/revoke', async (c) => {
    await jsonBody(c, ZEmpty)
    const ids = [uuidParam(c.req.param('clientId')), uuidParam(c.req.param('memberId'))] as const
    return c.json(await changeMember(c.get('rt').db, c.get('session'), ids[0], ids[1], { revoke: true }, requestMeta(c), c.get('rt').now()))
  })
