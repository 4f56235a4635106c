import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { ActionButton, Field, FormError, OptionsField, SecureForm, SubmitButton } from '~/components/forms'
import { getApi } from '~/utils/api.server'
import { actionErrorWith, loaderError, type ActionErrors } from '~/utils/errors.server'
import { formFields, readForm } from '~/utils/forms.server'
import { countryOptions } from '~/utils/countries.server'
import { usePermissions } from '~/utils/permissions'

export const meta: MetaFunction = () => [{ title: 'Job · Hireproof' }]

const blankRubricRows = 3

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { api } = await getApi(request, context)
  try {
    const jobId = params.jobId ?? ''
    const [job, pipeline, interviews] = await Promise.all([
      api.job.get({ jobId }),
      api.job.pipeline({ jobId }),
      // Members without interviews.read see the board without interviews.
      api.interview.listForJob({ jobId }).catch(() => null),
    ])
    return json({ job, pipeline, interviews: interviews ?? [], countries: countryOptions })
  } catch (error) {
    return loaderError(error, request)
  }
}

type Result = ActionErrors & { intent?: string; message?: string; applicationId?: string }

/** Rubric rows come as name-N / weight-N / description-N; rows without a name are left out. */
function rubricFrom(form: FormData) {
  const rows: { name: string; weight: number; description: string }[] = []
  for (let i = 0; form.has(`name-${i}`); i++) {
    const name = String(form.get(`name-${i}`) ?? '').trim()
    if (!name) continue
    rows.push({ name, weight: Number(form.get(`weight-${i}`) ?? 1), description: String(form.get(`description-${i}`) ?? '') })
  }
  return rows
}

/** Open stages from the stage form: rows ordered by their position field, blank names dropped. */
function stagesFrom(form: FormData) {
  const rows: { id?: string; name: string; position: number; row: number }[] = []
  for (let i = 0; form.has(`stage-name-${i}`); i++) {
    const name = String(form.get(`stage-name-${i}`) ?? '').trim()
    if (!name) continue
    const id = String(form.get(`stage-id-${i}`) ?? '') || undefined
    rows.push({ id, name, position: Number(form.get(`stage-position-${i}`) ?? i + 1) || i + 1, row: i })
  }
  // A row given a new number goes to that place, ahead of the row that had it.
  const moved = (r: { position: number; row: number }) => (r.position !== r.row + 1 ? 0 : 1)
  return rows.sort((a, b) => a.position - b.position || moved(a) - moved(b) || a.row - b.row).map(({ id, name }) => ({ id, name }))
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await readForm(request)
  const { api } = await getApi(request, context)
  const jobId = params.jobId ?? ''
  const intent = String(form.get('intent') ?? '')
  try {
    switch (intent) {
      case 'add-candidate':
        await api.candidate.create({ ...formFields(form), jobId })
        return json<Result>({ intent, message: 'Candidate added to Applied.' })
      case 'rubric':
        await api.job.setRubric({ jobId, competencies: rubricFrom(form) })
        return json<Result>({ intent, message: 'Rubric saved.' })
      case 'stages':
        await api.job.setStages({ jobId, stages: stagesFrom(form) })
        return json<Result>({ intent, message: 'Stages saved.' })
      case 'screening': {
        const { anonymised } = await api.job.setScreening({ jobId, anonymised: formFields(form).anonymised })
        return json<Result>({ intent, message: anonymised ? 'Anonymised screening is on for this job.' : 'Anonymised screening is off for this job.' })
      }
      case 'interview': {
        const { id } = await api.interview.create({ applicationId: String(form.get('applicationId') ?? ''), title: String(form.get('title') ?? '') })
        return redirect(`/app/interviews/${id}`)
      }
      case 'decide': {
        const fields = formFields(form)
        const { stage } = await api.application.decide({
          applicationId: fields.applicationId,
          kind: fields.kind,
          toStageId: fields.kind === 'MOVE' ? fields.toStageId : undefined,
          reason: fields.reason,
        })
        return json<Result>({ intent, message: `Decision recorded: now in ${stage.name}.` })
      }
      default:
        return json<Result>({ formError: 'Unknown action.' }, { status: 400 })
    }
  } catch (error) {
    return actionErrorWith(error, { intent, applicationId: String(form.get('applicationId') ?? '') || undefined })
  }
}

