import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { Config } from '../config.ts'

/** Names of backups: the UTC time they were taken plus a random suffix, so they sort by age. */
export const BACKUP_NAME = /^\d{8}T\d{6}Z-[0-9a-f]{4}$/
const PART_NAME = /^[a-z0-9][a-z0-9._-]{0,200}$/
export const MANIFEST = 'manifest.json'

/** A backup being written: parts first, the manifest last (only then is the backup complete). */
export type BackupWriter = {
  put(part: string, body: Readable): Promise<void>
  /** Removes a part written before (a retried snapshot's tables, a blob no longer referenced). */
  drop(part: string): Promise<void>
  /** Writes the manifest; from now on the backup is listed as complete. */
  commit(manifest: string): Promise<void>
  /** Removes everything written so far. */
  abort(): Promise<void>
}

/**
 * Where backups go: a directory (BACKUP_DIR, ideally a second disk or a mounted share) or an
 * S3-compatible bucket. A backup is complete exactly when its manifest exists; anything else
 * under a backup's name is a partial backup (a crash or a failure) and never picked as latest.
 */
export type BackupTarget = {
  kind: 'directory' | 's3'
  /** For logs and messages: the directory or s3://bucket/prefix (never credentials). */
  where: string
  /** Complete backups, oldest first. */
  list(): Promise<string[]>
  /** Names of partial backups (to clean up while no backup runs). */
  listPartial(): Promise<string[]>
  begin(name: string): Promise<BackupWriter>
  readManifest(name: string): Promise<string | undefined>
  read(name: string, part: string): Promise<Readable>
  remove(name: string): Promise<void>
}

const checkName = (name: string) => {
  if (!BACKUP_NAME.test(name)) throw new Error(`not a backup name: ${name}`)
}
const checkPart = (part: string) => {
  if (!PART_NAME.test(part) || part === MANIFEST) throw new Error(`not a backup part name: ${part}`)
}

/** A new backup's name for the time it is taken. */
export function newBackupName(at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')
  return `${stamp}-${Math.floor(Math.random() * 0x10000).toString(16).padStart(4, '0')}`
}

