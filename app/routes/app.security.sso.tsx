import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useState } from 'react'
import { ActionButton, Field, FormError, SecureForm, SubmitButton } from '~/components/forms'
import { getApi } from '~/utils/api.server'
import { actionErrorWith, loaderError, type ActionErrors } from '~/utils/errors.server'
import { formFields, readForm } from '~/utils/forms.server'
import { utcMinute } from '~/utils/dates'
import { IdpRedirect } from '~/components/idp-redirect'
import { UpgradeNotice } from '~/components/upgrade-notice'

export const meta: MetaFunction = () => [{ title: 'Single sign-on · Hireproof' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api } = await getApi(request, context)
  try {
    return json({ sso: await api.sso.get() })
  } catch (error) {
    return loaderError(error, request)
  }
}

type Result = ActionErrors & { intent?: string; message?: string; idpUrl?: string }

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request)
  const { api, responseHeaders } = await getApi(request, context)
  const intent = String(form.get('intent') ?? '')
  try {
    switch (intent) {
      case 'save': {
        const fields = formFields(form)
        const saved = await api.sso.save({
          ...fields,
          jitProvisioning: form.get('jitProvisioning') === 'on',
          allowIdpInitiated: form.get('allowIdpInitiated') === 'on',
          attributeMapping: { email: fields.mapEmail, firstName: fields.mapFirstName, lastName: fields.mapLastName, displayName: fields.mapDisplayName },
        })
        return json<Result>({ intent, message: saved.needsTest ? 'Saved. Test the connection to enable it.' : 'Saved.' })
      }
      case 'test':
        // The answer carries the cookie that ties the test sign-in to this browser.
        return json<Result>({ intent, idpUrl: (await api.sso.startTest()).url }, { headers: responseHeaders })
      case 'enable':
      case 'disable':
        await api.sso.setEnabled({ enabled: intent === 'enable' })
        return json<Result>({ intent, message: intent === 'enable' ? 'Single sign-on is enabled.' : 'Single sign-on is disabled.' })
      case 'delete':
        await api.sso.delete()
        return json<Result>({ intent, message: 'The SAML connection is deleted.' })
      case 'add-domain':
        await api.domain.add({ domain: String(form.get('domain') ?? '') })
        return json<Result>({ intent, message: 'Added. Publish the TXT record, then verify.' })
      case 'verify-domain':
        await api.domain.verify({ domainId: String(form.get('domainId') ?? '') })
        return json<Result>({ intent, message: 'Domain verified.' })
      case 'remove-domain':
        await api.domain.remove({ domainId: String(form.get('domainId') ?? '') })
        return json<Result>({ intent, message: 'Domain removed.' })
      default:
        return json<Result>({ formError: 'Unknown action.' }, { status: 400 })
    }
  } catch (error) {
    return actionErrorWith(error, { intent })
  }
}

function Copyable({ label, value }: { label: string; value: string }) {
  return (
    <div className="field">
      <span className="label">{label}</span>
      <code className="copyable">{value}</code>
    </div>
  )
}

