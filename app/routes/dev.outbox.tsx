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

export default function Outbox() {
  const { emails } = useLoaderData<typeof loader>()
  return (
    <main id="main" className="app-main">
      <h1>Mail outbox</h1>
      <p className="hint">Emails sent to you or by your organization on this local instance, newest first.</p>
      {emails.length === 0 ? <p className="empty">No emails yet.</p> : null}
      {emails.map((email) => (
        <article key={email.id} className="card" style={{ marginBottom: 12 }}>
          <h2 style={{ fontSize: 16 }}>{email.subject}</h2>
          <p className="hint">
            To {email.to} · {new Date(email.createdAt).toUTCString()}
          </p>
          <pre style={{ whiteSpace: 'pre-wrap' }}>{email.text}</pre>
        </article>
      ))}
    </main>
  )
}
