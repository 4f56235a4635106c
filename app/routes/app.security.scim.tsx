import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { ActionButton, Field, FormError, SecureForm, SubmitButton } from '~/components/forms'
import { getApi } from '~/utils/api.server'
import { actionErrorWith, loaderError, type ActionErrors } from '~/utils/errors.server'
import { readForm } from '~/utils/forms.server'
import { utcMinute } from '~/utils/dates'
import { UpgradeNotice } from '~/components/upgrade-notice'

export const meta: MetaFunction = () => [{ title: 'SCIM provisioning · Hireproof' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api } = await getApi(request, context)
  try {
    const [scim, roles] = await Promise.all([api.scim.overview(), api.role.list()])
    return json({ scim, roles: roles.filter((r) => r.key !== 'owner').map((r) => ({ id: r.id, name: r.name })) })
  } catch (error) {
    return loaderError(error, request)
  }
}

type Result = ActionErrors & { intent?: string; message?: string; token?: string }

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request)
  const { api } = await getApi(request, context)
  const intent = String(form.get('intent') ?? '')
  try {
    if (intent === 'create') {
      const { token } = await api.scim.createToken({ name: String(form.get('name') ?? '') })
      return json<Result>({ intent, token, message: 'Token created. Copy it now: it is not shown again.' })
    }
    if (intent === 'revoke') {
      await api.scim.revokeToken({ tokenId: String(form.get('tokenId') ?? '') })
      return json<Result>({ intent, message: 'Token revoked. Requests with it now fail.' })
    }
    if (intent === 'map') {
      await api.scim.mapGroup({ groupId: String(form.get('groupId') ?? ''), roleId: String(form.get('roleId') ?? '') || null })
      return json<Result>({ intent, message: 'Group mapping saved; its members’ roles are updated.' })
    }
    return json<Result>({ formError: 'Unknown action.' }, { status: 400 })
  } catch (error) {
    return actionErrorWith(error, { intent })
  }
}

export default function ScimProvisioning() {
  const { scim, roles } = useLoaderData<typeof loader>()
  const result = useActionData<Result>()
  const active = scim.tokens.filter((t) => !t.revokedAt)
  return (
    <>
      <h1>SCIM provisioning</h1>
      <p>
        <Link to="/app/security">Security</Link> › SCIM provisioning
      </p>
      {scim.plan !== 'ENTERPRISE' ? <UpgradeNotice feature="SCIM provisioning" /> : null}
      {result?.message ? <p role="status">{result.message}</p> : null}
      {result?.token ? (
        <p className="notice">
          <span className="label">New token</span> <code className="copyable" data-testid="scim-token">{result.token}</code>
        </p>
      ) : null}
      <section className="card" aria-labelledby="endpoint-heading">
        <h2 id="endpoint-heading">Connection details</h2>
        <p>
          Tenant URL: <code className="copyable">{scim.baseUrl}</code>
        </p>
        <p className="hint">
          Authentication: bearer token. Deactivating a user in your identity provider suspends the member here and signs them out at once. If
          your organization has an IP allowlist, add your identity provider’s provisioning addresses to it.
        </p>
      </section>
      <section className="card" aria-labelledby="tokens-heading">
        <h2 id="tokens-heading">Tokens</h2>
        {scim.tokens.length === 0 ? (
          <p className="hint">No tokens yet.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Starts with</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {scim.tokens.map((t) => (
                <tr key={t.id}>
                  <td>{t.name}</td>
                  <td>
                    <code>{t.prefix}…</code>
                  </td>
                  <td>{utcMinute(t.createdAt)}</td>
                  <td>{t.lastUsedAt ? utcMinute(t.lastUsedAt) : 'Never'}</td>
                  <td>
                    {t.revokedAt ? (
                      `Revoked ${utcMinute(t.revokedAt)}`
                    ) : (
                      <ActionButton formLabel={`Revoke ${t.name}`} intent="revoke" fields={{ tokenId: t.id }} label="Revoke" className="button link" />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <SecureForm aria-label="Create a SCIM token">
          <input type="hidden" name="intent" value="create" />
          <FormError message={result?.intent === 'create' ? result.formError : undefined} />
          <Field label="Token name" name="name" required hint={`For example “Entra ID”. ${active.length} active.`} error={result?.fieldErrors?.name} />
          <SubmitButton className="button">Create token</SubmitButton>
        </SecureForm>
      </section>
      <section className="card" aria-labelledby="groups-heading">
        <h2 id="groups-heading">Groups and roles</h2>
        <p className="hint">
          Members of a group mapped to a role hold that role (the one with the most permissions when they are in several). Owners are never
          changed by provisioning.
        </p>
        <FormError message={result?.intent === 'map' ? result.formError : undefined} />
        {scim.groups.length === 0 ? (
          <p className="hint">Your identity provider has not pushed any groups yet.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Group</th>
                <th scope="col">Members</th>
                <th scope="col">Role</th>
              </tr>
            </thead>
            <tbody>
              {scim.groups.map((g) => (
                <tr key={g.id}>
                  <td>{g.displayName}</td>
                  <td>{g.members}</td>
                  <td>
                    <SecureForm aria-label={`Role for ${g.displayName}`} className="inline-form">
                      <input type="hidden" name="intent" value="map" />
                      <input type="hidden" name="groupId" value={g.id} />
                      <label htmlFor={`role-${g.id}`} className="visually-hidden">
                        Role for {g.displayName}
                      </label>
                      <select id={`role-${g.id}`} name="roleId" defaultValue={g.roleId ?? ''}>
                        <option value="">No role (managed by hand)</option>
                        {roles.map((r) => (
                          <option key={r.id} value={r.id}>
                            {r.name}
                          </option>
                        ))}
                      </select>
                      <button type="submit" className="button">
                        Save
                      </button>
                    </SecureForm>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  )
}
