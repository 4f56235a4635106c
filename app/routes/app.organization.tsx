import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { useActionData, useLoaderData, useRouteLoaderData } from '@remix-run/react'
import { ActionButton, Field, FormError, SecureForm, SubmitButton } from '~/components/forms'
import { getApi } from '~/utils/api.server'
import { actionErrorWith, loaderError, type ActionErrors } from '~/utils/errors.server'
import { formFields, readForm } from '~/utils/forms.server'
import { utcMinute } from '~/utils/dates'
import { usePermissions } from '~/utils/permissions'
import type { loader as appLoader } from './app'

export const meta: MetaFunction = () => [{ title: 'Organization · Hireproof' }]

const modes = {
  RETURN_THEN_DELETE: 'Return, then delete',
  DELETE: 'Delete',
} as const

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api } = await getApi(request, context)
  try {
    return json(await api.org.deletion())
  } catch (error) {
    return loaderError(error, request)
  }
}

type Result = ActionErrors & { intent?: string; message?: string }

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request)
  const { api } = await getApi(request, context)
  const fields = formFields(form)
  const intent = String(fields.intent ?? '')
  try {
    switch (intent) {
      case 'schedule': {
        const { scheduledFor } = await api.org.scheduleDeletion({ mode: fields.mode, days: fields.days, confirmName: fields.confirmName ?? '' })
        return json<Result>({ intent, message: `Deletion scheduled for ${utcMinute(scheduledFor)}. We emailed you a confirmation.` })
      }
      case 'cancel':
        await api.org.cancelDeletion()
        return json<Result>({ intent, message: 'The deletion is cancelled. Nothing was deleted.' })
      default:
        return json<Result>({ formError: 'Unknown action.' }, { status: 400 })
    }
  } catch (error) {
    return actionErrorWith(error, { intent })
  }
}

