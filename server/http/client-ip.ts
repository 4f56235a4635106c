import net from 'node:net'

/**
 * The client address as seen by the outermost proxy we trust. With `hops`
 * trusted proxies in front of us, each appends the address it received the
 * request from to X-Forwarded-For, so the client is the hops-th entry from the
 * right. Entries further left are written by the client and never trusted.
 * With hops = 0 the socket address is used and the header is ignored.
 */
export function clientIpFrom(socketAddress: string | undefined, forwardedFor: string | undefined, hops: number): string {
  const socket = normalizeIp(socketAddress ?? '')
  if (hops <= 0) return socket
  const chain = (forwardedFor ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
  const candidate = chain[chain.length - hops]
  if (!candidate) return socket
  const normalized = normalizeIp(candidate)
  return net.isIP(normalized) ? normalized : socket
}

/** Strips IPv4-mapped IPv6 (::ffff:1.2.3.4 → 1.2.3.4) and zone ids. */
export function normalizeIp(ip: string): string {
  const withoutZone = ip.split('%')[0] ?? ''
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(withoutZone)
  return mapped?.[1] ?? withoutZone
}
