import { describe, expect, it } from 'vitest'
import { parseEnv } from '../../server/env'
import { mailgunConfigOf, mailTransportOf } from '../../server/services/mail/delivery'
import { mailgunError } from '../../server/services/mail/mailgun'

/**
 * Which transport the settings choose, and how a mailgun.js failure is classified. The shapes below are what
 * mailgun.js 14 throws (checked against tests/support/mailgun-server.ts): with an HTTP answer, its status and
 * reason phrase; without one, status 400 and the network error's code as the message.
 */
describe('transport selection', () => {
  it('is the local outbox without Mailgun settings, and Mailgun (US API by default) with them', () => {
    expect(mailTransportOf(parseEnv({}))).toBe('local')
    expect(mailgunConfigOf(parseEnv({}))).toBeNull()
    const from = 'Hireproof <no-reply@example.com>'
    const env = parseEnv({ MAILGUN_API_KEY: 'key-1', MAILGUN_DOMAIN: 'mg.example.com', MAIL_FROM: from })
    expect(mailTransportOf(env)).toBe('mailgun')
    expect(mailgunConfigOf(env)).toEqual({
      apiKey: 'key-1',
      domain: 'mg.example.com',
      url: 'https://api.mailgun.net',
      from,
      timeoutMs: 30_000,
    })
  })

  it('takes the EU API base and a timeout, and refuses a bad URL or a key without a domain', () => {
    const env = parseEnv({
      MAILGUN_API_KEY: 'k',
      MAILGUN_DOMAIN: 'mg.example.eu',
      MAILGUN_URL: 'https://api.eu.mailgun.net/',
      MAIL_TIMEOUT_MS: '5000',
    })
    expect(mailgunConfigOf(env)).toMatchObject({ url: 'https://api.eu.mailgun.net', timeoutMs: 5000 })
    expect(() => parseEnv({ MAILGUN_URL: 'api.eu.mailgun.net' })).toThrow(/MAILGUN_URL/)
    expect(() => parseEnv({ MAIL_TIMEOUT_MS: '10' })).toThrow(/MAIL_TIMEOUT_MS/)
    expect(() => parseEnv({ MAILGUN_DOMAIN: 'mg.example.com' })).toThrow(/must be set together/)
  })
})

describe('Mailgun failures', () => {
  const classify = (error: unknown) => {
    const { message, retryable } = mailgunError(error, 30_000)
    return { message, retryable }
  }

  it('retries rate limits, server errors, timeouts and network failures', () => {
    expect(classify({ status: 429, message: 'Too Many Requests' })).toEqual({
      message: 'Mailgun is limiting the sending rate (HTTP 429); will try again.',
      retryable: true,
    })
    for (const status of [500, 502, 503, 408]) expect(classify({ status, message: 'Service Unavailable' }).retryable).toBe(true)
    // A timeout arrives as status 400: the code decides.
    expect(classify({ status: 400, message: 'ECONNABORTED' })).toEqual({
      message: 'Mailgun did not answer within 30 s; will try again.',
      retryable: true,
    })
    expect(classify({ status: 400, message: 'ETIMEDOUT' }).retryable).toBe(true)
    expect(classify({ status: 400, message: 'ECONNREFUSED' })).toEqual({
      message: 'Could not reach Mailgun (ECONNREFUSED); will try again.',
      retryable: true,
    })
    expect(classify({ status: 400, message: 'ERR_NETWORK' }).retryable).toBe(true)
    expect(classify(new Error('')).retryable).toBe(true)
    expect(classify(undefined).retryable).toBe(true)
  })

  it('gives up on other client errors, with our words only', () => {
    expect(classify({ status: 400, message: 'Bad Request', details: "'to' parameter is not a valid address: <x@y>" })).toEqual({
      message: 'Mailgun refused the message (HTTP 400).',
      retryable: false,
    })
    expect(classify({ status: 401, message: 'Unauthorized' }).retryable).toBe(false)
    expect(classify({ status: 403, message: 'Forbidden' }).message).toMatch(/refused the API key/)
    expect(classify({ status: 404, message: 'Not Found' }).message).toMatch(/does not know the sending domain/)
    expect(classify({ status: 413, message: 'Payload Too Large' })).toEqual({
      message: 'Mailgun refused the message (HTTP 413).',
      retryable: false,
    })
  })
})
