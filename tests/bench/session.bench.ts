import { defineSuite } from './harness.ts'

/**
 * What the per-request security path costs: GET /functions/v1/auth/sessions (the caller's
 * sessions) through the whole gateway — request context, security headers, session resolution
 * (a privileged transaction that reads the session; it writes last_seen_at and slides the idle
 * expiry at most once a minute per session, so under load almost every request only reads), then
 * db.asUser: one transaction with SET LOCAL ROLE + claims and an RLS-filtered select of the
 * caller's sessions — against the floor of the same stack: one bare `select 1` on the same pool,
 * no middleware.
 *
 * (GET /functions/v1/auth/session is not measured here: it answers from the resolved session and
 * runs no transaction as the user.)
 */
export default defineSuite<{ cookies: string[] }>({
  name: 'session',
  description: 'GET /functions/v1/auth/sessions (signed in: session resolution + db.asUser) vs. a bare select 1 on the same pool',
  routes(app, runtime) {
    // Bench-only: never part of the product's gateway.
    app.get('/__bench/select-1', async (c) => {
      await runtime().db.pool`select 1`
      return c.json({ ok: true })
    })
  },
  async prepare(server) {
    // One client account and session per connection, as 32 signed-in users would be
    // (one shared session would measure row-lock contention on that session instead).
    const cookies: string[] = []
    for (let i = 0; i < server.connections; i++) {
      const account = await server.createAccount({ kind: 'client' })
      cookies.push(await server.signIn(account.id, 'aal2'))
    }
    return { cookies }
  },
  scenarios: ({ cookies }) => [
    {
      name: 'auth/sessions',
      description: 'session resolution + db.asUser (SET LOCAL ROLE, claims, RLS-filtered select) through the gateway',
      path: '/functions/v1/auth/sessions',
      connectionHeaders: cookies.map((cookie) => ({ cookie })),
    },
    { name: 'select-1', description: 'bare select 1 on the same pool', path: '/__bench/select-1' },
  ],
  ratios: [['auth/sessions', 'select-1']],
})
