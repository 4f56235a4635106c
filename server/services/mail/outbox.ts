import type { DbClient } from '../../db/types'
import { getEnv, type Env } from '../../env'
import { enqueueJob } from '../../jobs/queue'
import { emailJobKey, emailJobKind, emailMaxAttempts, mailTransportOf } from './delivery'
import { emailTemplates, type EmailTemplateName } from './templates'

/**
 * Queues an email in the outbox, in the caller's transaction, so an email is
 * recorded if and only if the change that caused it commits.
 *
 * Delivery depends on the process's configuration (`env`, the process's own by
 * default): without Mailgun the outbox is the delivery, so the row is written
 * SENT (the dev outbox shows it); with Mailgun the row is written PENDING
 * together with a durable `send-email` job (key `email:<id>`), and the job
 * sends it after the transaction commits, retrying failures (delivery.ts).
 */
export async function enqueueEmail<T extends EmailTemplateName>(
  db: DbClient,
  input: { to: string; orgId?: string | null; template: T; data: Parameters<(typeof emailTemplates)[T]>[0] },
  env: Pick<Env, 'MAILGUN_API_KEY' | 'MAILGUN_DOMAIN' | 'MAILGUN_URL' | 'MAIL_FROM' | 'MAIL_TIMEOUT_MS'> = getEnv(),
) {
  const render = emailTemplates[input.template] as (data: unknown) => { subject: string; text: string; html: string }
  const rendered = render(input.data)
  const orgId = input.orgId ?? null
  if (mailTransportOf(env) === 'local') {
    return db.outboxEmail.create({
      data: { to: input.to, orgId, template: input.template, ...rendered, status: 'SENT', attempts: 1, sentAt: new Date() },
    })
  }
  const email = await db.outboxEmail.create({ data: { to: input.to, orgId, template: input.template, ...rendered } })
  await enqueueJob(db, {
    kind: emailJobKind,
    key: emailJobKey(email.id),
    orgId,
    payload: { outboxId: email.id },
    maxAttempts: emailMaxAttempts,
  })
  return email
}
