import { Hono } from 'hono'
import { z } from 'zod'
import { jsonBody } from '../../_shared/app.ts'
import { AppError } from '../../_shared/errors.ts'
import { requestMeta } from '../../_shared/request-meta.ts'
import type { AuthedEnv } from '../../_shared/session.ts'
import { ZAvailabilityBody, ZEmpty, ZExceptionBody, ZSlotsQuery, ZStaffQuery, ZTypeBody, ZWeekQuery } from '../schemas.ts'
import { addException, getAvailability, listStaff, removeException, setAvailability } from '../service/availability.ts'
import { listFreeSlots } from '../service/check-slot.ts'
import { createFeed, feedStatus, revokeFeed } from '../service/feed.ts'
import { weekCalendar } from '../service/list-appointments.ts'
import { createType, deleteType, listTypes, updateType } from '../service/types.ts'

const uuid = (value: string) => z.uuid().parse(value)
const staffOnly = (kind: string) => {
  if (kind !== 'staff') throw new AppError('not_found', { status: 404, message: 'Not found.' })
}

/** Types, free slots, availability, the week calendar and the staff member's feed. */
export const manageRoutes = new Hono<AuthedEnv>()
  .get('/types', async (c) => c.json(await listTypes(c.get('rt').db, c.get('session'))))
  .post('/types', async (c) => c.json(await createType(c.get('rt').db, c.get('session'), await jsonBody(c, ZTypeBody), requestMeta(c)), 201))
  .put('/types/:id', async (c) => c.json(await updateType(c.get('rt').db, c.get('session'), uuid(c.req.param('id')), await jsonBody(c, ZTypeBody), requestMeta(c))))
  .delete('/types/:id', async (c) => c.json(await deleteType(c.get('rt').db, c.get('session'), uuid(c.req.param('id')), requestMeta(c))))
  .get('/types/:id/slots', async (c) => {
    const q = ZSlotsQuery.parse(c.req.query())
    const rt = c.get('rt')
    const slots = await rt.db.asUser(c.get('session').claims, (tx) => listFreeSlots(tx, uuid(c.req.param('id')), q.from, q.to, rt.now(), q.firm === 'true'))
    return c.json({ slots })
  })
  .get('/staff', async (c) => c.json(await listStaff(c.get('rt').db, c.get('session'))))
  .get('/availability', async (c) => {
    staffOnly(c.get('session').account.kind)
    const staffId = ZStaffQuery.parse(c.req.query()).staffId ?? c.get('session').accountId
    return c.json(await getAvailability(c.get('rt').db, c.get('session'), staffId))
  })
  .put('/availability', async (c) => c.json(await setAvailability(c.get('rt').db, c.get('session'), await jsonBody(c, ZAvailabilityBody), requestMeta(c))))
  .post('/exceptions', async (c) => c.json(await addException(c.get('rt').db, c.get('session'), await jsonBody(c, ZExceptionBody), requestMeta(c)), 201))
  .delete('/exceptions/:id', async (c) => c.json(await removeException(c.get('rt').db, c.get('session'), uuid(c.req.param('id')), requestMeta(c))))
  .get('/calendar', async (c) => {
    staffOnly(c.get('session').account.kind)
    const q = ZWeekQuery.parse(c.req.query())
    const rt = c.get('rt')
    return c.json(await weekCalendar(rt.db, c.get('session'), q.staffId ?? c.get('session').accountId, q.from, rt.now()))
  })
  .get('/feed', async (c) => c.json(await feedStatus(c.get('rt').db, c.get('session'))))
  .post('/feed', async (c) => {
    const body = await jsonBody(c, z.object({ withNames: z.boolean().optional() }).strict())
    return c.json(await createFeed(c.get('rt').db, c.get('session'), requestMeta(c), body.withNames ?? false), 201)
  })
  .delete('/feed', async (c) => c.json(await revokeFeed(c.get('rt').db, c.get('session'), requestMeta(c))))
