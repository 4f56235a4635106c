import type { Database } from '../../db'
import { AppError } from '../../errors'
import { generateToken, hashToken } from '../../auth/tokens'
import { enqueueEmail } from '../mail/outbox'
import { enforceRateLimits } from '../rate-limit/rate-limit'
import { normalizeEmail } from '../accounts/accounts'

/**
 * Email notices of sub-processor changes. Subscribing is double opt-in: a
 * request only sends a confirmation link, and the answer is the same whether
 * the address is new, pending or already subscribed (no enumeration).
 * Notices go to confirmed subscribers for changes announced after they
 * confirmed; each sent notice leaves a receipt (who, which change, when, which
 * email), and a receipt's unique key makes sending idempotent.
 */
export const confirmationLifetimeMs = 24 * 3600_000
export const subscribeLimits = { perIp: { limit: 5, windowSeconds: 3600 }, perEmail: { limit: 3, windowSeconds: 3600 } }

export type AnnouncedChange = {
  id: string
  subprocessorName: string
  type: string
  summary: string
  announcedAt: string
  effectiveAt: string
}

export async function requestSubscription(db: Database, input: { email: string; ip: string; appUrl: string }, now = new Date()) {
  const email = normalizeEmail(input.email)
  await enforceRateLimits(
    db,
    [
      [`trust-subscribe:ip:${input.ip}`, subscribeLimits.perIp],
      [`trust-subscribe:email:${email}`, subscribeLimits.perEmail],
    ],
    () => 'Too many requests. Try again in an hour.',
    now,
  )
  const existing = await db.prisma.trustSubscriber.findUnique({ where: { email } })
  if (existing?.confirmedAt && !existing.unsubscribedAt) return
  const confirmToken = generateToken()
  await db.prisma.$transaction(async (tx) => {
    const data = {
      confirmTokenHash: hashToken(confirmToken),
      confirmExpiresAt: new Date(now.getTime() + confirmationLifetimeMs),
      confirmedAt: null,
      unsubscribedAt: null,
    }
    await tx.trustSubscriber.upsert({
      where: { email },
      create: { email, ...data, unsubscribeTokenHash: hashToken(generateToken()) },
      update: data,
    })
    await enqueueEmail(tx, {
      to: email,
      template: 'subprocessorSubscribeConfirm',
      data: { confirmUrl: `${input.appUrl}/trust/subscription/confirm?token=${confirmToken}` },
    })
  })
}

/** Whether a confirmation link is still usable (the page shows a button; the POST confirms). */
export async function findPendingSubscription(db: Database, token: string, now = new Date()) {
  if (!token || token.length > 200) return null
  const subscriber = await db.prisma.trustSubscriber.findUnique({ where: { confirmTokenHash: hashToken(token) } })
  return subscriber && subscriber.confirmExpiresAt && subscriber.confirmExpiresAt > now ? subscriber : null
}

export async function confirmSubscription(db: Database, token: string, now = new Date()) {
  const pending = await findPendingSubscription(db, token, now)
  if (!pending) throw new AppError('NOT_FOUND', 'This confirmation link is invalid or has expired. Subscribe again to get a new one.')
  await db.prisma.trustSubscriber.update({
    where: { id: pending.id },
    data: { confirmedAt: now, confirmTokenHash: null, confirmExpiresAt: null },
  })
  return pending.email
}

export async function unsubscribe(db: Database, token: string, now = new Date()) {
  if (!token || token.length > 200) throw new AppError('NOT_FOUND', 'This link is invalid.')
  const result = await db.prisma.trustSubscriber.updateMany({
    where: { unsubscribeTokenHash: hashToken(token), unsubscribedAt: null },
    data: { unsubscribedAt: now },
  })
  if (result.count === 0) throw new AppError('NOT_FOUND', 'This link is invalid or you are already unsubscribed.')
}

/**
 * Emails every confirmed subscriber about each announced change they have not
 * been told about, and that was announced after they confirmed. Each email
 * carries a fresh unsubscribe link (the token is rotated, only its hash kept).
 * Safe to run from many processes: a duplicate receipt aborts its own send.
 */
export async function sendSubprocessorNotices(db: Database, changes: AnnouncedChange[], appUrl: string, now = new Date()) {
  let sent = 0
  const announced = changes.filter((c) => Date.parse(`${c.announcedAt}T00:00:00Z`) <= now.getTime())
  if (announced.length === 0) return 0
  const subscribers = await db.prisma.trustSubscriber.findMany({
    where: { confirmedAt: { not: null }, unsubscribedAt: null },
    include: { receipts: { select: { changeId: true } } },
  })
  for (const subscriber of subscribers) {
    const told = new Set(subscriber.receipts.map((r) => r.changeId))
    for (const change of announced) {
      if (told.has(change.id)) continue
      const confirmedDay = Math.floor(subscriber.confirmedAt!.getTime() / 86_400_000) * 86_400_000
      if (Date.parse(`${change.announcedAt}T00:00:00Z`) < confirmedDay) continue
      const unsubscribeToken = generateToken()
      const delivered = await db.prisma
        .$transaction(async (tx) => {
          await tx.trustSubscriber.update({ where: { id: subscriber.id }, data: { unsubscribeTokenHash: hashToken(unsubscribeToken) } })
          const email = await enqueueEmail(tx, {
            to: subscriber.email,
            template: 'subprocessorChangeNotice',
            data: {
              subprocessor: change.subprocessorName,
              change: change.type,
              summary: change.summary,
              effectiveAt: change.effectiveAt,
              listUrl: `${appUrl}/trust/subprocessors`,
              unsubscribeUrl: `${appUrl}/trust/subscription/unsubscribe?token=${unsubscribeToken}`,
            },
          })
          await tx.trustNoticeReceipt.create({ data: { subscriberId: subscriber.id, changeId: change.id, emailId: email.id, sentAt: now } })
          return true
        })
        .catch(() => false) // another process sent it first (unique receipt)
      if (delivered) sent++
    }
  }
  return sent
}
