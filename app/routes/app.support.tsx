import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { utcMinute } from '~/utils/dates'
import { FormError, SecureForm, SubmitButton } from '~/components/forms'
import { getApi } from '~/utils/api.server'
import { actionError, loaderError, type ActionErrors } from '~/utils/errors.server'
import { formFields, readForm } from '~/utils/forms.server'

export const meta: MetaFunction = () => [{ title: 'Support · Hireproof' }]

/** Hireproof support staff: their grants, entering an organization under one, and asking for access. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api } = await getApi(request, context)
  try {
    return json({ grants: await api.support.myGrants() })
  } catch (error) {
    return loaderError(error, request)
  }
}

type Result = ActionErrors & { message?: string }

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request)
  const fields = formFields(form) as Record<string, string>
  const { api, responseHeaders } = await getApi(request, context)
  try {
    if (fields.intent === 'enter') {
      await api.org.switch({ orgId: fields.orgId ?? '' })
      return redirect('/app', { headers: responseHeaders })
    }
    await api.support.requestAccess({
      orgId: fields.orgId ?? '',
      reason: fields.reason ?? '',
      scope: 'read_only',
      durationHours: Number(fields.durationHours ?? 24),
    })
    return json<Result>({ message: 'Request sent. The organization’s admins will see it under Support access.' })
  } catch (error) {
    return actionError(error)
  }
}

export default function Support() {
  const { grants } = useLoaderData<typeof loader>()
  const result = useActionData<Result>()
  return (
    <>
      <h1>Support</h1>
      <p className="hint">
        You reach a customer’s organization only while one of its admins grants you access. Everything you do there is recorded in
        its audit log with your name and the grant.
      </p>
      {result?.message ? <p role="status">{result.message}</p> : null}
      <FormError message={result?.formError} />
      <table>
        <caption>Your access grants and requests</caption>
        <thead>
          <tr>
            <th scope="col">Organization</th>
            <th scope="col">Reason</th>
            <th scope="col">Status</th>
            <th scope="col">Ends</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {grants.length === 0 ? (
            <tr>
              <td colSpan={5}>No grants or requests yet.</td>
            </tr>
          ) : null}
          {grants.map((g) => (
            <tr key={g.id}>
              <td>{g.org.name}</td>
              <td>{g.reason}</td>
              <td>{g.status}</td>
              <td>{utcMinute(g.expiresAt)}</td>
              <td>
                {g.status === 'active' ? (
                  <SecureForm aria-label={`Enter ${g.org.name}`}>
                    <input type="hidden" name="intent" value="enter" />
                    <input type="hidden" name="orgId" value={g.org.id} />
                    <button type="submit" className="button primary">
                      Enter {g.org.name}
                    </button>
                  </SecureForm>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>Ask for access</h2>
      <SecureForm aria-label="Ask for support access" className="card stack">
        <input type="hidden" name="intent" value="request" />
        <div className="field">
          <label htmlFor="orgId">Organization id (from the support ticket)</label>
          <input id="orgId" name="orgId" required />
        </div>
        <div className="field">
          <label htmlFor="reason">Reason</label>
          <textarea id="reason" name="reason" rows={2} required minLength={10} maxLength={1000} />
        </div>
        <div className="field">
          <label htmlFor="durationHours">Hours needed (1–24, read-only)</label>
          <input id="durationHours" name="durationHours" type="number" min={1} max={24} defaultValue={4} required />
        </div>
        <SubmitButton>Ask the organization’s admins</SubmitButton>
      </SecureForm>
    </>
  )
}
