import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { Field, FormError, SecureForm, SubmitButton } from '~/components/forms'
import { getApi } from '~/utils/api.server'
import { actionError, type ActionErrors } from '~/utils/errors.server'
import { readForm, safeRedirectPath } from '~/utils/forms.server'
import { IdpRedirect } from '~/components/idp-redirect'

export const meta: MetaFunction = () => [{ title: 'Sign in with SSO · Hireproof' }]

export async function loader({ request }: LoaderFunctionArgs) {
  // A failed sign-in comes back here with the reason (shown as text, never as markup).
  const error = new URL(request.url).searchParams.get('error')
  return json({ error: error ? error.slice(0, 300) : null })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request)
  const { api, responseHeaders } = await getApi(request, context)
  try {
    const { url } = await api.sso.start({ email: String(form.get('email') ?? ''), redirectTo: safeRedirectPath(form.get('redirectTo')) })
    // The answer carries the cookie that ties the sign-in to this browser.
    return json({ idpUrl: url }, { headers: responseHeaders })
  } catch (error) {
    return actionError(error)
  }
}

export default function SsoSignIn() {
  const { error } = useLoaderData<typeof loader>()
  const errors = useActionData<ActionErrors & { idpUrl?: string }>()
  const [params] = useSearchParams()
  return (
    <main id="main" className="centered">
      <h1>Sign in with SSO</h1>
      {errors?.idpUrl ? <IdpRedirect url={errors.idpUrl} /> : null}
      <div className="card">
        <SecureForm aria-label="Sign in with SSO">
          <input type="hidden" name="redirectTo" value={params.get('redirectTo') ?? '/app'} />
          <FormError message={errors?.formError ?? error ?? undefined} />
          <Field
            label="Work email"
            name="email"
            type="email"
            autoComplete="username"
            required
            hint="We send you to your organization’s identity provider."
            error={errors?.fieldErrors?.email}
          />
          <SubmitButton>Continue</SubmitButton>
        </SecureForm>
      </div>
      <p>
        <Link to="/sign-in">Sign in with a password</Link>
      </p>
    </main>
  )
}
