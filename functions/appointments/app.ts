import { Hono } from 'hono'
import { createFunctionApp, expectedOrigin, type AppEnv } from '../_shared/app.ts'
import { requireSession, type AuthedEnv } from '../_shared/session.ts'
import { bookingRoutes } from './routes/bookings.ts'
import { manageRoutes } from './routes/manage.ts'
import { staffBookingRoutes } from './routes/staff-bookings.ts'
import { readFeed } from './service/feed.ts'

/** The private calendar feed: no session, the token in the query string is the credential. */
const feedRoutes = new Hono<AppEnv>().get('/feed.ics', async (c) => {
  const body = await readFeed(c.get('rt').db, c.req.query('token') ?? '', expectedOrigin(c))
  return c.body(body, 200, { 'Content-Type': 'text/calendar; charset=utf-8', 'Content-Disposition': 'inline; filename="termine.ics"' })
})

/**
 * Appointments (Termine): the firm's types, availability and exceptions, free slots computed on
 * the server, booking, moving, cancelling, confirming and declining, the week calendar and each
 * staff member's private ICS feed. Access is decided by policies/08-appointments.sql.
 */
/** Everything else needs a signed-in session (resolved once per request). */
const signedIn = new Hono<AuthedEnv>().use('*', requireSession()).route('/', manageRoutes).route('/', staffBookingRoutes).route('/', bookingRoutes)

export const app = createFunctionApp('appointments').route('/', feedRoutes).route('/', signedIn)

export type AppointmentsApp = typeof app