export default function Organization() {
  const { scheduled, limits } = useLoaderData<typeof loader>()
  const result = useActionData<Result>()
  const orgName = useRouteLoaderData<typeof appLoader>('routes/app')?.me.activeOrg?.name ?? ''
  const { can } = usePermissions()
  const manage = can('org.delete')
  const scheduleErrors = result?.intent === 'schedule' ? result : undefined
  return (
    <>
      <h1>Organization</h1>
      <p className="hint">{orgName}</p>
      {result?.message ? <p role="status">{result.message}</p> : null}
      <FormError message={result?.intent === 'cancel' ? result.formError : undefined} />

      <section className="card" aria-labelledby="end-heading">
        <h2 id="end-heading">End of contract</h2>
        <p>
          When the contract ends, the organization is deleted: every job, candidate, interview, recording, transcript, analysis and
          scorecard, every stored file, the settings, the members’ access and the audit log. Choose whether to take the data back first
          (return) or to have it deleted. The deletion is scheduled {limits.minDays} to {limits.maxDays} days ahead and is complete
          within {limits.maxDays} days of the request; then a final report of what was deleted is emailed to whoever scheduled it.
          Members keep their Hireproof accounts and can join or create another organization.
        </p>

        <h3 id="return-heading">Take the data back</h3>
        <ul aria-labelledby="return-heading">
          <li>
            <a href="/app/org-export.csv">Download everything as CSV</a> (one row per fact, for spreadsheets)
          </li>
          <li>
            <a href="/api/org-export.json">Download everything as JSON</a> (for scripts and imports)
          </li>
          {can('audit.export') ? (
            <li>
              The audit log: <a href="/app/audit/export.csv">CSV</a> or <a href="/api/audit/export.ndjson">NDJSON</a> (verifiable offline)
            </li>
          ) : null}
        </ul>
        <p className="hint">
          The exports list stored files (recordings, CVs) with their checksums; download the files themselves from each interview or
          candidate. Each export is recorded in the audit log, which is how a “return, then delete” knows the data was taken.
        </p>

        {scheduled ? (
          <section className="notice" aria-labelledby="scheduled-heading">
            <h3 id="scheduled-heading">{scheduled.started ? 'Deletion under way' : 'Deletion scheduled'}</h3>
            <dl className="facts">
              <dt>Deletion</dt>
              <dd>
                <time dateTime={scheduled.scheduledFor}>{utcMinute(scheduled.scheduledFor)}</time>
              </dd>
              <dt>Choice</dt>
              <dd>{modes[scheduled.mode]}</dd>
              {scheduled.mode === 'RETURN_THEN_DELETE' ? (
                <>
                  <dt>Export</dt>
                  <dd>
                    {scheduled.exportTakenAt
                      ? `Downloaded ${utcMinute(scheduled.exportTakenAt)}`
                      : `Not downloaded yet. The deletion waits for it, a day at a time, but not past ${utcMinute(scheduled.deadline)}.`}
                  </dd>
                </>
              ) : null}
              <dt>Latest</dt>
              <dd>
                <time dateTime={scheduled.deadline}>{utcMinute(scheduled.deadline)}</time>
              </dd>
              <dt>Asked by</dt>
              <dd>
                {scheduled.requestedBy}, {utcMinute(scheduled.requestedAt)}
              </dd>
              <dt>Final report to</dt>
              <dd>{scheduled.reportEmail}</dd>
            </dl>
            {scheduled.started ? (
              <p>The deletion has started and can no longer be cancelled.</p>
            ) : manage ? (
              <ActionButton intent="cancel" label="Cancel the deletion" formLabel="Cancel the organization’s deletion" />
            ) : null}
          </section>
        ) : manage ? (
          <SecureForm aria-label="Schedule the organization’s deletion">
            <input type="hidden" name="intent" value="schedule" />
            <FormError message={scheduleErrors?.formError} />
            <fieldset aria-describedby={scheduleErrors?.fieldErrors?.mode ? 'deletion-mode-error' : undefined}>
              <legend>What happens to the data</legend>
              <label className="choice">
                <input type="radio" name="mode" value="RETURN_THEN_DELETE" defaultChecked /> Return, then delete: the deletion waits until an
                export is downloaded after today (at most {limits.maxDays} days from now)
              </label>
              <label className="choice">
                <input type="radio" name="mode" value="DELETE" /> Delete on the date, without waiting for an export
              </label>
              {scheduleErrors?.fieldErrors?.mode ? (
                <p className="field-error" id="deletion-mode-error" role="alert">
                  {scheduleErrors.fieldErrors.mode}
                </p>
              ) : null}
            </fieldset>
            <div className="field">
              <label htmlFor="deletion-days">Days until the deletion</label>
              <input
                id="deletion-days"
                name="days"
                type="number"
                inputMode="numeric"
                min={limits.minDays}
                max={limits.maxDays}
                step={1}
                required
                defaultValue={limits.defaultDays}
                className="narrow"
                aria-invalid={scheduleErrors?.fieldErrors?.days ? true : undefined}
                aria-describedby={scheduleErrors?.fieldErrors?.days ? 'deletion-days-hint deletion-days-error' : 'deletion-days-hint'}
              />
              <p className="hint" id="deletion-days-hint">
                From {limits.minDays} to {limits.maxDays}.
              </p>
              {scheduleErrors?.fieldErrors?.days ? (
                <p className="field-error" id="deletion-days-error" role="alert">
                  {scheduleErrors.fieldErrors.days}
                </p>
              ) : null}
            </div>
            <Field
              label="Type the organization’s name to confirm"
              name="confirmName"
              autoComplete="off"
              required
              hint={`Exactly: ${orgName}`}
              error={scheduleErrors?.fieldErrors?.confirmName}
            />
            <SubmitButton className="button danger">Schedule the deletion</SubmitButton>
          </SecureForm>
        ) : (
          <p className="hint">Only members allowed to end the contract (the owners) can schedule the deletion.</p>
        )}
      </section>
    </>
  )
}
