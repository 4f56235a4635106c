import type { DbClient } from '../../db/types'
import { emailTemplates, type EmailTemplateName } from './templates'

/**
 * Queues an email in the outbox, in the caller's transaction, so an email is
 * recorded if and only if the change that caused it commits. Delivery (local:
 * the outbox itself; Mailgun when configured) happens outside the transaction.
 */
export async function enqueueEmail<T extends EmailTemplateName>(
  db: DbClient,
  input: { to: string; orgId?: string | null; template: T; data: Parameters<(typeof emailTemplates)[T]>[0] },
) {
  const render = emailTemplates[input.template] as (data: unknown) => { subject: string; text: string; html: string }
  const rendered = render(input.data)
  return db.outboxEmail.create({
    data: { to: input.to, orgId: input.orgId ?? null, template: input.template, ...rendered },
  })
}
