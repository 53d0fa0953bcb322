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
  await ctx.owner`insert into public.firm_settings (id, firm_name) values (1, 'Kanzlei Muster') on conflict (id) do nothing`
})
afterAll(() => ctx.close())

/** A share of client A's documents made directly in SQL, with a verified guest session. */
async function guestOf(documents: string[], options: { maxDownloads?: number; verified?: boolean; group?: string } = {}) {
  const [share] = await ctx.owner`
    insert into public.shares (client_id, token_hash, group_id, title, created_by, expires_at, password_hash, max_downloads)
    values (${f.clients.a}, ${randomBytes(32)}, ${options.group ?? null}, 'Freigabe', ${f.people.client_a_owner.id}, now() + interval '7 days', '$argon2id$test', ${options.maxDownloads ?? null})
    returning id`
  for (const d of documents) await ctx.owner`insert into public.share_items (share_id, document_id, client_id) values (${share!.id}, ${d}, ${f.clients.a})`
  const [session] = await ctx.owner`
    insert into private.share_sessions (share_id, token_hash, expires_at, verified_at)
    values (${share!.id}, ${randomBytes(32)}, now() + interval '1 hour', ${options.verified === false ? null : new Date()}) returning id`
  const claims: Claims = { role: 'anon', share_id: share!.id, session_id: session!.id }
  return { shareId: share!.id as string, sessionId: session!.id as string, claims }
}
const docsSeen = (claims: Claims) =>
  ctx.db.asUser(claims, async (tx) => ({
    items: (await tx`select id from public.items order by id`).map((r) => r.id),
    documents: (await tx`select item_id from public.documents order by item_id`).map((r) => r.item_id),
    versions: (await tx`select distinct item_id from public.document_versions order by item_id`).map((r) => r.item_id),
  }))

describe('a guest session in SQL (role anon with share claims)', () => {
  it('reads exactly the shared documents and their versions', async () => {
    const g = await guestOf([f.documents.a_client, f.documents.a_upload])
    const expected = [f.documents.a_client, f.documents.a_upload].sort()
    expect(await docsSeen(g.claims)).toEqual({ items: expected, documents: expected, versions: expected })
    const [firm] = await ctx.db.asUser(g.claims, (tx) => tx`select firm_name from public.firm_settings`)
    expect(firm!.firm_name).toBe('Kanzlei Muster')
  })

  it('reads nothing without claims, with a foreign or unverified session, or a share id it does not hold', async () => {
    const g = await guestOf([f.documents.a_client])
    const other = await guestOf([f.documents.a_project])
    const pending = await guestOf([f.documents.a_client], { verified: false })
    const none = { items: [], documents: [], versions: [] }
    for (const claims of [
      { role: 'anon' } as Claims,
      { ...g.claims, share_id: other.shareId },
      { ...g.claims, session_id: other.sessionId },
      pending.claims,
      { ...g.claims, session_id: crypto.randomUUID() },
    ]) {
      expect(await docsSeen(claims)).toEqual(none)
      expect(await ctx.db.asUser(claims, (tx) => tx`select id from public.shares`)).toEqual([])
      expect(await ctx.db.asUser(claims, (tx) => tx`select id from public.firm_settings`)).toEqual([])
    }
  })

  it('stops reading when the share is revoked, expired or exhausted', async () => {
    for (const change of [
      (id: string) => ctx.owner`update public.shares set revoked_at = now() where id = ${id}`,
      (id: string) => ctx.owner`update public.shares set created_at = now() - interval '9 days', expires_at = now() - interval '1 second' where id = ${id}`,
      (id: string) => ctx.owner`update public.shares set max_downloads = 2, downloads = 2 where id = ${id}`,
    ]) {
      const g = await guestOf([f.documents.a_client])
      expect((await docsSeen(g.claims)).documents).toEqual([f.documents.a_client])
      await change(g.shareId)
      expect(await docsSeen(g.claims)).toEqual({ items: [], documents: [], versions: [] })
    }
  })

  it('meets no policy written for everyone: every policy names its roles', async () => {
    expect(await ctx.owner`select tablename, policyname from pg_policies where schemaname = 'public' and 'public' = any(roles)`).toEqual([])
    const g = await guestOf([f.documents.a_client])
    const entries = (claims: Claims) => ctx.db.asUser(claims, (tx) => tx`select group_id, document_id from public.document_group_entries`)
    // A document share reads no group entries, even of a group holding the shared document.
    expect(await entries(g.claims)).toEqual([])
    expect(await entries({ role: 'anon' })).toEqual([])
    // A group share reads the group and exactly its shared entries (not the internal one).
    const grp = await guestOf([f.documents.a_client, f.documents.a_project], { group: f.groups.g_client })
    expect((await entries(grp.claims)).map((e) => e.document_id).sort()).toEqual([f.documents.a_client, f.documents.a_project].sort())
    expect((await docsSeen(grp.claims)).items).toEqual([f.documents.a_client, f.documents.a_project, f.groups.g_client].sort())
  })

  it('cannot see hashes, the access log, or change anything', async () => {
    const g = await guestOf([f.documents.a_client])
    await expect(ctx.db.asUser(g.claims, (tx) => tx`select password_hash from public.shares`)).rejects.toMatchObject({ code: '42501' })
    await expect(ctx.db.asUser(g.claims, (tx) => tx`select token_hash from public.shares`)).rejects.toMatchObject({ code: '42501' })
    await expect(ctx.db.asUser(g.claims, (tx) => tx`select * from public.share_accesses`)).rejects.toMatchObject({ code: '42501' })
    await expect(ctx.db.asUser(g.claims, (tx) => tx`update public.shares set downloads = 0`)).rejects.toMatchObject({ code: '42501' })
    await expect(ctx.db.asUser(g.claims, (tx) => tx`select * from private.share_sessions`)).rejects.toMatchObject({ code: '42501' })
    await expect(ctx.db.asUser(g.claims, (tx) => tx`select * from public.comments`)).rejects.toMatchObject({ code: '42501' })
  })

  it('counts a download atomically: two at once at limit 1 → exactly one', async () => {
    const g = await guestOf([f.documents.a_client], { maxDownloads: 1 })
    const results = await Promise.all([1, 2].map(() =>
      ctx.db.asUser(g.claims, async (tx) => (await tx`select private.count_share_download(${f.documents.a_client}, 'a.pdf', '203.0.113.1', 'r') as ok`)[0]!.ok)))
    expect(results.sort()).toEqual([false, true])
    // A document outside the share never counts.
    const h = await guestOf([f.documents.a_client])
    expect((await ctx.db.asUser(h.claims, (tx) => tx`select private.count_share_download(${f.documents.a_internal}, 'x', '203.0.113.1', 'r') as ok`))[0]!.ok).toBe(false)
  })
})

