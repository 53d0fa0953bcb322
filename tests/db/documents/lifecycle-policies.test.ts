import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Tx } from '../../../functions/_shared/db.ts'
import { buildAccessFixture, type AccessFixture } from '../../helpers/access-fixture.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { createPersona, type Persona } from '../../helpers/personas.ts'

let ctx: TestContext
let f: AccessFixture
let clerkB: Persona
beforeAll(async () => {
  ctx = await createTestContext()
  f = await buildAccessFixture(ctx)
  clerkB = await createPersona(ctx, 'clerk_b', { kind: 'staff' })
})
afterAll(() => ctx.close())

type Who = keyof AccessFixture['people'] | 'clerk_b'
const claimsOf = (who: Who) => (who === 'clerk_b' ? clerkB.claims : f.people[who].claims)
const ROLLBACK = Symbol('rollback')
/** Runs SQL as the person and rolls back: the rows it touched, or the SQLSTATE and message it raised. */
async function as(who: Who, work: (tx: Tx) => Promise<readonly unknown[]>): Promise<number | string> {
  let result: number | string = 0
  try {
    await ctx.db.asUser(claimsOf(who), async (tx) => {
      result = (await work(tx)).length
      throw ROLLBACK
    })
  } catch (err) {
    if (err === ROLLBACK) return result
    const e = err as { code?: string; message?: string }
    if (!e.code) throw err
    return `${e.code} ${e.message}`
  }
  return result
}
/** A document with one version, created as the owner (by, at). */
async function document(by: Who, createdAgo = '1 hour', client = f.clients.a) {
  const person = by === 'clerk_b' ? clerkB : f.people[by]
  const [item] = await ctx.owner`insert into public.items (kind, client_id, audience, title, created_by) values ('document', ${client}, 'client', 'Beleg', ${person.id}) returning id`
  await ctx.owner`insert into public.documents (item_id, client_id) values (${item!.id}, ${client})`
  await ctx.owner`insert into public.document_versions (item_id, client_id, version, filename, media_type, size, sha256, blob_name, wrapped_key, uploaded_by, created_at)
                  values (${item!.id}, ${client}, 1, 'b.pdf', 'application/pdf', 1, ${'0'.repeat(64)}, ${crypto.randomUUID()}, '\\x00', ${person.id}, now() - ${createdAgo}::interval)`
  return item!.id as string
}

describe('document categories in SQL', () => {
  const insert = (clientId: string | null, name: string) => (tx: Tx, me: string) =>
    tx`insert into public.document_categories (client_id, name, created_by) values (${clientId}, ${name}, ${me}) returning id`
  it.each([
    ['lawyer', null, 1],
    ['clerk_a', null, '42501'],
    ['clerk_a', 'A', 1],
    ['clerk_b', 'A', '42501'],
    ['client_a_owner', 'A', '42501'],
    ['tax_adviser', 'A', '42501'],
  ] as const)('%s defines a category for %s → %s', async (who, scope, expected) => {
    const me = who === 'clerk_b' ? clerkB.id : f.people[who].id
    const result = await as(who, (tx) => insert(scope ? f.clients.a : null, `Kategorie ${who}`)(tx, me))
    expect(typeof result === 'string' ? result.slice(0, 5) : result).toBe(expected)
  })

  it('a client’s own categories are read by its people, its projects’ participants and its staff only', async () => {
    const [own] = await ctx.owner`insert into public.document_categories (client_id, name) values (${f.clients.a}, 'Nur Alpha') returning id`
    const reads = async (who: Who) => as(who, (tx) => tx`select 1 from public.document_categories where id = ${own!.id}`)
    expect(await Promise.all((['client_a_viewer', 'tax_adviser', 'clerk_a', 'lawyer'] as const).map(reads))).toEqual([1, 1, 1, 1])
    expect(await Promise.all((['client_b_owner', 'outsider', 'clerk_b'] as const).map(reads))).toEqual([0, 0, 0])
    expect(await as('outsider', (tx) => tx`select 1 from public.document_categories where client_id is null`)).toBe(4)
    // Renaming and archiving: the client's staff yes, its people no.
    expect(await as('clerk_a', (tx) => tx`update public.document_categories set archived_at = now() where id = ${own!.id} returning id`)).toBe(1)
    expect(await as('client_a_owner', (tx) => tx`update public.document_categories set name = 'X' where id = ${own!.id} returning id`)).toBe(0)
    expect(await as('clerk_a', (tx) => tx`update public.document_categories set name = 'X' where client_id is null returning id`)).toBe(0)
  })

  it('a person outside the firm cannot store a document without a category, even in SQL; staff can', async () => {
    const insertDoc = (who: Who) => (tx: Tx) => {
      const id = crypto.randomUUID()
      const me = who === 'clerk_b' ? clerkB.id : f.people[who].id
      return tx`insert into public.items (id, kind, client_id, audience, title, created_by) values (${id}, 'document', ${f.clients.a}, 'client', 'x', ${me})`.then(
        () => tx`insert into public.documents (item_id, client_id) values (${id}, ${f.clients.a}) returning item_id`,
      )
    }
    expect(await as('client_a_member', insertDoc('client_a_member'))).toBe('PT422 category_required')
    expect(await as('clerk_a', insertDoc('clerk_a'))).toBe(1)
  })
})