async function syncFile(file: string) {
  const handle = await open(file, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/**
 * Backups as directories: <dir>/<name>.partial/ while being written, renamed to <dir>/<name>/
 * after every part and the manifest are on disk (synced), so a crash leaves only a .partial.
 */
export function directoryTarget(dir: string): BackupTarget {
  const root = path.resolve(dir)
  const names = async (suffix: string) => {
    const entries = await readdir(root, { withFileTypes: true }).catch((err) => {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
      throw err
    })
    return entries
      .filter((e) => e.isDirectory() && e.name.endsWith(suffix) && BACKUP_NAME.test(e.name.slice(0, e.name.length - suffix.length)))
      .map((e) => e.name.slice(0, e.name.length - suffix.length))
      .sort()
  }
  return {
    kind: 'directory',
    where: root,
    async list() {
      const complete = []
      for (const name of await names('')) {
        if (await stat(path.join(root, name, MANIFEST)).catch(() => undefined)) complete.push(name)
      }
      return complete
    },
    listPartial: () => names('.partial'),
    async begin(name) {
      checkName(name)
      const partial = path.join(root, `${name}.partial`)
      await mkdir(partial, { recursive: true, mode: 0o700 })
      return {
        async put(part, body) {
          checkPart(part)
          const file = path.join(partial, part)
          await pipeline(body, createWriteStream(file, { flags: 'wx', mode: 0o600, highWaterMark: 1024 * 1024 }))
          await syncFile(file)
        },
        async drop(part) {
          checkPart(part)
          await rm(path.join(partial, part), { force: true })
        },
        async commit(manifest) {
          const file = path.join(partial, MANIFEST)
          await writeFile(file, manifest, { mode: 0o600, flag: 'wx' })
          await syncFile(file)
          await rename(partial, path.join(root, name))
        },
        abort: () => rm(partial, { recursive: true, force: true }),
      }
    },
    async readManifest(name) {
      checkName(name)
      return readFile(path.join(root, name, MANIFEST), 'utf8').catch(() => undefined)
    },
    async read(name, part) {
      checkName(name)
      checkPart(part)
      const file = path.join(root, name, part)
      await stat(file).catch(() => {
        throw new Error(`Backup ${name} lacks its part ${part}: the backup is incomplete or was changed.`)
      })
      return createReadStream(file, { highWaterMark: 1024 * 1024 })
    },
    async remove(name) {
      checkName(name)
      await rm(path.join(root, `${name}.partial`), { recursive: true, force: true })
      // Renamed first, so a crash halfway leaves something never listed as complete.
      const doomed = path.join(root, `${name}.partial`)
      await rename(path.join(root, name), doomed).catch((err) => {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
      })
      await rm(doomed, { recursive: true, force: true })
    },
  }
}

export type BackupS3Options = {
  endpoint: string
  bucket: string
  region: string
  accessKeyId: string
  secretAccessKey: string
  forcePathStyle: boolean
  prefix?: string
}

/** The backup bucket's options from BACKUP_S3_* (only when BACKUP_S3_ENDPOINT is set). */
export function backupS3OptionsFrom(config: Config): BackupS3Options {
  return {
    endpoint: config.BACKUP_S3_ENDPOINT!,
    bucket: config.BACKUP_S3_BUCKET!,
    region: config.BACKUP_S3_REGION,
    accessKeyId: config.BACKUP_S3_ACCESS_KEY_ID!,
    secretAccessKey: config.BACKUP_S3_SECRET_ACCESS_KEY!,
    forcePathStyle: config.BACKUP_S3_FORCE_PATH_STYLE,
    prefix: config.BACKUP_S3_PREFIX,
  }
}

/**
 * Backups as objects <prefix><name>/<part> in an S3-compatible bucket, the manifest written last.
 * Parts stream as multipart uploads (lib-storage), so memory stays bounded.
 */
export async function s3Target(options: BackupS3Options): Promise<BackupTarget> {
  const [s3, { Upload }] = await Promise.all([import('@aws-sdk/client-s3'), import('@aws-sdk/lib-storage')])
  const client = new s3.S3Client({
    endpoint: options.endpoint,
    region: options.region,
    forcePathStyle: options.forcePathStyle,
    credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  })
  const prefix = options.prefix ?? ''
  const Bucket = options.bucket
  const keysUnder = async (under: string, delimiter?: string) => {
    const keys: string[] = []
    const prefixes: string[] = []
    let token: string | undefined
    do {
      const page = await client.send(new s3.ListObjectsV2Command({ Bucket, Prefix: under, Delimiter: delimiter, ContinuationToken: token }))
      for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key)
      for (const p of page.CommonPrefixes ?? []) if (p.Prefix) prefixes.push(p.Prefix)
      token = page.IsTruncated ? page.NextContinuationToken : undefined
    } while (token)
    return { keys, prefixes }
  }
  const all = async () => {
    const { prefixes } = await keysUnder(prefix, '/')
    return prefixes.map((p) => p.slice(prefix.length, -1)).filter((n) => BACKUP_NAME.test(n)).sort()
  }
  const hasManifest = async (name: string) => {
    try {
      await client.send(new s3.HeadObjectCommand({ Bucket, Key: `${prefix}${name}/${MANIFEST}` }))
      return true
    } catch (err) {
      const e = err as { name?: string; $metadata?: { httpStatusCode?: number } }
      if (e?.name === 'NotFound' || e?.name === 'NoSuchKey' || e?.$metadata?.httpStatusCode === 404) return false
      throw err
    }
  }
  const putObject = async (key: string, body: Readable | string) => {
    const upload = new Upload({ client, params: { Bucket, Key: key, Body: body }, partSize: 8 * 1024 * 1024, queueSize: 2, leavePartsOnError: false })
    await upload.done()
  }
  const removeAll = async (name: string) => {
    // The manifest first: a crash halfway leaves a partial backup, never a damaged complete one.
    await client.send(new s3.DeleteObjectCommand({ Bucket, Key: `${prefix}${name}/${MANIFEST}` }))
    for (const key of (await keysUnder(`${prefix}${name}/`)).keys) await client.send(new s3.DeleteObjectCommand({ Bucket, Key: key }))
  }
  return {
    kind: 's3',
    where: `s3://${Bucket}/${prefix}`,
    async list() {
      const complete = []
      for (const name of await all()) if (await hasManifest(name)) complete.push(name)
      return complete
    },
    async listPartial() {
      const partial = []
      for (const name of await all()) if (!(await hasManifest(name))) partial.push(name)
      return partial
    },
    async begin(name) {
      checkName(name)
      return {
        async put(part, body) {
          checkPart(part)
          await putObject(`${prefix}${name}/${part}`, body)
        },
        async drop(part) {
          checkPart(part)
          await client.send(new s3.DeleteObjectCommand({ Bucket, Key: `${prefix}${name}/${part}` }))
        },
        commit: (manifest) => putObject(`${prefix}${name}/${MANIFEST}`, manifest),
        abort: () => removeAll(name),
      }
    },
    async readManifest(name) {
      checkName(name)
      if (!(await hasManifest(name))) return undefined
      const res = await client.send(new s3.GetObjectCommand({ Bucket, Key: `${prefix}${name}/${MANIFEST}` }))
      return res.Body!.transformToString('utf8')
    },
    async read(name, part) {
      checkName(name)
      checkPart(part)
      try {
        const res = await client.send(new s3.GetObjectCommand({ Bucket, Key: `${prefix}${name}/${part}` }))
        return res.Body as Readable
      } catch {
        throw new Error(`Backup ${name} lacks its part ${part}: the backup is incomplete or was changed.`)
      }
    },
    async remove(name) {
      checkName(name)
      await removeAll(name)
    },
  }
}

/** The configured target: BACKUP_S3_* when set, else BACKUP_DIR (default DATA_DIR/backups). */
export async function backupTargetFor(config: Config): Promise<BackupTarget> {
  if (config.BACKUP_S3_ENDPOINT) return s3Target(backupS3OptionsFrom(config))
  return directoryTarget(config.BACKUP_DIR ?? path.join(config.DATA_DIR, 'backups'))
}
