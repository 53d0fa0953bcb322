import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { app } from '../../../functions/documents/app.ts'
import { buildAccessFixture, type AccessFixture, type Person } from '../../helpers/access-fixture.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { ORIGIN } from '../../helpers/http.ts'

let ctx: TestContext
let f: AccessFixture
beforeAll(async () => {
  ctx = await createTestContext()
  f = await buildAccessFixture(ctx)
})
afterAll(() => ctx.close())

async function call(as: Person, method: string, path: string, body?: unknown, raw?: BodyInit) {
  const res = await app.request(`${ORIGIN}/functions/v1/documents${path}`, {
    method,
    headers: { origin: ORIGIN, cookie: f.cookies[as], 'content-type': raw ? 'application/octet-stream' : 'application/json' },
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  })
  return { status: res.status, json: await res.json() }
}
const upload = async (audience: string) =>
  (await call('clerk_a', 'POST', `?${new URLSearchParams({ clientId: f.clients.a, filename: `${audience}.pdf`, audience })}`, undefined, Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(500)]))).json.id as string

describe('document groups with comments', () => {
  it('shows each person the documents they may see, keeps comment history and tombstones, and mails mentions', async () => {
    const group = await call('clerk_a', 'POST', '/groups', { clientId: f.clients.a, title: 'Gründungsunterlagen' })
    expect(group.status).toBe(201)
    const shared = await upload('client')
    const internal = await upload('internal')
    for (const documentId of [shared, internal]) expect((await call('clerk_a', 'POST', `/groups/${group.json.id}/documents`, { documentId })).status).toBe(200)
    expect((await call('client_a_member', 'POST', `/groups/${group.json.id}/documents`, { documentId: shared })).status).toBe(404)

    const asMember = await call('client_a_member', 'GET', `/groups/${group.json.id}`)
    expect(asMember.json.documents.map((d: { id: string }) => d.id)).toEqual([shared])
    expect((await call('clerk_a', 'GET', `/groups/${group.json.id}`)).json.documents).toHaveLength(2)
    expect((await call('client_b_owner', 'GET', `/groups/${group.json.id}`)).status).toBe(404)
    expect((await call('tax_adviser', 'POST', `/groups/${group.json.id}/comments`, { body: 'Hallo' })).status).toBe(404)

    const text = `Bitte prüfen, @[${f.people.client_a_owner.id}] und @[${f.people.client_b_owner.id}]: der Vertrag ist vertraulich.`
    const comment = await call('client_a_member', 'POST', `/groups/${group.json.id}/comments`, { body: text })
    expect(comment.status).toBe(201)
    const mentions = await ctx.owner`select to_address, params from private.outbox where template = 'mentioned'`
    expect(mentions.map((m) => m.to_address)).toEqual([f.people.client_a_owner.email])
    expect(JSON.stringify(mentions)).not.toContain('vertraulich')
    // Stored sealed: a database dump holds no comment text.
    const [row] = await ctx.owner`select body_ciphertext from public.comments where id = ${comment.json.id}`
    expect(Buffer.from(row!.body_ciphertext).includes(Buffer.from('vertraulich'))).toBe(false)

    expect((await call('client_a_owner', 'PATCH', `/groups/comments/${comment.json.id}`, { body: 'fremd' })).status).toBe(404)
    expect((await call('client_a_member', 'PATCH', `/groups/comments/${comment.json.id}`, { body: 'Bitte prüfen.' })).status).toBe(200)
    let thread = (await call('client_a_owner', 'GET', `/groups/${group.json.id}`)).json.comments
    expect(thread[0]).toMatchObject({ body: 'Bitte prüfen.', revisions: 1, authorName: 'client_a_member' })
    expect(thread[0].editedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/)
    expect((await call('client_a_member', 'POST', `/groups/comments/${comment.json.id}/delete`, {})).status).toBe(200)
    // The audience sees a tombstone without history; the former text stays with the firm.
    thread = (await call('client_a_owner', 'GET', `/groups/${group.json.id}`)).json.comments
    expect(thread[0]).toMatchObject({ body: null, revisions: 0 })
    expect((await call('clerk_a', 'GET', `/groups/${group.json.id}`)).json.comments[0]).toMatchObject({ body: null, revisions: 2 })
    expect(thread[0].deletedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/)
  })
})

