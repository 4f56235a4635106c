import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { AccountNav } from '~/components/account-nav'
import { Field, FormError, SecureForm, SubmitButton } from '~/components/forms'
import { getApi } from '~/utils/api.server'
import { actionErrorWith, loaderError, type ActionErrors } from '~/utils/errors.server'
import { formFields, readForm } from '~/utils/forms.server'
import { analyticsConsent } from '~/utils/cookie-consent.server'
import { AnalyticsChoice } from '~/components/cookie-consent'

export const meta: MetaFunction = () => [{ title: 'Your data and privacy · Hireproof' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api } = await getApi(request, context)
  try {
    return json({ account: await api.account.privacy(), analytics: analyticsConsent(request) })
  } catch (error) {
    return loaderError(error, request)
  }
}

type ActionResult = ActionErrors & { intent?: string; message?: string }

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request)
  const { api, responseHeaders } = await getApi(request, context)
  const intent = String(form.get('intent') ?? '')
  try {
    switch (intent) {
      case 'rename': {
        const { changed } = await api.account.rename(formFields(form))
        return json<ActionResult>({ intent, message: changed ? 'Your name is changed.' : 'Your name is unchanged.' })
      }
      case 'delete': {
        const { password, confirmEmail } = formFields(form) as { password?: string; confirmEmail?: string }
        await api.account.requestDeletion({ password: password || undefined, confirmEmail: confirmEmail || undefined })
        // Every session has ended, this one too: the cookie is cleared on the way out.
        return redirect('/account-deleted', { headers: responseHeaders })
      }
      default:
        return json<ActionResult>({ formError: 'Unknown action.' }, { status: 400 })
    }
  } catch (error) {
    return actionErrorWith(error, { intent })
  }
}

export default function AccountPrivacy() {
  const { account, analytics } = useLoaderData<typeof loader>()
  const result = useActionData<ActionResult>()
  const errorFor = (intent: string) => (result?.intent === intent ? result : undefined)
  const blocked = account.blockers.length > 0
  return (
    <>
      <h1>Your data and privacy</h1>
      <AccountNav />
      {result?.message ? <p role="status">{result.message}</p> : null}

      <section className="card" aria-labelledby="download-heading">
        <h2 id="download-heading">Download my data</h2>
        <p>
          Everything Hireproof holds about you: your profile, memberships, sessions, two-factor status (never its secrets), linked
          sign-in identities, job assignments, interviews you take part in, scorecards you wrote, and the actions you took as recorded in
          your organizations’ audit logs.
        </p>
        <ul>
          <li>
            <a href="/app/account/export.json" download>
              Download as JSON
            </a>{' '}
            <span className="hint">(machine-readable, to take elsewhere)</span>
          </li>
          <li>
            <a href="/app/account/export.csv" download>
              Download as CSV
            </a>{' '}
            <span className="hint">(one row per fact, for spreadsheets)</span>
          </li>
        </ul>
        <p className="hint">Each download is recorded in the audit log of the organizations you are an active member of.</p>
      </section>

      <section className="card" aria-labelledby="name-heading">
        <h2 id="name-heading">Your name</h2>
        <SecureForm aria-label="Change your name">
          <input type="hidden" name="intent" value="rename" />
          <FormError message={errorFor('rename')?.formError} />
          <Field
            label="Name"
            name="name"
            autoComplete="name"
            defaultValue={account.name}
            required
            error={errorFor('rename')?.fieldErrors?.name}
            hint="Shown to your colleagues in every organization you belong to."
          />
          <SubmitButton className="button">Save name</SubmitButton>
        </SecureForm>
        <p className="hint">
          Your email, <strong>{account.email}</strong>, is how you sign in and cannot be changed here.
        </p>
      </section>

      <section className="card" aria-labelledby="cookies-heading">
        <h2 id="cookies-heading">Cookies on this browser</h2>
        <p>
          {analytics === 'granted'
            ? 'You allowed analytics cookies on this browser.'
            : analytics === 'denied'
              ? 'Only the cookies Hireproof needs are set on this browser.'
              : 'You have not answered yet: only the cookies Hireproof needs are set.'}
        </p>
        <AnalyticsChoice returnTo="/app/account/privacy" current={analytics} />
      </section>

      <section className="card danger-zone" aria-labelledby="delete-heading">
        <h2 id="delete-heading">Delete my account</h2>
        {account.operatorAccount ? (
          <p>This is a Hireproof operator account: the operator closes it, not this page.</p>
        ) : (
          <>
            <p>Deleting your account:</p>
            <ul>
              <li>signs you out everywhere at once, and you cannot sign in again;</li>
              <li>
                erases your name, email, password, two-factor setup, sessions, memberships, job assignments and invitations within 30
                days (in practice, within minutes);
              </li>
              <li>
                leaves with your organizations what you made there (jobs, interviews, scorecards, decisions), shown as by “Former
                member”;
              </li>
              <li>
                keeps your email in your organizations’ audit logs as the author of the actions you took there: that log is a tamper-proof
                security record, kept as long as each organization keeps its log;
              </li>
              <li>cannot be undone. Download your data first if you want a copy.</li>
            </ul>
            {blocked ? (
              <div role="alert" className="form-error" aria-labelledby="blockers-heading">
                <h3 id="blockers-heading">Before you can delete your account</h3>
                <ul>
                  {account.blockers.map((b) => (
                    <li key={b.orgId}>
                      {b.message}{' '}
                      {b.reason === 'only_member' ? (
                        <Link to="/app/organization">Organization settings</Link>
                      ) : (
                        <Link to="/app/members">Members</Link>
                      )}{' '}
                      <span className="hint">(switch to {b.orgName} first if it is not your active organization)</span>
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
            <SecureForm aria-label="Delete your account">
              <input type="hidden" name="intent" value="delete" />
              <FormError message={errorFor('delete')?.formError} />
              {account.hasPassword ? (
                <Field
                  label="Your current password"
                  name="password"
                  type="password"
                  autoComplete="current-password"
                  required
                  error={errorFor('delete')?.fieldErrors?.password}
                />
              ) : (
                <Field
                  label={`Type your email address (${account.email}) to confirm`}
                  name="confirmEmail"
                  type="email"
                  autoComplete="off"
                  required
                  error={errorFor('delete')?.fieldErrors?.confirmEmail}
                />
              )}
              <SubmitButton className="button danger">Delete my account</SubmitButton>
            </SecureForm>
          </>
        )}
      </section>
    </>
  )
}
