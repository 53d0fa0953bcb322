import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig, usesS3 } from '../../functions/_shared/config.ts'
import { configureLog, log } from '../../functions/_shared/log.ts'
import { s3OptionsFrom } from '../../functions/_shared/blob/s3-store.ts'

const S3 = { S3_ENDPOINT: 'http://127.0.0.1:9000', S3_BUCKET: 'kanzlei-portal', S3_ACCESS_KEY_ID: 'portal', S3_SECRET_ACCESS_KEY: 's3-secret-value' }

const variableOf = (env: Record<string, string>) => {
  try {
    loadConfig(env)
  } catch (err) {
    if (err instanceof ConfigError) return err.variable
    throw err
  }
  return undefined
}

describe('the S3 store configuration', () => {
  it('is off by default and on with all four variables, path-style and us-east-1 unless told otherwise', () => {
    expect(usesS3(loadConfig({}))).toBe(false)
    const config = loadConfig(S3)
    expect(usesS3(config)).toBe(true)
    expect(s3OptionsFrom(config)).toMatchObject({ endpoint: S3.S3_ENDPOINT, bucket: S3.S3_BUCKET, region: 'us-east-1', forcePathStyle: true, partSize: 5 * 1024 * 1024 })
    expect(s3OptionsFrom(loadConfig({ ...S3, S3_FORCE_PATH_STYLE: 'false', S3_REGION: 'eu-central-1', S3_PREFIX: 'portal/' }))).toMatchObject({ forcePathStyle: false, region: 'eu-central-1', prefix: 'portal/' })
  })

  it.each(['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const)('is all or nothing: without %s the start stops naming it', (missing) => {
    const env: Record<string, string> = { ...S3 }
    delete env[missing]
    expect(variableOf(env)).toBe(missing)
  })

  it('refuses a prefix without a store, credentials in the endpoint, and bad bucket names', () => {
    expect(variableOf({ S3_PREFIX: 'portal/' })).toBe('S3_ENDPOINT')
    expect(variableOf({ ...S3, S3_ENDPOINT: 'http://portal:secret@127.0.0.1:9000' })).toBe('S3_ENDPOINT')
    expect(variableOf({ ...S3, S3_BUCKET: 'Kanzlei_Portal' })).toBe('S3_BUCKET')
  })

  it('never shows the secret key in a configuration error or a log line', () => {
    let message = ''
    try {
      loadConfig({ ...S3, S3_BUCKET: 'x' })
    } catch (err) {
      message = (err as Error).message
    }
    expect(message).toMatch(/S3_BUCKET/)
    expect(message).not.toContain(S3.S3_SECRET_ACCESS_KEY)
    const lines: string[] = []
    configureLog({ level: 'info', sink: (line) => lines.push(line) })
    log.info('settings', { S3_SECRET_ACCESS_KEY: S3.S3_SECRET_ACCESS_KEY, secretAccessKey: S3.S3_SECRET_ACCESS_KEY })
    expect(lines.join('\n')).not.toContain(S3.S3_SECRET_ACCESS_KEY)
  })
})
