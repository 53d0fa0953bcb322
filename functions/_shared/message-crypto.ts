import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto'
import type postgres from 'postgres'
import { open, seal } from './crypto.ts'

/**
 * Message bodies at rest (messages and chat share them, key rotation rewraps them): each body is
 * AES-256-GCM under its own data key (nonce ‖ tag ‖ ciphertext); the data key is sealed by the
 * master key (purpose 'message-key'), which never enters the database. Search works on a blind
 * index: truncated HMAC-SHA256 of normalised word prefixes under a key derived from the master
 * key (purpose 'message-search'), so the database holds no word of a body in clear.
 */
export type SealedBody = { ciphertext: Buffer; key: Buffer }

export function sealMessageBody(masterKey: Buffer, text: string): SealedBody {
  const dataKey = randomBytes(32)
  const nonce = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', dataKey, nonce)
  const body = Buffer.concat([cipher.update(Buffer.from(text, 'utf8')), cipher.final()])
  return { ciphertext: Buffer.concat([nonce, cipher.getAuthTag(), body]), key: seal(masterKey, 'message-key', dataKey) }
}

/** Opens a sealed body; throws when the data, the wrapped key or the master key is wrong. */
export function openMessageBody(masterKey: Buffer, sealed: SealedBody): string {
  const dataKey = open(masterKey, 'message-key', sealed.key)
  const decipher = createDecipheriv('aes-256-gcm', dataKey, sealed.ciphertext.subarray(0, 12))
  decipher.setAuthTag(sealed.ciphertext.subarray(12, 28))
  return Buffer.concat([decipher.update(sealed.ciphertext.subarray(28)), decipher.final()]).toString('utf8')
}

const MIN_PREFIX = 3
const MAX_PREFIX = 24
const MAX_TOKENS = 4000

/** Lower case, umlauts and accents folded (ä → a, ß → ss), split into words of letters and digits. */
export function searchWords(text: string): string[] {
  const folded = text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/ß/g, 'ss')
  return folded.match(/[\p{L}\p{N}]+/gu) ?? []
}

const searchKey = (masterKey: Buffer) => Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'mandantenportal:message-search', 32))
const token = (key: Buffer, word: string) => createHmac('sha256', key).update(word).digest().subarray(0, 12).toString('base64url')

/**
 * The blind index of a body: one token per distinct word prefix of 3 to 24 characters (and per
 * shorter whole word), so a search term matches words it begins.
 */
export function searchTokens(masterKey: Buffer, text: string): string[] {
  const key = searchKey(masterKey)
  const prefixes = new Set<string>()
  for (const word of searchWords(text)) {
    if (word.length < MIN_PREFIX) prefixes.add(word)
    for (let n = MIN_PREFIX; n <= Math.min(word.length, MAX_PREFIX); n++) prefixes.add(word.slice(0, n))
    if (prefixes.size >= MAX_TOKENS) break
  }
  return [...prefixes].slice(0, MAX_TOKENS).map((p) => token(key, p))
}

/** The tokens a search query must all match (each term as a word prefix); empty for no terms. */
export function queryTokens(masterKey: Buffer, query: string): string[] {
  const key = searchKey(masterKey)
  return [...new Set(searchWords(query).map((w) => w.slice(0, MAX_PREFIX)))].slice(0, 10).map((w) => token(key, w))
}

/**
 * Master-key rotation for message bodies: rewraps every data key (messages and revisions) and
 * recomputes the blind index under the new search key. Runs in the rotation's transaction.
 */
export async function rotateMessageKeys(tx: postgres.TransactionSql, oldKey: Buffer, newKey: Buffer): Promise<number> {
  let count = 0
  const messages = await tx`select id, body_ciphertext, body_key from public.messages where body_key is not null for update`
  for (const m of messages) {
    const body = openMessageBody(oldKey, { ciphertext: m.body_ciphertext, key: m.body_key })
    await tx`update public.messages set body_key = ${seal(newKey, 'message-key', open(oldKey, 'message-key', m.body_key))},
             search_tokens = ${searchTokens(newKey, body)} where id = ${m.id}`
    count++
  }
  const revisions = await tx`select id, body_key from public.message_revisions for update`
  for (const r of revisions) await tx`update public.message_revisions set body_key = ${seal(newKey, 'message-key', open(oldKey, 'message-key', r.body_key))} where id = ${r.id}`
  return count + revisions.length
}
