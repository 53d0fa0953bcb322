import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { open, seal } from './crypto.ts'
import type { Tx } from './db.ts'
import { log } from './log.ts'

/**
 * Intake answers of a booking at rest (what a client writes about their matter when booking):
 * the answers' JSON is AES-256-GCM under a data key of its own (nonce ‖ tag ‖ ciphertext, the
 * booking's id as associated data, so a sealed value copied to another booking does not open);
 * the data key is sealed by the master key (purpose 'appointment-answers-key'), which never
 * enters the database. Key rotation rewraps the data keys; the answers are never re-encrypted.
 * Shared by the appointments function (book, read), the export and the rotation.
 */
export type Answers = Record<string, string>
export type SealedAnswers = { ciphertext: Buffer; key: Buffer }

const PURPOSE = 'appointment-answers-key'
const aad = (itemId: string) => Buffer.from(`mandantenportal:appointment-answers:${itemId}`, 'utf8')

export function sealAnswers(masterKey: Buffer, itemId: string, answers: Answers): SealedAnswers {
  const dataKey = randomBytes(32)
  const nonce = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', dataKey, nonce)
  cipher.setAAD(aad(itemId))
  const body = Buffer.concat([cipher.update(Buffer.from(JSON.stringify(answers), 'utf8')), cipher.final()])
  return { ciphertext: Buffer.concat([nonce, cipher.getAuthTag(), body]), key: seal(masterKey, PURPOSE, dataKey) }
}

/** Opens sealed answers; throws when the data, the booking, the wrapped key or the master key is wrong. */
export function openAnswers(masterKey: Buffer, itemId: string, sealed: SealedAnswers): Answers {
  const dataKey = open(masterKey, PURPOSE, sealed.key)
  const decipher = createDecipheriv('aes-256-gcm', dataKey, sealed.ciphertext.subarray(0, 12))
  decipher.setAAD(aad(itemId))
  decipher.setAuthTag(sealed.ciphertext.subarray(12, 28))
  return JSON.parse(Buffer.concat([decipher.update(sealed.ciphertext.subarray(28)), decipher.final()]).toString('utf8')) as Answers
}

/** The storage columns of a booking's answers, as selected from public.appointments. */
export type StoredAnswers = { answers: unknown; answers_ciphertext: Buffer | null; answers_key: Buffer | null }

/**
 * The answers of one booking as stored: opened when sealed; a booking of an installation from
 * before the sealing that was not sealed yet still holds them in the clear column.
 */
export function answersOf(masterKey: Buffer, itemId: string, row: StoredAnswers): Answers {
  if (row.answers_ciphertext && row.answers_key) return openAnswers(masterKey, itemId, { ciphertext: row.answers_ciphertext, key: row.answers_key })
  return (row.answers ?? {}) as Answers
}

/**
 * answersOf for read paths (views, lists, reminders, export): a value that does not open (e.g.
 * random bytes a client inserted with the booking) must not block the firm's calendar, so it
 * reads as no answers, marked unreadable; the item id is logged, never the content.
 */
export function readableAnswersOf(masterKey: Buffer, itemId: string, row: StoredAnswers): { answers: Answers; unreadable: boolean } {
  try {
    return { answers: answersOf(masterKey, itemId, row), unreadable: false }
  } catch {
    log.warn('appointment answers do not open', { itemId })
    return { answers: {}, unreadable: true }
  }
}

/**
 * Seals every booking that still holds clear answers (rows stored before the migration
 * 20261127230000) and empties the clear column, in the caller's transaction; returns how many.
 * Idempotent: a sealed row holds '{}' and is not selected again; a row sealed meanwhile by
 * another instance is skipped after its lock (READ COMMITTED re-checks the condition).
 */
export async function sealClearAnswers(tx: Tx, masterKey: Buffer): Promise<number> {
  const rows = await tx`select item_id, answers from public.appointments where answers <> '{}'::jsonb and answers_ciphertext is null for update`
  for (const r of rows) {
    const sealed = sealAnswers(masterKey, r.item_id as string, r.answers as Answers)
    await tx`update public.appointments set answers_ciphertext = ${sealed.ciphertext}, answers_key = ${sealed.key}, answers = '{}'::jsonb
             where item_id = ${r.item_id}`
  }
  return rows.length
}

/**
 * Master-key rotation for intake answers: rewraps every data key under the new master key and
 * seals what is still clear under the new key. Runs in the rotation's transaction; a key that does
 * not open with the old master key is logged (item id) and skipped; when none opens (wrong old key)
 * it throws.
 */
export async function rotateAnswerKeys(tx: Tx, oldKey: Buffer, newKey: Buffer): Promise<number> {
  const rows = await tx`select item_id, answers_key from public.appointments where answers_key is not null for update`
  let rewrapped = 0
  const skipped: string[] = []
  for (const r of rows) {
    let dataKey: Buffer
    try {
      dataKey = open(oldKey, PURPOSE, r.answers_key)
    } catch {
      // A key that does not open (garbage stored with a booking) is skipped and reported, never
      // aborts the whole firm's rotation; it did not open before either.
      skipped.push(r.item_id as string)
      continue
    }
    await tx`update public.appointments set answers_key = ${seal(newKey, PURPOSE, dataKey)} where item_id = ${r.item_id}`
    rewrapped++
  }
  // Not a single key opens: the old master key given is wrong, not one booking's value — abort
  // (the rotation's transaction changes nothing) rather than leave every booking unreadable.
  if (skipped.length && !rewrapped) throw new Error('appointment answer keys do not open with the old master key')
  for (const itemId of skipped) log.warn('appointment answers key does not open; skipped in rotation', { itemId })
  return rewrapped + (await sealClearAnswers(tx, newKey))
}
