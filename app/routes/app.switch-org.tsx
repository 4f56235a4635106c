import type { ActionFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { getApi } from '~/utils/api.server'
import { actionError } from '~/utils/errors.server'
import { formFields, readForm } from '~/utils/forms.server'

export async function loader() {
  return redirect('/app')
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request)
  const { api, responseHeaders } = await getApi(request, context)
  try {
    await api.org.switch(formFields(form))
  } catch (error) {
    return actionError(error)
  }
  return redirect('/app', { headers: responseHeaders })
}
