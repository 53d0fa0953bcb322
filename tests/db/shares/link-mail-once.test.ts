import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Tx } from '../../../functions/_shared/db.ts'
import { buildDocumentFixture, type DocumentFixture } from '../../helpers/document-fixture.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'

/**
 * private.enqueue_share_link_mail as named people in SQL (review finding): the link mail goes out
 * once, in the transaction that created the share, and the sender shown to the external recipient
 * is never address-like caller text.
 */
let ctx: TestContext
let f: DocumentFixture
beforeAll(async () => {
  ctx = await createTestContext()
  f = await buildDocumentFixture(ctx)
})
afterAll(() => ctx.close())

type Who = 'clerk_a' | 'client_a_owner'
const path = `/freigabe#${'A'.repeat(43)}`
const recipient = () => `empfang-${randomBytes(4).toString('hex')}@bank.example`

/** A download share of client A made by `who` itself (as the service does), with a recipient. */
const insertShare = async (tx: Tx, who: Who, to: string) => {
  const [row] = await tx`
    insert into public.shares (client_id, token_hash, title, created_by, expires_at, password_hash, recipient_email)
    values (${f.clients.a}, ${randomBytes(32)}, 'D', ${f.people[who].id}, now() + interval '3 days', '$argon2id$test', ${to})
    returning id`
  return row!.id as string
}
const mailsTo = async (to: string) => ctx.owner`select template, params from private.outbox where to_address = ${to}`
const mail = (tx: Tx, share: string) => tx`select private.enqueue_share_link_mail(${share}, ${path})`

describe('share link mail: once, in the creating transaction', () => {
  it('queues one mail when the creator creates and mails in one transaction; a later call is refused', async () => {
    const to = recipient()
    const share = await ctx.db.asUser(f.people.clerk_a.claims, async (tx) => {
      const id = await insertShare(tx, 'clerk_a', to)
      await mail(tx, id)
      return id
    })
    expect(await mailsTo(to)).toHaveLength(1)
    const [stamped] = await ctx.owner`select link_mailed_at from public.shares where id = ${share}`
    expect(stamped!.link_mailed_at).toBeInstanceOf(Date)
    for (let i = 0; i < 3; i++)
      await expect(ctx.db.asUser(f.people.clerk_a.claims, (tx) => mail(tx, share))).rejects.toMatchObject({ code: '55000' })
    expect(await mailsTo(to)).toHaveLength(1)
  })

  it('refuses a second call in the creating transaction (the whole transaction fails, nothing is queued)', async () => {
    const to = recipient()
    await expect(ctx.db.asUser(f.people.clerk_a.claims, async (tx) => {
      const id = await insertShare(tx, 'clerk_a', to)
      await mail(tx, id)
      await mail(tx, id)
    })).rejects.toMatchObject({ code: '55000' })
    expect(await mailsTo(to)).toHaveLength(0)
  })

  it('refuses the creator of an older share that was never mailed (the finding: a 2-day-old share, 20 calls)', async () => {
    const to = recipient()
    const share = await ctx.db.asUser(f.people.client_a_owner.claims, (tx) => insertShare(tx, 'client_a_owner', to))
    await ctx.owner`update public.shares set created_at = now() - interval '2 days' where id = ${share}`
    for (let i = 0; i < 20; i++)
      await expect(ctx.db.asUser(f.people.client_a_owner.claims, (tx) => mail(tx, share))).rejects.toMatchObject({ code: '55000' })
    // Even a share created a moment ago, in another transaction, is not mailed later.
    const fresh = await ctx.db.asUser(f.people.client_a_owner.claims, (tx) => insertShare(tx, 'client_a_owner', to))
    await expect(ctx.db.asUser(f.people.client_a_owner.claims, (tx) => mail(tx, fresh))).rejects.toMatchObject({ code: '55000' })
    expect(await mailsTo(to)).toHaveLength(0)
    // Someone else than the creator is still refused as before.
    await expect(ctx.db.asUser(f.people.clerk_a.claims, (tx) => mail(tx, share))).rejects.toMatchObject({ code: '42501' })
  })
})

describe('share link mail: the sender the recipient reads', () => {
  const createAndMail = async (who: Who, displayName: string) => {
    const [before] = await ctx.owner`select display_name from public.accounts where id = ${f.people[who].id}`
    await ctx.owner`update public.accounts set display_name = ${displayName} where id = ${f.people[who].id}`
    try {
      const to = recipient()
      await ctx.db.asUser(f.people[who].claims, async (tx) => mail(tx, await insertShare(tx, who, to)))
      const rows = await mailsTo(to)
      expect(rows).toHaveLength(1)
      return rows[0]!.params as Record<string, string>
    } finally {
      await ctx.owner`update public.accounts set display_name = ${before!.display_name} where id = ${f.people[who].id}`
    }
  }

  it('names a member of the firm by a plain display name', async () => {
    for (const name of ['Dr. Erika Mustermann', 'Jörg Müller-Lüdenscheidt', 'J.R. Ewing'])
      expect((await createAndMail('clerk_a', name)).sender, name).toBe(name)
  })

  it('leaves out a display name that looks like an address; the firm name comes from firm_settings', async () => {
    const [firm] = await ctx.owner`select firm_name from public.firm_settings where id = 1`
    for (const name of ['Ihre Bank https://evil.example', 'evil.example', 'Bitte www.evil-bank.de öffnen', 'support@evil.example',
      'hxxp://evil/x', 'Max EVIL.COM', 'Max\nNeue Zeile', 'xn--bnk-sna.example', 'Konto: evil . example/login']) {
      const params = await createAndMail('clerk_a', name)
      expect(params, name).not.toHaveProperty('sender')
      expect(JSON.stringify(params), name).not.toMatch(/evil|EVIL|bnk|Zeile/)
      expect(params.firmName).toBe((firm?.firm_name as string | undefined) ?? 'Kanzlei')
    }
  })

  it('never names a client user, whatever their display name', async () => {
    for (const name of ['Erika Mandantin', 'https://evil.example'])
      expect(await createAndMail('client_a_owner', name), name).not.toHaveProperty('sender')
  })

  it('renders without a sender in German and English', async () => {
    const { renderMail } = await import('../../../functions/_shared/mail/templates.ts')
    const p = { firmName: 'Kanzlei Muster', expires: '2026-12-01T10:00:00.000Z', link: 'http://localhost/freigabe#x', name: 'a@b.example' }
    expect(renderMail('share-link', 'de', p).text).toContain('Über das Mandantenportal von Kanzlei Muster wurden Dateien für Sie freigegeben.')
    expect(renderMail('share-link', 'en', p).text).toContain('Files were shared with you through the client portal of Kanzlei Muster.')
    expect(renderMail('share-upload-link', 'de', p).text).toContain('Sie werden gebeten, über das Mandantenportal von Kanzlei Muster Dateien hochzuladen.')
    expect(renderMail('share-upload-link', 'en', p).text).toContain('You are asked to upload files through the client portal of Kanzlei Muster.')
    expect(renderMail('share-link', 'de', { ...p, sender: 'Erika Muster' }).text).toContain('Erika Muster hat über das Mandantenportal von Kanzlei Muster Dateien für Sie freigegeben.')
    expect(JSON.stringify([renderMail('share-link', 'de', p), renderMail('share-upload-link', 'en', p)])).not.toContain('undefined')
  })
})
