import net from 'node:net'
import { normalizeIp } from '../http/client-ip'

/**
 * IP allowlists: CIDR parsing and matching for IPv4 and IPv6. An IPv4-mapped
 * IPv6 address (::ffff:203.0.113.7) is the IPv4 address it carries, both as a
 * client address and inside a CIDR, so one entry covers both spellings.
 */
export type Cidr = { family: 4 | 6; network: bigint; prefix: number; text: string }

const bits = { 4: 32, 6: 128 } as const

function ipv4ToBigInt(ip: string): bigint {
  return ip.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n)
}

function ipv6ToBigInt(ip: string): bigint {
  let text = ip
  // A trailing dotted quad (::ffff:1.2.3.4, 64:ff9b::1.2.3.4) becomes two groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)
  if (dotted) {
    const v4 = ipv4ToBigInt(dotted[1]!)
    text = `${text.slice(0, -dotted[1]!.length)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`
  }
  const [head, tail] = text.split('::') as [string, string | undefined]
  const headGroups = head ? head.split(':') : []
  const tailGroups = tail ? tail.split(':') : []
  const missing = 8 - headGroups.length - tailGroups.length
  const groups = tail === undefined ? headGroups : [...headGroups, ...Array<string>(missing).fill('0'), ...tailGroups]
  return groups.reduce((acc, group) => (acc << 16n) | BigInt(parseInt(group || '0', 16)), 0n)
}

function formatIpv4(value: bigint) {
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.')
}

function formatIpv6(value: bigint) {
  const groups = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt((7 - i) * 16)) & 0xffffn))
  // Compress the longest run of zero groups (RFC 5952).
  let best = { start: -1, length: 0 }
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++
      continue
    }
    let j = i
    while (j < 8 && groups[j] === 0) j++
    if (j - i > best.length && j - i > 1) best = { start: i, length: j - i }
    i = j
  }
  const hex = groups.map((g) => g.toString(16))
  if (best.start < 0) return hex.join(':')
  return `${hex.slice(0, best.start).join(':')}::${hex.slice(best.start + best.length).join(':')}`
}

const mask = (family: 4 | 6, prefix: number) => ((1n << BigInt(prefix)) - 1n) << BigInt(bits[family] - prefix)

/** Parses "203.0.113.0/24", "2001:db8::/32" or a single address; null when invalid. Host bits are cleared. */
export function parseCidr(input: string): Cidr | null {
  const [rawAddress, rawPrefix, extra] = input.trim().split('/')
  if (extra !== undefined || !rawAddress) return null
  if (rawPrefix !== undefined && !/^\d{1,3}$/.test(rawPrefix)) return null
  let address = rawAddress.split('%')[0]!
  let family = net.isIP(address) as 0 | 4 | 6
  if (family === 0) return null
  let prefix = rawPrefix === undefined ? bits[family] : Number(rawPrefix)
  if (prefix > bits[family]) return null
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
  if (family === 6 && mapped && prefix >= 96) {
    address = mapped[1]!
    family = 4
    prefix -= 96
  }
  const value = family === 4 ? ipv4ToBigInt(address) : ipv6ToBigInt(address)
  const network = value & mask(family, prefix)
  const text = `${family === 4 ? formatIpv4(network) : formatIpv6(network)}/${prefix}`
  return { family, network, prefix, text }
}

/** Whether `ip` (as the request saw it) falls in any of the CIDRs. Invalid input never matches. */
export function ipInAllowlist(ip: string, cidrs: readonly string[]): boolean {
  const address = normalizeIp(ip)
  const family = net.isIP(address) as 0 | 4 | 6
  if (family === 0) return false
  const value = family === 4 ? ipv4ToBigInt(address) : ipv6ToBigInt(address)
  return cidrs.some((entry) => {
    const cidr = parseCidr(entry)
    return cidr !== null && cidr.family === family && (value & mask(family, cidr.prefix)) === cidr.network
  })
}
