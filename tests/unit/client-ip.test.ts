import { describe, expect, it } from 'vitest'
import { clientIpFrom, normalizeIp } from '../../server/http/client-ip'

describe('client address', () => {
  it('uses the socket address and ignores X-Forwarded-For with no trusted proxy', () => {
    expect(clientIpFrom('10.0.0.5', '1.2.3.4', 0)).toBe('10.0.0.5')
  })

  it('takes the entry written by the outermost trusted proxy, never a client-written one', () => {
    // Client forged "6.6.6.6"; the one proxy we trust appended the real peer 203.0.113.9.
    expect(clientIpFrom('10.0.0.5', '6.6.6.6, 203.0.113.9', 1)).toBe('203.0.113.9')
    expect(clientIpFrom('10.0.0.5', '6.6.6.6, 203.0.113.9, 10.0.0.7', 2)).toBe('203.0.113.9')
  })

  it('falls back to the socket when the header is missing, short or garbage', () => {
    expect(clientIpFrom('10.0.0.5', undefined, 1)).toBe('10.0.0.5')
    expect(clientIpFrom('10.0.0.5', '1.2.3.4', 2)).toBe('10.0.0.5')
    expect(clientIpFrom('10.0.0.5', 'not-an-ip', 1)).toBe('10.0.0.5')
  })

  it('normalises IPv4-mapped IPv6 and keeps real IPv6', () => {
    expect(normalizeIp('::ffff:192.0.2.1')).toBe('192.0.2.1')
    expect(normalizeIp('2001:db8::1')).toBe('2001:db8::1')
    expect(clientIpFrom('::ffff:127.0.0.1', '2001:db8::7', 1)).toBe('2001:db8::7')
  })
})
