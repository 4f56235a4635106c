import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { getEnv } from '~/utils/env.server'
import { latestOutboxEmails } from '~/utils/outbox.server'
import { getApi } from '~/utils/api.server'

export const meta: MetaFunction = () => [{ title: 'Mail outbox · Hireproof' }]

/**
 * Local mail outbox, for embedded and development mode only: it shows every
 * email the app queued for the signed-in user or their organization, so
 * invitation links can be followed without a mail service. Not served in
 * production deployments.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  if (!getEnv().devTools) throw json({ message: 'Not found' }, { status: 404 })
  const { auth } = await getApi(request, context)
  if (!auth) throw json({ message: 'Sign in to see the outbox' }, { status: 401 })
  return json({
    emails: await latestOutboxEmails({
      email: auth.user.email,
      activeOrgId: auth.membership ? auth.session.activeOrgId : null,
    }),
  })
}

type Delivery = { status: 'PENDING' | 'SENT' | 'FAILED'; attempts: number; providerMessageId: string | null }

/** What happened to the email, in words: delivered here, sent through Mailgun, waiting, retrying or failed. */
function deliveryLabel(email: Delivery) {
  if (email.status === 'SENT') {
    return email.providerMessageId ? 'Sent through Mailgun' : 'Delivered to this outbox (no mail service configured)'
  }
  if (email.status === 'FAILED') return 'Failed: not delivered'
  return email.attempts === 0 ? 'Queued for Mailgun' : 'Waiting to retry'
}

export default function Outbox() {
  const { emails } = useLoaderData<typeof loader>()
  return (
    <main id="main" className="app-main">
      <h1>Mail outbox</h1>
      <p className="hint">
        Emails sent to you or by your organization on this instance, newest first. Without Mailgun configured this outbox is where
        they are delivered; with Mailgun, it shows whether each was sent.
      </p>
      {emails.length === 0 ? <p className="empty">No emails yet.</p> : null}
      {emails.map((email) => (
        <article key={email.id} className="card" style={{ marginBottom: 12 }}>
          <h2 style={{ fontSize: 16 }}>{email.subject}</h2>
          <p className="hint">
            To {email.to} · {new Date(email.createdAt).toUTCString()}
          </p>
          <dl className="facts">
            <dt>Status</dt>
            <dd>
              <span className={email.status === 'SENT' ? 'badge ok' : 'badge'}>{email.status.toLowerCase()}</span>{' '}
              {deliveryLabel(email)}
            </dd>
            <dt>Template</dt>
            <dd>{email.template}</dd>
            <dt>Attempts</dt>
            <dd>{email.attempts}</dd>
            {email.sentAt ? (
              <>
                <dt>Sent</dt>
                <dd>{new Date(email.sentAt).toUTCString()}</dd>
              </>
            ) : null}
            {email.providerMessageId ? (
              <>
                <dt>Provider id</dt>
                <dd>
                  <code>{email.providerMessageId}</code>
                </dd>
              </>
            ) : null}
            {email.lastError ? (
              <>
                <dt>Last error</dt>
                <dd>{email.lastError}</dd>
              </>
            ) : null}
          </dl>
          <pre style={{ whiteSpace: 'pre-wrap' }}>{email.text}</pre>
        </article>
      ))}
    </main>
  )
}
