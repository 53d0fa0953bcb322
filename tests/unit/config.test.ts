import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig, usesEmbeddedDatabase } from '../../functions/_shared/config.ts'

describe('configuration', () => {
  it('has working defaults for the embedded mode', () => {
    const config = loadConfig({})
    expect(config).toMatchObject({ PORT: 8080, DATA_DIR: './data', MFA_GRACE_HOURS: 72, SESSION_IDLE_MINUTES: 30, SESSION_ABSOLUTE_HOURS: 12 })
    expect(usesEmbeddedDatabase(config)).toBe(true)
  })

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'postgres://app@db/portal' }, 'DATABASE_OWNER_URL'],
    [{ DATABASE_OWNER_URL: 'postgres://owner@db/portal' }, 'DATABASE_URL'],
    [{ SMTP_URL: 'http://mail' }, 'SMTP_URL'],
    [{ JITSI_URL: 'http://meet.example' }, 'JITSI_URL'],
    [{ TRUSTED_PROXIES: '10.0.0.0/8,not-an-ip' }, 'TRUSTED_PROXIES'],
    [{ FILE_MASTER_KEY: 'short' }, 'FILE_MASTER_KEY'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
  ])('refuses %o naming %s', (env, variable) => {
    let error: unknown
    try {
      loadConfig(env)
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as ConfigError).variable).toBe(variable)
    expect((error as ConfigError).message).toContain(variable)
  })

  it('switches to an external database when both URLs are set', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://authenticator:x@db/portal', DATABASE_OWNER_URL: 'postgres://owner:y@db/portal' })
    expect(usesEmbeddedDatabase(config)).toBe(false)
  })

  it('ignores unrelated and empty variables', () => {
    expect(loadConfig({ HOME: '/root', PORT: '' }).PORT).toBe(8080)
  })
})

describe('listening beyond loopback', () => {
  it('requires PUBLIC_URL, so links and the origin check never depend on a Host header', () => {
    expect(() => loadConfig({ HOST: '0.0.0.0' })).toThrow(/PUBLIC_URL/)
    expect(loadConfig({ HOST: '0.0.0.0', PUBLIC_URL: 'https://portal.kanzlei.de' }).HOST).toBe('0.0.0.0')
  })
})
