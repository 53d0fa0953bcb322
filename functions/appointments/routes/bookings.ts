import { Hono } from 'hono'
import { z } from 'zod'
import { jsonBody } from '../../_shared/app.ts'
import { requestMeta } from '../../_shared/request-meta.ts'
import type { AuthedEnv } from '../../_shared/session.ts'
import { ZBookBody, ZDeclineBody, ZEmpty, ZRescheduleBody } from '../schemas.ts'
import { bookAppointment } from '../service/book-appointment.ts'
import { cancelAppointment, confirmAppointment, declineAppointment, rescheduleAppointment } from '../service/change-appointment.ts'
import { getAppointment, listMyAppointments } from '../service/list-appointments.ts'

const uuid = (value: string) => z.uuid().parse(value)

/** Booking, the caller's own appointments, and the changes to one appointment. */
export const bookingRoutes = new Hono<AuthedEnv>()
  .get('/mine', async (c) => c.json(await listMyAppointments(c.get('rt').db, c.get('session'), c.get('rt').now())))
  .post('/', async (c) => c.json(await bookAppointment(c.get('rt').db, c.get('session'), await jsonBody(c, ZBookBody), requestMeta(c), c.get('rt').now()), 201))
  .get('/:id', async (c) => c.json(await getAppointment(c.get('rt').db, c.get('session'), uuid(c.req.param('id')))))
  .post('/:id/reschedule', async (c) =>
    c.json(await rescheduleAppointment(c.get('rt').db, c.get('session'), uuid(c.req.param('id')), await jsonBody(c, ZRescheduleBody), requestMeta(c), c.get('rt').now())),
  )
  .post('/:id/cancel', async (c) => {
    await jsonBody(c, ZEmpty)
    return c.json(await cancelAppointment(c.get('rt').db, c.get('session'), uuid(c.req.param('id')), requestMeta(c), c.get('rt').now()))
  })
  .post('/:id/confirm', async (c) => {
    await jsonBody(c, ZEmpty)
    return c.json(await confirmAppointment(c.get('rt').db, c.get('session'), uuid(c.req.param('id')), requestMeta(c)))
  })
  .post('/:id/decline', async (c) => c.json(await declineAppointment(c.get('rt').db, c.get('session'), uuid(c.req.param('id')), (await jsonBody(c, ZDeclineBody)).reason, requestMeta(c))))
