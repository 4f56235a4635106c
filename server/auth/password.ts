import { hash, verify } from '@node-rs/argon2'

/**
 * argon2id with the OWASP-recommended minimum (19 MiB, 2 passes, 1 lane).
 * `Algorithm.Argon2id` is a const enum that isolated modules cannot inline.
 */
const ARGON2ID = 2
const options = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const

export const passwordRules = { minLength: 10, maxLength: 256 } as const

export function hashPassword(password: string): Promise<string> {
  return hash(password, options)
}

// Verified against when the account does not exist, so that response time
// does not reveal which emails are registered.
let decoyHash: Promise<string> | undefined

export async function verifyPassword(password: string, passwordHash: string | null | undefined): Promise<boolean> {
  if (!passwordHash) {
    decoyHash ??= hashPassword('decoy-password-for-constant-time')
    await verify(await decoyHash, password).catch(() => false)
    return false
  }
  return verify(passwordHash, password).catch(() => false)
}
