import type { Readable } from 'node:stream'
import type { Config } from '../config.ts'
import { VALID_BLOB_NAME, type BlobStore } from './store.ts'

export type S3StoreOptions = {
  endpoint: string
  bucket: string
  region: string
  accessKeyId: string
  secretAccessKey: string
  forcePathStyle: boolean
  /** Prepended to every blob name as-is, e.g. "portal/". */
  prefix?: string
  /** Bytes per multipart part (at least 5 MiB, the S3 minimum). */
  partSize?: number
}

const MIN_PART = 5 * 1024 * 1024
/** Parts uploaded at once per file: memory per upload is about (QUEUE + 1) × part size. */
const QUEUE = 2
/** S3 allows 10,000 parts per object; keep a margin for the encryption overhead. */
const MAX_PARTS = 9_000

/** The S3 store's options from the configuration (only called when usesS3(config)). */
export function s3OptionsFrom(config: Config): S3StoreOptions {
  return {
    endpoint: config.S3_ENDPOINT!,
    bucket: config.S3_BUCKET!,
    region: config.S3_REGION,
    accessKeyId: config.S3_ACCESS_KEY_ID!,
    secretAccessKey: config.S3_SECRET_ACCESS_KEY!,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
    prefix: config.S3_PREFIX,
    partSize: Math.max(MIN_PART, Math.ceil(config.MAX_UPLOAD_BYTES / MAX_PARTS)),
  }
}

const isMissing = (err: unknown) => {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } }
  return e?.name === 'NotFound' || e?.name === 'NoSuchKey' || e?.$metadata?.httpStatusCode === 404
}

/**
 * Blobs as objects in an S3-compatible bucket (MinIO, Ceph RGW, Garage, AWS). Writes stream as a
 * multipart upload with a bounded number of parts in memory; an object becomes visible only when
 * the upload completes, and a failed upload is aborted. The AWS SDK is loaded here, on first use,
 * so a portal on the local disk never carries it.
 */
export async function s3Store(options: S3StoreOptions): Promise<BlobStore> {
  const [{ S3Client, GetObjectCommand, HeadObjectCommand, DeleteObjectCommand, ListMultipartUploadsCommand, AbortMultipartUploadCommand }, { Upload }] = await Promise.all([
    import('@aws-sdk/client-s3'),
    import('@aws-sdk/lib-storage'),
  ])
  const client = new S3Client({
    endpoint: options.endpoint,
    region: options.region,
    forcePathStyle: options.forcePathStyle,
    credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
    // Checksums only where the API requires them: many S3-compatible servers do not understand
    // the SDK's default CRC32 trailers. Integrity is ours anyway (AES-GCM per chunk, SHA-256).
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  })
  const partSize = Math.max(MIN_PART, options.partSize ?? MIN_PART)
  const keyOf = (name: string) => {
    if (!VALID_BLOB_NAME.test(name)) throw new Error('invalid blob name')
    return `${options.prefix ?? ''}${name}`
  }
  return {
    async put(name, body) {
      const key = keyOf(name)
      const upload = new Upload({ client, params: { Bucket: options.bucket, Key: key, Body: body }, partSize, queueSize: QUEUE, leavePartsOnError: false })
      try {
        await upload.done()
      } catch (err) {
        // The producer must not wait for a reader that is gone.
        body.destroy(err as Error)
        throw err
      }
    },
    async get(name, range) {
      const res = await client.send(
        new GetObjectCommand({ Bucket: options.bucket, Key: keyOf(name), ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}) }),
      )
      // Under Node (and Deno's Node compatibility) the body is an http.IncomingMessage.
      return res.Body as Readable
    },
    async size(name) {
      try {
        return (await client.send(new HeadObjectCommand({ Bucket: options.bucket, Key: keyOf(name) }))).ContentLength
      } catch (err) {
        if (isMissing(err)) return undefined
        throw err
      }
    },
    async delete(name) {
      await client.send(new DeleteObjectCommand({ Bucket: options.bucket, Key: keyOf(name) }))
    },
    async removeStale({ multipartBefore }) {
      // Multipart uploads a killed process never completed nor aborted (their parts cost space).
      let removed = 0
      let keyMarker: string | undefined
      let uploadIdMarker: string | undefined
      for (;;) {
        const page = await client
          .send(new ListMultipartUploadsCommand({ Bucket: options.bucket, Prefix: options.prefix || undefined, KeyMarker: keyMarker, UploadIdMarker: uploadIdMarker }))
          .catch((err: { name?: string }) => {
            // Some S3-compatible servers cannot list them, and the operator may not grant the listing
            // (docs/operations.md): the bucket's lifecycle rule for incomplete uploads does it then.
            if (err?.name === 'NotImplemented' || err?.name === 'AccessDenied') return undefined
            throw err
          })
        if (!page) return removed
        for (const u of page.Uploads ?? []) {
          if (!u.Key || !u.UploadId || !u.Initiated || u.Initiated >= multipartBefore) continue
          if (!VALID_BLOB_NAME.test(u.Key.slice((options.prefix ?? '').length))) continue
          await client.send(new AbortMultipartUploadCommand({ Bucket: options.bucket, Key: u.Key, UploadId: u.UploadId }))
          removed++
        }
        if (!page.IsTruncated) return removed
        keyMarker = page.NextKeyMarker
        uploadIdMarker = page.NextUploadIdMarker
      }
    },
  }
}
