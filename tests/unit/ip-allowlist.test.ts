import { describe, expect, it } from 'vitest'
import { ipInAllowlist, parseCidr } from '../../server/security/ip-allowlist'
import { clientIpFrom } from '../../server/http/client-ip'

describe('CIDR parsing', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7/32'],
    ['203.0.113.7/24', '203.0.113.0/24'],
    ['0.0.0.0/0', '0.0.0.0/0'],
    ['2001:db8::1', '2001:db8::1/128'],
    ['2001:DB8:0:0:1::7/64', '2001:db8::/64'],
    ['2001:db8:0:0:0:0:0:0/32', '2001:db8::/32'],
    ['::/0', '::/0'],
    ['::ffff:198.51.100.7', '198.51.100.7/32'],
    ['::ffff:198.51.100.0/120', '198.51.100.0/24'],
    ['fe80::1%eth0', 'fe80::1/128'],
    [' 10.0.0.0/8 ', '10.0.0.0/8'],
  ])('%s is %s', (input, expected) => {
    expect(parseCidr(input)?.text).toBe(expected)
  })

  it.each(['', 'example.com', '10.0.0.0/33', '2001:db8::/129', '10.0.0/8', '10.0.0.0/8/1', '10.0.0.0/-1', '10.0.0.0/ 8', '256.1.1.1', ':::1'])(
    'refuses %j',
    (input) => {
      expect(parseCidr(input)).toBeNull()
    },
  )
})

describe('allowlist matching', () => {
  const list = ['203.0.113.0/24', '2001:db8:abcd::/48']

  it('matches IPv4 inside and refuses outside, at the edges of the range', () => {
    expect(ipInAllowlist('203.0.113.0', list)).toBe(true)
    expect(ipInAllowlist('203.0.113.255', list)).toBe(true)
    expect(ipInAllowlist('203.0.112.255', list)).toBe(false)
    expect(ipInAllowlist('203.0.114.0', list)).toBe(false)
  })

  it('matches IPv6 inside and refuses outside', () => {
    expect(ipInAllowlist('2001:db8:abcd:12::1', list)).toBe(true)
    expect(ipInAllowlist('2001:db8:abce::1', list)).toBe(false)
    expect(ipInAllowlist('::1', list)).toBe(false)
  })

  it('treats an IPv4-mapped IPv6 client as the IPv4 address it carries, both ways', () => {
    expect(ipInAllowlist('::ffff:203.0.113.9', list)).toBe(true)
    expect(ipInAllowlist('::ffff:203.0.114.9', list)).toBe(false)
    expect(ipInAllowlist('203.0.113.9', ['::ffff:203.0.113.0/120'])).toBe(true)
  })

  it('never lets one family match the other, and never matches garbage', () => {
    expect(ipInAllowlist('203.0.113.9', ['::/0'])).toBe(false)
    expect(ipInAllowlist('2001:db8::1', ['0.0.0.0/0'])).toBe(false)
    expect(ipInAllowlist('', list)).toBe(false)
    expect(ipInAllowlist('unknown', ['0.0.0.0/0'])).toBe(false)
    expect(ipInAllowlist('203.0.113.9', ['not a cidr'])).toBe(false)
  })

  it('uses the address the trusted proxy saw, never a spoofed X-Forwarded-For entry', () => {
    // The client sends "X-Forwarded-For: 203.0.113.5"; our one proxy appends the real address.
    const ip = clientIpFrom('10.0.0.2', '203.0.113.5, 198.51.100.77', 1)
    expect(ip).toBe('198.51.100.77')
    expect(ipInAllowlist(ip, list)).toBe(false)
    // With no trusted proxy, the header is ignored entirely.
    expect(clientIpFrom('198.51.100.77', '203.0.113.5', 0)).toBe('198.51.100.77')
    // An IPv4-mapped socket address is normalized before matching.
    expect(ipInAllowlist(clientIpFrom('::ffff:203.0.113.44', undefined, 0), list)).toBe(true)
  })
})
