import crypto from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { useTestDatabase } from '../setup/database'
import { createUser } from '../factories'
import { expectAppError } from './expect-app-error'
import { SecretBox } from '../../server/security/secret-box'
import { base32Decode, totp } from '../../server/auth/totp'
import { hashPassword } from '../../server/auth/password'
import {
  beginEnrolment,
  confirmEnrolment,
  disableTwoFactor,
  regenerateRecoveryCodes,
  twoFactorStatus,
  verifySecondFactor,
} from '../../server/services/two-factor/two-factor'

/** TOTP enrolment, verification and recovery codes against the real database and the real secret box. */
const db = await useTestDatabase()
const box = new SecretBox([{ id: 'test', key: crypto.randomBytes(32) }])
const secretOf = (uri: string) => base32Decode(new URL(uri).searchParams.get('secret')!)
const at = (seconds: number) => new Date(Date.UTC(2026, 10, 23, 12, 0, 0) + seconds * 1000)

async function enrolled() {
  const user = await createUser(db, { passwordHash: await hashPassword('correct horse battery') })
  const { otpauthUri } = await beginEnrolment(db, box, user)
  const key = secretOf(otpauthUri)
  const { recoveryCodes } = await confirmEnrolment(db, box, user.id, totp(key, at(0)), at(0))
  return { user, key, recoveryCodes }
}

describe('two-factor authentication', () => {
  it('stores the secret sealed, not in clear, and turns on only after a valid code', async () => {
    const user = await createUser(db)
    const { otpauthUri, manualKey } = await beginEnrolment(db, box, user)
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/Hireproof%3A.+\?secret=[A-Z2-7]+&issuer=Hireproof/)
    const secret = new URL(otpauthUri).searchParams.get('secret')!
    expect(manualKey.replace(/ /g, '')).toBe(secret)
    const row = await db.prisma.twoFactor.findUniqueOrThrow({ where: { userId: user.id } })
    expect(row.secretSealed).not.toContain(secret)
    expect(box.open(row.secretSealed, `totp:${user.id}`)).toBe(secret)
    expect((await twoFactorStatus(db, user.id)).enabled).toBe(false)

    await expectAppError(confirmEnrolment(db, box, user.id, '000000', at(0)), 'UNPROCESSABLE')
    const { recoveryCodes } = await confirmEnrolment(db, box, user.id, totp(secretOf(otpauthUri), at(0)), at(0))
    expect(recoveryCodes).toHaveLength(10)
    expect(new Set(recoveryCodes).size).toBe(10)
    for (const code of recoveryCodes) expect(code).toMatch(/^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$/)
    const stored = await db.prisma.recoveryCode.findMany({ where: { userId: user.id } })
    expect(stored.map((r) => r.codeHash).join()).not.toContain(recoveryCodes[0]!.replace(/-/g, ''))
    expect(await twoFactorStatus(db, user.id)).toMatchObject({ enabled: true, recoveryCodesLeft: 10 })
    await expectAppError(beginEnrolment(db, box, user), 'CONFLICT')
  })

  it('accepts a code within ±1 step, refuses older ones, and accepts each code only once (replay)', async () => {
    const { user, key } = await enrolled()
    // The enrolment code (step 0) cannot be used again, even though it is within the window.
    expect(await verifySecondFactor(db, box, user.id, totp(key, at(0)), at(10))).toBeNull()
    expect(await verifySecondFactor(db, box, user.id, totp(key, at(60)), at(30))).toBe('totp') // one step ahead
    expect(await verifySecondFactor(db, box, user.id, totp(key, at(60)), at(60))).toBeNull() // replay
    expect(await verifySecondFactor(db, box, user.id, totp(key, at(30)), at(90))).toBeNull() // older than the last used
    expect(await verifySecondFactor(db, box, user.id, totp(key, at(120)), at(210))).toBeNull() // three steps late
    expect(await verifySecondFactor(db, box, user.id, totp(key, at(240)), at(270))).toBe('totp') // one step behind
  })

  it('lets exactly one of two concurrent requests with the same code through', async () => {
    const { user, key } = await enrolled()
    const code = totp(key, at(300))
    const results = await Promise.all([1, 2, 3].map(() => verifySecondFactor(db, box, user.id, code, at(300))))
    expect(results.filter((r) => r === 'totp')).toHaveLength(1)
  })

  it('accepts each recovery code once, in any spelling, and regenerating replaces them all', async () => {
    const { user, key, recoveryCodes } = await enrolled()
    const [first, second] = recoveryCodes as [string, string]
    expect(await verifySecondFactor(db, box, user.id, first.toLowerCase().replace(/-/g, ' '), at(30))).toBe('recovery_code')
    expect(await verifySecondFactor(db, box, user.id, first, at(30))).toBeNull()
    expect((await twoFactorStatus(db, user.id)).recoveryCodesLeft).toBe(9)
    expect(await verifySecondFactor(db, box, user.id, 'AAAA-BBBB-CCCC-DDDD', at(30))).toBeNull()

    const { recoveryCodes: fresh } = await regenerateRecoveryCodes(db, box, user.id, totp(key, at(60)), at(60))
    expect(await verifySecondFactor(db, box, user.id, second, at(90))).toBeNull()
    expect(await verifySecondFactor(db, box, user.id, fresh[0]!, at(90))).toBe('recovery_code')
  })

  it('turns off only with the password and a valid code', async () => {
    const { user, key } = await enrolled()
    await expectAppError(disableTwoFactor(db, box, user.id, { password: 'wrong password', code: totp(key, at(30)) }, at(30)), 'UNPROCESSABLE')
    await expectAppError(disableTwoFactor(db, box, user.id, { password: 'correct horse battery', code: '123456' }, at(30)), 'UNPROCESSABLE')
    expect((await twoFactorStatus(db, user.id)).enabled).toBe(true)
    await disableTwoFactor(db, box, user.id, { password: 'correct horse battery', code: totp(key, at(60)) }, at(60))
    expect(await twoFactorStatus(db, user.id)).toMatchObject({ enabled: false, recoveryCodesLeft: 0 })
    expect(await db.prisma.recoveryCode.count({ where: { userId: user.id } })).toBe(0)
  })

  it('a sealed secret copied to another user does not open', async () => {
    const { user } = await enrolled()
    const other = await createUser(db)
    const row = await db.prisma.twoFactor.findUniqueOrThrow({ where: { userId: user.id } })
    await db.prisma.twoFactor.create({ data: { userId: other.id, secretSealed: row.secretSealed, confirmedAt: new Date() } })
    await expect(verifySecondFactor(db, box, other.id, '123456', at(30))).rejects.toThrow()
  })
})
