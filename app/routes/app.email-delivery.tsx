import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { ActionButton, FormError } from '~/components/forms'
import { getApi } from '~/utils/api.server'
import { actionError, loaderError, type ActionErrors } from '~/utils/errors.server'
import { readForm } from '~/utils/forms.server'
import { utcMinute } from '~/utils/dates'

export const meta: MetaFunction = () => [{ title: 'Email delivery · Hireproof' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api } = await getApi(request, context)
  try {
    return json({ emails: await api.email.deliveryProblems() })
  } catch (error) {
    return loaderError(error, request)
  }
}

type Result = ActionErrors & { message?: string }

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request)
  const { api } = await getApi(request, context)
  try {
    await api.email.resend({ emailId: String(form.get('emailId') ?? '') })
    return json<Result>({ message: 'The email is queued to be sent again.' })
  } catch (error) {
    return actionError(error)
  }
}

/** Emails the mail provider has not accepted: those still retried (with backoff) and those given up on. */
export default function EmailDelivery() {
  const { emails } = useLoaderData<typeof loader>()
  const result = useActionData<Result>()
  return (
    <>
      <h1>Email delivery</h1>
      <p className="hint">
        Emails to members and candidates that the mail provider has not accepted yet. Each is tried again with growing waits;
        after the last attempt it is marked failed here, with the provider’s last answer, and can be sent again.
      </p>
      {result?.message ? <p role="status">{result.message}</p> : null}
      <FormError message={result?.formError} />
      {emails.length === 0 ? (
        <p className="empty">Every email was delivered to the mail provider.</p>
      ) : (
        <table>
          <caption>Undelivered emails, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Queued</th>
              <th scope="col">To</th>
              <th scope="col">Subject</th>
              <th scope="col">State</th>
              <th scope="col">Last answer</th>
              <th scope="col">
                <span className="visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {emails.map((email) => (
              <tr key={email.id}>
                <td>{utcMinute(email.createdAt)}</td>
                <td>{email.to}</td>
                <td>{email.subject}</td>
                <td>
                  {email.status === 'failed' ? <strong>Failed</strong> : 'Retrying'} after {email.attempts}{' '}
                  {email.attempts === 1 ? 'attempt' : 'attempts'}
                </td>
                <td>{email.lastError}</td>
                <td>
                  {email.status === 'failed' ? (
                    <ActionButton intent="resend" label="Send again" formLabel={`Send again: ${email.subject} to ${email.to}`} fields={{ emailId: email.id }} />
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  )
}
