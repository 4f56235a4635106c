import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { base32Decode, base32Encode, generateTotpSecret, otpauthUri, totp, totpStep, verifyTotp } from '../../server/auth/totp'

// RFC 6238 Appendix B: the seeds are ASCII "1234567890" repeated to the hash's length.
const seeds = {
  sha1: Buffer.from('12345678901234567890'),
  sha256: Buffer.from('12345678901234567890123456789012'),
  sha512: Buffer.from('1234567890123456789012345678901234567890123456789012345678901234'),
}
const vectors: [number, string, string, string][] = [
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1111111111, '14050471', '67062674', '99943326'],
  [1234567890, '89005924', '91819424', '93441116'],
  [2000000000, '69279037', '90698825', '38618901'],
  [20000000000, '65353130', '77737706', '47863826'],
]

describe('TOTP (RFC 6238)', () => {
  it.each(vectors)('Appendix B at T=%i', (seconds, sha1, sha256, sha512) => {
    const at = new Date(seconds * 1000)
    expect(totp(seeds.sha1, at, { digits: 8 })).toBe(sha1)
    expect(totp(seeds.sha256, at, { digits: 8, algorithm: 'sha256' })).toBe(sha256)
    expect(totp(seeds.sha512, at, { digits: 8, algorithm: 'sha512' })).toBe(sha512)
  })

  it('agrees with Debian oathtool, computed independently', () => {
    const secret = generateTotpSecret()
    for (const seconds of [0, 59, 1_700_000_000, 2_000_000_030]) {
      const at = new Date(seconds * 1000)
      const result = spawnSync('oathtool', ['--totp', '--base32', `--now=${at.toISOString().replace('T', ' ').replace('.000Z', ' UTC')}`, secret], {
        encoding: 'utf8',
      })
      expect(result.error, 'oathtool must be installed (scripts/test.sh installs it)').toBeUndefined()
      expect(result.stdout.trim()).toBe(totp(base32Decode(secret), at))
    }
  })

  it('accepts the previous, current and next step, and nothing further', () => {
    const key = base32Decode(generateTotpSecret())
    const now = new Date('2026-11-23T12:00:15Z')
    const step = totpStep(now)
    for (const offset of [-1, 0, 1]) {
      expect(verifyTotp(key, totp(key, new Date(now.getTime() + offset * 30_000)), now)).toBe(step + offset)
    }
    for (const offset of [-2, 2]) {
      expect(verifyTotp(key, totp(key, new Date(now.getTime() + offset * 30_000)), now)).toBeNull()
    }
  })

  it('accepts a code once: the step used and earlier ones are refused', () => {
    const key = base32Decode(generateTotpSecret())
    const now = new Date('2026-11-23T12:00:15Z')
    const code = totp(key, now)
    const used = verifyTotp(key, code, now)
    expect(used).not.toBeNull()
    expect(verifyTotp(key, code, now, used)).toBeNull()
    expect(verifyTotp(key, totp(key, new Date(now.getTime() - 30_000)), now, used)).toBeNull()
    expect(verifyTotp(key, totp(key, new Date(now.getTime() + 30_000)), now, used)).toBe(used! + 1)
  })

  it('refuses malformed codes', () => {
    const key = base32Decode(generateTotpSecret())
    for (const code of ['', '12345', '1234567', 'abcdef', '12 456']) expect(verifyTotp(key, code, new Date())).toBeNull()
  })

  it('round-trips base32 and builds the enrolment URI', () => {
    const bytes = Buffer.from('any bytes at all')
    expect(base32Decode(base32Encode(bytes))).toEqual(bytes)
    expect(base32Encode(Buffer.from('12345678901234567890'))).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ')
    expect(otpauthUri({ secret: 'ABC', account: 'ann@acme.test', issuer: 'Hireproof' })).toBe(
      'otpauth://totp/Hireproof%3Aann%40acme.test?secret=ABC&issuer=Hireproof&algorithm=SHA1&digits=6&period=30',
    )
  })
})
