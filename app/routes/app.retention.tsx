import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { useActionData, useLoaderData, useRouteLoaderData } from '@remix-run/react'
import { ActionButton, FormError, OptionsField, SecureForm, SubmitButton } from '~/components/forms'
import { getApi } from '~/utils/api.server'
import { actionErrorWith, loaderError, type ActionErrors } from '~/utils/errors.server'
import { formFields, readForm } from '~/utils/forms.server'
import { usePermissions } from '~/utils/permissions'
import { countryOptions } from '~/utils/countries.server'
import { UpgradeNotice } from '~/components/upgrade-notice'
import type { loader as appLoader } from './app'

export const meta: MetaFunction = () => [{ title: 'Retention · Hireproof' }]

const dataKinds = {
  RECORDINGS: 'Recordings (and submitted video answers)',
  TRANSCRIPTS: 'Transcripts',
  ANALYSES: 'AI analyses',
  CANDIDATE_PROFILES: 'Candidate profiles',
  DRAFT_ATTEMPTS: 'Draft video answers (not submitted)',
} as const
const statuses = { ANY: 'any candidate', ACTIVE: 'candidates still in process', HIRED: 'hired candidates', REJECTED: 'rejected candidates' } as const

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api } = await getApi(request, context)
  try {
    const [retention, jobs] = await Promise.all([api.retention.list(), api.job.list()])
    const preview = new URL(request.url).searchParams.has('preview') ? await api.retention.preview() : null
    return json({ ...retention, preview, jobs: jobs.map((j) => ({ id: j.id, title: j.title })), countries: countryOptions })
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
      case 'create':
        await api.retention.createRule(fields)
        return json<Result>({ intent, message: 'Rule added.' })
      case 'toggle':
        await api.retention.setEnabled({ ruleId: fields.ruleId ?? '', enabled: fields.enabled })
        return json<Result>({ intent, message: 'Rule updated.' })
      case 'delete':
        await api.retention.deleteRule({ ruleId: fields.ruleId ?? '' })
        return json<Result>({ intent, message: 'Rule removed.' })
      case 'run': {
        const { counts } = await api.retention.run()
        const total = counts.reduce((sum, c) => sum + c.items, 0)
        return json<Result>({ intent, message: `Rules applied: ${total} item(s) deleted or anonymised.` })
      }
      default:
        return json<Result>({ formError: 'Unknown action.' }, { status: 400 })
    }
  } catch (error) {
    return actionErrorWith(error, { intent })
  }
}

