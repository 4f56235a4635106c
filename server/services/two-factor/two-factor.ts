import crypto from 'node:crypto'
import type { Database } from '../../db'
import { AppError } from '../../errors'
import type { SecretBox } from '../../security/secret-box'
import { base32Decode, base32Encode, generateTotpSecret, otpauthUri, verifyTotp } from '../../auth/totp'
import { verifyPassword } from '../../auth/password'
import type { AuditContext } from '../../audit/append'
import { appendAccountEvent } from '../../audit/account-events'

/**
 * TOTP second factor for any user (RFC 6238, 6 digits, 30 s, ±1 step).
 * - Enrolment is two steps: `beginEnrolment` stores a new sealed secret and
 *   returns what the authenticator app needs (otpauth URI for the QR code,
 *   the key for typing in); `confirmEnrolment` turns the factor on only
 *   after a valid code, and returns 10 recovery codes, shown once.
 * - A code is accepted once: the accepted step is stored with a conditional
 *   update, so two requests racing with the same code cannot both pass.
 * - Recovery codes are single-use (conditional update on usedAt) and stored
 *   as SHA-256: they carry 80 random bits, so a fast hash is enough.
 * - Turning the factor off needs the password and a current code.
 */
export const recoveryCodeCount = 10
const issuer = 'Hireproof'
const context = (userId: string) => `totp:${userId}`

/** "ABCD-EFGH-IJKL-MNOP": 80 bits, grouped for reading aloud. */
function newRecoveryCode() {
  return base32Encode(crypto.randomBytes(10)).match(/.{4}/g)!.join('-')
}
const normalizeRecoveryCode = (code: string) => code.toUpperCase().replace(/[^A-Z2-7]/g, '')
const hashRecoveryCode = (code: string) => crypto.createHash('sha256').update(normalizeRecoveryCode(code)).digest('hex')

export async function twoFactorStatus(db: Database, userId: string) {
  const factor = await db.prisma.twoFactor.findUnique({ where: { userId } })
  const remaining = await db.prisma.recoveryCode.count({ where: { userId, usedAt: null } })
  return { enabled: Boolean(factor?.confirmedAt), confirmedAt: factor?.confirmedAt ?? null, recoveryCodesLeft: factor?.confirmedAt ? remaining : 0 }
}

export async function beginEnrolment(db: Database, box: SecretBox, user: { id: string; email: string }) {
  const existing = await db.prisma.twoFactor.findUnique({ where: { userId: user.id } })
  if (existing?.confirmedAt) throw new AppError('CONFLICT', 'Two-factor authentication is already on. Turn it off first to enrol a new device.')
  const secret = generateTotpSecret()
  const secretSealed = box.seal(secret, context(user.id))
  await db.prisma.twoFactor.upsert({
    where: { userId: user.id },
    create: { userId: user.id, secretSealed },
    update: { secretSealed, lastUsedStep: null },
  })
  return { otpauthUri: otpauthUri({ secret, account: user.email, issuer }), manualKey: secret.match(/.{1,4}/g)!.join(' ') }
}

/**
 * The authenticator waiting for confirmation, if any, so that a page reload
 * or a mistyped code shows the same QR code rather than a new secret.
 */
export async function pendingEnrolment(db: Database, box: SecretBox, user: { id: string; email: string }) {
  const factor = await db.prisma.twoFactor.findUnique({ where: { userId: user.id } })
  if (!factor || factor.confirmedAt) return null
  const secret = box.open(factor.secretSealed, context(user.id))
  return { otpauthUri: otpauthUri({ secret, account: user.email, issuer }), manualKey: secret.match(/.{1,4}/g)!.join(' ') }
}

/** Accepts the code of a step after the last accepted one, and records it; false otherwise. */
async function acceptCode(db: Database, box: SecretBox, userId: string, code: string, now: Date, requireConfirmed: boolean) {
  const factor = await db.prisma.twoFactor.findUnique({ where: { userId } })
  if (!factor || (requireConfirmed && !factor.confirmedAt)) return false
  const key = base32Decode(box.open(factor.secretSealed, context(userId)))
  const step = verifyTotp(key, code.replace(/\s/g, ''), now, factor.lastUsedStep)
  if (step === null) return false
  const claimed = await db.prisma.twoFactor.updateMany({
    where: { userId, OR: [{ lastUsedStep: null }, { lastUsedStep: { lt: step } }] },
    data: { lastUsedStep: step },
  })
  return claimed.count === 1
}

