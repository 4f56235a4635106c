import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { utcMinute } from '~/utils/dates'
import { AccountNav } from '~/components/account-nav'
import { FormError, SecureForm } from '~/components/forms'
import { getApi } from '~/utils/api.server'
import { actionError, loaderError, type ActionErrors } from '~/utils/errors.server'
import { formFields, readForm } from '~/utils/forms.server'

export const meta: MetaFunction = () => [{ title: 'Your sessions · Hireproof' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api } = await getApi(request, context)
  try {
    return json({ sessions: await api.session.listMine() })
  } catch (error) {
    return loaderError(error, request)
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request)
  const { api, responseHeaders } = await getApi(request, context)
  try {
    const { current } = await api.session.revokeMine(formFields(form))
    if (current) return redirect('/sign-in', { headers: responseHeaders })
    return json({ message: 'Session signed out.' })
  } catch (error) {
    return actionError(error)
  }
}

export default function Sessions() {
  const { sessions } = useLoaderData<typeof loader>()
  const result = useActionData<ActionErrors & { message?: string }>()
  return (
    <>
      <h1>Your sessions</h1>
      <AccountNav />
      <p className="hint">Browsers where you are signed in. Sign out any you do not recognise; it takes effect at once.</p>
      {result?.message ? <p role="status">{result.message}</p> : null}
      <FormError message={result?.formError} />
      <table>
        <thead>
          <tr>
            <th scope="col">Device</th>
            <th scope="col">IP address</th>
            <th scope="col">Signed in</th>
            <th scope="col">Last seen</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((s) => (
            <tr key={s.id}>
              <td>
                {s.device} {s.current ? <span className="badge">This browser</span> : null}
              </td>
              <td>{s.ip || '—'}</td>
              <td>{utcMinute(s.createdAt)}</td>
              <td>{utcMinute(s.lastSeenAt)}</td>
              <td>
                <SecureForm aria-label={`Sign out ${s.device}${s.current ? ' (this browser)' : ''}`}>
                  <input type="hidden" name="sessionId" value={s.id} />
                  <button type="submit" className="button link">
                    Sign out
                  </button>
                </SecureForm>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  )
}
