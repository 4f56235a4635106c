import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { Field, FormError, SecureForm, SubmitButton } from '~/components/forms'
import { getApi } from '~/utils/api.server'
import { actionError, loaderError, type ActionErrors } from '~/utils/errors.server'
import { formFields, readForm } from '~/utils/forms.server'

export const meta: MetaFunction = () => [{ title: 'Members · Hireproof' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api } = await getApi(request, context)
  try {
    const me = await api.me.get()
    const canInvite = me.permissions.includes('members.invite')
    const [members, invitations, roles] = await Promise.all([
      api.member.list(),
      api.invitation.list(),
      canInvite ? api.role.list() : Promise.resolve([]),
    ])
    return json({ members, invitations, roles, canInvite })
  } catch (error) {
    return loaderError(error, request)
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request)
  const { api } = await getApi(request, context)
  const { intent, ...fields } = formFields(form) as Record<string, string>
  try {
    if (intent === 'invite') {
      const invitation = await api.invitation.create(fields as { email: string; roleId: string })
      return json({ invited: invitation.email })
    }
    if (intent === 'revoke') {
      await api.invitation.revoke(fields as { invitationId: string })
      return json({ revoked: true })
    }
    return json({ formError: 'Unknown action' }, { status: 400 })
  } catch (error) {
    return actionError(error)
  }
}

export default function Members() {
  const { members, invitations, roles, canInvite } = useLoaderData<typeof loader>()
  const result = useActionData<ActionErrors & { invited?: string }>()
  return (
    <>
      <h1>Members</h1>
      <table>
        <caption className="hint" style={{ textAlign: 'left' }}>
          {members.length} {members.length === 1 ? 'member' : 'members'}
        </caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.id}>
              <td>
                <Link to={`/app/members/${m.id}`}>{m.user.name}</Link>
                {m._count.overrides ? <span className="badge">{m._count.overrides} override(s)</span> : null}
              </td>
              <td>{m.user.email}</td>
              <td>{m.role.name}</td>
              <td>{m.status === 'ACTIVE' ? 'Active' : 'Suspended'}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>Pending invitations</h2>
      {invitations.length === 0 ? (
        <p className="empty">No pending invitations.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Expires</th>
              {canInvite ? <th scope="col">Actions</th> : null}
            </tr>
          </thead>
          <tbody>
            {invitations.map((inv) => (
              <tr key={inv.id}>
                <td>{inv.email}</td>
                <td>{inv.role.name}</td>
                <td>{new Date(inv.expiresAt).toUTCString()}</td>
                {canInvite ? (
                  <td>
                    <SecureForm>
                      <input type="hidden" name="intent" value="revoke" />
                      <input type="hidden" name="invitationId" value={inv.id} />
                      <button type="submit" className="button link">
                        Revoke
                      </button>
                    </SecureForm>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {canInvite ? (
        <section className="card" style={{ marginTop: 24, maxWidth: 480 }}>
          <h2>Invite someone</h2>
          {result?.invited ? <p role="status">Invitation sent to {result.invited}.</p> : null}
          <SecureForm aria-label="Invite member">
            <input type="hidden" name="intent" value="invite" />
            <FormError message={result?.formError} />
            <Field label="Email" name="email" type="email" required error={result?.fieldErrors?.email} />
            <div className="field">
              <label htmlFor="invite-role">Role</label>
              <select id="invite-role" name="roleId" defaultValue={roles.find((r) => r.key === 'recruiter')?.id}>
                {roles.map((role) => (
                  <option key={role.id} value={role.id}>
                    {role.name}
                  </option>
                ))}
              </select>
            </div>
            <SubmitButton>Send invitation</SubmitButton>
          </SecureForm>
        </section>
      ) : null}
    </>
  )
}
