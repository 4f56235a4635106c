import crypto from 'node:crypto'
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

  describe('Clerk', () => {
    const clerk = {
      CLERK_SECRET_KEY: 'sk_test_abc123',
      CLERK_PUBLISHABLE_KEY: `pk_test_${Buffer.from('clerk.example.com$').toString('base64')}`,
      CLERK_WEBHOOK_SECRET: `whsec_${Buffer.alloc(24, 1).toString('base64')}`,
    }

    it('switches the provider to Clerk, with the public Backend API by default', () => {
      const env = parseEnv(clerk)
      expect(env.authProvider).toBe('clerk')
      expect(env.clerk).toEqual({
        secretKey: clerk.CLERK_SECRET_KEY,
        publishableKey: clerk.CLERK_PUBLISHABLE_KEY,
        webhookSecret: clerk.CLERK_WEBHOOK_SECRET,
        apiUrl: 'https://api.clerk.com',
        jwtKey: null,
      })
      expect(parseEnv({}).clerk).toBeNull()
      expect(parseEnv({ ...clerk, CLERK_API_URL: 'http://127.0.0.1:4010/' }).clerk?.apiUrl).toBe('http://127.0.0.1:4010')
    })

    it('requires the webhook signing secret when Clerk is on', () => {
      const { CLERK_WEBHOOK_SECRET: _unused, ...withoutSecret } = clerk
      expect(() => parseEnv(withoutSecret)).toThrow(/CLERK_WEBHOOK_SECRET: must be set when Clerk is on/)
    })

    it('checks the shape of every Clerk setting and reports all problems at once', () => {
      try {
        parseEnv({
          CLERK_SECRET_KEY: 'secret',
          CLERK_PUBLISHABLE_KEY: 'pk_test_bm90LWEta2V5',
          CLERK_WEBHOOK_SECRET: 'hunter2',
          CLERK_JWT_KEY: 'not a key',
          CLERK_API_URL: 'ftp://api.clerk.com',
        })
        expect.unreachable()
      } catch (error) {
        expect(error).toBeInstanceOf(EnvError)
        const problems = (error as EnvError).problems.join('\n')
        expect(problems).toContain('CLERK_SECRET_KEY: must be a Clerk secret key')
        expect(problems).toContain('CLERK_PUBLISHABLE_KEY: must be a Clerk publishable key')
        expect(problems).toContain('CLERK_WEBHOOK_SECRET: must be a webhook signing secret')
        expect(problems).toContain('CLERK_JWT_KEY: must be the PEM public key')
        expect(problems).toContain('CLERK_API_URL: must be an http(s) URL')
      }
      expect(() => parseEnv({ ...clerk, CLERK_PUBLISHABLE_KEY: clerk.CLERK_SECRET_KEY })).toThrow(/CLERK_PUBLISHABLE_KEY/)
    })

    it('accepts the PEM public key with "\\n" escapes, as one-line env files carry it', () => {
      const pem = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString()
      const env = parseEnv({ ...clerk, CLERK_JWT_KEY: pem.trim().replace(/\n/g, '\\n') })
      expect(env.clerk?.jwtKey).toBe(pem.trim())
      const ec = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString()
      expect(() => parseEnv({ ...clerk, CLERK_JWT_KEY: ec })).toThrow(/CLERK_JWT_KEY/)
    })
  })

  describe('Stripe', () => {
    const stripe = {
      STRIPE_SECRET_KEY: 'sk_test_abc123',
      STRIPE_WEBHOOK_SECRET: 'whsec_c2VjcmV0',
      STRIPE_PRICE_ENTERPRISE: 'price_monthly',
    }

    it('is off without keys; on with all three, against Stripe itself or a test server', () => {
      expect(parseEnv({}).stripe).toBeNull()
      expect(parseEnv(stripe).stripe).toEqual({
        secretKey: 'sk_test_abc123',
        webhookSecret: 'whsec_c2VjcmV0',
        enterprisePriceIds: ['price_monthly'],
        api: null,
      })
      const prices = 'price_monthly, price_yearly'
      const local = parseEnv({ ...stripe, STRIPE_PRICE_ENTERPRISE: prices, STRIPE_API_BASE: 'http://127.0.0.1:12111' })
      expect(local.stripe?.enterprisePriceIds).toEqual(['price_monthly', 'price_yearly'])
      expect(local.stripe?.api).toEqual({ host: '127.0.0.1', port: 12111, protocol: 'http' })
    })

    it('refuses a partial or malformed configuration, naming what is wrong', () => {
      const partial = /must be set together \(missing: STRIPE_WEBHOOK_SECRET, STRIPE_PRICE_ENTERPRISE\)/
      expect(() => parseEnv({ STRIPE_SECRET_KEY: stripe.STRIPE_SECRET_KEY })).toThrow(partial)
      expect(() => parseEnv({ ...stripe, STRIPE_SECRET_KEY: 'pk_test_abc' })).toThrow(/STRIPE_SECRET_KEY: must be a Stripe/)
      expect(() => parseEnv({ ...stripe, STRIPE_WEBHOOK_SECRET: 'hunter2' })).toThrow(/STRIPE_WEBHOOK_SECRET/)
      expect(() => parseEnv({ ...stripe, STRIPE_PRICE_ENTERPRISE: 'prod_abc' })).toThrow(/STRIPE_PRICE_ENTERPRISE: must be price/)
      expect(() => parseEnv({ ...stripe, STRIPE_API_BASE: 'http://127.0.0.1:1/v1' })).toThrow(/STRIPE_API_BASE/)
      expect(() => parseEnv({ STRIPE_API_BASE: 'http://127.0.0.1:1' })).toThrow(/STRIPE_API_BASE: is only used with/)
    })
  })

  it('treats empty values as unset', () => {
    expect(parseEnv({ DATABASE_URL: '', CLERK_SECRET_KEY: '', CLERK_PUBLISHABLE_KEY: '' }).DATABASE_URL).toBeUndefined()
  })
})
