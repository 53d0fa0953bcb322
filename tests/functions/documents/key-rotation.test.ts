import { randomBytes } from 'node:crypto'
import { Readable } from 'node:stream'
import { Secret } from 'otpauth'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readEncryptedFile, writeEncryptedFile } from '../../../functions/_shared/blob/encrypted-file.ts'
import { open, seal } from '../../../functions/_shared/crypto.ts'
import { rotateMasterKey } from '../../../functions/_shared/key-rotation.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { createPersona } from '../../helpers/personas.ts'

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(() => ctx.close())

const collect = async (s: Readable) => {
  const parts: Buffer[] = []
  for await (const p of s) parts.push(p as Buffer)
  return Buffer.concat(parts)
}

describe('master-key rotation', () => {
  it('rewraps every file key, TOTP secret and comment; old files still open with the new key, not the old', async () => {
    const oldKey = ctx.runtime.secrets.fileMasterKey
    const person = await createPersona(ctx, 'rotation_owner', { kind: 'staff', admin: true })
    const [client] = await ctx.owner`insert into public.clients (name, created_by) values ('Rotation GmbH', ${person.id}) returning id`
    const body = randomBytes(100_000)
    const stored = await writeEncryptedFile(ctx.runtime.blobs, oldKey, Readable.from([body]), 1 << 20)
    const [item] = await ctx.owner`insert into public.items (kind, client_id, audience, title, created_by) values ('document', ${client!.id}, 'client', 'Alt', ${person.id}) returning id`
    await ctx.owner`insert into public.documents (item_id, client_id) values (${item!.id}, ${client!.id})`
    await ctx.owner`insert into public.document_versions (item_id, client_id, version, filename, media_type, size, sha256, blob_name, wrapped_key, uploaded_by)
                    values (${item!.id}, ${client!.id}, 1, 'alt.pdf', 'application/pdf', ${stored.size}, ${stored.sha256}, ${stored.blobName}, ${stored.wrappedKey}, ${person.id})`
    const totp = Buffer.from(new Secret({ size: 20 }).bytes)
    await ctx.owner`insert into public.mfa_factors (account_id, kind, secret_ciphertext, verified_at) values (${person.id}, 'totp', ${seal(oldKey, 'totp-secret', totp)}, now())`

    const [group] = await ctx.owner`insert into public.items (kind, client_id, audience, title, created_by) values ('document_group', ${client!.id}, 'client', 'Mappe', ${person.id}) returning id`
    await ctx.owner`insert into public.comments (item_id, client_id, author_id, body_ciphertext) values (${group!.id}, ${client!.id}, ${person.id}, ${seal(oldKey, 'comment-body', Buffer.from('Vertraulich'))})`

    const newKey = randomBytes(32)
    expect(await rotateMasterKey(ctx.owner, oldKey, newKey)).toEqual({ files: 1, factors: 1, comments: 1, uploads: 0, messages: 0, appointments: 0 })
    const [comment] = await ctx.owner`select body_ciphertext from public.comments where item_id = ${group!.id}`
    expect(open(newKey, 'comment-body', comment!.body_ciphertext).toString()).toBe('Vertraulich')

    const [v] = await ctx.owner`select wrapped_key from public.document_versions where item_id = ${item!.id}`
    const file = { ...stored, wrappedKey: v!.wrapped_key as Buffer }
    expect((await collect(await readEncryptedFile(ctx.runtime.blobs, newKey, file))).equals(body)).toBe(true)
    await expect(readEncryptedFile(ctx.runtime.blobs, oldKey, file)).rejects.toThrow()
    const [f] = await ctx.owner`select secret_ciphertext from public.mfa_factors where account_id = ${person.id}`
    expect(open(newKey, 'totp-secret', f!.secret_ciphertext).equals(totp)).toBe(true)
  })

  it('changes nothing when a key does not open with the given old key', async () => {
    const before = await ctx.owner`select id, wrapped_key from public.document_versions order by id`
    await expect(rotateMasterKey(ctx.owner, randomBytes(32), randomBytes(32))).rejects.toThrow()
    expect(await ctx.owner`select id, wrapped_key from public.document_versions order by id`).toEqual(before)
  })
})
