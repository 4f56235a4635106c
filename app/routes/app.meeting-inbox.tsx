import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { ActionButton, FormError } from '~/components/forms'
import { getApi } from '~/utils/api.server'
import { actionError, loaderError, type ActionErrors } from '~/utils/errors.server'
import { readForm } from '~/utils/forms.server'
import { utcMinute } from '~/utils/dates'
import { usePermissions } from '~/utils/permissions'

export const meta: MetaFunction = () => [{ title: 'Meeting mailbox · Hireproof' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api } = await getApi(request, context)
  try {
    return json(await api.meetingInbox.get())
  } catch (error) {
    return loaderError(error, request)
  }
}

type Result = ActionErrors & { message?: string }

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request)
  const { api } = await getApi(request, context)
  try {
    const enabled = form.get('intent') === 'enable'
    const { address } = await api.meetingInbox.set({ enabled })
    return json<Result>({ message: address ? `The mailbox is on: ${address}` : 'The mailbox is off; its address no longer works.' })
  } catch (error) {
    return actionError(error)
  }
}

const outcomes: Record<string, string> = {
  interview_created: 'Interview scheduled',
  interview_updated: 'Interview updated',
  interview_cancelled: 'Meeting cancelled',
  unmatched: 'No matching candidate',
  ignored: 'Ignored',
}

export default function MeetingInbox() {
  const { configured, address, received } = useLoaderData<typeof loader>()
  const result = useActionData<Result>()
  const { can } = usePermissions()
  return (
    <>
      <h1>Meeting mailbox</h1>
      <p className="hint">
        Add the mailbox to a calendar invite with a candidate, and the interview appears on their application with its time and
        meeting link. Invites must come from a member; the candidate is found by their email address among the invite’s guests.
        Updated invites move the interview; cancelled ones are marked.
      </p>
      {result?.message ? <p role="status">{result.message}</p> : null}
      <FormError message={result?.formError} />
      {!configured ? (
        <p className="empty">
          Not available on this server: it needs INBOUND_EMAIL_DOMAIN and Mailgun’s webhook signing key, with a Mailgun route to
          /webhooks/mailgun/inbound.
        </p>
      ) : address ? (
        <p>
          Your organization’s mailbox: <code className="copyable">{address}</code>
        </p>
      ) : (
        <p className="empty">The mailbox is off.</p>
      )}
      {configured && can('org.update') ? (
        address ? (
          <>
            <ActionButton intent="enable" label="Give it a new address" formLabel="Replace the mailbox address" className="button" />
            <ActionButton intent="disable" label="Turn the mailbox off" formLabel="Turn the mailbox off" className="button danger" />
          </>
        ) : (
          <ActionButton intent="enable" label="Turn the mailbox on" formLabel="Turn the mailbox on" className="button primary" />
        )
      ) : null}
      <section aria-labelledby="received-heading">
        <h2 id="received-heading">Received lately</h2>
        {received.length === 0 ? (
          <p className="empty">Nothing yet.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">From</th>
                <th scope="col">Subject</th>
                <th scope="col">Outcome</th>
              </tr>
            </thead>
            <tbody>
              {received.map((r) => (
                <tr key={r.id}>
                  <td>{utcMinute(r.receivedAt)}</td>
                  <td>{r.sender}</td>
                  <td>{r.subject}</td>
                  <td>
                    {r.interviewId ? <Link to={`/app/interviews/${r.interviewId}`}>{outcomes[r.outcome] ?? r.outcome}</Link> : (outcomes[r.outcome] ?? r.outcome)}
                    {r.detail ? <span className="hint"> — {r.detail}</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  )
}
