import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { ActionButton, FormError } from '~/components/forms'
import { getApi } from '~/utils/api.server'
import { actionError, loaderError, type ActionErrors } from '~/utils/errors.server'
import { readForm } from '~/utils/forms.server'
import { usePermissions } from '~/utils/permissions'
import { UpgradeNotice } from '~/components/upgrade-notice'

export const meta: MetaFunction = () => [{ title: 'Security · Hireproof' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api } = await getApi(request, context)
  try {
    return json({ settings: await api.org.securitySettings() })
  } catch (error) {
    return loaderError(error, request)
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request)
  const { api } = await getApi(request, context)
  try {
    if (form.get('intent') === 'two-factor') {
      await api.org.setRequireTwoFactor({ required: form.get('required') === 'true' })
    } else {
      await api.org.setEnforceSso({ enforced: form.get('enforced') === 'true' })
    }
    return json({ message: 'Saved.' })
  } catch (error) {
    return actionError(error)
  }
}

export default function Security() {
  const { settings } = useLoaderData<typeof loader>()
  const result = useActionData<ActionErrors & { message?: string }>()
  const { can } = usePermissions()
  const enterprise = settings.plan === 'ENTERPRISE'
  return (
    <>
      <h1>Security</h1>
      {result?.message ? <p role="status">{result.message}</p> : null}
      <FormError message={result?.formError} />
      <section className="card" aria-labelledby="tfa-heading">
        <h2 id="tfa-heading">Two-factor authentication</h2>
        <p>
          {settings.requireTwoFactor ? (
            <>
              <span className="badge">Required</span> Members who sign in with a password must use an authenticator app. Those without one
              can only reach their account page until they set it up.
            </>
          ) : (
            <>
              <span className="badge">Optional</span> Each member decides.
            </>
          )}{' '}
          {settings.membersWithoutTwoFactor} {settings.membersWithoutTwoFactor === 1 ? 'member has' : 'members have'} not set it up.
        </p>
        {can('org.update') ? (
          <ActionButton
            formLabel="Two-factor requirement"
            intent="two-factor"
            fields={{ required: settings.requireTwoFactor ? 'false' : 'true' }}
            label={settings.requireTwoFactor ? 'Make it optional' : 'Require two-factor authentication'}
          />
        ) : null}
      </section>
      <section className="card" aria-labelledby="sso-heading">
        <h2 id="sso-heading">Single sign-on</h2>
        {!enterprise ? (
          <UpgradeNotice feature="SAML single sign-on, SCIM provisioning and verified domains" plural />
        ) : (
          <>
            <p>
              SAML connection: <span className="badge">{settings.ssoEnabled ? 'Enabled' : 'Not enabled'}</span> · Enforcement:{' '}
              <span className="badge">{settings.enforceSso ? 'Members must use SSO' : 'Password sign-in allowed'}</span>
            </p>
            {settings.enforceSso ? (
              <p className="hint">
                Members who manage SSO can still sign in with their password and a second factor, so a broken identity provider cannot lock
                you out.
              </p>
            ) : null}
            {can('sso.manage') ? (
              <>
                <p>
                  <Link to="/app/security/sso">Set up SAML and verified domains</Link>
                </p>
                <ActionButton
                  formLabel="Single sign-on enforcement"
                  intent="sso"
                  fields={{ enforced: settings.enforceSso ? 'false' : 'true' }}
                  label={settings.enforceSso ? 'Allow password sign-in again' : 'Require single sign-on'}
                />
              </>
            ) : null}
          </>
        )}
      </section>
      {can('scim.manage') ? (
        <section className="card" aria-labelledby="scim-heading">
          <h2 id="scim-heading">Provisioning (SCIM 2.0)</h2>
          <p>
            Let your identity provider create, update and deactivate members. <Link to="/app/security/scim">Tokens and group roles</Link>
          </p>
        </section>
      ) : null}
    </>
  )
}
