import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { RoleEditor, roleValuesFromForm } from '~/components/role-editor'
import { SecureForm } from '~/components/forms'
import { getApi } from '~/utils/api.server'
import { actionError, loaderError, type ActionErrors } from '~/utils/errors.server'
import { readForm } from '~/utils/forms.server'
import { usePermissions } from '~/utils/permissions'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.role.name ?? 'Role'} · Hireproof` }]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { api } = await getApi(request, context)
  try {
    const [catalog, role] = await Promise.all([api.role.permissionCatalog(), api.role.get({ roleId: params.roleId ?? '' })])
    return json({ catalog, role })
  } catch (error) {
    return loaderError(error, request)
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await readForm(request)
  const { api } = await getApi(request, context)
  const roleId = params.roleId ?? ''
  try {
    if (form.get('intent') === 'delete') {
      await api.role.delete({ roleId })
      return redirect('/app/roles')
    }
    await api.role.update({ ...roleValuesFromForm(form), roleId } as never)
    return json({ saved: true })
  } catch (error) {
    return actionError(error)
  }
}

export default function EditRole() {
  const { catalog, role } = useLoaderData<typeof loader>()
  const result = useActionData<ActionErrors & { saved?: boolean }>()
  const { can } = usePermissions()
  const editable = can('roles.manage') && !role.builtIn
  return (
    <>
      <div className="page-title">
        <h1>{role.name}</h1>
        {can('roles.manage') ? (
          <Link className="button" to={`/app/roles/new?from=${role.id}`}>
            Copy to a new role
          </Link>
        ) : null}
      </div>
      <p className="hint">
        {role.builtIn ? 'Built-in template (read-only). ' : ''}
        {role._count.memberships} member(s) have this role.
      </p>
      {result?.saved ? <p role="status">Role saved.</p> : null}
      <RoleEditor catalog={catalog} values={role} readOnly={!editable} errors={result} submitLabel="Save role" />
      {editable ? (
        <SecureForm aria-label="Delete role" className="danger-zone">
          <input type="hidden" name="intent" value="delete" />
          <button type="submit" className="button">
            Delete role
          </button>
          <span className="hint"> Only possible when no member or pending invitation uses it.</span>
        </SecureForm>
      ) : null}
    </>
  )
}
