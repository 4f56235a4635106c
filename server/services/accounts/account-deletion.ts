import type { Prisma } from '@prisma/client'
import type { Database } from '../../db'
import type { DbClient } from '../../db/types'
import type { Env } from '../../env'
import { AppError } from '../../errors'
import { verifyPassword } from '../../auth/password'
import { appendAuditEvent, systemAuditContext, type AuditContext } from '../../audit/append'
import { effectivePermissions, type OverrideRow } from '../../authz/access'
import { enqueueJob, JobError, retryFailedJob } from '../../jobs/queue'
import type { JobHandler } from '../../jobs/worker'
import { ClerkUnavailableError, deleteClerkUser } from '../../auth/clerk/clerk-api'
import { recordDeletedInClerk } from '../../auth/clerk/clerk-users'
import { enforceRateLimits, type RateLimitRule } from '../rate-limit/rate-limit'
import { normalizeEmail } from './accounts'

/**
 * Self-serve account deletion (erasure of a user's personal data).
 *
 * Asking: the user confirms with their current password, or, without one
 * (SSO and Clerk accounts), by typing their email. It is refused while the
 * user is an organization's only active member (delete the organization
 * first) or its only active member able to manage members (hand over
 * first). Accepted, in one transaction: `deletionRequestedAt` is set (no
 * sign-in path accepts the account from then on), every session ends,
 * pending second-factor sign-ins go, `account.deletion_requested` is audited
 * in each organization of the user (ids and counts only), and the durable
 * job `delete-user-account` is queued to run at once.
 *
 * The job erases: the Clerk user (when Clerk is configured), then, in one
 * transaction with the job's completion, invitations and outbox emails
 * addressed to them, their name in copies of invitations they sent, their
 * interview participations, SSO failures and rate-limit counters naming
 * them, and the User row (memberships, sessions, second factor, recovery
 * codes, pending sign-ins and job assignments go with it by cascade).
 * `account.deleted` is audited in each former organization. Records of the
 * organizations that name the user by id only (authorId, createdById,
 * decidedById…) keep that opaque id; pages show "Former member".
 * The audit log keeps what it recorded (see server/services/privacy/README.md).
 */
export const accountDeletionJobKind = 'delete-user-account'
export const accountDeletionJobKey = (userId: string) => `account-deletion:${userId}`
/** Confirmations per account: a stolen session alone must not buy unlimited password guesses. */
export const deletionConfirmLimit: RateLimitRule = { limit: 10, windowSeconds: 15 * 60 }
/** The promise made on the page; in practice the job runs within minutes. */
export const deletionDeadlineDays = 30

export type DeletionBlocker = { orgId: string; orgName: string; reason: 'only_member' | 'last_owner' | 'sole_manager' }

export function blockerMessage(blocker: DeletionBlocker) {
  switch (blocker.reason) {
    case 'only_member':
      return `You are the only active member of ${blocker.orgName}: schedule the organization’s deletion first, or invite someone to take it over.`
    case 'last_owner':
      return `You are the last owner of ${blocker.orgName}: make another member owner first.`
    case 'sole_manager':
      return `You are the only member of ${blocker.orgName} who can manage members: give another member that permission first.`
  }
}

const organizationsOf = async (db: DbClient, userId: string) =>
  (await db.membership.findMany({ where: { userId }, select: { orgId: true }, orderBy: { orgId: 'asc' } })).map((m) => m.orgId)

type MembershipAccess = { role: { key: string; permissions: string[] }; overrides: OverrideRow[] }
const managesMembers = (m: MembershipAccess) => effectivePermissions(m.role.permissions, m.overrides).has('members.manage')
const isOwner = (m: MembershipAccess) => m.role.key === 'owner'
const accessSelect = {
  role: { select: { key: true, permissions: true } },
  overrides: { select: { permission: true, effect: true } },
} as const

/**
 * The organizations the user cannot leave behind yet: one with no other active
 * member (it would be orphaned), without an owner (every organization keeps
 * one, as server/services/members enforces), or without anyone able to manage
 * members. Other members who asked for deletion themselves do not count, nor
 * does an organization already scheduled for deletion (it goes anyway).
 */
