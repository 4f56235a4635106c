import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { FormError, SecureForm, SubmitButton } from '~/components/forms'
import { getApi } from '~/utils/api.server'
import { actionError, loaderError, type ActionErrors } from '~/utils/errors.server'
import { formFields, readForm } from '~/utils/forms.server'
import { usePermissions } from '~/utils/permissions'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.access.user.name ?? 'Member'} · Hireproof` }]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { api } = await getApi(request, context)
  try {
    const me = await api.me.get()
    const [access, catalog, roles] = await Promise.all([
      api.member.getAccess({ membershipId: params.membershipId ?? '' }),
      me.permissions.includes('roles.read') ? api.role.permissionCatalog() : Promise.resolve([]),
      me.permissions.includes('roles.read') ? api.role.list() : Promise.resolve([]),
    ])
    return json({ access, catalog, roles: roles.map((r) => ({ id: r.id, name: r.name })), isSelf: me.user.id === access.user.id })
  } catch (error) {
    return loaderError(error, request)
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await readForm(request)
  const { api } = await getApi(request, context)
  const membershipId = params.membershipId ?? ''
  const { intent, ...fields } = formFields(form) as Record<string, string>
  try {
    if (intent === 'role') {
      await api.member.changeRole({ membershipId, roleId: fields.roleId ?? '' })
      return json({ message: 'Role changed.' })
    }
    if (intent === 'end-sessions') {
      const { ended } = await api.session.endAllOfMember({ membershipId })
      return json({ message: `Ended ${ended} session(s). The member must sign in again.` })
    }
    if (intent === 'suspend') {
      const { sessionsEnded } = await api.member.suspend({ membershipId })
      return json({ message: `Member suspended; ${sessionsEnded} session(s) in this organization ended.` })
    }
    if (intent === 'reactivate') {
      await api.member.reactivate({ membershipId })
      return json({ message: 'Member reactivated.' })
    }
    if (intent === 'override') {
      await api.member.setOverride({ membershipId, ...fields } as never)
      return json({ message: fields.effect === 'NONE' ? 'Override removed.' : 'Override saved.' })
    }
    return json({ formError: 'Unknown action' }, { status: 400 })
  } catch (error) {
    return actionError(error)
  }
}

export default function MemberDetail() {
  const { access, catalog, roles, isSelf } = useLoaderData<typeof loader>()
  const result = useActionData<ActionErrors & { message?: string }>()
  const { can } = usePermissions()
  const manage = can('members.manage')
  const effective = new Set<string>(access.effective)
  const fromRole = new Set<string>(access.role.permissions)
  const override = new Map(access.overrides.map((o) => [o.permission, o]))
  return (
    <>
      <p>
        <Link to="/app/members">← Members</Link>
      </p>
      <h1>{access.user.name}</h1>
      <p className="hint">
        {access.user.email} · {access.membership.status === 'ACTIVE' ? 'Active' : 'Suspended'}
      </p>
      {result?.message ? <p role="status">{result.message}</p> : null}
      <FormError message={result?.formError} />

      <section className="card" aria-labelledby="role-heading">
        <h2 id="role-heading">Role</h2>
        {manage && roles.length ? (
          <SecureForm className="inline-form" aria-label="Change role">
            <input type="hidden" name="intent" value="role" />
            <label htmlFor="member-role">Role</label>
            <select id="member-role" name="roleId" defaultValue={access.role.id}>
              {roles.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name}
                </option>
              ))}
            </select>
            <SubmitButton className="button">Change role</SubmitButton>
          </SecureForm>
        ) : (
          <p>{access.role.name}</p>
        )}
      </section>

      {manage && !isSelf ? (
        <section className="card" aria-labelledby="sessions-heading">
          <h2 id="sessions-heading">Sessions</h2>
          <p className="hint">Sign this member out everywhere, for example after a lost laptop.</p>
          <SecureForm aria-label="End all sessions">
            <input type="hidden" name="intent" value="end-sessions" />
            <SubmitButton className="button">End all sessions</SubmitButton>
          </SecureForm>
        </section>
      ) : null}

      {manage && !isSelf ? (
        <section className="card" aria-labelledby="status-heading">
          <h2 id="status-heading">Membership</h2>
          <p className="hint">
            {access.membership.status === 'ACTIVE'
              ? 'Suspending removes access to this organization at once and ends the member’s sessions here. Their role is kept for reactivation.'
              : 'This member is suspended and cannot reach the organization.'}
          </p>
          <SecureForm aria-label={access.membership.status === 'ACTIVE' ? 'Suspend member' : 'Reactivate member'}>
            <input type="hidden" name="intent" value={access.membership.status === 'ACTIVE' ? 'suspend' : 'reactivate'} />
            <SubmitButton className={access.membership.status === 'ACTIVE' ? 'button danger' : 'button'}>
              {access.membership.status === 'ACTIVE' ? 'Suspend member' : 'Reactivate member'}
            </SubmitButton>
          </SecureForm>
        </section>
      ) : null}

      {manage && !isSelf ? (
        <section className="card" aria-labelledby="override-heading">
          <h2 id="override-heading">Grant or deny one permission</h2>
          <p className="hint">Overrides apply on top of the role: effective = (role ∪ granted) − denied.</p>
          <SecureForm aria-label="Set override">
            <input type="hidden" name="intent" value="override" />
            <div className="field">
              <label htmlFor="override-permission">Permission</label>
              <select id="override-permission" name="permission">
                {catalog.flatMap((g) => g.permissions).map((p) => (
                  <option key={p.permission} value={p.permission}>
                    {p.permission} — {p.description}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="override-effect">Effect</label>
              <select id="override-effect" name="effect" defaultValue="GRANT">
                <option value="GRANT">Grant</option>
                <option value="DENY">Deny</option>
                <option value="NONE">Remove override</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor="override-reason">Reason (recorded in the audit log)</label>
              <input id="override-reason" name="reason" maxLength={300} />
            </div>
            <SubmitButton>Save override</SubmitButton>
          </SecureForm>
        </section>
      ) : null}

      <h2>Effective permissions</h2>
      <table aria-label="Effective permissions">
        <thead>
          <tr>
            <th scope="col">Permission</th>
            <th scope="col">Effective</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {catalog.flatMap((g) => g.permissions).map((p) => {
            const o = override.get(p.permission)
            const why = o
              ? `${o.effect === 'GRANT' ? 'Granted' : 'Denied'} to this member${o.reason ? `: ${o.reason}` : ''}`
              : fromRole.has(p.permission)
                ? `From role ${access.role.name}`
                : 'Not in role'
            return (
              <tr key={p.permission} data-permission={p.permission}>
                <td>
                  <code>{p.permission}</code>
                </td>
                <td>{effective.has(p.permission) ? 'Yes' : 'No'}</td>
                <td>{why}</td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </>
  )
}
