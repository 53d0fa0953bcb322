import { afterAll, beforeAll, expect, it } from 'vitest'
import { sealMessageBody } from '../../../functions/_shared/message-crypto.ts'
import { listMessages } from '../../../functions/messages/service/list-messages.ts'
import { messageSource } from '../../../functions/messages/service/message-source.ts'
import { buildAccessFixture, type AccessFixture } from '../../helpers/access-fixture.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import type { SessionInfo } from '../../../functions/_shared/session.ts'
import type { Person } from '../../helpers/access-fixture.ts'

/**
 * The strict cursor (afterId, no overlap) compares in SQL: PostgreSQL keeps microseconds, a JS Date
 * would cut them to milliseconds and return the cursor message itself again. Messages one
 * millisecond apart at most, in the same millisecond with different microseconds.
 */
let ctx: TestContext
let f: AccessFixture
let item: string
const ids: string[] = []

beforeAll(async () => {
  ctx = await createTestContext()
  f = await buildAccessFixture(ctx)
  const o = ctx.owner
  const [row] = await o`insert into public.items (kind, client_id, audience, title, created_by) values ('message_thread', ${f.clients.a}, 'client', 'Takt', ${f.people.clerk_a.id}) returning id`
  item = row!.id as string
  await o`insert into public.conversations (item_id, client_id, kind) values (${item}, ${f.clients.a}, 'request')`
  for (const [i, at] of ['2026-11-27 10:00:00.123100+00', '2026-11-27 10:00:00.123500+00', '2026-11-27 10:00:00.123900+00', '2026-11-27 10:00:00.124000+00'].entries()) {
    const sealed = sealMessageBody(ctx.runtime.secrets.fileMasterKey, `Nachricht ${i}`)
    const [m] = await o`insert into public.messages (item_id, client_id, author_id, body_ciphertext, body_key, created_at)
                        values (${item}, ${f.clients.a}, ${f.people.clerk_a.id}, ${sealed.ciphertext}, ${sealed.key}, (${at}::text)::timestamptz) returning id`
    ids.push(m!.id as string)
  }
})
afterAll(() => ctx.close())

/** The person's session as the gateway would build it (the fixture signed everyone in). */
async function sessionOf(who: Person): Promise<SessionInfo> {
  const p = f.people[who]
  const [s] = await ctx.owner`select s.id, s.aal, a.kind, a.is_admin, a.display_name from public.sessions s join public.accounts a on a.id = s.account_id
                              where s.account_id = ${p.id} and s.revoked_at is null order by s.created_at desc limit 1`
  return { sessionId: s!.id, accountId: p.id, aal: s!.aal, amr: [], email: p.email, mfaDeadline: new Date(Date.now() + 1e9),
           account: { displayName: s!.display_name, kind: s!.kind, isAdmin: s!.is_admin, locale: 'de' }, claims: { ...p.claims, session_id: s!.id } } as SessionInfo
}

it('after a message returns only the later ones, never the cursor itself (microseconds kept)', async () => {
  const session = await sessionOf('client_a_owner')
  for (let i = 0; i < ids.length; i++) {
    const after = await listMessages(ctx.runtime, session, item, { afterId: ids[i] })
    expect(after.map((m) => m.id)).toEqual(ids.slice(i + 1))
  }
})

it('the realtime source reads exactly the named message', async () => {
  const session = await sessionOf('client_a_owner')
  for (const [i, id] of ids.entries()) expect((await messageSource.load(ctx.db, session, item, id))?.body).toBe(`Nachricht ${i}`)
  const [other] = await ctx.owner`select gen_random_uuid() as id`
  expect(await messageSource.load(ctx.db, session, item, other!.id)).toBeUndefined()
})
