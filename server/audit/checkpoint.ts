import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { Database } from '../db'
import { canonicalJson } from './canonical'

/**
 * Daily signed checkpoints. Each says "organization O's audit chain had SEQ
 * events ending in HASH on DAY", signed with the operator's Ed25519 key. A
 * customer who keeps an export can later prove, offline and with only the
 * public key, that no event up to SEQ was changed or removed since.
 *
 * The private key comes from AUDIT_SIGNING_KEY (PKCS#8 PEM). In embedded
 * mode without it, a key is generated once and kept in the data folder.
 */
export type SigningKey = { keyId: string; privateKey: crypto.KeyObject; publicKeyPem: string }

export function signingKeyFromPem(pem: string): SigningKey {
  const privateKey = crypto.createPrivateKey(pem)
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('AUDIT_SIGNING_KEY must be an Ed25519 private key (PKCS#8 PEM)')
  const publicKey = crypto.createPublicKey(privateKey)
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString()
  const raw = publicKey.export({ type: 'spki', format: 'der' })
  return { keyId: crypto.createHash('sha256').update(raw).digest('hex').slice(0, 16), privateKey, publicKeyPem }
}

export function generateSigningKeyPem(): string {
  const { privateKey } = crypto.generateKeyPairSync('ed25519')
  return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
}

/** The configured key, or a persistent local one in embedded mode; null means checkpoints are off. */
export function loadSigningKey(options: { pem?: string; localDir?: string }): SigningKey | null {
  if (options.pem) return signingKeyFromPem(options.pem.replace(/\\n/g, '\n'))
  if (!options.localDir) return null
  const file = path.join(options.localDir, 'audit-signing-key.pem')
  if (!fs.existsSync(file)) {
    fs.mkdirSync(options.localDir, { recursive: true })
    fs.writeFileSync(file, generateSigningKeyPem(), { mode: 0o600 })
  }
  return signingKeyFromPem(fs.readFileSync(file, 'utf8'))
}

export type CheckpointStatement = { orgId: string; day: string; seq: number; hash: string; keyId: string }

export const checkpointMessage = (statement: CheckpointStatement) =>
  canonicalJson({ kind: 'hireproof-audit-checkpoint/1', ...statement })

export function signCheckpoint(key: SigningKey, statement: CheckpointStatement): string {
  return crypto.sign(null, Buffer.from(checkpointMessage(statement)), key.privateKey).toString('base64')
}

export function verifyCheckpointSignature(publicKeyPem: string, statement: CheckpointStatement, signature: string): boolean {
  try {
    return crypto.verify(null, Buffer.from(checkpointMessage(statement)), publicKeyPem, Buffer.from(signature, 'base64'))
  } catch {
    return false
  }
}

const utcDay = (date: Date) => date.toISOString().slice(0, 10)

/**
 * Signs today's checkpoint for every organization with events (or just
 * `orgId`), once per day: a unique key on org+day makes concurrent runners
 * harmless. Exports call it too, so every export carries a checkpoint.
 * Returns how many checkpoints were written.
 */
export async function createDailyCheckpoints(
  db: Database,
  key: SigningKey,
  options: { now?: Date; orgId?: string } = {},
): Promise<number> {
  const day = utcDay(options.now ?? new Date())
  const heads = await db.query<{ orgId: string; seq: number; hash: string }>(
    `SELECT h."orgId", h."seq", h."hash" FROM "AuditChainHead" h
     WHERE h."seq" > 0 AND ($2::text IS NULL OR h."orgId" = $2)
       AND NOT EXISTS (SELECT 1 FROM "AuditCheckpoint" c WHERE c."orgId" = h."orgId" AND c."day" = $1)`,
    [day, options.orgId ?? null],
  )
  let written = 0
  for (const head of heads) {
    const statement = { orgId: head.orgId, day, seq: Number(head.seq), hash: head.hash, keyId: key.keyId }
    const rows = await db.query(
      `INSERT INTO "AuditCheckpoint" ("id", "orgId", "day", "seq", "hash", "keyId", "signature")
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT ("orgId", "day") DO NOTHING RETURNING "id"`,
      [crypto.randomUUID(), head.orgId, day, statement.seq, head.hash, key.keyId, signCheckpoint(key, statement)],
    )
    written += rows.length
  }
  return written
}
