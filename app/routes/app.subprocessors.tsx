import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { FormError, SecureForm, SubmitButton } from '~/components/forms'
import { getApi } from '~/utils/api.server'
import { actionError, loaderError, type ActionErrors } from '~/utils/errors.server'
import { formFields, readForm } from '~/utils/forms.server'

export const meta: MetaFunction = () => [{ title: 'Sub-processor notices · Hireproof' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api } = await getApi(request, context)
  try {
    return json({ notices: await api.trust.openNotices() })
  } catch (error) {
    return loaderError(error, request)
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request)
  const { api } = await getApi(request, context)
  try {
    await api.trust.fileObjection(formFields(form))
    return json({ message: 'Your objection is recorded. We will contact your admins before the change takes effect.' })
  } catch (error) {
    return actionError(error)
  }
}

export default function SubprocessorNotices() {
  const { notices } = useLoaderData<typeof loader>()
  const result = useActionData<ActionErrors & { message?: string }>()
  return (
    <>
      <h1>Sub-processor notices</h1>
      <p className="hint">
        Changes we announced that have not taken effect yet. During the notice period your organization may object; the
        objection is recorded against your organization and in its audit log. The full list is on the{' '}
        <a href="/trust/subprocessors">trust center</a>.
      </p>
      {result?.message ? <p role="status">{result.message}</p> : null}
      <FormError message={result?.formError} />
      {notices.length === 0 ? <p className="empty">No change is in its notice period right now.</p> : null}
      {notices.map(({ change, objection }) => (
        <section key={change.id} className="card" style={{ marginBottom: 16 }} aria-labelledby={`notice-${change.id}`}>
          <h2 id={`notice-${change.id}`}>
            {change.subprocessorName} — {change.type}
          </h2>
          <p>{change.summary}</p>
          <p className="hint">
            Announced {change.announcedAt} · takes effect {change.effectiveAt}
          </p>
          {objection ? (
            <p>
              <strong>Your organization objected</strong> on {new Date(objection.updatedAt).toISOString().slice(0, 10)}: “
              {objection.reason}”
            </p>
          ) : null}
          <SecureForm aria-label={`Object to ${change.subprocessorName}`}>
            <input type="hidden" name="change" value={change.id} />
            <div className="field">
              <label htmlFor={`reason-${change.id}`}>{objection ? 'Update your objection' : 'Object to this change'}</label>
              <textarea
                id={`reason-${change.id}`}
                name="reason"
                rows={3}
                required
                minLength={10}
                maxLength={4000}
                defaultValue={objection?.reason}
                aria-invalid={result?.fieldErrors?.reason ? true : undefined}
              />
              {result?.fieldErrors?.reason ? <p className="field-error">{result.fieldErrors.reason}</p> : null}
            </div>
            <SubmitButton>{objection ? 'Update objection' : 'Send objection'}</SubmitButton>
          </SecureForm>
        </section>
      ))}
    </>
  )
}
