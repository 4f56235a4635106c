import FormData from 'form-data'
import Mailgun from 'mailgun.js'

/**
 * Sends one email through Mailgun's messages API with the official `mailgun.js` client. It never retries and never
 * logs: retries belong to the job queue, and neither the key nor the message may reach a log. Every failure is a
 * `MailDeliveryError` whose message is ours (no key, no address, no body) and whose `retryable` flag decides between
 * another attempt later and giving up.
 */
export type MailgunConfig = {
  apiKey: string
  domain: string
  /** API base: https://api.mailgun.net, https://api.eu.mailgun.net, or a test server. */
  url: string
  /** "Name <address>". */
  from: string
  timeoutMs: number
}

export type OutgoingEmail = { id: string; to: string; subject: string; text: string; html: string; template: string }

export class MailDeliveryError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message)
    this.name = 'MailDeliveryError'
  }
}

export function createMailgunTransport(config: MailgunConfig) {
  const client = new Mailgun(FormData).client({ username: 'api', key: config.apiKey, url: config.url, timeout: config.timeoutMs })
  return {
    /** Resolves with Mailgun's message id once Mailgun has accepted (queued) the message. */
    async send(email: OutgoingEmail): Promise<{ providerMessageId: string | null }> {
      try {
        const result = await client.messages.create(config.domain, {
          from: config.from,
          to: [email.to],
          subject: email.subject,
          text: email.text,
          html: email.html,
          'o:tag': [email.template],
          // Our emails carry secret links (invitations, consent, downloads): no click-tracking redirects through
          // Mailgun, and no open-tracking pixel on candidates.
          'o:tracking': 'no',
          'o:tracking-clicks': 'no',
          'o:tracking-opens': 'no',
          // Comes back in Mailgun's events and webhooks, to find the outbox row of a bounce.
          'v:outbox-id': email.id,
        })
        return { providerMessageId: result.id ?? null }
      } catch (error) {
        throw mailgunError(error, config.timeoutMs)
      }
    },
  }
}

/** Status codes that mean "not now" rather than "never". */
const retryableStatuses = new Set([408, 429])

/**
 * mailgun.js turns every failure into a MailgunAPIError. One with an HTTP answer has that status and its standard
 * reason phrase as the message; one without (timeout, refused connection, reset) gets status 400 and the network
 * error's code (ECONNABORTED, ECONNREFUSED, ERR_NETWORK…) as the message, so the code is checked before the status:
 * a timeout must be retried, not taken for Mailgun refusing the message.
 */
export function mailgunError(error: unknown, timeoutMs: number): MailDeliveryError {
  const { status, message } = (error ?? {}) as { status?: unknown; message?: unknown }
  const code = typeof message === 'string' && /^(E[A-Z0-9_]+|ERR_[A-Z0-9_]+)$/.test(message) ? message : null
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') {
    return new MailDeliveryError(`Mailgun did not answer within ${Math.round(timeoutMs / 1000)} s; will try again.`, true)
  }
  if (code) return new MailDeliveryError(`Could not reach Mailgun (${code}); will try again.`, true)
  if (typeof status !== 'number' || !message) return new MailDeliveryError('Mailgun could not be reached; will try again.', true)
  if (status === 429) return new MailDeliveryError('Mailgun is limiting the sending rate (HTTP 429); will try again.', true)
  if (status >= 500 || retryableStatuses.has(status)) {
    return new MailDeliveryError(`Mailgun is unavailable (HTTP ${status}); will try again.`, true)
  }
  if (status === 401 || status === 403) {
    return new MailDeliveryError(`Mailgun refused the API key (HTTP ${status}): check MAILGUN_API_KEY and MAILGUN_DOMAIN.`, false)
  }
  if (status === 404) {
    const message = 'Mailgun does not know the sending domain (HTTP 404): check MAILGUN_DOMAIN and MAILGUN_URL.'
    return new MailDeliveryError(message, false)
  }
  return new MailDeliveryError(`Mailgun refused the message (HTTP ${status}).`, false)
}
