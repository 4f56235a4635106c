import type { Database } from '../../db'
import { AppError } from '../../errors'
import type { Access } from '../../authz/access'
import { appendAuditEvent, type AuditContext } from '../../audit/append'
import { retryFailedJob } from '../../jobs/queue'
import { emailJobKey } from './delivery'

/**
 * What an organization's admins see of its email delivery: the emails Mailgun has not accepted yet after at least
 * one attempt (still being retried) and those given up on, newest first, with the provider's last answer. A given-up
 * email can be sent again. Emails of no organization (sign-in links, trust-center notices) are the operator's.
 */
export async function listDeliveryProblems(db: Database, access: Access) {
  const emails = await db.prisma.outboxEmail.findMany({
    where: { orgId: access.orgId, OR: [{ status: 'FAILED' }, { status: 'PENDING', attempts: { gt: 0 } }] },
    orderBy: { createdAt: 'desc' },
    take: 100,
    select: { id: true, to: true, subject: true, template: true, status: true, attempts: true, lastError: true, createdAt: true },
  })
  return emails.map((email) =>
    email.status === 'FAILED'
      ? // Given up: the provider's answer no longer promises another try.
        { ...email, status: 'failed' as const, lastError: email.lastError?.replace(/;\s*will try again\.?$/, '.') ?? null }
      : { ...email, status: 'retrying' as const },
  )
}

/** Queues a given-up email again from its first attempt. Audited; refused unless it failed and belongs to the organization. */
export async function resendFailedEmail(db: Database, access: Access, audit: AuditContext, input: { emailId: string }) {
  return db.prisma.$transaction(async (tx) => {
    const { count } = await tx.outboxEmail.updateMany({
      where: { id: input.emailId, orgId: access.orgId, status: 'FAILED' },
      data: { status: 'PENDING', attempts: 0 },
    })
    if (count !== 1) throw new AppError('NOT_FOUND', 'No failed email to send again. It may have been sent or retried already.')
    if (!(await retryFailedJob(tx, emailJobKey(input.emailId)))) {
      throw new AppError('CONFLICT', 'This email is not waiting to be sent again; reload the page.')
    }
    await appendAuditEvent(tx, audit, { orgId: access.orgId, action: 'email.resent', targets: [{ type: 'email', id: input.emailId }] })
    return { queued: true }
  })
}