describe('a group as one ZIP', () => {
  it('streams the documents the caller may see, with unique names, and counts as their download', async () => {
    const group = await call('clerk_a', 'POST', '/groups', { clientId: f.clients.a, title: 'Jahresabschluss 2025' })
    const bodies: Buffer[] = []
    for (const audience of ['client', 'client', 'internal']) {
      const body = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(700)])
      bodies.push(body)
      const up = await call('clerk_a', 'POST', `?${new URLSearchParams({ clientId: f.clients.a, filename: 'Bilanz.pdf', audience })}`, undefined, body)
      await call('clerk_a', 'POST', `/groups/${group.json.id}/documents`, { documentId: up.json.id })
    }
    const res = await app.request(`${ORIGIN}/functions/v1/documents/groups/${group.json.id}/zip`, { headers: { cookie: f.cookies.client_a_owner } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toContain("filename*=UTF-8''Jahresabschluss%202025.zip")
    const zip = Buffer.from(await res.arrayBuffer())
    expect(zip.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'binary'))).toBe(true)
    expect(zip.includes(Buffer.from('Bilanz.pdf'))).toBe(true)
    expect(zip.includes(Buffer.from('Bilanz (2).pdf'))).toBe(true)
    expect(zip.includes(Buffer.from('Bilanz (3).pdf'))).toBe(false)
    expect(zip.includes(bodies[0]!) && zip.includes(bodies[1]!)).toBe(true)
    expect(zip.includes(bodies[2]!)).toBe(false)
    const events = await ctx.owner`select count(*)::int as n from public.document_events where account_id = ${f.people.client_a_owner.id} and kind = 'downloaded'`
    expect(events[0]!.n).toBeGreaterThanOrEqual(2)
  })
})

