import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

/**
 * Encryption at rest for secrets the application itself must read back
 * (TOTP keys; later IdP and integration credentials). AES-256-GCM with a
 * random 96-bit IV per value and a `context` bound as additional data, so a
 * sealed value copied into another row (another user's) does not open.
 *
 * Keys form a ring: the first seals, all open, so a key can be rotated by
 * putting the new one first and re-sealing at leisure. Sealed format:
 * `<keyId>.<iv>.<ciphertext>.<tag>`, base64url parts.
 */
export type SecretKey = { id: string; key: Buffer }

export class SecretBox {
  constructor(private readonly keys: readonly SecretKey[]) {
    if (keys.length === 0) throw new Error('SecretBox needs at least one key')
    for (const k of keys) {
      if (k.key.length !== 32) throw new Error(`Encryption key "${k.id}" must be 32 bytes`)
      if (!/^[A-Za-z0-9_-]{1,32}$/.test(k.id)) throw new Error(`Encryption key id "${k.id}" must be 1–32 letters, digits, _ or -`)
    }
  }

  seal(plaintext: string, context: string): string {
    const { id, key } = this.keys[0]!
    const iv = crypto.randomBytes(12)
    const cipher = crypto.createCipheriv('aes-256-gcm', key, iv)
    cipher.setAAD(Buffer.from(context, 'utf8'))
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
    return [id, iv, ciphertext, cipher.getAuthTag()].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.')
  }

  /** Throws when the value was altered, sealed for another context, or under a key not in the ring. */
  open(sealed: string, context: string): string {
    const [id, iv, ciphertext, tag, extra] = sealed.split('.')
    if (!id || !iv || ciphertext === undefined || !tag || extra !== undefined) throw new Error('Not a sealed value')
    const entry = this.keys.find((k) => k.id === id)
    if (!entry) throw new Error(`Sealed with unknown key "${id}"`)
    const decipher = crypto.createDecipheriv('aes-256-gcm', entry.key, Buffer.from(iv, 'base64url'))
    decipher.setAAD(Buffer.from(context, 'utf8'))
    decipher.setAuthTag(Buffer.from(tag, 'base64url'))
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8')
  }

  /** Whether `sealed` was made with an older key and should be sealed again. */
  needsRotation(sealed: string): boolean {
    return sealed.split('.')[0] !== this.keys[0]!.id
  }
}

/** "k2:<base64 32 bytes>,k1:<…>" → key ring, newest first. */
export function parseKeyRing(text: string): SecretKey[] {
  return text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [id, encoded] = entry.split(':')
      if (!id || !encoded) throw new Error('ENCRYPTION_KEYS entries look like id:base64key')
      return { id, key: Buffer.from(encoded, 'base64') }
    })
}

/**
 * The key ring from ENCRYPTION_KEYS, or — outside production only — a key
 * kept in a file next to the local data (created on first use, mode 0600),
 * so the embedded mode works with no configuration.
 */
export function loadSecretBox(options: { keyRing?: string; localFile?: string }): SecretBox {
  if (options.keyRing) return new SecretBox(parseKeyRing(options.keyRing))
  if (!options.localFile) throw new Error('ENCRYPTION_KEYS is not set')
  const file = path.resolve(options.localFile)
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.writeFileSync(file, `local:${crypto.randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' })
  }
  return new SecretBox(parseKeyRing(fs.readFileSync(file, 'utf8')))
}
