import crypto from 'node:crypto'

/**
 * Time-based one-time passwords (RFC 6238, on HOTP of RFC 4226), as
 * authenticator apps compute them: 30-second steps, 6 digits, HMAC-SHA1 by
 * default. Verification accepts the previous, current and next step (clock
 * skew of ±30 s) and refuses a step at or before the last one used, so a
 * code works once.
 */
export type TotpOptions = { digits?: number; period?: number; algorithm?: 'sha1' | 'sha256' | 'sha512' }

const base32Alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

export function base32Encode(bytes: Uint8Array): string {
  let bits = 0
  let value = 0
  let out = ''
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += base32Alphabet[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) out += base32Alphabet[(value << (5 - bits)) & 31]
  return out
}

export function base32Decode(text: string): Buffer {
  const clean = text.toUpperCase().replace(/[\s=-]/g, '')
  let bits = 0
  let value = 0
  const out: number[] = []
  for (const char of clean) {
    const index = base32Alphabet.indexOf(char)
    if (index === -1) throw new Error('Invalid base32 secret')
    value = (value << 5) | index
    bits += 5
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255)
      bits -= 8
    }
  }
  return Buffer.from(out)
}

/** A new 160-bit secret, base32 as authenticator apps expect it. */
export function generateTotpSecret(): string {
  return base32Encode(crypto.randomBytes(20))
}

export function hotp(key: Buffer, counter: number, digits = 6, algorithm: TotpOptions['algorithm'] = 'sha1'): string {
  const message = Buffer.alloc(8)
  message.writeBigUInt64BE(BigInt(counter))
  const mac = crypto.createHmac(algorithm!, key).update(message).digest()
  const offset = mac[mac.length - 1]! & 0x0f
  const binary = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits
  return binary.toString().padStart(digits, '0')
}

export const totpStep = (at: Date, period = 30) => Math.floor(at.getTime() / 1000 / period)

export function totp(key: Buffer, at: Date, options: TotpOptions = {}): string {
  return hotp(key, totpStep(at, options.period), options.digits ?? 6, options.algorithm ?? 'sha1')
}

/**
 * The step the code belongs to, or null. `lastUsedStep` is the step of the
 * last accepted code: that step and earlier ones are refused (replay).
 */
export function verifyTotp(
  key: Buffer,
  code: string,
  at: Date,
  lastUsedStep: number | null = null,
  options: TotpOptions = {},
): number | null {
  const digits = options.digits ?? 6
  if (!new RegExp(`^\\d{${digits}}$`).test(code)) return null
  const current = totpStep(at, options.period)
  for (const step of [current - 1, current, current + 1]) {
    if (lastUsedStep !== null && step <= lastUsedStep) continue
    const expected = hotp(key, step, digits, options.algorithm ?? 'sha1')
    if (crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(code))) return step
  }
  return null
}

/** The otpauth:// URI an authenticator app reads from the enrolment QR code. */
export function otpauthUri(input: { secret: string; account: string; issuer: string }): string {
  const label = encodeURIComponent(`${input.issuer}:${input.account}`)
  const params = new URLSearchParams({ secret: input.secret, issuer: input.issuer, algorithm: 'SHA1', digits: '6', period: '30' })
  return `otpauth://totp/${label}?${params}`
}
