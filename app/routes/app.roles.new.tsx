import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { RoleEditor, roleValuesFromForm, type RoleValues } from '~/components/role-editor'
import { getApi } from '~/utils/api.server'
import { actionError, loaderError, type ActionErrors } from '~/utils/errors.server'
import { readForm } from '~/utils/forms.server'

export const meta: MetaFunction = () => [{ title: 'New role · Hireproof' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api } = await getApi(request, context)
  const from = new URL(request.url).searchParams.get('from')
  try {
    const [catalog, source] = await Promise.all([api.role.permissionCatalog(), from ? api.role.get({ roleId: from }) : null])
    const values: RoleValues = source
      ? { ...source, name: `${source.name} (copy)`, permissions: source.permissions }
      : {
          name: '',
          description: '',
          permissions: [],
          jobVisibility: 'ALL',
          seeCandidateContact: true,
          seeCompensation: true,
          seeAiScores: true,
          seeRecordings: true,
        }
    return json({ catalog, values, copiedFrom: source?.name ?? null })
  } catch (error) {
    return loaderError(error, request)
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request)
  const { api } = await getApi(request, context)
  try {
    const role = await api.role.create(roleValuesFromForm(form) as never)
    return redirect(`/app/roles/${role.id}`)
  } catch (error) {
    return actionError(error)
  }
}

export default function NewRole() {
  const { catalog, values, copiedFrom } = useLoaderData<typeof loader>()
  const errors = useActionData<ActionErrors>()
  return (
    <>
      <h1>New role</h1>
      {copiedFrom ? <p className="hint">Starting from {copiedFrom}.</p> : null}
      <RoleEditor catalog={catalog} values={values} errors={errors} submitLabel="Create role" />
    </>
  )
}
