import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { getApi } from '~/utils/api.server'
import { loaderError } from '~/utils/errors.server'
import { usePermissions } from '~/utils/permissions'

export const meta: MetaFunction = () => [{ title: 'Roles · Hireproof' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api } = await getApi(request, context)
  try {
    return json({ roles: await api.role.list() })
  } catch (error) {
    return loaderError(error, request)
  }
}

export default function Roles() {
  const { roles } = useLoaderData<typeof loader>()
  const { can } = usePermissions()
  return (
    <>
      <div className="page-title">
        <h1>Roles</h1>
        {can('roles.manage') ? (
          <Link className="button primary" to="/app/roles/new">
            New role
          </Link>
        ) : null}
      </div>
      <p className="hint">
        Built-in roles are templates: copy one to make a custom role. Each member has one role, plus any single-permission
        overrides set on their member page.
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">Role</th>
            <th scope="col">Permissions</th>
            <th scope="col">Jobs visible</th>
            <th scope="col">Members</th>
            {can('roles.manage') ? <th scope="col">Actions</th> : null}
          </tr>
        </thead>
        <tbody>
          {roles.map((role) => (
            <tr key={role.id}>
              <td>
                <Link to={`/app/roles/${role.id}`}>{role.name}</Link> {role.builtIn ? <span className="badge">Built-in</span> : null}
                <br />
                <span className="hint">{role.description}</span>
              </td>
              <td>{role.permissions.length}</td>
              <td>{role.jobVisibility === 'ALL' ? 'All' : 'Assigned only'}</td>
              <td>{role._count.memberships}</td>
              {can('roles.manage') ? (
                <td>
                  <Link to={`/app/roles/new?from=${role.id}`}>Copy</Link>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  )
}