export async function deletionBlockers(db: DbClient, userId: string): Promise<DeletionBlocker[]> {
  const mine = await db.membership.findMany({
    where: { userId, status: 'ACTIVE' },
    orderBy: { createdAt: 'asc' },
    select: { orgId: true, org: { select: { name: true } }, ...accessSelect },
  })
  if (mine.length === 0) return []
  const closing = await db.organizationDeletion.findMany({
    where: { orgId: { in: mine.map((m) => m.orgId) }, cancelledAt: null, completedAt: null },
    select: { orgId: true },
  })
  const others = await db.membership.findMany({
    where: { orgId: { in: mine.map((m) => m.orgId) }, status: 'ACTIVE', userId: { not: userId }, user: { deletionRequestedAt: null } },
    select: { orgId: true, ...accessSelect },
  })
  const blockers: DeletionBlocker[] = []
  for (const m of mine) {
    if (closing.some((c) => c.orgId === m.orgId)) continue
    const colleagues = others.filter((o) => o.orgId === m.orgId)
    const reason: DeletionBlocker['reason'] | null =
      colleagues.length === 0
        ? 'only_member'
        : isOwner(m) && !colleagues.some(isOwner)
          ? 'last_owner'
          : managesMembers(m) && !colleagues.some(managesMembers)
            ? 'sole_manager'
            : null
    if (reason) blockers.push({ orgId: m.orgId, orgName: m.org.name, reason })
  }
  return blockers
}

/** What the privacy page needs to offer deletion: how to confirm, and what stands in the way. */
export async function accountDeletionStatus(db: Database, userId: string) {
  const user = await db.prisma.user.findUniqueOrThrow({ where: { id: userId } })
  return {
    email: user.email,
    hasPassword: user.passwordHash !== null,
    operatorAccount: user.isStaff || user.isPlatformAdmin,
    blockers: (await deletionBlockers(db.prisma, userId)).map((b) => ({ ...b, message: blockerMessage(b) })),
  }
}

export async function requestAccountDeletion(
  db: Database,
  userId: string,
  audit: AuditContext,
  input: { password?: string; confirmEmail?: string },
  now = new Date(),
) {
  const user = await db.prisma.user.findUniqueOrThrow({ where: { id: userId } })
  if (user.isStaff || user.isPlatformAdmin) {
    throw new AppError('FORBIDDEN', 'Hireproof operator accounts are closed by the operator, not from this page.')
  }
  if (user.deletionRequestedAt) throw new AppError('CONFLICT', 'Your account is already being deleted.')
  await enforceRateLimits(db, [[`account-deletion:user:${user.id}`, deletionConfirmLimit]], (retryAfter) =>
    `Too many attempts. Try again in ${Math.ceil(retryAfter / 60)} minutes.`,
  )
  if (user.passwordHash) {
    if (!(await verifyPassword(input.password ?? '', user.passwordHash))) {
      throw new AppError('UNPROCESSABLE', 'That is not your current password. Nothing was deleted.', {
        password: 'Enter your current password',
      })
    }
  } else if (normalizeEmail(input.confirmEmail ?? '') !== user.email) {
    throw new AppError('UNPROCESSABLE', 'The email you typed is not your account’s. Nothing was deleted.', {
      confirmEmail: `Type ${user.email} to confirm`,
    })
  }
  return db.prisma.$transaction(async (tx) => {
    const orgIds = await organizationsOf(tx, userId)
    // Two members asking at once must not both pass the check: the second waits here, then sees the first's request.
    for (const orgId of orgIds) await tx.$queryRaw`SELECT 1 FROM "Organization" WHERE "id" = ${orgId} FOR NO KEY UPDATE`
    const blockers = await deletionBlockers(tx, userId)
    if (blockers.length > 0) {
      throw new AppError('UNPROCESSABLE', `Your account cannot be deleted yet. ${blockers.map(blockerMessage).join(' ')}`)
    }
    const claimed = await tx.user.updateMany({ where: { id: userId, deletionRequestedAt: null }, data: { deletionRequestedAt: now } })
    if (claimed.count !== 1) throw new AppError('CONFLICT', 'Your account is already being deleted.')
    const sessions = await tx.session.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now } })
    await tx.pendingSignIn.deleteMany({ where: { userId } })
    for (const orgId of orgIds) {
      await appendAuditEvent(tx, audit, {
        orgId,
        action: 'account.deletion_requested',
        targets: [{ type: 'user', id: userId }],
        metadata: { sessionsEnded: sessions.count, deadlineDays: deletionDeadlineDays },
      })
    }
    const key = accountDeletionJobKey(userId)
    await enqueueJob(tx, { kind: accountDeletionJobKind, key, payload: { userId }, runAt: now, maxAttempts: 10 })
    return { deletionRequestedAt: now, sessionsEnded: sessions.count }
  })
}

/**
 * The erasure itself, inside the job's completing transaction. Everything
 * addressed to the email goes; the row goes last, taking its cascades.
 */
