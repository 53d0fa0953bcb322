import type { ServerType } from '@hono/node-server'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createGateway, hubFor } from '../../../functions/_server/gateway.ts'
import { app as messagesApp } from '../../../functions/messages/app.ts'
import { buildAccessFixture, type AccessFixture, type Person } from '../../helpers/access-fixture.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { listenOnLoopback } from '../../helpers/loopback-server.ts'
import { call } from '../../helpers/http.ts'
import { WsClient } from './ws-client.ts'

/**
 * Attachments over the socket: a new or edited message is read once, but every reader gets only
 * the attachments they may see themselves — the same list the messages API gives that person.
 * Readers of different document rights on one conversation: the firm's clerk (an internal note and
 * a client document), the client's owner (the client document only), a member without document
 * rights (none). Regression: the hub sent everyone what the first subscriber saw.
 */
let ctx: TestContext
let f: AccessFixture
let server: ServerType
let base: string
let chat: string
const open: WsClient[] = []
const SECRET_FILE = 'Aktennotiz_Vergleich_max_50000.pdf'

beforeAll(async () => {
  ctx = await createTestContext()
  f = await buildAccessFixture(ctx)
  const o = ctx.owner
  for (const [doc, file] of [[f.items.a_internal, SECRET_FILE], [f.items.a_client_doc, 'Gesellschaftsvertrag.pdf']] as const) {
    await o`insert into public.documents (item_id, client_id) values (${doc}, ${f.clients.a}) on conflict do nothing`
    await o`insert into public.document_versions (item_id, client_id, version, filename, media_type, size, sha256, blob_name, wrapped_key, uploaded_by)
            values (${doc}, ${f.clients.a}, 1, ${file}, 'application/pdf', 1234, ${'0'.repeat(64)}, gen_random_uuid(), '\\x00', ${f.people.clerk_a.id})`
  }
  const [row] = await o`insert into public.items (kind, client_id, audience, title, created_by) values ('message_thread', ${f.clients.a}, 'client', 'Chat', ${f.people.clerk_a.id}) returning id`
  chat = row!.id as string
  await o`insert into public.conversations (item_id, client_id, kind) values (${chat}, ${f.clients.a}, 'chat')`
  ;({ server, host: base } = await listenOnLoopback())
})
afterAll(async () => {
  for (const c of open) c.close()
  await hubFor(ctx.db).stop()
  await new Promise((r) => server.close(r))
  await ctx.close()
})

const connect = async (who: Person) => {
  const client = await WsClient.open(base, f.cookies[who])
  open.push(client)
  expect(await client.subscribe(chat)).toMatchObject({ type: 'subscribed' })
  return client
}
const overHttp = async (who: Person, id: string) => {
  const res = await call(messagesApp, 'GET', `/functions/v1/messages/${chat}/messages`, { cookie: f.cookies[who] })
  expect(res.status).toBe(200)
  const list = res.json.messages as { id: string; attachments: { id: string }[] }[]
  return list.find((m) => m.id === id)!.attachments.map((a) => a.id).sort()
}

