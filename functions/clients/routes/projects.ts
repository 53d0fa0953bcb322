import { Hono } from 'hono'
import { jsonBody } from '../../_shared/app.ts'
import { requestMeta } from '../../_shared/request-meta.ts'
import { requireSession, type AuthedEnv } from '../../_shared/session.ts'
import { ZAddParticipantBody, ZCreateProjectBody, ZEmpty, ZUpdateProjectBody, uuidParam } from '../schemas.ts'
import { addParticipant, removeParticipant } from '../service/participants.ts'
import { createProject, getProject, listProjects, updateProject } from '../service/projects.ts'

/** Projects (Mandate) and their participants. */
export const projectRoutes = new Hono<AuthedEnv>()
  .use('*', requireSession())
  .get('/', async (c) => {
    const clientId = c.req.query('clientId')
    return c.json({ projects: await listProjects(c.get('rt').db, c.get('session'), clientId ? uuidParam(clientId) : undefined) })
  })
  .post('/', async (c) => {
    const clientId = uuidParam(c.req.query('clientId') ?? '')
    return c.json(await createProject(c.get('rt').db, c.get('session'), clientId, await jsonBody(c, ZCreateProjectBody), requestMeta(c)), 201)
  })
  .get('/:projectId', async (c) => c.json(await getProject(c.get('rt').db, c.get('session'), uuidParam(c.req.param('projectId')))))
  .patch('/:projectId', async (c) =>
    c.json(await updateProject(c.get('rt').db, c.get('session'), uuidParam(c.req.param('projectId')), await jsonBody(c, ZUpdateProjectBody), requestMeta(c))),
  )
  .post('/:projectId/participants', async (c) =>
    c.json(await addParticipant(c.get('rt').db, c.get('session'), uuidParam(c.req.param('projectId')), await jsonBody(c, ZAddParticipantBody), requestMeta(c)), 201),
  )
  .post('/:projectId/participants/:accountId/remove', async (c) => {
    await jsonBody(c, ZEmpty)
    const ids = [uuidParam(c.req.param('projectId')), uuidParam(c.req.param('accountId'))] as const
    return c.json(await removeParticipant(c.get('rt').db, c.get('session'), ids[0], ids[1], requestMeta(c), c.get('rt').now()))
  })