async function eraseAccount(tx: Prisma.TransactionClient, userId: string, jobId: string) {
  // Read again here: what the row holds now (an identity provider may have changed it) is what goes.
  const user = await tx.user.findUnique({ where: { id: userId } })
  if (!user) return
  const orgIds = await organizationsOf(tx, user.id)
  // Copies of invitations they sent keep being delivered (the invitation stays valid), without their name.
  const sent = user.name.trim()
    ? await tx.invitation.findMany({ where: { invitedById: user.id }, select: { orgId: true, email: true } })
    : []
  const scrub = (text: string) =>
    [user.name, escapeHtml(user.name)].reduce((t, name) => t.split(`${name} invited you`).join('A member invited you'), text)
  let redacted = 0
  for (const invitation of sent) {
    const copies = await tx.outboxEmail.findMany({ where: { to: invitation.email, orgId: invitation.orgId, template: 'invitation' } })
    for (const copy of copies) {
      const data = { subject: scrub(copy.subject), text: scrub(copy.text), html: scrub(copy.html) }
      if (data.subject !== copy.subject || data.text !== copy.text || data.html !== copy.html) {
        await tx.outboxEmail.update({ where: { id: copy.id }, data })
        redacted++
      }
    }
  }
  const invitations = await tx.invitation.deleteMany({ where: { email: user.email } })
  const emails = await tx.outboxEmail.deleteMany({ where: { to: user.email } })
  const participations = await tx.interviewParticipant.deleteMany({ where: { userId: user.id } })
  await tx.ssoFailure.deleteMany({ where: { email: user.email } })
  // Their product-analytics events in the local log (ANALYTICS=local); PostHog's copy is erased there (providers/analytics).
  await tx.analyticsEvent.deleteMany({ where: { distinctId: user.id } })
  await tx.rateLimitCounter.deleteMany({
    where: { key: { in: [`signin:email:${user.email}`, `second-factor:user:${user.id}`, `account-deletion:user:${user.id}`] } },
  })
  // A Clerk session token minted before the deletion, or a late webhook, must not bring the account back.
  if (user.clerkUserId) await recordDeletedInClerk(tx, user.clerkUserId, 'account.deleted')
  await tx.user.delete({ where: { id: user.id } })
  for (const orgId of orgIds) {
    await appendAuditEvent(tx, systemAuditContext(`job:${jobId}`), {
      orgId,
      action: 'account.deleted',
      targets: [{ type: 'user', id: user.id }],
      metadata: {
        invitationsDeleted: invitations.count,
        emailsDeleted: emails.count,
        emailsRedacted: redacted,
        participationsDeleted: participations.count,
      },
    })
  }
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!)

export function deleteUserAccountHandler(deps: { env: Env }): JobHandler {
  return async ({ job, db, commit }) => {
    const userId = (job.payload as { userId?: unknown }).userId
    if (typeof userId !== 'string') throw new JobError('The job names no account.', false)
    const user = await db.prisma.user.findUnique({ where: { id: userId } })
    if (!user) return // erased by an earlier attempt
    // Never erase an account that did not ask for it, whatever put the job here.
    if (!user.deletionRequestedAt) throw new JobError('The account has not asked to be deleted.', false)
    if (user.clerkUserId && deps.env.clerk) {
      try {
        await deleteClerkUser(deps.env.clerk, user.clerkUserId)
      } catch (error) {
        if (error instanceof ClerkUnavailableError) throw new JobError('Clerk could not be reached to delete the user; retrying.', true)
        throw error
      }
    }
    await commit((tx) => eraseAccount(tx, user.id, job.id))
  }
}

/**
 * The 30-day promise does not rest on one job: hourly, every process queues
 * again the deletion of any account that asked more than an hour ago and is
 * still here (its job failed for good, or was never written). Idempotent.
 */
export async function requeueStalledAccountDeletions(db: Database, now = new Date()) {
  const stalled = await db.prisma.user.findMany({
    where: { deletionRequestedAt: { lt: new Date(now.getTime() - 3600_000) } },
    select: { id: true },
    take: 100,
  })
  let requeued = 0
  for (const { id } of stalled) {
    const key = accountDeletionJobKey(id)
    const job = await db.prisma.backgroundJob.findUnique({ where: { key }, select: { status: true } })
    if (!job) {
      await enqueueJob(db.prisma, { kind: accountDeletionJobKind, key, payload: { userId: id }, maxAttempts: 10 })
      requeued++
    } else if (job.status === 'FAILED' && (await retryFailedJob(db.prisma, key))) {
      requeued++
    }
  }
  return requeued
}
