import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import crypto from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { loadSecretBox, parseKeyRing, SecretBox } from '../../server/security/secret-box'

const key = (id: string) => ({ id, key: crypto.randomBytes(32) })

describe('secret box', () => {
  const k1 = key('k1')
  const box = new SecretBox([k1])

  it('round-trips, with a fresh IV each time, and never contains the plaintext', () => {
    const a = box.seal('JBSWY3DPEHPK3PXP', 'totp:user-1')
    const b = box.seal('JBSWY3DPEHPK3PXP', 'totp:user-1')
    expect(a).not.toBe(b)
    expect(a).not.toContain('JBSWY3DPEHPK3PXP')
    expect(a.startsWith('k1.')).toBe(true)
    expect(box.open(a, 'totp:user-1')).toBe('JBSWY3DPEHPK3PXP')
  })

  it('refuses a value sealed for another context (another user’s row)', () => {
    const sealed = box.seal('secret', 'totp:user-1')
    expect(() => box.open(sealed, 'totp:user-2')).toThrow()
  })

  it('refuses any altered byte and malformed input', () => {
    const sealed = box.seal('secret', 'ctx')
    const [id, iv, ciphertext, tag] = sealed.split('.') as [string, string, string, string]
    const flipped = Buffer.from(ciphertext, 'base64url')
    flipped[0]! ^= 1
    expect(() => box.open([id, iv, flipped.toString('base64url'), tag].join('.'), 'ctx')).toThrow()
    expect(() => box.open([id, iv, ciphertext, Buffer.alloc(16).toString('base64url')].join('.'), 'ctx')).toThrow()
    expect(() => box.open('garbage', 'ctx')).toThrow(/Not a sealed value/)
    expect(() => box.open(`k9.${iv}.${ciphertext}.${tag}`, 'ctx')).toThrow(/unknown key "k9"/)
  })

  it('rotates: the newest key seals, older keys still open, and old values are flagged', () => {
    const old = box.seal('secret', 'ctx')
    const rotated = new SecretBox([key('k2'), k1])
    expect(rotated.open(old, 'ctx')).toBe('secret')
    expect(rotated.needsRotation(old)).toBe(true)
    const fresh = rotated.seal('secret', 'ctx')
    expect(fresh.startsWith('k2.')).toBe(true)
    expect(rotated.needsRotation(fresh)).toBe(false)
  })

  it('parses a key ring and refuses weak keys', () => {
    const ring = parseKeyRing(`k2:${crypto.randomBytes(32).toString('base64')}, k1:${crypto.randomBytes(32).toString('base64')}`)
    expect(ring.map((k) => k.id)).toEqual(['k2', 'k1'])
    expect(() => new SecretBox(parseKeyRing('k1:c2hvcnQ='))).toThrow(/32 bytes/)
    expect(() => new SecretBox([])).toThrow()
  })

  it('outside production, keeps a local key file (mode 0600) and reuses it', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'box-')), 'encryption.key')
    const first = loadSecretBox({ localFile: file })
    const sealed = first.seal('secret', 'ctx')
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)
    expect(loadSecretBox({ localFile: file }).open(sealed, 'ctx')).toBe('secret')
    expect(() => loadSecretBox({})).toThrow(/ENCRYPTION_KEYS is not set/)
  })
})
