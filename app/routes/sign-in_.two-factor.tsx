import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Link, useActionData, useSearchParams } from '@remix-run/react'
import { Field, FormError, SecureForm, SubmitButton } from '~/components/forms'
import { getApi } from '~/utils/api.server'
import { actionError, type ActionErrors } from '~/utils/errors.server'
import { formFields, readForm, safeRedirectPath } from '~/utils/forms.server'

export const meta: MetaFunction = () => [{ title: 'Two-factor authentication · Hireproof' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { auth } = await getApi(request, context)
  if (auth) throw redirect(safeRedirectPath(new URL(request.url).searchParams.get('redirectTo')))
  return json({})
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request)
  const { api, responseHeaders } = await getApi(request, context)
  try {
    await api.auth.completeSignIn(formFields(form))
  } catch (error) {
    return actionError(error)
  }
  return redirect(safeRedirectPath(form.get('redirectTo')), { headers: responseHeaders })
}

export default function TwoFactorStep() {
  const errors = useActionData<ActionErrors>()
  const [params] = useSearchParams()
  return (
    <main id="main" className="centered">
      <h1>Two-factor authentication</h1>
      <div className="card">
        <SecureForm aria-label="Two-factor code">
          <input type="hidden" name="redirectTo" value={params.get('redirectTo') ?? '/app'} />
          <FormError message={errors?.formError} />
          <Field
            label="Authentication code"
            name="code"
            autoComplete="one-time-code"
            required
            hint="The 6-digit code from your authenticator app, or one of your recovery codes."
            error={errors?.fieldErrors?.code}
          />
          <SubmitButton>Verify</SubmitButton>
        </SecureForm>
      </div>
      <p>
        <Link to="/sign-in">Start again</Link>
      </p>
    </main>
  )
}