export default function JobPage() {
  const { job, pipeline, interviews, countries } = useLoaderData<typeof loader>()
  const result = useActionData<Result>()
  const { can } = usePermissions()
  const errorsFor = (intent: string) => (result?.intent === intent ? result : undefined)
  const rubricRows = [...pipeline.competencies, ...Array.from({ length: blankRubricRows }, () => null)]
  const stageRows = [...pipeline.stages.filter((s) => s.kind === 'ACTIVE'), null, null]
  return (
    <>
      <p>
        <Link to="/app/jobs">Jobs</Link> › {job.title}
      </p>
      <h1>{job.title}</h1>
      <p className="hint">
        {job.location || 'No location'} · {job.region}
      </p>
      {result?.message ? <p role="status">{result.message}</p> : null}

      <section aria-labelledby="pipeline-heading">
        <h2 id="pipeline-heading">Pipeline</h2>
        <p className="hint">Only people move candidates, each time with a reason. Analyses inform; they never decide.</p>
        <FormError message={errorsFor('decide')?.formError} />
        <div className="pipeline">
          {pipeline.stages.map((stage) => (
            <section key={stage.id} className="card stage" aria-labelledby={`stage-${stage.id}`}>
              <h3 id={`stage-${stage.id}`}>
                {stage.name} <span className="badge">{stage.applications.length}</span>
              </h3>
              {stage.applications.length === 0 ? <p className="hint">Nobody here.</p> : null}
              <ul className="plain">
                {stage.applications.map((application) => (
                  <li key={application.id}>
                    <strong>
                      <Link to={`/app/candidates/${application.candidate.id}`}>{application.candidate.name}</Link>
                    </strong>
                    {interviews
                      .filter((i) => i.applicationId === application.id)
                      .map((i) => (
                        <div key={i.id}>
                          <Link to={`/app/interviews/${i.id}`}>{i.title}</Link>
                        </div>
                      ))}
                    {can('interviews.create') ? (
                      <SecureForm aria-label={`New interview with ${application.candidate.name}`} className="inline-form">
                        <input type="hidden" name="intent" value="interview" />
                        <input type="hidden" name="applicationId" value={application.id} />
                        <label className="visually-hidden" htmlFor={`interview-${application.id}`}>
                          Interview title for {application.candidate.name}
                        </label>
                        <input id={`interview-${application.id}`} name="title" defaultValue="Interview" required maxLength={160} />
                        <SubmitButton className="button">New interview</SubmitButton>
                        <Link className="button" to={`/app/video-interviews/new?applicationId=${application.id}`}>
                          Video interview
                        </Link>
                      </SecureForm>
                    ) : null}
                    {can('decisions.make') ? (
                      <details open={errorsFor('decide')?.applicationId === application.id}>
                        <summary>Decide on {application.candidate.name}</summary>
                        <SecureForm aria-label={`Decision on ${application.candidate.name}`}>
                          <input type="hidden" name="intent" value="decide" />
                          <input type="hidden" name="applicationId" value={application.id} />
                          <div className="field">
                            <label htmlFor={`kind-${application.id}`}>Decision</label>
                            <select id={`kind-${application.id}`} name="kind" defaultValue={stage.kind === 'ACTIVE' ? 'ADVANCE' : 'MOVE'}>
                              {stage.kind === 'ACTIVE' ? <option value="ADVANCE">Advance to the next stage</option> : null}
                              <option value="REJECT">Reject</option>
                              <option value="HIRE">Hire</option>
                              <option value="MOVE">Move to…</option>
                            </select>
                          </div>
                          <div className="field">
                            <label htmlFor={`to-${application.id}`}>Stage (for “Move to…”)</label>
                            <select id={`to-${application.id}`} name="toStageId" defaultValue="">
                              <option value="">—</option>
                              {pipeline.stages
                                .filter((s) => s.id !== stage.id)
                                .map((s) => (
                                  <option key={s.id} value={s.id}>
                                    {s.name}
                                  </option>
                                ))}
                            </select>
                          </div>
                          <div className="field">
                            <label htmlFor={`reason-${application.id}`}>Reason</label>
                            <textarea id={`reason-${application.id}`} name="reason" rows={3} required minLength={10} maxLength={2000} />
                            {errorsFor('decide')?.applicationId === application.id && errorsFor('decide')?.fieldErrors?.reason ? (
                              <p className="field-error">{errorsFor('decide')?.fieldErrors?.reason}</p>
                            ) : null}
                          </div>
                          <SubmitButton className="button">Record decision</SubmitButton>
                        </SecureForm>
                      </details>
                    ) : null}
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </div>
      </section>

      {can('candidates.create') ? (
        <section className="card" aria-labelledby="add-candidate-heading">
          <h2 id="add-candidate-heading">Add a candidate</h2>
          <SecureForm aria-label="Add a candidate">
            <input type="hidden" name="intent" value="add-candidate" />
            <FormError message={errorsFor('add-candidate')?.formError} />
            <Field label="Name" name="name" required error={errorsFor('add-candidate')?.fieldErrors?.name} />
            <Field label="Email" name="email" type="email" error={errorsFor('add-candidate')?.fieldErrors?.email} />
            <Field label="Location" name="location" />
            <OptionsField
              id="candidate-country"
              name="country"
              label="Country of residence (decides the consent notice: Türkiye gets KVKK in Turkish)"
              options={{ '': 'Not given', ...countries }}
            />
            <FormError message={errorsFor('add-candidate')?.fieldErrors?.country} />
            <SubmitButton className="button">Add candidate</SubmitButton>
          </SecureForm>
        </section>
      ) : null}

      <section className="card" aria-labelledby="screening-heading">
        <h2 id="screening-heading">Anonymised screening</h2>
        <p className="hint">
          When on, interview transcripts and analyses of this job hide the candidate’s name, contact details and gendered words, and
          speakers appear as Candidate and Interviewer. It can also be turned on for every job under Jobs.
        </p>
        <p>
          This job: <strong>{job.anonymisedScreening ? 'on' : 'off'}</strong>
        </p>
        {can('jobs.update') ? (
          <ActionButton
            intent="screening"
            fields={{ anonymised: job.anonymisedScreening ? 'false' : 'true' }}
            label={job.anonymisedScreening ? 'Turn off for this job' : 'Turn on for this job'}
            formLabel="Anonymised screening for this job"
          />
        ) : null}
      </section>

      {can('jobs.update') ? (
        <section className="card" aria-labelledby="stages-heading">
          <h2 id="stages-heading">Stages</h2>
          <p className="hint">
            The open stages of this job, in order (Hired and Rejected always close the pipeline). Clear a name to remove an empty stage;
            change the numbers to reorder.
          </p>
          <SecureForm aria-label="Stages">
            <input type="hidden" name="intent" value="stages" />
            <FormError message={errorsFor('stages')?.formError} />
            <table>
              <thead>
                <tr>
                  <th scope="col">Order</th>
                  <th scope="col">Stage</th>
                  <th scope="col">Candidates</th>
                </tr>
              </thead>
              <tbody>
                {stageRows.map((stage, i) => (
                  <tr key={stage?.id ?? `new-stage-${i}`}>
                    <td>
                      <label className="visually-hidden" htmlFor={`stage-position-${i}`}>
                        Order of stage {i + 1}
                      </label>
                      <input id={`stage-position-${i}`} name={`stage-position-${i}`} type="number" min={1} max={99} defaultValue={i + 1} className="narrow" />
                    </td>
                    <td>
                      {stage ? <input type="hidden" name={`stage-id-${i}`} value={stage.id} /> : null}
                      <label className="visually-hidden" htmlFor={`stage-name-${i}`}>
                        Stage {i + 1}
                      </label>
                      <input id={`stage-name-${i}`} name={`stage-name-${i}`} defaultValue={stage?.name ?? ''} maxLength={60} />
                    </td>
                    <td>{stage ? stage.applications.length : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <SubmitButton className="button">Save stages</SubmitButton>
          </SecureForm>
        </section>
      ) : null}

      <section className="card" aria-labelledby="rubric-heading">
        <h2 id="rubric-heading">Rubric</h2>
        <p className="hint">What interviews are scored against. Weights from 1 to 10 set each competency’s share of the overall score.</p>
        {can('jobs.update') ? (
          <SecureForm aria-label="Rubric">
            <input type="hidden" name="intent" value="rubric" />
            <FormError message={errorsFor('rubric')?.formError} />
            <table>
              <thead>
                <tr>
                  <th scope="col">Competency</th>
                  <th scope="col">Weight</th>
                  <th scope="col">What good looks like</th>
                </tr>
              </thead>
              <tbody>
                {rubricRows.map((row, i) => (
                  <tr key={row?.id ?? `new-${i}`}>
                    <td>
                      <label className="visually-hidden" htmlFor={`name-${i}`}>
                        Competency {i + 1}
                      </label>
                      <input id={`name-${i}`} name={`name-${i}`} defaultValue={row?.name ?? ''} maxLength={120} />
                    </td>
                    <td>
                      <label className="visually-hidden" htmlFor={`weight-${i}`}>
                        Weight of competency {i + 1}
                      </label>
                      <input id={`weight-${i}`} name={`weight-${i}`} type="number" min={1} max={10} defaultValue={row?.weight ?? 1} />
                      {row ? <span className="hint"> {Math.round(row.share * 100)}%</span> : null}
                    </td>
                    <td>
                      <label className="visually-hidden" htmlFor={`description-${i}`}>
                        Description of competency {i + 1}
                      </label>
                      <input id={`description-${i}`} name={`description-${i}`} defaultValue={row?.description ?? ''} maxLength={2000} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <SubmitButton className="button">Save rubric</SubmitButton>
          </SecureForm>
        ) : pipeline.competencies.length === 0 ? (
          <p className="hint">No competencies yet.</p>
        ) : (
          <ul>
            {pipeline.competencies.map((c) => (
              <li key={c.id}>
                {c.name} — weight {c.weight} ({Math.round(c.share * 100)}%)
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  )
}