describe('creating shares in SQL as signed-in people', () => {
  const insert = (who: 'client_a_owner' | 'client_a_member' | 'clerk_a' | 'client_b_owner', client: string) =>
    ctx.db.asUser(f.people[who].claims, (tx) => tx`
      insert into public.shares (client_id, token_hash, title, created_by, expires_at, password_hash)
      values (${client}, ${randomBytes(32)}, 'T', ${f.people[who].id}, now() + interval '3 days', '$argon2id$x') returning id`)

  it('allows staff of the client and members with shares.create; refuses the rest', async () => {
    expect(await insert('client_a_owner', f.clients.a)).toHaveLength(1)
    expect(await insert('clerk_a', f.clients.a)).toHaveLength(1)
    await expect(insert('client_a_member', f.clients.a)).rejects.toMatchObject({ code: '42501' })
    await expect(insert('client_b_owner', f.clients.a)).rejects.toMatchObject({ code: '42501' })
  })

  it('lists only documents the creator sees, and enforces the policy in a trigger', async () => {
    const [share] = await insert('client_a_owner', f.clients.a)
    const item = (doc: string) => ctx.db.asUser(f.people.client_a_owner.claims, (tx) => tx`insert into public.share_items (share_id, document_id, client_id) values (${share!.id}, ${doc}, ${f.clients.a})`)
    await item(f.documents.a_client)
    await expect(item(f.documents.a_internal)).rejects.toMatchObject({ code: '42501' })
    await expect(ctx.db.asUser(f.people.client_a_owner.claims, (tx) => tx`
      insert into public.shares (client_id, token_hash, title, created_by, expires_at)
      values (${f.clients.a}, ${randomBytes(32)}, 'T', ${f.people.client_a_owner.id}, now() + interval '3 days')`)).rejects.toMatchObject({ code: 'PT422', message: 'password_required' })
    await expect(ctx.db.asUser(f.people.clerk_a.claims, (tx) => tx`
      insert into public.shares (client_id, token_hash, title, created_by, expires_at)
      values (${f.clients.a}, ${randomBytes(32)}, 'T', ${f.people.clerk_a.id}, now() + interval '40 days')`)).rejects.toMatchObject({ code: 'PT422', message: 'expiry_too_long' })
  })
})