it('each reader gets only the attachments they may see, live and after an edit, whoever subscribed first', async () => {
  // The clerk subscribes before and after the client's people: the first reader is once the one
  // who sees most, once one who sees less.
  const clerkFirst = await connect('clerk_a')
  const owner = await connect('client_a_owner')
  const member = await connect('client_a_member')
  const clerkLast = await connect('clerk_a')
  const posted = await call(messagesApp, 'POST', `/functions/v1/messages/${chat}/messages`, {
    cookie: f.cookies.clerk_a,
    body: { body: 'Anbei der Vertrag und unsere Notiz', attachmentIds: [f.items.a_internal, f.items.a_client_doc] },
  })
  expect(posted.status).toBe(201)
  const id = posted.json.id as string
  const received = async (c: WsClient, from = 0) => (await c.next((x) => x.type === 'message' && x.message.id === id, 5000, from)).message
  const ids = (m: { attachments: { id: string }[] }) => m.attachments.map((a) => a.id).sort()

  const both = [f.items.a_client_doc, f.items.a_internal].sort()
  expect(ids(await received(clerkFirst))).toEqual(both)
  expect(ids(await received(clerkLast))).toEqual(both)
  const ownerView = await received(owner)
  expect(ids(ownerView)).toEqual([f.items.a_client_doc])
  expect(JSON.stringify(owner.frames)).not.toContain(SECRET_FILE)
  expect(JSON.stringify(owner.frames)).not.toContain(f.items.a_internal)
  // Exactly what each person gets from the API (RLS), for everyone who reads the conversation.
  expect(ids(ownerView)).toEqual(await overHttp('client_a_owner', id))
  expect(ids(await received(member))).toEqual(await overHttp('client_a_member', id))
  expect(JSON.stringify(member.frames)).not.toContain(SECRET_FILE)
  expect(await overHttp('clerk_a', id)).toEqual(both)

  // An edit goes out again — with the same per-reader lists.
  const marks = [clerkFirst, owner, member, clerkLast].map((c) => c.frames.length)
  const edited = await call(messagesApp, 'PATCH', `/functions/v1/messages/messages/${id}`, { cookie: f.cookies.clerk_a, body: { body: 'Anbei der Vertrag und unsere Notiz (korrigiert)' } })
  expect(edited.status).toBe(200)
  expect(ids(await received(clerkFirst, marks[0]))).toEqual(both)
  expect(ids(await received(owner, marks[1]))).toEqual([f.items.a_client_doc])
  expect(ids(await received(member, marks[2]))).toEqual(await overHttp('client_a_member', id))
  expect(ids(await received(clerkLast, marks[3]))).toEqual(both)
  expect(JSON.stringify(owner.frames) + JSON.stringify(member.frames)).not.toContain(SECRET_FILE)
})

it('in SQL: private.realtime_message_readers gives each live reader only the attachments their person may see, and only to the service role', async () => {
  const [m] = await ctx.owner`select message_id from public.message_attachments where document_id = ${f.items.a_internal} limit 1`
  const sessions = await ctx.owner`select distinct on (account_id) id, account_id from public.sessions
                                   where account_id = any(${[f.people.clerk_a.id, f.people.client_a_owner.id, f.people.client_b_owner.id]}::uuid[]) and revoked_at is null
                                   order by account_id, created_at desc`
  const rows = await ctx.owner`select session_id, attachments from private.realtime_message_readers(${chat}, ${sessions.map((s) => s.id)}::uuid[], now(), ${m!.message_id})`
  const of = (who: Person) => {
    const session = sessions.find((s) => s.account_id === f.people[who].id)!.id
    const row = rows.find((r) => r.session_id === session)
    return row ? (row.attachments as { id: string }[]).map((a) => a.id).sort() : 'not a reader'
  }
  expect(of('clerk_a')).toEqual([f.items.a_client_doc, f.items.a_internal].sort())
  expect(of('client_a_owner')).toEqual([f.items.a_client_doc])
  expect(of('client_b_owner')).toBe('not a reader')
  // A message of another conversation named with this one: no attachments at all.
  const [other] = await ctx.owner`insert into public.items (kind, client_id, audience, title, created_by) values ('message_thread', ${f.clients.a}, 'client', 'Andere', ${f.people.clerk_a.id}) returning id`
  await ctx.owner`insert into public.conversations (item_id, client_id, kind) values (${other!.id}, ${f.clients.a}, 'chat')`
  const cross = await ctx.owner`select attachments from private.realtime_message_readers(${other!.id}, ${sessions.map((s) => s.id)}::uuid[], now(), ${m!.message_id})`
  expect(cross.map((r) => r.attachments)).toEqual(cross.map(() => []))
  await expect(ctx.db.asUser(f.people.client_a_owner.claims, (tx) => tx`select * from private.realtime_message_readers(${chat}, ${[sessions[0]!.id]}::uuid[], now(), ${m!.message_id})`)).rejects.toThrow(/permission denied/)
})