/**
 * Turns the factor on. Done from a session (`keepSessionId`, the session
 * making the change), every other session of the user is signed out in the
 * same transaction: one opened with a stolen password must not outlive the
 * new factor.
 */
export async function confirmEnrolment(
  db: Database,
  box: SecretBox,
  userId: string,
  code: string,
  now = new Date(),
  audit?: AuditContext,
  keepSessionId?: string,
) {
  const factor = await db.prisma.twoFactor.findUnique({ where: { userId } })
  if (!factor) throw new AppError('NOT_FOUND', 'Start the set-up again: no authenticator is waiting for confirmation.')
  if (factor.confirmedAt) throw new AppError('CONFLICT', 'Two-factor authentication is already on.')
  if (!(await acceptCode(db, box, userId, code, now, false))) {
    throw new AppError('UNPROCESSABLE', 'That code is not valid. Check the time on your phone and enter the current 6-digit code.', { code: 'Invalid code' })
  }
  const codes = Array.from({ length: recoveryCodeCount }, newRecoveryCode)
  await db.prisma.$transaction(async (tx) => {
    await tx.twoFactor.update({ where: { userId }, data: { confirmedAt: now } })
    await tx.recoveryCode.deleteMany({ where: { userId } })
    await tx.recoveryCode.createMany({ data: codes.map((c) => ({ userId, codeHash: hashRecoveryCode(c) })) })
    const otherSessionsEnded = keepSessionId
      ? (await tx.session.updateMany({ where: { userId, revokedAt: null, id: { not: keepSessionId } }, data: { revokedAt: now } })).count
      : 0
    if (audit) {
      await appendAccountEvent(tx, audit, await tx.user.findUniqueOrThrow({ where: { id: userId } }), 'two_factor.enabled', { otherSessionsEnded })
    }
  })
  return { recoveryCodes: codes }
}

/** A sign-in's second step: a current TOTP code or an unused recovery code. */
export async function verifySecondFactor(db: Database, box: SecretBox, userId: string, code: string, now = new Date()) {
  const trimmed = code.trim()
  if (/^\d{6}$/.test(trimmed.replace(/\s/g, ''))) {
    return (await acceptCode(db, box, userId, trimmed, now, true)) ? ('totp' as const) : null
  }
  if (normalizeRecoveryCode(trimmed).length !== 16) return null
  const used = await db.prisma.recoveryCode.updateMany({
    where: { userId, codeHash: hashRecoveryCode(trimmed), usedAt: null, user: { twoFactor: { confirmedAt: { not: null } } } },
    data: { usedAt: now },
  })
  return used.count === 1 ? ('recovery_code' as const) : null
}

export async function regenerateRecoveryCodes(
  db: Database,
  box: SecretBox,
  userId: string,
  code: string,
  now = new Date(),
  audit?: AuditContext,
) {
  if (!(await acceptCode(db, box, userId, code, now, true))) throw new AppError('UNPROCESSABLE', 'That code is not valid.', { code: 'Invalid code' })
  const codes = Array.from({ length: recoveryCodeCount }, newRecoveryCode)
  await db.prisma.$transaction(async (tx) => {
    await tx.recoveryCode.deleteMany({ where: { userId } })
    await tx.recoveryCode.createMany({ data: codes.map((c) => ({ userId, codeHash: hashRecoveryCode(c) })) })
    if (audit) {
      await appendAccountEvent(tx, audit, await tx.user.findUniqueOrThrow({ where: { id: userId } }), 'two_factor.recovery_codes_regenerated')
    }
  })
  return { recoveryCodes: codes }
}

/** Turning the factor off re-authenticates: the password and a current code (or a recovery code). */
export async function disableTwoFactor(
  db: Database,
  box: SecretBox,
  userId: string,
  input: { password: string; code: string },
  now = new Date(),
  audit?: AuditContext,
) {
  const user = await db.prisma.user.findUniqueOrThrow({ where: { id: userId } })
  // Constant time even without a password (SSO-only users): a decoy hash is checked.
  const passwordOk = await verifyPassword(input.password, user.passwordHash)
  if (!passwordOk) throw new AppError('UNPROCESSABLE', 'Your password is not correct.', { password: 'Not correct' })
  if (!(await verifySecondFactor(db, box, userId, input.code, now))) throw new AppError('UNPROCESSABLE', 'That code is not valid.', { code: 'Invalid code' })
  await db.prisma.$transaction(async (tx) => {
    await tx.recoveryCode.deleteMany({ where: { userId } })
    await tx.twoFactor.delete({ where: { userId } })
    if (audit) await appendAccountEvent(tx, audit, user, 'two_factor.disabled')
  })
}
