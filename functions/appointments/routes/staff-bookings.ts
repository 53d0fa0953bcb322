import { Hono } from 'hono'
import { jsonBody } from '../../_shared/app.ts'
import { requestMeta } from '../../_shared/request-meta.ts'
import type { AuthedEnv } from '../../_shared/session.ts'
import { ZClientQuery, ZStaffBookBody } from '../schemas.ts'
import { bookForClient, staffBookingOptions } from '../service/book-for-client.ts'

/**
 * The firm enters a booking for a client's person ("Termin eintragen"): what it may book for a
 * client, and the booking itself. Moving and cancelling use the routes of every booking.
 */
export const staffBookingRoutes = new Hono<AuthedEnv>()
  .get('/for-client/options', async (c) => c.json(await staffBookingOptions(c.get('rt').db, c.get('session'), ZClientQuery.parse(c.req.query()).clientId)))
  .post('/for-client', async (c) => c.json(await bookForClient(c.get('rt').db, c.get('session'), await jsonBody(c, ZStaffBookBody), requestMeta(c), c.get('rt').now()), 201))
