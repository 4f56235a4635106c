import { describe, expect, it } from 'vitest'
import { useTestDatabase } from '../setup/database'
import { createOrgWithOwner, createUser } from '../factories'
import { purgeExpiredIdentityRecords, ssoFailureRetentionDays } from '../../server/services/housekeeping/identity-records'

const db = await useTestDatabase()
const now = new Date(Date.UTC(2026, 10, 23, 12))
const minutes = (n: number) => new Date(now.getTime() + n * 60_000)

describe('identity housekeeping', () => {
  it('deletes only what has expired: pending sign-ins, old SAML requests, spent assertion IDs, failures past retention', async () => {
    const user = await createUser(db)
    const { org } = await createOrgWithOwner(db)
    await db.prisma.pendingSignIn.createMany({
      data: [
        { tokenHash: 'expired-pending', userId: user.id, expiresAt: minutes(-1) },
        { tokenHash: 'live-pending', userId: user.id, expiresAt: minutes(4) },
      ],
    })
    await db.prisma.samlRequest.createMany({
      data: [
        { id: '_old', orgId: org.id, expiresAt: minutes(-25 * 60) },
        { id: '_recent', orgId: org.id, expiresAt: minutes(-5) },
      ],
    })
    await db.prisma.samlAssertionSeen.createMany({
      data: [
        { orgId: org.id, assertionId: '_spent', expiresAt: minutes(-1) },
        { orgId: org.id, assertionId: '_live', expiresAt: minutes(3) },
      ],
    })
    await db.prisma.ssoFailure.createMany({
      data: [
        { orgId: org.id, reason: 'signature', createdAt: minutes(-(ssoFailureRetentionDays + 1) * 24 * 60) },
        { orgId: org.id, reason: 'audience', createdAt: minutes(-60) },
      ],
    })
    expect(await purgeExpiredIdentityRecords(db, now)).toEqual({ pendingSignIns: 1, samlRequests: 1, assertions: 1, ssoFailures: 1 })
    expect((await db.prisma.pendingSignIn.findMany()).map((p) => p.tokenHash)).toEqual(['live-pending'])
    expect((await db.prisma.samlRequest.findMany()).map((r) => r.id)).toEqual(['_recent'])
    expect((await db.prisma.samlAssertionSeen.findMany()).map((a) => a.assertionId)).toEqual(['_live'])
    expect((await db.prisma.ssoFailure.findMany()).map((f) => f.reason)).toEqual(['audience'])
    expect(await purgeExpiredIdentityRecords(db, now)).toEqual({ pendingSignIns: 0, samlRequests: 0, assertions: 0, ssoFailures: 0 })
  })
})
