import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, open, rm, stat } from 'node:fs/promises'
import path from 'node:path'
import { Transform, type Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'

/**
 * The staging area of resumable uploads (the documents tus endpoint and the guests of upload
 * links): the bytes received so far, encrypted with AES-256-CTR under a per-upload key. CTR is a stream cipher whose keystream can start at any byte, so a
 * resumed upload appends at whatever offset the last request reached, and a crash leaves a
 * readable prefix (its length is the upload's offset). No plaintext touches the disk. The
 * staging copy has no authentication tag: the finished file is checked and re-encrypted with the
 * authenticated chunk format when it becomes a document, and its checksum is taken then.
 */
export type StagingKey = { key: Buffer; iv: Buffer }

const BLOCK = 16
const VALID_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

export const newStagingKey = (): StagingKey => ({ key: randomBytes(32), iv: randomBytes(BLOCK) })

/** The counter block for byte `offset`: iv + offset / 16, as a 128-bit big-endian number. */
function counterAt(iv: Buffer, offset: number): Buffer {
  const counter = Buffer.from(iv)
  let carry = BigInt(Math.floor(offset / BLOCK))
  for (let i = BLOCK - 1; i >= 0 && carry > 0n; i--) {
    const sum = BigInt(counter[i]!) + (carry & 0xffn)
    counter[i] = Number(sum & 0xffn)
    carry = (carry >> 8n) + (sum >> 8n)
  }
  return counter
}

/** A transform that en- or decrypts (the same operation in CTR) starting at byte `offset`. */
export function ctrAt({ key, iv }: StagingKey, offset: number, decrypt = false): Transform {
  const cipher = (decrypt ? createDecipheriv : createCipheriv)('aes-256-ctr', key, counterAt(iv, offset))
  const skip = offset % BLOCK
  if (skip) cipher.update(Buffer.alloc(skip))
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      done(null, cipher.update(chunk))
    },
    flush(done) {
      done(null, cipher.final())
    },
  })
}

export function stagingArea(root: string) {
  const fileOf = (id: string) => {
    if (!VALID_ID.test(id)) throw new Error('invalid upload id')
    return path.join(root, `${id}.staged`)
  }
  return {
    root,
    async create(id: string) {
      await mkdir(root, { recursive: true, mode: 0o700 })
      const handle = await open(fileOf(id), 'wx', 0o600)
      await handle.close()
    },
    /** Bytes received so far (undefined: no staged file). */
    async size(id: string): Promise<number | undefined> {
      try {
        return (await stat(fileOf(id))).size
      } catch {
        return undefined
      }
    },
    /**
     * Appends the stream at `offset` (which must be the current size), encrypted; returns the new
     * size. A stream that ends early (client gone) keeps what arrived: the upload resumes there.
     */
    async append(id: string, key: StagingKey, offset: number, body: Readable): Promise<number> {
      const target = createWriteStream(fileOf(id), { flags: 'r+', start: offset, highWaterMark: 1024 * 1024 })
      try {
        await pipeline(body, ctrAt(key, offset), target)
      } catch (err) {
        // A failing disk is an error; a body that broke off (client gone, limit reached) keeps
        // what reached the disk: the upload resumes there (a torn last write is a shorter prefix).
        target.destroy()
        const size = await this.size(id)
        if (size === undefined || (err as NodeJS.ErrnoException).syscall) throw err
        return size
      }
      return (await this.size(id)) ?? offset
    },
    /** The staged bytes, decrypted. */
    read(id: string, key: StagingKey): Readable {
      return createReadStream(fileOf(id), { highWaterMark: 1024 * 1024 }).pipe(ctrAt(key, 0, true))
    },
    async remove(id: string) {
      await rm(fileOf(id), { force: true })
    },
  }
}
export type StagingArea = ReturnType<typeof stagingArea>
