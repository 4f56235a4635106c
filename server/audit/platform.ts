import type { Prisma } from '@prisma/client'

/**
 * The operator's own trail of platform-console actions. These act on no
 * tenant (the sub-processor list, gated trust documents), so they cannot go
 * into an organization's chain; they are kept in PlatformAuditEvent, which a
 * trigger makes append-only like the tenant log.
 */
export const platformActions = {
  'subprocessor.change_announced': 'Announced a sub-processor change',
  'gated_document.request_approved': 'Approved a gated-document request',
  'gated_document.request_denied': 'Denied a gated-document request',
  'organization.plan_set': 'Set an organization’s plan by hand (no Stripe subscription decides it)',
  'organization.breach_notified': 'Emailed an organization’s owners a security-incident (personal-data breach) notification',
  // Written by the deletion job (actor "system"): the organization's own log is deleted with it.
  'organization.deleted': 'Deleted an organization at the end of its contract, with what was removed',
} as const

export type PlatformAction = keyof typeof platformActions

export type PlatformActor = { id: string; email: string; ip: string; userAgent: string; requestId: string }

export async function recordPlatformEvent(
  tx: Prisma.TransactionClient,
  actor: PlatformActor,
  event: { action: PlatformAction; target: { type: string; id: string }; data?: Record<string, unknown> },
) {
  return tx.platformAuditEvent.create({
    data: {
      actorId: actor.id,
      actorEmail: actor.email,
      action: event.action,
      targetType: event.target.type,
      targetId: event.target.id,
      data: (event.data ?? {}) as Prisma.InputJsonValue,
      ip: actor.ip,
      userAgent: actor.userAgent,
      requestId: actor.requestId,
    },
  })
}
