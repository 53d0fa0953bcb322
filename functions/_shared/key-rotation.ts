import type postgres from 'postgres'
import { rotateAnswerKeys } from './appointment-answers.ts'
import { rewrapKey } from './blob/encrypted-file.ts'
import { open, seal } from './crypto.ts'
import { rotateMessageKeys } from './message-crypto.ts'

export type RotationCounts = { files: number; factors: number; comments: number; uploads: number; messages: number; appointments: number }

/**
 * Master-key rotation: every per-file key (documents and resumable uploads in progress) is
 * rewrapped and every sealed TOTP secret and comment body resealed under the new master key, every message body's key
 * rewrapped and the messages' blind search index recomputed, every appointment's intake-answer key rewrapped (answers
 * still stored in clear are sealed under the new key), in ONE transaction of the owner credential. File bodies are never
 * re-encrypted. Returns how many of each were rewrapped; throws (and changes nothing) when any
 * key does not open with the old master key.
 */
export async function rotateMasterKey(owner: postgres.Sql, oldKey: Buffer, newKey: Buffer): Promise<RotationCounts> {
  return (await owner.begin(async (tx) => {
    const versions = await tx`select id, wrapped_key from public.document_versions for update`
    for (const v of versions)
      await tx`update public.document_versions set wrapped_key = ${rewrapKey(oldKey, newKey, v.wrapped_key)} where id = ${v.id}`
    const factors = await tx`select id, secret_ciphertext from public.mfa_factors where secret_ciphertext is not null for update`
    for (const f of factors) {
      const secret = open(oldKey, 'totp-secret', f.secret_ciphertext)
      await tx`update public.mfa_factors set secret_ciphertext = ${seal(newKey, 'totp-secret', secret)} where id = ${f.id}`
    }
    let comments = 0
    for (const table of ['comments', 'comment_revisions'] as const) {
      const rows = await tx.unsafe(`select id, body_ciphertext from public.${table} where body_ciphertext is not null for update`)
      for (const r of rows) {
        const body = open(oldKey, 'comment-body', r.body_ciphertext)
        await tx.unsafe(`update public.${table} set body_ciphertext = $1 where id = $2`, [seal(newKey, 'comment-body', body), r.id])
        comments++
      }
    }
    const uploads = await tx`select id, wrapped_key from public.uploads where document_id is null for update`
    for (const u of uploads)
      await tx`update public.uploads set wrapped_key = ${seal(newKey, 'upload-key', open(oldKey, 'upload-key', u.wrapped_key))} where id = ${u.id}`
    // The resumable uploads of upload-link guests (issue 6) stage under the same kind of key.
    const guestUploads = await tx`select id, wrapped_key from public.share_uploads where document_id is null for update`
    for (const u of guestUploads)
      await tx`update public.share_uploads set wrapped_key = ${seal(newKey, 'upload-key', open(oldKey, 'upload-key', u.wrapped_key))} where id = ${u.id}`
    const messages = await rotateMessageKeys(tx as never, oldKey, newKey)
    const appointments = await rotateAnswerKeys(tx as never, oldKey, newKey)
    return { files: versions.length, factors: factors.length, comments, uploads: uploads.length + guestUploads.length, messages, appointments }
  })) as RotationCounts
}
