import type { Env } from '../../env'
import { JobError } from '../../jobs/queue'
import type { JobHandler } from '../../jobs/worker'
import { createMailgunTransport, MailDeliveryError, type MailgunConfig } from './mailgun'

/**
 * Delivery of outbox emails (see README.md). Locally the outbox row is the delivery: it is written SENT and the
 * dev outbox shows it. With Mailgun configured the row is written PENDING with a `send-email` job in the same
 * transaction, and the job sends it: SENT with Mailgun's id, PENDING again with the error while retries remain,
 * FAILED when Mailgun refuses it for good or the attempts run out.
 */
export const emailJobKind = 'send-email'
export const emailJobKey = (outboxId: string) => `email:${outboxId}`
/** With the queue's backoff (5 s doubling, capped at 10 min) the last attempt is about 40 minutes after the first. */
export const emailMaxAttempts = 10

type MailEnv = Pick<Env, 'MAILGUN_API_KEY' | 'MAILGUN_DOMAIN' | 'MAILGUN_URL' | 'MAIL_FROM' | 'MAIL_TIMEOUT_MS'>

/** Mailgun's settings when its key and domain are set; null means the local outbox. */
export function mailgunConfigOf(env: MailEnv): MailgunConfig | null {
  if (!env.MAILGUN_API_KEY || !env.MAILGUN_DOMAIN) return null
  return {
    apiKey: env.MAILGUN_API_KEY,
    domain: env.MAILGUN_DOMAIN,
    url: env.MAILGUN_URL.replace(/\/+$/, ''),
    from: env.MAIL_FROM,
    timeoutMs: env.MAIL_TIMEOUT_MS,
  }
}

export const mailTransportOf = (env: MailEnv): 'mailgun' | 'local' => (mailgunConfigOf(env) ? 'mailgun' : 'local')

/**
 * Sends the outbox row named by the job. A row already SENT is not sent again (a replayed job, or one taken over
 * after its worker died after recording the send); a row that is gone (its account, organization or candidate was
 * deleted) has nothing left to send. Mailgun has no idempotency key, so a worker that dies between Mailgun
 * accepting the message and the commit below leaves the row PENDING and the next attempt sends it again: delivery
 * is at least once, with that window as the only source of duplicates.
 */
const notConfigured = 'Mailgun is not configured in the process that ran this job (MAILGUN_API_KEY, MAILGUN_DOMAIN).'

export function sendEmailHandler(deps: { env: MailEnv }): JobHandler {
  const config = mailgunConfigOf(deps.env)
  const transport = config ? createMailgunTransport(config) : null
  return async ({ job, db, commit }) => {
    const outboxId = (job.payload as { outboxId?: unknown } | null)?.outboxId
    if (typeof outboxId !== 'string') throw new JobError('The job names no email.', false)
    const email = await db.prisma.outboxEmail.findUnique({ where: { id: outboxId } })
    if (!email || email.status === 'SENT') return
    const notSent = { id: email.id, status: { not: 'SENT' as const } }
    if (!transport) {
      // Queued by a process with Mailgun configured, run by one without: a configuration error, not a delivery.
      const error = new JobError(notConfigured, true)
      await recordFailure(error, job.attempts >= job.maxAttempts)
      throw error
    }
    let providerMessageId: string | null
    try {
      ;({ providerMessageId } = await transport.send(email))
    } catch (error) {
      const failure =
        error instanceof MailDeliveryError ? error : new MailDeliveryError('Sending failed unexpectedly; will try again.', true)
      const jobError = new JobError(failure.message, failure.retryable)
      await recordFailure(jobError, !failure.retryable || job.attempts >= job.maxAttempts)
      throw jobError
    }
    await commit((tx) =>
      tx.outboxEmail.updateMany({
        where: notSent,
        data: { status: 'SENT', sentAt: new Date(), providerMessageId, attempts: job.attempts, lastError: null },
      }),
    )

    async function recordFailure(error: JobError, final: boolean) {
      await db.prisma.outboxEmail.updateMany({
        where: notSent,
        data: { status: final ? 'FAILED' : 'PENDING', attempts: job.attempts, lastError: error.message },
      })
    }
  }
}
