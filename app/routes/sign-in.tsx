import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { Field, FormError, SecureForm, SubmitButton } from '~/components/forms'
import { getApi } from '~/utils/api.server'
import { actionError, type ActionErrors } from '~/utils/errors.server'
import { formFields, readForm, safeRedirectPath } from '~/utils/forms.server'
import { demoCredentials } from '~/utils/demo.server'

export const meta: MetaFunction = () => [{ title: 'Sign in · Hireproof' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { auth } = await getApi(request, context)
  const redirectTo = safeRedirectPath(new URL(request.url).searchParams.get('redirectTo'))
  if (auth) throw redirect(redirectTo)
  return json({ demo: demoCredentials() })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request)
  const { api, responseHeaders } = await getApi(request, context)
  const redirectTo = safeRedirectPath(form.get('redirectTo'))
  try {
    const result = await api.auth.signIn(formFields(form))
    if (result.secondFactorRequired) {
      return redirect(`/sign-in/two-factor?redirectTo=${encodeURIComponent(redirectTo)}`, { headers: responseHeaders })
    }
  } catch (error) {
    return actionError(error)
  }
  return redirect(redirectTo, { headers: responseHeaders })
}

export default function SignIn() {
  const { demo } = useLoaderData<typeof loader>()
  const errors = useActionData<ActionErrors>()
  const [params] = useSearchParams()
  return (
    <main id="main" className="centered">
      <h1>Sign in to Hireproof</h1>
      <div className="card">
        <SecureForm aria-label="Sign in">
          <input type="hidden" name="redirectTo" value={params.get('redirectTo') ?? '/app'} />
          <FormError message={errors?.formError} />
          <Field label="Email" name="email" type="email" autoComplete="username" required error={errors?.fieldErrors?.email} />
          <Field
            label="Password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            error={errors?.fieldErrors?.password}
          />
          <SubmitButton>Sign in</SubmitButton>
        </SecureForm>
      </div>
      <p>
        <Link to={`/sso${params.get('redirectTo') ? `?redirectTo=${encodeURIComponent(params.get('redirectTo')!)}` : ''}`}>
          Sign in with SSO
        </Link>{' '}
        · New here? <Link to="/sign-up">Create an organization</Link>
      </p>
      {demo ? (
        <p className="demo">
          Demo: <code>{demo.email}</code> / <code>{demo.password}</code>
        </p>
      ) : null}
    </main>
  )
}
