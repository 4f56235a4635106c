import crypto from 'node:crypto'

/** 256-bit random token, URL-safe. Only its hash is ever stored. */
export function generateToken(): string {
  return crypto.randomBytes(32).toString('base64url')
}

/**
 * Whether a cookie value has the shape of our own session tokens. Mirrored
 * Clerk sessions are keyed by "clerk:<sid>" (server/auth/clerk), which is
 * not secret: such a value must never be accepted from a cookie.
 */
export function isLocalSessionToken(token: string | undefined): token is string {
  return typeof token === 'string' && /^[A-Za-z0-9_-]{43}$/.test(token)
}

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex')
}

export function timingSafeEqualStrings(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && crypto.timingSafeEqual(left, right)
}