export default function SingleSignOn() {
  const { sso } = useLoaderData<typeof loader>()
  const result = useActionData<Result>()
  const [params] = useSearchParams()
  const connection = sso.connection
  const [preset, setPreset] = useState<string>(connection?.preset ?? 'entra')
  const presetInfo = sso.presets.find((p) => p.id === preset) ?? sso.presets[0]!
  const mapping = connection && connection.preset === preset ? connection.attributeMapping : presetInfo.mapping
  const errorsFor = (intent: string) => (result?.intent === intent ? result : undefined)
  if (sso.plan !== 'ENTERPRISE') {
    return (
      <section className="empty">
        <h1>Single sign-on</h1>
        <UpgradeNotice feature="SAML single sign-on with verified domains" className="" />
        <Link to="/app/security">Back to security</Link>
      </section>
    )
  }
  return (
    <>
      <h1>Single sign-on (SAML 2.0)</h1>
      <p>
        <Link to="/app/security">Security</Link> › Single sign-on
      </p>
      {params.get('test') === 'ok' ? (
        <p role="status" className="notice">
          Test sign-in succeeded as <strong>{params.get('as')}</strong>. You can enable single sign-on now.
        </p>
      ) : null}
      {params.get('test') === 'failed' ? (
        <p role="alert" className="form-error">
          Test sign-in failed: {params.get('reason')}
        </p>
      ) : null}
      {result?.idpUrl ? <IdpRedirect url={result.idpUrl} /> : null}
      {result?.message ? <p role="status">{result.message}</p> : null}
      {result?.formError && !['save', 'add-domain'].includes(result.intent ?? '') ? <FormError message={result.formError} /> : null}

      <section className="card" aria-labelledby="sp-heading">
        <h2 id="sp-heading">1. Give your identity provider these details</h2>
        <Copyable label="Entity ID (Identifier / Audience)" value={sso.serviceProvider.entityId} />
        <Copyable label="ACS URL (Reply URL)" value={sso.serviceProvider.acsUrl} />
        <p>
          Metadata: <a href={sso.serviceProvider.metadataUrl}>{sso.serviceProvider.metadataUrl}</a> (available once the connection is saved)
        </p>
      </section>

      <section className="card" aria-labelledby="idp-heading">
        <h2 id="idp-heading">2. Tell us about your identity provider</h2>
        <SecureForm aria-label="SAML connection">
          <input type="hidden" name="intent" value="save" />
          <FormError message={errorsFor('save')?.formError} />
          <div className="field">
            <label htmlFor="field-preset">Identity provider</label>
            <select id="field-preset" name="preset" value={preset} onChange={(e) => setPreset(e.target.value)}>
              {sso.presets.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.label}
                </option>
              ))}
            </select>
            <p className="hint">{presetInfo.help}</p>
          </div>
          <div className="field">
            <label htmlFor="field-metadataXml">Metadata XML</label>
            <textarea id="field-metadataXml" name="metadataXml" rows={6} aria-describedby="metadata-hint" />
            <p className="hint" id="metadata-hint">
              Paste the identity provider’s metadata, or leave this empty and fill in the three fields below.
            </p>
            {errorsFor('save')?.fieldErrors?.metadataXml ? <p className="field-error">{errorsFor('save')?.fieldErrors?.metadataXml}</p> : null}
          </div>
          <Field label="Identity provider entity ID" name="idpEntityId" defaultValue={connection?.idpEntityId} error={errorsFor('save')?.fieldErrors?.idpEntityId} />
          <Field label="Sign-in URL" name="idpSsoUrl" type="url" defaultValue={connection?.idpSsoUrl} error={errorsFor('save')?.fieldErrors?.idpSsoUrl} />
          <div className="field">
            <label htmlFor="field-certificate">Signing certificate (PEM)</label>
            <textarea id="field-certificate" name="certificate" rows={4} />
            {errorsFor('save')?.fieldErrors?.certificate ? <p className="field-error">{errorsFor('save')?.fieldErrors?.certificate}</p> : null}
          </div>
          {connection ? (
            <p className="hint">
              Trusted certificates (SHA-256): {connection.certificates.map((c) => c.fingerprint).join(', ')}
            </p>
          ) : null}
          <div className="field">
            <label htmlFor="field-defaultRoleId">Role for new members</label>
            <select id="field-defaultRoleId" name="defaultRoleId" defaultValue={connection?.defaultRoleId ?? sso.roles.find((r) => r.name === 'Interviewer')?.id}>
              {sso.roles.map((role) => (
                <option key={role.id} value={role.id}>
                  {role.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field checkbox">
            <input id="field-jit" type="checkbox" name="jitProvisioning" defaultChecked={connection?.jitProvisioning ?? true} />
            <label htmlFor="field-jit">Add people from verified domains as members on their first sign-in</label>
          </div>
          <div className="field checkbox">
            <input id="field-idp-initiated" type="checkbox" name="allowIdpInitiated" defaultChecked={connection?.allowIdpInitiated ?? false} />
            <label htmlFor="field-idp-initiated">
              Accept sign-ins started from the identity provider’s app launcher (less safe: such a response can be planted in someone
              else’s browser)
            </label>
          </div>
          <fieldset>
            <legend>Attribute names</legend>
            <Field label="Email" name="mapEmail" defaultValue={mapping.email} />
            <Field label="First name" name="mapFirstName" defaultValue={mapping.firstName} />
            <Field label="Last name" name="mapLastName" defaultValue={mapping.lastName} />
            <Field label="Display name" name="mapDisplayName" defaultValue={mapping.displayName} />
          </fieldset>
          <SubmitButton>Save connection</SubmitButton>
        </SecureForm>
      </section>

      {connection ? (
        <section className="card" aria-labelledby="test-heading">
          <h2 id="test-heading">3. Test, then enable</h2>
          <p>
            Status: <span className="badge">{connection.enabled ? 'Enabled' : 'Not enabled'}</span>{' '}
            {connection.lastTestedAt ? `Last successful test ${utcMinute(connection.lastTestedAt)}.` : 'Not tested since the last change.'}
          </p>
          <ActionButton formLabel="Test the connection" intent="test" label="Test sign-in at the identity provider" />
          {connection.enabled ? (
            <ActionButton formLabel="Disable single sign-on" intent="disable" label="Disable" />
          ) : (
            <ActionButton formLabel="Enable single sign-on" intent="enable" label="Enable single sign-on" className="button primary" />
          )}
          <ActionButton formLabel="Delete the connection" intent="delete" label="Delete connection" className="button danger" />
        </section>
      ) : null}

      <section className="card" aria-labelledby="domains-heading">
        <h2 id="domains-heading">Verified domains</h2>
        <p>People with an email at a verified domain are sent to your identity provider, and only these domains may sign in through it.</p>
        {sso.domains.length === 0 ? <p className="hint">No domains yet.</p> : null}
        {sso.domains.length > 0 ? (
          <table>
            <thead>
              <tr>
                <th scope="col">Domain</th>
                <th scope="col">Status</th>
                <th scope="col">DNS TXT record</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {sso.domains.map((d) => (
                <tr key={d.id}>
                  <td>{d.domain}</td>
                  <td>{d.verifiedAt ? `Verified ${utcMinute(d.verifiedAt)}` : 'Waiting for the DNS record'}</td>
                  <td>
                    <code>{d.recordName}</code>
                    <br />
                    <code>{d.recordValue}</code>
                  </td>
                  <td>
                    {!d.verifiedAt ? (
                      <ActionButton formLabel={`Verify ${d.domain}`} intent="verify-domain" fields={{ domainId: d.id }} label="Verify" />
                    ) : null}
                    <ActionButton formLabel={`Remove ${d.domain}`} intent="remove-domain" fields={{ domainId: d.id }} label="Remove" className="button link" />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        <SecureForm aria-label="Add a domain">
          <input type="hidden" name="intent" value="add-domain" />
          <FormError message={errorsFor('add-domain')?.formError} />
          <Field label="Domain" name="domain" hint="For example acme.com" required error={errorsFor('add-domain')?.fieldErrors?.domain} />
          <SubmitButton className="button">Add domain</SubmitButton>
        </SecureForm>
      </section>

      <section className="card" aria-labelledby="failures-heading">
        <h2 id="failures-heading">Failed sign-in attempts</h2>
        {sso.failures.length === 0 ? (
          <p className="hint">None recorded.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Time (UTC)</th>
                <th scope="col">Reason</th>
                <th scope="col">Email</th>
                <th scope="col">Address</th>
                <th scope="col">Detail</th>
              </tr>
            </thead>
            <tbody>
              {sso.failures.map((f) => (
                <tr key={f.id}>
                  <td>{utcMinute(f.createdAt)}</td>
                  <td>
                    <code>{f.reason}</code>
                  </td>
                  <td>{f.email ?? '—'}</td>
                  <td>{f.ip || '—'}</td>
                  <td>{f.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  )
}
