import type { ActionFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { getApi } from '~/utils/api.server'
import { readForm } from '~/utils/forms.server'

export async function loader() {
  return redirect('/')
}

export async function action({ request, context }: ActionFunctionArgs) {
  await readForm(request)
  const { api, responseHeaders, auth } = await getApi(request, context)
  if (auth) await api.auth.signOut()
  return redirect('/sign-in', { headers: responseHeaders })
}
