import path from 'node:path'
import { usesS3, type Config } from '../config.ts'
import { log } from '../log.ts'
import { s3OptionsFrom, s3Store } from './s3-store.ts'
import { localDiskStore, type BlobStore } from './store.ts'

/**
 * The blob store the configuration asks for: an S3-compatible bucket when S3_ENDPOINT (and the
 * rest of the S3_ variables) are set, otherwise DATA_DIR/blobs. Logs which one, never the keys.
 */
export async function blobStoreFor(config: Config): Promise<BlobStore> {
  if (!usesS3(config)) return localDiskStore(path.resolve(config.DATA_DIR, 'blobs'))
  log.info('file bodies are stored in an S3-compatible bucket', { endpoint: config.S3_ENDPOINT, bucket: config.S3_BUCKET, prefix: config.S3_PREFIX ?? '' })
  return s3Store(s3OptionsFrom(config))
}
