import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { app } from '../../../functions/backup/app.ts'
import { buildAccessFixture, PEOPLE, type AccessFixture, type Person } from '../../helpers/access-fixture.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { ORIGIN } from '../../helpers/http.ts'

/**
 * The dashboard's backup status: only admins read the runs and the open incident (policy "Admins
 * can read the backup runs/incidents"), through the API and directly in SQL; nobody writes them.
 */
let ctx: TestContext
let f: AccessFixture
beforeAll(async () => {
  ctx = await createTestContext()
  f = await buildAccessFixture(ctx)
  await ctx.owner`insert into public.backup_runs (kind, trigger, status, target, started_at, finished_at) values
                  ('backup', 'scheduled', 'succeeded', 'directory', '2026-11-25T01:30:00Z', '2026-11-25T01:31:00Z'),
                  ('backup', 'scheduled', 'failed', 'directory', '2026-11-26T01:30:00Z', '2026-11-26T01:30:05Z')`
  await ctx.owner`update public.backup_runs set error = 'disk full' where status = 'failed'`
  await ctx.owner`insert into public.backup_incidents (reason, opened_at, mailed_at) values ('failed', '2026-11-26T01:31:00Z', '2026-11-26T01:31:00Z')`
})
afterAll(() => ctx.close())

const status = async (as: Person) => {
  const res = await app.request(`${ORIGIN}/functions/v1/backup/status`, { headers: { cookie: f.cookies[as] } })
  return { status: res.status, json: await res.json() }
}

describe('backup status', () => {
  it('shows the admin the open incident, the last success and the last failure', async () => {
    expect(await status('lawyer')).toEqual({
      status: 200,
      json: {
        warning: { reason: 'failed', since: '2026-11-26T01:31:00.000Z' },
        lastSuccessAt: '2026-11-25T01:31:00.000Z',
        lastFailure: { at: '2026-11-26T01:30:05.000Z', error: 'disk full' },
      },
    })
  })

  it.each(PEOPLE.filter((p) => p !== 'lawyer').map((p) => [p]))('shows %s nothing', async (person) => {
    expect(await status(person)).toEqual({ status: 200, json: { warning: null, lastSuccessAt: null, lastFailure: null } })
  })

  it('needs a session', async () => {
    expect((await app.request(`${ORIGIN}/functions/v1/backup/status`)).status).toBe(401)
  })

  it.each(PEOPLE.map((p) => [p]))('in SQL, %s reads the runs and incidents only as an admin, and writes nothing', async (person) => {
    const rows = await ctx.db.asUser(f.people[person].claims, (tx) => tx`select (select count(*)::int from public.backup_runs) as runs, (select count(*)::int from public.backup_incidents) as incidents`)
    expect(rows[0]).toEqual(person === 'lawyer' ? { runs: 2, incidents: 1 } : { runs: 0, incidents: 0 })
    for (const write of [
      (tx: never) => (tx as typeof ctx.owner)`insert into public.backup_runs (kind, trigger, target) values ('backup', 'manual', 'directory')`,
      (tx: never) => (tx as typeof ctx.owner)`update public.backup_incidents set closed_at = now()`,
      (tx: never) => (tx as typeof ctx.owner)`delete from public.backup_runs`,
    ])
      await expect(ctx.db.asUser(f.people[person].claims, write as never)).rejects.toMatchObject({ code: '42501' })
  })
})