describe('listing groups, audience people, removing documents, comment history', () => {
  it('lists the groups of a client or project the caller may see, with counts', async () => {
    const group = await call('clerk_a', 'POST', '/groups', { clientId: f.clients.a, title: 'Liste Alpha' })
    const internal = await call('clerk_a', 'POST', '/groups', { clientId: f.clients.a, title: 'Nur für Herrn Member', audience: 'people', recipients: [f.people.client_a_member.id] })
    const project = await call('clerk_a', 'POST', '/groups', { clientId: f.clients.a, title: 'Projektmappe', audience: 'project', projectId: f.projects.a })
    const shared = await upload('client')
    const hidden = await upload('internal')
    for (const documentId of [shared, hidden]) await call('clerk_a', 'POST', `/groups/${group.json.id}/documents`, { documentId })
    await call('client_a_owner', 'POST', `/groups/${group.json.id}/comments`, { body: 'Eins' })

    const asOwner = await call('client_a_owner', 'GET', `/groups?clientId=${f.clients.a}`)
    expect(asOwner.status).toBe(200)
    const row = asOwner.json.groups.find((g: { id: string }) => g.id === group.json.id)
    expect(row).toMatchObject({ title: 'Liste Alpha', audience: 'client', documents: 1, comments: 1, recipients: [] })
    expect(row.lastActivityAt).toMatch(/^\d{4}-\d{2}-\d{2}T/)
    expect(asOwner.json.groups.some((g: { id: string }) => g.id === internal.json.id)).toBe(false)
    const asMember = await call('client_a_member', 'GET', `/groups?clientId=${f.clients.a}`)
    expect(asMember.json.groups.find((g: { id: string }) => g.id === internal.json.id)).toMatchObject({ recipients: [{ id: f.people.client_a_member.id, displayName: 'client_a_member' }] })
    expect((await call('clerk_a', 'GET', `/groups?clientId=${f.clients.a}`)).json.groups.find((g: { id: string }) => g.id === group.json.id).documents).toBe(2)

    const byProject = await call('client_a_member', 'GET', `/groups?projectId=${f.projects.a}`)
    expect(byProject.json.groups.map((g: { id: string }) => g.id)).toEqual([project.json.id])
    expect(byProject.json.groups[0].projectName).toBe('GmbH-Gründung')
    expect((await call('client_b_owner', 'GET', `/groups?clientId=${f.clients.a}`)).status).toBe(404)
    expect((await call('client_a_owner', 'GET', `/groups?clientId=${f.clients.a}&projectId=${f.projects.a}`)).status).toBe(400)
    expect((await call('client_a_owner', 'GET', '/groups')).status).toBe(400)
  })

  it('names the people of the audience who can be mentioned, and whether the caller may edit', async () => {
    const group = await call('clerk_a', 'POST', '/groups', { clientId: f.clients.a, title: 'Personenmappe' })
    const asMember = (await call('client_a_member', 'GET', `/groups/${group.json.id}`)).json
    const names = asMember.people.map((p: { displayName: string }) => p.displayName)
    expect(names).toContain('clerk_a')
    expect(names).toContain('client_a_owner')
    expect(names).toContain('client_a_member')
    // Not in the client (the adviser, the other client's owner), nor unassigned staff.
    for (const stranger of ['tax_adviser', 'client_b_owner', 'outsider', 'lawyer']) expect(names).not.toContain(stranger)
    expect(asMember.people[0]).toMatchObject({ displayName: 'clerk_a', kind: 'staff' })
    expect(asMember.mayEdit).toBe(false)
    expect((await call('clerk_a', 'GET', `/groups/${group.json.id}`)).json.mayEdit).toBe(true)

    const named = await call('clerk_a', 'POST', '/groups', { clientId: f.clients.a, title: 'Nur zwei', audience: 'people', recipients: [f.people.client_a_member.id] })
    const people = (await call('client_a_member', 'GET', `/groups/${named.json.id}`)).json.people.map((p: { displayName: string }) => p.displayName)
    expect(people.sort()).toEqual(['clerk_a', 'client_a_member'])

    // A mention reaches only people of the audience: the client's owner is of the client but not
    // among the named people, so is not told; the assigned clerk is.
    await ctx.owner`delete from private.outbox where template = 'mentioned'`
    const text = `@[${f.people.client_a_owner.id}] @[${f.people.clerk_a.id}] bitte ansehen`
    expect((await call('client_a_member', 'POST', `/groups/${named.json.id}/comments`, { body: text })).status).toBe(201)
    const told = await ctx.owner`select to_address from private.outbox where template = 'mentioned'`
    expect(told.map((m) => m.to_address)).toEqual([f.people.clerk_a.email])
  })

  it('takes a document out of a group: only the creator and staff, and only an existing entry', async () => {
    const group = await call('clerk_a', 'POST', '/groups', { clientId: f.clients.a, title: 'Zum Herausnehmen' })
    const doc = await upload('client')
    await call('clerk_a', 'POST', `/groups/${group.json.id}/documents`, { documentId: doc })
    expect((await call('client_a_owner', 'DELETE', `/groups/${group.json.id}/documents/${doc}`)).status).toBe(404)
    expect((await call('client_a_owner', 'GET', `/groups/${group.json.id}`)).json.documents).toHaveLength(1)
    expect((await call('clerk_a', 'DELETE', `/groups/${group.json.id}/documents/${doc}`)).json).toEqual({ removed: true })
    expect((await call('client_a_owner', 'GET', `/groups/${group.json.id}`)).json.documents).toEqual([])
    expect((await call('clerk_a', 'DELETE', `/groups/${group.json.id}/documents/${doc}`)).status).toBe(404)
    // The document itself stays.
    expect((await call('client_a_owner', 'GET', `/${doc}`)).status).toBe(200)
    const [entry] = await ctx.owner`select count(*)::int as n from public.audit_log where action = 'document_group.document_removed' and object_id = ${group.json.id}`
    expect(entry!.n).toBe(1)
  })

  it('shows the history of an edited comment to its readers, not for a deleted one', async () => {
    const group = await call('clerk_a', 'POST', '/groups', { clientId: f.clients.a, title: 'Verlauf' })
    const comment = await call('client_a_owner', 'POST', `/groups/${group.json.id}/comments`, { body: 'Erste Fassung' })
    await call('client_a_owner', 'PATCH', `/groups/comments/${comment.json.id}`, { body: 'Zweite Fassung' })
    await call('client_a_owner', 'PATCH', `/groups/comments/${comment.json.id}`, { body: 'Dritte Fassung' })
    const history = await call('client_a_member', 'GET', `/groups/comments/${comment.json.id}/revisions`)
    expect(history.status).toBe(200)
    expect(history.json.revisions.map((r: { body: string }) => r.body)).toEqual(['Erste Fassung', 'Zweite Fassung'])
    expect(history.json.current.body).toBe('Dritte Fassung')
    expect(history.json.revisions[0].writtenAt).toMatch(/^\d{4}-\d{2}-\d{2}T/)
    expect((await call('client_b_owner', 'GET', `/groups/comments/${comment.json.id}/revisions`)).status).toBe(404)
    expect((await call('tax_adviser', 'GET', `/groups/comments/${comment.json.id}/revisions`)).status).toBe(404)
    await call('client_a_owner', 'POST', `/groups/comments/${comment.json.id}/delete`, {})
    expect((await call('client_a_member', 'GET', `/groups/comments/${comment.json.id}/revisions`)).status).toBe(404)
  })
})
