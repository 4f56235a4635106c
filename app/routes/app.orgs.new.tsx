import type { ActionFunctionArgs, MetaFunction } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { useActionData } from '@remix-run/react'
import { Field, FormError, SecureForm, SubmitButton } from '~/components/forms'
import { getApi } from '~/utils/api.server'
import { actionError, type ActionErrors } from '~/utils/errors.server'
import { formFields, readForm } from '~/utils/forms.server'

export const meta: MetaFunction = () => [{ title: 'New organization · Hireproof' }]

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request)
  const { api, responseHeaders } = await getApi(request, context)
  try {
    await api.org.create(formFields(form))
  } catch (error) {
    return actionError(error)
  }
  return redirect('/app', { headers: responseHeaders })
}

export default function NewOrganization() {
  const errors = useActionData<ActionErrors>()
  return (
    <section className="card" style={{ maxWidth: 480 }}>
      <h1>New organization</h1>
      <p className="hint">You will be its owner. You can switch between your organizations at any time.</p>
      <SecureForm aria-label="Create organization">
        <FormError message={errors?.formError} />
        <Field label="Organization name" name="name" required error={errors?.fieldErrors?.name} />
        <SubmitButton>Create organization</SubmitButton>
      </SecureForm>
    </section>
  )
}
