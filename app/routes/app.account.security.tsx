import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { AccountNav } from '~/components/account-nav'
import { Field, FormError, SecureForm, SubmitButton } from '~/components/forms'
import { getApi } from '~/utils/api.server'
import { actionErrorWith, loaderError, type ActionErrors } from '~/utils/errors.server'
import { formFields, readForm } from '~/utils/forms.server'

export const meta: MetaFunction = () => [{ title: 'Account security · Hireproof' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api } = await getApi(request, context)
  try {
    return json({ status: await api.twoFactor.status() })
  } catch (error) {
    return loaderError(error, request)
  }
}

type ActionResult = ActionErrors & { intent?: string; recoveryCodes?: string[]; message?: string }

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request)
  const { api } = await getApi(request, context)
  const intent = String(form.get('intent') ?? '')
  try {
    switch (intent) {
      case 'begin':
        await api.twoFactor.beginEnrolment()
        return redirect('/app/account/security')
      case 'confirm': {
        const { recoveryCodes } = await api.twoFactor.confirmEnrolment(formFields(form))
        return json<ActionResult>({ intent, recoveryCodes, message: 'Two-factor authentication is on.' })
      }
      case 'regenerate': {
        const { recoveryCodes } = await api.twoFactor.regenerateRecoveryCodes(formFields(form))
        return json<ActionResult>({ intent, recoveryCodes, message: 'New recovery codes made; the old ones no longer work.' })
      }
      case 'disable':
        await api.twoFactor.disable(formFields(form))
        return json<ActionResult>({ intent, message: 'Two-factor authentication is off.' })
      default:
        return json<ActionResult>({ formError: 'Unknown action.' }, { status: 400 })
    }
  } catch (error) {
    return actionErrorWith(error, { intent })
  }
}

function RecoveryCodes({ codes }: { codes: string[] }) {
  return (
    <section className="card" aria-labelledby="recovery-heading">
      <h2 id="recovery-heading">Your recovery codes</h2>
      <p>
        Each code signs you in once if you lose your phone. Store them somewhere safe, such as a password manager.{' '}
        <strong>They are shown only now.</strong>
      </p>
      <ul className="recovery-codes" aria-label="Recovery codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
    </section>
  )
}

export default function AccountSecurity() {
  const { status } = useLoaderData<typeof loader>()
  const result = useActionData<ActionResult>()
  const [params] = useSearchParams()
  const errorFor = (intent: string) => (result?.intent === intent ? result : undefined)
  return (
    <>
      <h1>Account security</h1>
      <AccountNav />
      {params.get('required') && status.requiredBy.length > 0 && !status.enabled ? (
        <p role="alert" className="form-error">
          {status.requiredBy.join(', ')} {status.requiredBy.length === 1 ? 'requires' : 'require'} two-factor authentication. Set it up below to
          continue.
        </p>
      ) : null}
      {result?.message ? <p role="status">{result.message}</p> : null}
      {result?.recoveryCodes ? <RecoveryCodes codes={result.recoveryCodes} /> : null}

      <section className="card" aria-labelledby="totp-heading">
        <h2 id="totp-heading">Two-factor authentication</h2>
        {status.enabled ? (
          <>
            <p>
              <span className="badge">On</span> Signing in with your password also asks for a code from your authenticator app.{' '}
              {status.recoveryCodesLeft} of 10 recovery codes left.
            </p>
            <SecureForm aria-label="Make new recovery codes">
              <input type="hidden" name="intent" value="regenerate" />
              <h3>New recovery codes</h3>
              <FormError message={errorFor('regenerate')?.formError} />
              <Field label="Current code from your app" name="code" autoComplete="one-time-code" required error={errorFor('regenerate')?.fieldErrors?.code} />
              <SubmitButton className="button">Make new recovery codes</SubmitButton>
            </SecureForm>
            {status.hasPassword ? (
              <SecureForm aria-label="Turn off two-factor authentication">
                <input type="hidden" name="intent" value="disable" />
                <h3>Turn off</h3>
                {status.requiredBy.length > 0 ? (
                  <p className="hint">{status.requiredBy.join(', ')} requires it: you will have to turn it on again to work there.</p>
                ) : null}
                <FormError message={errorFor('disable')?.formError} />
                <Field label="Password" name="password" type="password" autoComplete="current-password" required error={errorFor('disable')?.fieldErrors?.password} />
                <Field label="Code from your app or a recovery code" name="code" autoComplete="one-time-code" required error={errorFor('disable')?.fieldErrors?.code} />
                <SubmitButton className="button danger">Turn off two-factor authentication</SubmitButton>
              </SecureForm>
            ) : null}
          </>
        ) : status.pending ? (
          <>
            <ol>
              <li>Open an authenticator app (such as 1Password, Google Authenticator or Microsoft Authenticator).</li>
              <li>Scan this QR code, or type in the key below.</li>
              <li>Enter the 6-digit code the app shows.</li>
            </ol>
            <div className="qr" role="img" aria-label="QR code for your authenticator app" dangerouslySetInnerHTML={{ __html: status.pending.qrSvg }} />
            <p>
              Key: <code data-testid="totp-manual-key">{status.pending.manualKey}</code>
            </p>
            <SecureForm aria-label="Confirm two-factor authentication">
              <input type="hidden" name="intent" value="confirm" />
              <FormError message={errorFor('confirm')?.formError} />
              <Field label="6-digit code" name="code" autoComplete="one-time-code" required error={errorFor('confirm')?.fieldErrors?.code} />
              <SubmitButton>Turn on</SubmitButton>
            </SecureForm>
          </>
        ) : (
          <>
            <p>
              <span className="badge">Off</span> Add a second step to signing in with your password: a code from an app on your phone.
            </p>
            <SecureForm aria-label="Set up two-factor authentication">
              <input type="hidden" name="intent" value="begin" />
              <FormError message={errorFor('begin')?.formError} />
              <SubmitButton>Set up two-factor authentication</SubmitButton>
            </SecureForm>
          </>
        )}
      </section>
    </>
  )
}