export default function Retention() {
  const { rules, runs, preview, jobs, countries } = useLoaderData<typeof loader>()
  const result = useActionData<Result>()
  const { can } = usePermissions()
  const manage = can('retention.manage')
  // Custom retention rules are an Enterprise feature; existing ones can still be turned off, removed and applied.
  const enterprise = useRouteLoaderData<typeof appLoader>('routes/app')?.me.activeOrg?.plan === 'ENTERPRISE'
  const describe = (r: (typeof rules)[number]) =>
    `${r.action === 'DELETE' ? 'Delete' : 'Anonymise'} ${dataKinds[r.dataKind].toLowerCase()} older than ${r.afterDays} days, for ${statuses[r.candidateStatus]}` +
    `${r.jobTitle ? ` of “${r.jobTitle}”` : ''}${r.region ? ` in the ${r.region} region` : ''}` +
    `${r.candidateCountry ? `, candidates living in ${countries[r.candidateCountry] ?? r.candidateCountry}` : ''}`
  return (
    <>
      <h1>Retention</h1>
      <p className="hint">
        Rules run every day in the background; each run is recorded here and in the audit log with what it removed. Preview shows what
        the enabled rules would remove now, without changing anything.
      </p>
      {result?.message ? <p role="status">{result.message}</p> : null}
      <FormError message={result?.intent !== 'create' ? result?.formError : undefined} />

      <section aria-labelledby="rules-heading">
        <h2 id="rules-heading">Rules</h2>
        {rules.length === 0 ? (
          <p className="empty">No rules: data is kept until someone deletes it.</p>
        ) : (
          <ul className="plain">
            {rules.map((r) => (
              <li key={r.id} className="inline-form">
                <span>
                  {describe(r)} {r.enabled ? null : <span className="badge">off</span>}
                </span>
                {manage ? (
                  <>
                    <ActionButton
                      intent="toggle"
                      fields={{ ruleId: r.id, enabled: r.enabled ? 'false' : 'true' }}
                      label={r.enabled ? 'Turn off' : 'Turn on'}
                      formLabel={`${r.enabled ? 'Turn off' : 'Turn on'}: ${describe(r)}`}
                    />
                    <ActionButton intent="delete" fields={{ ruleId: r.id }} label="Remove" formLabel={`Remove: ${describe(r)}`} className="button danger" />
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        <p className="inline-form">
          <a className="button" href="?preview">
            Preview (dry run)
          </a>
          {manage ? <ActionButton intent="run" label="Apply the rules now" formLabel="Apply the retention rules now" className="button danger" /> : null}
        </p>
        {preview ? (
          <table aria-label="Dry run">
            <caption>What the enabled rules would remove now</caption>
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col">Items</th>
              </tr>
            </thead>
            <tbody>
              {preview.map((p) => (
                <tr key={p.ruleId}>
                  <th scope="row">{describe(rules.find((r) => r.id === p.ruleId)!)}</th>
                  <td>{p.items}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>

      {!enterprise ? <UpgradeNotice feature="Custom retention" /> : null}
      {manage && enterprise ? (
        <section className="card" aria-labelledby="new-rule-heading">
          <h2 id="new-rule-heading">Add a rule</h2>
          <SecureForm aria-label="Add a retention rule">
            <input type="hidden" name="intent" value="create" />
            <FormError message={result?.intent === 'create' ? result.formError : undefined} />
            <div className="field">
              <label htmlFor="rule-action">Action</label>
              <select id="rule-action" name="action" defaultValue="DELETE">
                <option value="DELETE">Delete</option>
                <option value="ANONYMISE">Anonymise (keep scores and stages)</option>
              </select>
            </div>
            <OptionsField id="rule-kind" name="dataKind" label="Data" options={dataKinds} defaultValue="RECORDINGS" />
            <div className="field">
              <label htmlFor="rule-days">Older than (days)</label>
              <input id="rule-days" name="afterDays" type="number" min={1} max={3650} required defaultValue={180} />
            </div>
            <OptionsField id="rule-status" name="candidateStatus" label="For" options={statuses} defaultValue="ANY" />
            <div className="field">
              <label htmlFor="rule-job">Job</label>
              <select id="rule-job" name="jobId" defaultValue="">
                <option value="">Every job</option>
                {jobs.map((j) => (
                  <option key={j.id} value={j.id}>
                    {j.title}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="rule-region">Data region</label>
              <select id="rule-region" name="region" defaultValue="">
                <option value="">Every region</option>
                <option value="EU">EU</option>
                <option value="US">US</option>
              </select>
            </div>
            <OptionsField
              id="rule-country"
              name="candidateCountry"
              label="Candidates’ country of residence (KVKK: Türkiye)"
              options={{ '': 'Any country', ...countries }}
            />
            <SubmitButton className="button primary">Add rule</SubmitButton>
          </SecureForm>
        </section>
      ) : null}

      <section aria-labelledby="runs-heading">
        <h2 id="runs-heading">Recent runs</h2>
        {runs.length === 0 ? (
          <p className="empty">No runs yet.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Trigger</th>
                <th scope="col">Removed</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((run) => (
                <tr key={run.id}>
                  <td>{new Date(run.startedAt).toISOString().replace('T', ' ').slice(0, 16)} UTC</td>
                  <td>{run.trigger}</td>
                  <td>
                    {run.finishedAt
                      ? (run.counts as { items: number }[]).reduce((sum, c) => sum + c.items, 0)
                      : 'unfinished (continued by the next run)'}
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
