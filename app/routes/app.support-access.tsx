import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { useActionData, useLoaderData, useRouteLoaderData } from '@remix-run/react'
import { utcMinute } from '~/utils/dates'
import type { loader as appLoader } from './app'
import { TRPCError } from '@trpc/server'
import { FormError, SecureForm, SubmitButton } from '~/components/forms'
import { getApi } from '~/utils/api.server'
import { actionError, loaderError, type ActionErrors } from '~/utils/errors.server'
import { formFields, readForm } from '~/utils/forms.server'
import { UpgradeNotice } from '~/components/upgrade-notice'

export const meta: MetaFunction = () => [{ title: 'Support access · Hireproof' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api } = await getApi(request, context)
  try {
    // Roles are offered only to admins who may read them; the read-only choice needs none.
    const [grants, roles] = await Promise.all([
      api.supportAccess.list(),
      api.role.list().catch((error: unknown) => (error instanceof TRPCError && error.code === 'FORBIDDEN' ? [] : Promise.reject(error))),
    ])
    return json({ grants, roles: roles.map((r) => ({ id: r.id, name: r.name })) })
  } catch (error) {
    return loaderError(error, request)
  }
}

type Result = ActionErrors & { message?: string }

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request)
  const fields = formFields(form) as Record<string, string>
  const { api } = await getApi(request, context)
  try {
    switch (fields.intent) {
      case 'grant': {
        const grant = await api.supportAccess.grant({
          staffEmail: fields.staffEmail ?? '',
          reason: fields.reason ?? '',
          scope: fields.scope as 'read_only' | 'role',
          roleId: fields.scope === 'role' ? fields.roleId : undefined,
          durationHours: Number(fields.durationHours ?? 24),
        })
        return json<Result>({ message: `Access granted until ${grant.expiresAt!.toUTCString()}.` })
      }
      case 'approve':
      case 'deny': {
        await api.supportAccess.decide({ grantId: fields.grantId ?? '', approve: fields.intent === 'approve' })
        return json<Result>({ message: fields.intent === 'approve' ? 'Request approved: access starts now.' : 'Request denied.' })
      }
      case 'revoke': {
        await api.supportAccess.revoke({ grantId: fields.grantId ?? '' })
        return json<Result>({ message: 'Access revoked. It ends with the staff member’s next request.' })
      }
      default:
        return json<Result>({ formError: 'Unknown action' }, { status: 400 })
    }
  } catch (error) {
    return actionError(error)
  }
}


