import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { FormError, SecureForm, SubmitButton } from '~/components/forms'
import { getApi } from '~/utils/api.server'
import { actionError, type ActionErrors } from '~/utils/errors.server'
import { readForm } from '~/utils/forms.server'

export const meta: MetaFunction = () => [{ title: 'Invitation · Hireproof' }]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { api, auth } = await getApi(request, context)
  const token = params.token ?? ''
  try {
    const invitation = await api.invitation.get({ token })
    return json({ invitation, signedInAs: auth?.user.email ?? null, path: new URL(request.url).pathname })
  } catch {
    throw json({ message: 'This invitation link is invalid or has expired. Ask for a new one.' }, { status: 404 })
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  await readForm(request)
  const { api, responseHeaders } = await getApi(request, context)
  try {
    await api.invitation.accept({ token: params.token ?? '' })
  } catch (error) {
    return actionError(error)
  }
  return redirect('/app', { headers: responseHeaders })
}

export default function Invitation() {
  const { invitation, signedInAs, path } = useLoaderData<typeof loader>()
  const errors = useActionData<ActionErrors>()
  return (
    <main id="main" className="centered">
      <h1>Join {invitation.orgName}</h1>
      <div className="card">
        <p>
          You were invited as <strong>{invitation.roleName}</strong>. The invitation is for{' '}
          <strong>{invitation.email}</strong>.
        </p>
        <FormError message={errors?.formError} />
        {signedInAs ? (
          <SecureForm aria-label="Accept invitation">
            <p className="hint">Signed in as {signedInAs}.</p>
            <SubmitButton>Accept invitation</SubmitButton>
          </SecureForm>
        ) : (
          <div className="actions">
            <Link className="button primary" to={`/sign-up?email=${encodeURIComponent(invitation.email)}&redirectTo=${encodeURIComponent(path)}`}>
              Create an account
            </Link>
            <Link className="button" to={`/sign-in?redirectTo=${encodeURIComponent(path)}`}>
              Sign in
            </Link>
          </div>
        )}
      </div>
    </main>
  )
}