describe('deleting documents in SQL', () => {
  it.each([
    ['clerk_a', '1 hour', 1],
    ['clerk_a', '2 days', 'PT409 retention_period_running'],
    ['clerk_a', '6 years 1 day', 1],
    ['lawyer', '3 years', 'PT409 retention_period_running'],
    ['clerk_b', '1 hour', 0],
    ['client_a_owner', '1 hour', 0],
  ] as const)('%s deletes a document uploaded %s ago → %s', async (who, ago, expected) => {
    const id = await document('client_a_member', ago)
    expect(await as(who, (tx) => tx`delete from public.items where id = ${id} returning id`)).toBe(expected)
  })

  it('a legal hold blocks every delete; only the client’s staff place, see and lift it', async () => {
    const placeHold = (who: Who) => (tx: Tx) =>
      tx`insert into public.legal_holds (client_id, reason, placed_by) values (${f.clients.a}, 'Rechtsstreit', ${who === 'clerk_b' ? clerkB.id : f.people[who].id}) returning client_id`
    expect((await as('client_a_owner', placeHold('client_a_owner'))).toString().slice(0, 5)).toBe('42501')
    expect((await as('clerk_b', placeHold('clerk_b'))).toString().slice(0, 5)).toBe('42501')
    expect(await as('clerk_a', placeHold('clerk_a'))).toBe(1)
    await ctx.owner`insert into public.legal_holds (client_id, reason, placed_by) values (${f.clients.a}, 'Rechtsstreit', ${f.people.clerk_a.id})`
    const fresh = await document('clerk_a')
    expect(await as('clerk_a', (tx) => tx`delete from public.items where id = ${fresh} returning id`)).toBe('PT409 legal_hold')
    await expect(ctx.owner`delete from public.documents where item_id = ${fresh}`).rejects.toMatchObject({ code: 'PT409', message: 'legal_hold' })
    expect(await as('client_a_owner', (tx) => tx`select 1 from public.legal_holds`)).toBe(0)
    expect(await as('lawyer', (tx) => tx`select 1 from public.legal_holds`)).toBe(1)
    expect(await as('client_a_owner', (tx) => tx`delete from public.legal_holds returning client_id`)).toBe(0)
    expect(await as('clerk_a', (tx) => tx`delete from public.legal_holds returning client_id`)).toBe(1)
    await ctx.owner`delete from public.legal_holds`
  })

  it('the uploader deletes softly; nobody else outside the firm; the document is then gone for the client’s side only', async () => {
    const id = await document('client_a_member')
    const soft = (tx: Tx) => tx`select private.delete_document_softly(${id}) as at`
    for (const who of ['client_a_owner', 'client_a_manager', 'client_b_owner', 'clerk_a', 'lawyer'] as const)
      expect(await as(who, soft)).toBe('42501 not allowed')
    expect((await as('client_a_viewer', (tx) => tx`update public.documents set deleted_at = now() where item_id = ${id} returning item_id`)).toString().slice(0, 5)).toBe('42501')
    await ctx.db.asUser(f.people.client_a_member.claims, soft)
    for (const who of ['client_a_member', 'client_a_owner', 'client_a_viewer'] as const) {
      expect(await as(who, (tx) => tx`select 1 from public.items where id = ${id}`)).toBe(0)
      expect(await as(who, (tx) => tx`select 1 from public.document_versions where item_id = ${id}`)).toBe(0)
    }
    expect(await as('clerk_a', (tx) => tx`select deleted_by from public.documents where item_id = ${id}`)).toBe(1)
    expect(await as('client_a_member', (tx) => tx`select private.restore_document(${id})`)).toBe('42501 not allowed')
    expect(await as('clerk_b', (tx) => tx`select private.restore_document(${id})`)).toBe('42501 not allowed')
    expect(await as('clerk_a', (tx) => tx`select private.restore_document(${id})`)).toBe(1)
  })
})
