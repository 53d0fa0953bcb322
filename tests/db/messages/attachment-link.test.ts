import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildAccessFixture, type AccessFixture, type Person } from '../../helpers/access-fixture.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'

/**
 * The messages side of a message's attachment upload (policies/06-messages.sql), in SQL as named
 * people: functions/documents asks private.message_attachment_target where the file goes and links
 * the new document with private.attach_document_to_message. Only the author's own live message
 * answers; the link is refused for anyone else, for a deleted message and for a document of
 * another client or one the author does not see.
 */
let ctx: TestContext
let f: AccessFixture
const bytes = (s: string) => Buffer.from(s)

beforeAll(async () => {
  ctx = await createTestContext()
  f = await buildAccessFixture(ctx)
  await ctx.owner`insert into public.documents (item_id, client_id) values (${f.items.a_client_doc}, ${f.clients.a}), (${f.items.a_internal}, ${f.clients.a}) on conflict do nothing`
})
afterAll(() => ctx.close())

const as = <T>(who: Person, fn: (tx: postgres.TransactionSql) => Promise<T>) => ctx.db.asUser(f.people[who].claims, fn as never) as Promise<T>

/** A conversation of client A (audience 'people': the author and `recipients`) with one message of the author; returns both ids. */
async function thread(author: Person, recipients: Person[] = []) {
  const [item] = await ctx.owner`insert into public.items (kind, client_id, audience, title, created_by)
                                 values ('message_thread', ${f.clients.a}, 'people', 'Frage', ${f.people[author].id}) returning id`
  for (const r of [author, ...recipients]) await ctx.owner`insert into public.item_recipients (item_id, account_id) values (${item!.id}, ${f.people[r].id})`
  await ctx.owner`insert into public.conversations (item_id, client_id) values (${item!.id}, ${f.clients.a})`
  const [message] = await ctx.owner`insert into public.messages (item_id, client_id, author_id, body_ciphertext, body_key)
                                    values (${item!.id}, ${f.clients.a}, ${f.people[author].id}, ${bytes('x')}, ${bytes('k')}) returning id`
  return { item: item!.id as string, message: message!.id as string }
}
const target = (who: Person, message: string) => as(who, (tx) => tx`select * from private.message_attachment_target(${message})`)
const attach = (who: Person, message: string, document: string) =>
  as(who, (tx) => tx`select private.attach_document_to_message(${message}, ${document})`).then(() => 'linked', (err) => (err as { code?: string }).code)
const links = async (message: string) => Number((await ctx.owner`select count(*)::int as n from public.message_attachments where message_id = ${message}`)[0]!.n)

describe('where an attachment goes', () => {
  it('answers the author: the conversation’s client, project, audience and its people (creator first)', async () => {
    const t = await thread('client_a_member', ['client_a_owner'])
    const [row] = await target('client_a_member', t.message)
    expect(row).toEqual({ client_id: f.clients.a, project_id: null, audience: 'people', recipients: [f.people.client_a_member.id, f.people.client_a_owner.id] })
  })

  it('answers no one else — a reader of the thread, the firm, another client — and not for a deleted message', async () => {
    const t = await thread('client_a_member', ['client_a_owner'])
    for (const who of ['client_a_owner', 'clerk_a', 'client_b_owner', 'outsider'] as const) expect(await target(who, t.message), who).toEqual([])
    await ctx.owner`update public.messages set deleted_at = now(), body_ciphertext = null, body_key = null where id = ${t.message}`
    expect(await target('client_a_member', t.message)).toEqual([])
  })
})

describe('linking a document to a message', () => {
  it('links a document of the client the author sees to the author’s own message', async () => {
    const t = await thread('client_a_owner')
    expect(await attach('client_a_owner', t.message, f.items.a_client_doc)).toBe('linked')
    expect(await links(t.message)).toBe(1)
  })

  it('refuses someone else’s message, a message not seen, a document the author does not see, a deleted message', async () => {
    const t = await thread('client_a_member', ['client_a_owner'])
    // The owner reads the thread but did not write the message; client B's owner does not see it.
    expect(await attach('client_a_owner', t.message, f.items.a_client_doc)).toBe('42501')
    expect(await attach('client_b_owner', t.message, f.items.a_client_doc)).toBe('42501')
    // The firm's internal note is not the client member's to attach.
    expect(await attach('client_a_member', t.message, f.items.a_internal)).toBe('42501')
    await ctx.owner`update public.messages set deleted_at = now(), body_ciphertext = null, body_key = null where id = ${t.message}`
    expect(await attach('client_a_member', t.message, f.items.a_client_doc)).toBe('42501')
    expect(await links(t.message)).toBe(0)
  })
})
