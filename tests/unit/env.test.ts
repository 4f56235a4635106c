import { describe, expect, it } from 'vitest'
import { EnvError, parseEnv } from '../../server/env'

describe('env', () => {
  it('runs on embedded defaults with no configuration', () => {
    const env = parseEnv({})
    expect(env.DATABASE_URL).toBeUndefined()
    expect(env.PGLITE_DIR).toBe('./.data/pglite')
    expect(env.authProvider).toBe('local')
    expect(env.appUrl).toBe('http://localhost:3000')
    expect(env.secureCookies).toBe(false)
    expect(env.devTools).toBe(true)
  })

  it('uses Secure cookies when served over https', () => {
    expect(parseEnv({ APP_URL: 'https://app.example.com/' }).secureCookies).toBe(true)
    expect(parseEnv({ APP_URL: 'https://app.example.com/' }).appUrl).toBe('https://app.example.com')
  })

  it('explains every problem at once', () => {
    try {
      parseEnv({ PORT: 'eighty', DATABASE_URL: 'mysql://x' })
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(EnvError)
      const message = (error as Error).message
      expect(message).toContain('PORT')
      expect(message).toContain('DATABASE_URL: must be a postgresql:// connection string')
    }
  })

  it('refuses half-configured providers', () => {
    expect(() => parseEnv({ CLERK_SECRET_KEY: 'sk_test' })).toThrow(/CLERK_SECRET_KEY and CLERK_PUBLISHABLE_KEY must be set together/)
    expect(() => parseEnv({ MAILGUN_API_KEY: 'key' })).toThrow(/MAILGUN_API_KEY and MAILGUN_DOMAIN must be set together/)
  })

  it('requires APP_URL for a production deployment on PostgreSQL, and hides dev tools there', () => {
    expect(() => parseEnv({ NODE_ENV: 'production', DATABASE_URL: 'postgresql://db/app' })).toThrow(/APP_URL/)
    const keys = `k1:${Buffer.alloc(32, 7).toString('base64')}`
    const env = parseEnv({ NODE_ENV: 'production', DATABASE_URL: 'postgresql://db/app', APP_URL: 'https://a.example', ENCRYPTION_KEYS: keys })
    expect(env.devTools).toBe(false)
  })

  it('requires well-formed encryption keys, and keys at all for a production deployment on PostgreSQL', () => {
    const production = { NODE_ENV: 'production', DATABASE_URL: 'postgresql://db/app', APP_URL: 'https://a.example' }
    expect(() => parseEnv(production)).toThrow(/ENCRYPTION_KEYS: must be set in production/)
    expect(() => parseEnv({ ENCRYPTION_KEYS: 'k1:c2hvcnQ=' })).toThrow(/ENCRYPTION_KEYS: entries must be id:base64 of 32 random bytes/)
    expect(() => parseEnv({ ENCRYPTION_KEYS: 'no-colon' })).toThrow(/ENCRYPTION_KEYS/)
    expect(parseEnv({}).ENCRYPTION_KEYS).toBeUndefined()
  })

  it('treats empty values as unset', () => {
    expect(parseEnv({ DATABASE_URL: '', CLERK_SECRET_KEY: '', CLERK_PUBLISHABLE_KEY: '' }).DATABASE_URL).toBeUndefined()
  })
})
