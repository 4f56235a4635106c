import QRCode from 'qrcode'
import { authedProcedure } from '../../procedures'
import { pendingEnrolment, twoFactorStatus } from '../../../services/two-factor/two-factor'
import { getSecretBox } from '../../../security/app-secret-box'

/**
 * The signed-in user's second factor, the authenticator waiting for
 * confirmation (QR code as inline SVG and the key to type in), and which of
 * their organizations require a second factor.
 */
export const getTwoFactorStatusProcedure = authedProcedure.query(async ({ ctx }) => {
  const status = await twoFactorStatus(ctx.db, ctx.user.id)
  const pending = status.enabled ? null : await pendingEnrolment(ctx.db, getSecretBox(ctx.env), ctx.user)
  const requiredBy = await ctx.db.prisma.organization.findMany({
    where: { requireTwoFactor: true, memberships: { some: { userId: ctx.user.id, status: 'ACTIVE' } } },
    select: { name: true },
    orderBy: { name: 'asc' },
  })
  return {
    ...status,
    hasPassword: ctx.user.passwordHash !== null,
    requiredBy: requiredBy.map((o) => o.name),
    pending: pending
      ? { manualKey: pending.manualKey, qrSvg: await QRCode.toString(pending.otpauthUri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }) }
      : null,
  }
})
