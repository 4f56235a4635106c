import { lazy, Suspense } from 'react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { Field, FormError, SecureForm, SubmitButton } from '~/components/forms'
import { getApi } from '~/utils/api.server'
import { actionError, type ActionErrors } from '~/utils/errors.server'
import { formFields, readForm, safeRedirectPath } from '~/utils/forms.server'
import { demoCredentials } from '~/utils/demo.server'
import { getEnv } from '~/utils/env.server'

// Clerk's sign-in is its own chunk, loaded only when Clerk is the provider.
const ClerkSignIn = lazy(() => import('~/components/clerk-sign-in'))

export const meta: MetaFunction = () => [{ title: 'Sign in · Hireproof' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { auth } = await getApi(request, context)
  const redirectTo = safeRedirectPath(new URL(request.url).searchParams.get('redirectTo'))
  if (auth) throw redirect(redirectTo)
  if (getEnv().authProvider === 'clerk') return json({ provider: 'clerk' as const, redirectTo, demo: null })
  return json({ provider: 'local' as const, redirectTo, demo: demoCredentials() })
}

export async function action({ request, context }: ActionFunctionArgs) {
  // With Clerk on, a session we opened here would never authenticate: Clerk signs people in.
  if (getEnv().authProvider === 'clerk') return json({ formError: 'Sign in with the form above.' }, { status: 400 })
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
  const { demo, provider, redirectTo } = useLoaderData<typeof loader>()
  const errors = useActionData<ActionErrors>()
  const [params] = useSearchParams()
  if (provider === 'clerk') {
    return (
      <main id="main" className="centered">
        <h1>Sign in to Hireproof</h1>
        <Suspense fallback={<p>Loading sign-in…</p>}>
          <ClerkSignIn redirectTo={redirectTo} />
        </Suspense>
      </main>
    )
  }
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
