import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { Link, useActionData, useSearchParams } from '@remix-run/react'
import { Field, FormError, SecureForm, SubmitButton } from '~/components/forms'
import { getApi } from '~/utils/api.server'
import { actionError, type ActionErrors } from '~/utils/errors.server'
import { formFields, readForm, safeRedirectPath } from '~/utils/forms.server'

export const meta: MetaFunction = () => [{ title: 'Create an organization · Hireproof' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { auth } = await getApi(request, context)
  if (auth) throw redirect('/app')
  return null
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request)
  const { api, responseHeaders } = await getApi(request, context)
  try {
    await api.auth.signUp(formFields(form))
  } catch (error) {
    return actionError(error)
  }
  return redirect(safeRedirectPath(form.get('redirectTo')), { headers: responseHeaders })
}

export default function SignUp() {
  const errors = useActionData<ActionErrors>()
  const [params] = useSearchParams()
  return (
    <main id="main" className="centered">
      <h1>Create your organization</h1>
      <div className="card">
        <SecureForm aria-label="Sign up">
          <input type="hidden" name="redirectTo" value={params.get('redirectTo') ?? '/app'} />
          <FormError message={errors?.formError} />
          <Field label="Your name" name="name" autoComplete="name" required error={errors?.fieldErrors?.name} />
          <Field
            label="Work email"
            name="email"
            type="email"
            autoComplete="email"
            defaultValue={params.get('email') ?? undefined}
            required
            error={errors?.fieldErrors?.email}
          />
          <Field
            label="Password"
            name="password"
            type="password"
            autoComplete="new-password"
            required
            hint="At least 10 characters."
            error={errors?.fieldErrors?.password}
          />
          <Field
            label="Organization name"
            name="organizationName"
            autoComplete="organization"
            required
            error={errors?.fieldErrors?.organizationName}
          />
          <div className="field">
            <label className="checkbox">
              <input type="checkbox" name="ageConfirmed" value="true" required aria-describedby={errors?.fieldErrors?.ageConfirmed ? 'age-error' : undefined} />{' '}
              I am 18 or older
            </label>
            {errors?.fieldErrors?.ageConfirmed ? (
              <p id="age-error" className="field-error">
                {errors.fieldErrors.ageConfirmed}
              </p>
            ) : null}
          </div>
          <SubmitButton>Create account</SubmitButton>
        </SecureForm>
      </div>
      <p>
        Already have an account? <Link to="/sign-in">Sign in</Link>
      </p>
    </main>
  )
}
