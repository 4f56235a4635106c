import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { FormError, OptionsField, SecureForm, SubmitButton } from '~/components/forms'
import { getApi } from '~/utils/api.server'
import { actionErrorWith, loaderError, type ActionErrors } from '~/utils/errors.server'
import { formFields, readForm } from '~/utils/forms.server'
import { countryOptions } from '~/utils/countries.server'

export const meta: MetaFunction = () => [{ title: 'Privacy requests · Hireproof' }]

const kinds = {
  ACCESS: 'Access (copy of their data)',
  PORTABILITY: 'Portability (machine-readable copy)',
  RECTIFICATION: 'Rectification (correct details)',
  ERASURE: 'Erasure (delete everything)',
  RESTRICTION: 'Restriction (pause processing)',
  OBJECTION: 'Objection (stop processing)',
  CONSENT_WITHDRAWAL: 'Consent withdrawal',
} as const

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api } = await getApi(request, context)
  try {
    const [requests, candidates] = await Promise.all([api.privacy.list(), api.candidate.list()])
    return json({ requests, candidates: candidates.map((c) => ({ id: c.id, name: c.name })), countryOptions })
  } catch (error) {
    return loaderError(error, request)
  }
}

type Result = ActionErrors & { intent?: string; requestId?: string; message?: string }

/** What the admin is told about the optional email to the candidate. */
const emailedNote = (asked: boolean, emailed: boolean) =>
  !asked ? '' : emailed ? ' The candidate was emailed.' : ' The candidate has no email address on file: tell them yourself.'

/** The opt-in checkbox; unticked by default. */
function NotifyCandidate({ id, label }: { id: string; label: string }) {
  return (
    <div className="field checkbox">
      <input id={id} type="checkbox" name="notifyCandidate" value="on" />
      <label htmlFor={id}>{label}</label>
    </div>
  )
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request)
  const { api } = await getApi(request, context)
  const fields = formFields(form)
  const intent = String(fields.intent ?? '')
  try {
    switch (intent) {
      case 'create': {
        const notifyCandidate = fields.notifyCandidate === 'on'
        const { dueAt, candidateEmailed } = await api.privacy.create({
          candidateId: fields.candidateId ?? '',
          kind: fields.kind,
          note: fields.note ?? '',
          receivedAt: fields.receivedAt || undefined,
          notifyCandidate,
        })
        const due = new Date(dueAt).toISOString().slice(0, 10)
        return json<Result>({ intent, message: `Request recorded; due ${due}.${emailedNote(notifyCandidate, candidateEmailed)}` })
      }
      case 'complete': {
        const corrections = Object.fromEntries(
          ['name', 'email', 'phone', 'location', 'country'].flatMap((field) => (fields[field] ? [[field, fields[field]]] : [])),
        )
        const notifyCandidate = fields.notifyCandidate === 'on'
        const { kind, candidateEmailed } = await api.privacy.complete({
          requestId: fields.requestId ?? '',
          rectification: Object.keys(corrections).length ? corrections : undefined,
          notifyCandidate,
        })
        return json<Result>({ intent, message: `${kinds[kind]}: completed.${emailedNote(notifyCandidate, candidateEmailed)}` })
      }
      case 'reject': {
        const notifyCandidate = fields.notifyCandidate === 'on'
        const { candidateEmailed } = await api.privacy.reject({
          requestId: fields.requestId ?? '',
          reason: fields.reason ?? '',
          notifyCandidate,
        })
        return json<Result>({ intent, message: `Request rejected.${emailedNote(notifyCandidate, candidateEmailed)}` })
      }
      default:
        return json<Result>({ formError: 'Unknown action.' }, { status: 400 })
    }
  } catch (error) {
    return actionErrorWith(error, { intent, requestId: fields.requestId })
  }
}

