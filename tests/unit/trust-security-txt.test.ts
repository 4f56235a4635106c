import { describe, expect, it } from 'vitest'
import { parseSecurityTxt, securityTxt, securityTxtExpiry } from '../../trust/security-txt'

const day = 86_400_000

describe('security.txt', () => {
  const now = new Date('2026-11-23T19:45:12.345Z')
  const body = securityTxt({ baseUrl: 'https://app.hireproof.example', now })
  const fields = parseSecurityTxt(body)

  it('has the RFC 9116 fields we publish', () => {
    expect(fields.get('contact')).toEqual(['mailto:security@hireproof.example', 'https://app.hireproof.example/trust/disclosure'])
    expect(fields.get('policy')).toEqual(['https://app.hireproof.example/trust/disclosure'])
    expect(fields.get('canonical')).toEqual(['https://app.hireproof.example/.well-known/security.txt'])
    expect(fields.get('preferred-languages')).toEqual(['en'])
    expect(fields.get('expires')).toHaveLength(1)
  })

  it('expires about 180 days ahead, always less than a year, in ISO 8601 UTC', () => {
    const expires = fields.get('expires')![0]!
    expect(expires).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/)
    const ahead = Date.parse(expires) - now.getTime()
    expect(ahead).toBeGreaterThan(179 * day)
    expect(ahead).toBeLessThan(181 * day)
    expect(ahead).toBeLessThan(365 * day)
  })

  it('changes at most once a day, so caches can keep it', () => {
    const later = new Date('2026-11-23T23:59:59Z')
    expect(securityTxtExpiry(later)).toEqual(securityTxtExpiry(now))
    expect(securityTxt({ baseUrl: 'https://app.hireproof.example', now: later })).toBe(body)
    expect(securityTxtExpiry(new Date('2026-11-24T00:00:00Z')).getTime() - securityTxtExpiry(now).getTime()).toBe(day)
  })

  it('is plain lines of "Field: value" or comments, ending in a newline', () => {
    for (const line of body.trimEnd().split('\n')) expect(line).toMatch(/^(#.*|[A-Z][A-Za-z-]+: \S.*)$/)
    expect(body.endsWith('\n')).toBe(true)
  })
})