export default function SupportAccess() {
  const { grants, roles } = useLoaderData<typeof loader>()
  const activeOrg = useRouteLoaderData<typeof appLoader>('routes/app')?.me.activeOrg
  const orgId = activeOrg?.id
  const result = useActionData<Result>()
  const active = grants.filter((g) => g.status === 'active')
  const requested = grants.filter((g) => g.status === 'requested')
  const history = grants.filter((g) => g.status !== 'active' && g.status !== 'requested')
  const error = (field: string) => result?.fieldErrors?.[field]
  return (
    <>
      <h1>Support access</h1>
      <p className="hint">
        Hireproof support staff cannot see anything in your organization unless you let them. Access lasts at most 24 hours, ends
        on its own, and you can revoke it at any moment. Everything staff do is in your audit log, marked as support.
      </p>
      {orgId ? (
        <p className="hint">
          Your organization id, for support tickets: <code>{orgId}</code>
        </p>
      ) : null}
      {activeOrg && activeOrg.plan !== 'ENTERPRISE' ? <UpgradeNotice feature="Just-in-time support access" /> : null}
      {result?.message ? <p role="status">{result.message}</p> : null}
      <FormError message={result?.formError} />

      <section aria-labelledby="active-heading">
        <h2 id="active-heading">Active access</h2>
        {active.length === 0 ? <p className="empty">No one from Hireproof support has access right now.</p> : null}
        {active.length > 0 ? (
          <table>
            <caption>Staff who can act in this organization now</caption>
            <thead>
              <tr>
                <th scope="col">Staff member</th>
                <th scope="col">Access</th>
                <th scope="col">Reason</th>
                <th scope="col">Ends</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {active.map((g) => (
                <tr key={g.id}>
                  <td>
                    {g.staff.name} ({g.staff.email})
                  </td>
                  <td>{g.roleName}</td>
                  <td>{g.reason}</td>
                  <td>{utcMinute(g.expiresAt)}</td>
                  <td>
                    <SecureForm aria-label={`Revoke access of ${g.staff.email}`}>
                      <input type="hidden" name="intent" value="revoke" />
                      <input type="hidden" name="grantId" value={g.id} />
                      <button type="submit" className="button danger">
                        Revoke now
                      </button>
                    </SecureForm>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>

      {requested.length > 0 ? (
        <section aria-labelledby="requests-heading">
          <h2 id="requests-heading">Requests waiting for you</h2>
          {requested.map((g) => (
            <article key={g.id} className="card" aria-label={`Request from ${g.staff.email}`} style={{ marginBottom: 12 }}>
              <p>
                <strong>{g.staff.name}</strong> ({g.staff.email}) asks for <strong>{g.roleName}</strong> access for {g.durationHours}{' '}
                hour{g.durationHours === 1 ? '' : 's'}: “{g.reason}”
              </p>
              <div className="inline-forms">
                <SecureForm aria-label={`Approve the request from ${g.staff.email}`}>
                  <input type="hidden" name="intent" value="approve" />
                  <input type="hidden" name="grantId" value={g.id} />
                  <button type="submit" className="button primary">
                    Approve
                  </button>
                </SecureForm>
                <SecureForm aria-label={`Deny the request from ${g.staff.email}`}>
                  <input type="hidden" name="intent" value="deny" />
                  <input type="hidden" name="grantId" value={g.id} />
                  <button type="submit" className="button">
                    Deny
                  </button>
                </SecureForm>
              </div>
            </article>
          ))}
        </section>
      ) : null}

      <section aria-labelledby="grant-heading">
        <h2 id="grant-heading">Give access</h2>
        <SecureForm aria-label="Give support access" className="card stack">
          <input type="hidden" name="intent" value="grant" />
          <div className="field">
            <label htmlFor="staffEmail">Staff member’s email</label>
            <input id="staffEmail" name="staffEmail" type="email" required aria-invalid={error('staffEmail') ? true : undefined} />
            {error('staffEmail') ? <p className="field-error">{error('staffEmail')}</p> : null}
          </div>
          <div className="field">
            <label htmlFor="reason">Reason</label>
            <textarea id="reason" name="reason" rows={2} required minLength={10} maxLength={1000} placeholder="Ticket number and what to look at" />
            {error('reason') ? <p className="field-error">{error('reason')}</p> : null}
          </div>
          <fieldset>
            <legend>Access</legend>
            <label className="choice">
              <input type="radio" name="scope" value="read_only" defaultChecked /> Read-only (no contact details, compensation or
              recordings)
            </label>
            <label className="choice">
              <input type="radio" name="scope" value="role" /> Act with a role:{' '}
              <select name="roleId" aria-label="Role for support staff">
                {roles.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.name}
                  </option>
                ))}
              </select>
            </label>
          </fieldset>
          <div className="field">
            <label htmlFor="durationHours">Duration in hours (1–24)</label>
            <input id="durationHours" name="durationHours" type="number" min={1} max={24} defaultValue={24} required />
            {error('durationHours') ? <p className="field-error">{error('durationHours')}</p> : null}
          </div>
          <SubmitButton>Give access</SubmitButton>
        </SecureForm>
      </section>

      <section aria-labelledby="history-heading">
        <h2 id="history-heading">History</h2>
        {history.length === 0 ? <p className="empty">No past support access.</p> : null}
        {history.length > 0 ? (
          <table>
            <caption>Ended, revoked and denied support access</caption>
            <thead>
              <tr>
                <th scope="col">Staff member</th>
                <th scope="col">Access</th>
                <th scope="col">Reason</th>
                <th scope="col">Status</th>
                <th scope="col">Started</th>
                <th scope="col">Ended</th>
              </tr>
            </thead>
            <tbody>
              {history.map((g) => (
                <tr key={g.id}>
                  <td>{g.staff.email}</td>
                  <td>{g.roleName}</td>
                  <td>{g.reason}</td>
                  <td>{g.status === 'revoked' && g.revokedBy ? `revoked by ${g.revokedBy}` : g.status}</td>
                  <td>{utcMinute(g.startsAt)}</td>
                  <td>{utcMinute(g.revokedAt ?? g.expiresAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
    </>
  )
}