export default function PrivacyRequests() {
  const { requests, candidates, countryOptions } = useLoaderData<typeof loader>()
  const result = useActionData<Result>()
  const errorsFor = (intent: string, requestId?: string) => (result?.intent === intent && result.requestId === requestId ? result : undefined)
  return (
    <>
      <h1>Privacy requests</h1>
      <p className="hint">
        Data-subject requests about candidates (GDPR, CCPA, KVKK). Each is due 30 days after it was received. Completing one does what it
        asks and records proof; nothing here stores the person’s details.
      </p>
      {result?.message ? <p role="status">{result.message}</p> : null}

      <section className="card" aria-labelledby="org-export-heading">
        <h2 id="org-export-heading">Export the organization’s data</h2>
        <p>
          Everything, at any time: <a href="/app/org-export.csv">download CSV</a> (one row per fact) or{' '}
          <a href="/api/org-export.json">JSON</a> (for scripts). Stored files are listed with their checksums. Each export is recorded in
          the audit log.
        </p>
      </section>

      <section aria-labelledby="requests-heading">
        <h2 id="requests-heading">Requests</h2>
        {requests.length === 0 ? (
          <p className="empty">No requests yet.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Candidate</th>
                <th scope="col">Kind</th>
                <th scope="col">Received</th>
                <th scope="col">Due</th>
                <th scope="col">Status</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {requests.map((r) => (
                <tr key={r.id}>
                  <th scope="row">
                    {r.candidateId ? <Link to={`/app/candidates/${r.candidateId}`}>{r.candidateName ?? 'Candidate'}</Link> : <span className="hint">Erased</span>}
                  </th>
                  <td>{kinds[r.kind]}</td>
                  <td>{r.receivedAt.slice(0, 10)}</td>
                  <td>
                    {r.dueAt.slice(0, 10)} {r.overdue ? <span className="badge danger">Overdue</span> : null}
                  </td>
                  <td>
                    <span className="badge">{r.status.toLowerCase()}</span>
                    {r.proof ? (
                      <details>
                        <summary>Proof</summary>
                        <pre>{JSON.stringify(r.proof, null, 2)}</pre>
                      </details>
                    ) : null}
                  </td>
                  <td>
                    {(r.kind === 'ACCESS' || r.kind === 'PORTABILITY') && r.candidateId ? (
                      <p>
                        <a href={`/app/privacy/${r.id}/export?format=json`}>JSON</a> · <a href={`/app/privacy/${r.id}/export?format=csv`}>CSV</a>
                      </p>
                    ) : null}
                    {r.status === 'OPEN' && r.candidateId ? (
                      <>
                        <SecureForm aria-label={`Complete the ${r.kind.toLowerCase()} request`}>
                          <input type="hidden" name="intent" value="complete" />
                          <input type="hidden" name="requestId" value={r.id} />
                          {r.kind === 'RECTIFICATION' ? (
                            <fieldset>
                              <legend>Corrected details (only those to change)</legend>
                              {(['name', 'email', 'phone', 'location'] as const).map((field) => (
                                <div className="field" key={field}>
                                  <label htmlFor={`${r.id}-${field}`}>{field[0]!.toUpperCase() + field.slice(1)}</label>
                                  <input id={`${r.id}-${field}`} name={field} type={field === 'email' ? 'email' : 'text'} />
                                </div>
                              ))}
                              <OptionsField
                                id={`${r.id}-country`}
                                name="country"
                                label="Country of residence"
                                options={{ '': 'Unchanged', ...countryOptions }}
                              />
                            </fieldset>
                          ) : null}
                          {r.kind === 'ERASURE' ? null : (
                            <NotifyCandidate id={`${r.id}-notify-complete`} label="Email the requester that it is done" />
                          )}
                          <FormError message={errorsFor('complete', r.id)?.formError} />
                          <SubmitButton className={r.kind === 'ERASURE' ? 'button danger' : 'button'}>
                            {r.kind === 'ERASURE' ? 'Erase everything now' : 'Complete'}
                          </SubmitButton>
                        </SecureForm>
                        <details>
                          <summary>Reject</summary>
                          <SecureForm aria-label={`Reject the ${r.kind.toLowerCase()} request`}>
                            <input type="hidden" name="intent" value="reject" />
                            <input type="hidden" name="requestId" value={r.id} />
                            <label htmlFor={`${r.id}-reason`}>Reason</label>
                            <input id={`${r.id}-reason`} name="reason" required minLength={10} maxLength={2000} />
                            <NotifyCandidate id={`${r.id}-notify-reject`} label="Email the requester, with this reason" />
                            <FormError message={errorsFor('reject', r.id)?.formError} />
                            <SubmitButton className="button">Reject</SubmitButton>
                          </SecureForm>
                        </details>
                      </>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="card" aria-labelledby="new-request-heading">
        <h2 id="new-request-heading">Record a request</h2>
        <SecureForm aria-label="Record a privacy request">
          <input type="hidden" name="intent" value="create" />
          <FormError message={errorsFor('create')?.formError} />
          <OptionsField
            id="request-candidate"
            name="candidateId"
            label="Candidate"
            options={Object.fromEntries(candidates.map((c) => [c.id, c.name]))}
            placeholder="Choose a candidate"
            required
          />
          <OptionsField id="request-kind" name="kind" label="Kind" options={kinds} placeholder="Choose the kind" required />
          <div className="field">
            <label htmlFor="request-received">Received on</label>
            <input id="request-received" name="receivedAt" type="date" />
            <p className="hint">Today when left empty. The due date is 30 days later.</p>
          </div>
          <div className="field">
            <label htmlFor="request-note">How it arrived and how you verified the requester</label>
            <textarea id="request-note" name="note" rows={2} maxLength={2000} />
            <p className="hint">No personal details here, please: the note is kept as proof.</p>
          </div>
          <NotifyCandidate id="request-notify" label="Email the requester that it was received" />
          <p className="hint">
            Only if you tick it, and only when the candidate has an email address: in their notice language, sent for your
            organization, with none of their data. Completing an erasure sends no email (the address is erased too).
          </p>
          <SubmitButton className="button primary">Record request</SubmitButton>
        </SecureForm>
      </section>
    </>
  )
}
