import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Claims } from '../../../functions/_shared/db.ts'
import { buildDocumentFixture, type DocumentFixture } from '../../helpers/document-fixture.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'

let ctx: TestContext
let f: DocumentFixture
beforeAll(async () => {
  ctx = await createTestContext()
  f = await buildDocumentFixture(ctx)
})
afterAll(() => ctx.close())

/** An upload link into project A made in SQL, with a verified guest session that gave its details. */
async function uploadGuest(options: { maxFiles?: number; named?: boolean } = {}) {
  const [share] = await ctx.owner`
    insert into public.shares (kind, client_id, project_id, token_hash, title, created_by, expires_at, max_files, password_hash)
    values ('upload', ${f.clients.a}, ${f.projects.a}, ${randomBytes(32)}, 'Projekt', ${f.people.clerk_a.id}, now() + interval '7 days', ${options.maxFiles ?? null}, '$argon2id$test')
    returning id`
  const [session] = await ctx.owner`
    insert into private.share_sessions (share_id, token_hash, expires_at, verified_at, guest_name, guest_email)
    values (${share!.id}, ${randomBytes(32)}, now() + interval '1 hour', now(), ${options.named === false ? null : 'Erika'}, ${options.named === false ? null : 'e@bank.example'})
    returning id`
  return { shareId: share!.id as string, claims: { role: 'anon', share_id: share!.id, session_id: session!.id } as Claims }
}
const record = (claims: Claims, filename = 'a.pdf') =>
  ctx.db.asUser(claims, (tx) => tx`
    select private.guest_upload(gen_random_uuid(), gen_random_uuid(), ${filename}, 'application/pdf', 10, ${'0'.repeat(64)},
                                gen_random_uuid(), '\\x00'::bytea, '203.0.113.1', 'req')`)

describe('upload links in SQL (private.guest_upload, the named privileged operation)', () => {
  it('records into the link\'s target for the firm only and counts against max_files', async () => {
    const g = await uploadGuest({ maxFiles: 1 })
    await record(g.claims)
    const [doc] = await ctx.owner`select i.client_id, i.project_id, i.audience, i.created_by, d.guest_name from public.documents d join public.items i on i.id = d.item_id where d.share_id = ${g.shareId}`
    expect(doc).toEqual({ client_id: f.clients.a, project_id: f.projects.a, audience: 'people', created_by: f.people.clerk_a.id, guest_name: 'Erika' })
    await expect(record(g.claims)).rejects.toMatchObject({ message: 'upload_limit_reached' })
    // The guest sees its upload only through guest_uploads, never through the document tables.
    const seen = await ctx.db.asUser(g.claims, async (tx) => ({
      mine: (await tx`select filename from private.guest_uploads()`).map((r) => r.filename),
      documents: (await tx`select item_id from public.documents`).length,
    }))
    expect(seen).toEqual({ mine: ['a.pdf'], documents: 0 })
  })

  it('refuses unnamed guests, download links, revoked links, signed-in people and bare anon', async () => {
    const count = async () => (await ctx.owner`select count(*)::int as n from public.documents where guest_name is not null`)[0]!.n as number
    const before = await count()
    await expect(record((await uploadGuest({ named: false })).claims)).rejects.toMatchObject({ message: 'guest_details_required' })
    const revoked = await uploadGuest()
    await ctx.owner`update public.shares set revoked_at = now() where id = ${revoked.shareId}`
    await expect(record(revoked.claims)).rejects.toMatchObject({ message: 'not_found' })
    await expect(record({ role: 'anon' } as Claims)).rejects.toMatchObject({ message: 'not_found' })
    // A signed-in person may not call the guest operation at all.
    await expect(record(f.people.clerk_a.claims)).rejects.toMatchObject({ code: '42501' })
    const [download] = await ctx.owner`
      insert into public.shares (client_id, token_hash, title, created_by, expires_at, password_hash) values (${f.clients.a}, ${randomBytes(32)}, 'D', ${f.people.clerk_a.id}, now() + interval '1 day', '$argon2id$test') returning id`
    const [s] = await ctx.owner`insert into private.share_sessions (share_id, token_hash, expires_at, verified_at, guest_name, guest_email)
                                values (${download!.id}, ${randomBytes(32)}, now() + interval '1 hour', now(), 'X', 'x@y.example') returning id`
    await expect(record({ role: 'anon', share_id: download!.id, session_id: s!.id } as Claims)).rejects.toMatchObject({ message: 'not_found' })
    expect(await count()).toBe(before)
  })

  it('the insert policy keeps upload links to the client\'s staff', async () => {
    await expect(ctx.db.asUser(f.people.client_a_owner.claims, (tx) => tx`
      insert into public.shares (kind, client_id, token_hash, title, created_by, expires_at, password_hash)
      values ('upload', ${f.clients.a}, ${randomBytes(32)}, 'X', ${f.people.client_a_owner.id}, now() + interval '1 day', '$argon2id$x')`)).rejects.toMatchObject({ code: '42501' })
  })
})
