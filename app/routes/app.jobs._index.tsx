import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { ActionButton, Field, FormError, SecureForm, SubmitButton } from '~/components/forms'
import { getApi } from '~/utils/api.server'
import { actionError, loaderError, type ActionErrors } from '~/utils/errors.server'
import { formFields, readForm } from '~/utils/forms.server'
import { usePermissions } from '~/utils/permissions'

export const meta: MetaFunction = () => [{ title: 'Jobs · Hireproof' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api } = await getApi(request, context)
  try {
    const [jobs, screening] = await Promise.all([api.job.list(), api.org.screening()])
    return json({ jobs, screening })
  } catch (error) {
    return loaderError(error, request)
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request)
  const { api } = await getApi(request, context)
  try {
    if (form.get('intent') === 'screening') {
      await api.org.setScreening({ anonymised: formFields(form).anonymised })
      return redirect('/app/jobs')
    }
    const job = await api.job.create(formFields(form))
    return redirect(`/app/jobs/${job.id}`)
  } catch (error) {
    return actionError(error)
  }
}

export default function Jobs() {
  const { jobs, screening } = useLoaderData<typeof loader>()
  const errors = useActionData<ActionErrors>()
  const { can } = usePermissions()
  return (
    <>
      <h1>Jobs</h1>
      <p className="hint">
        Anonymised screening for every job: <strong>{screening.anonymised ? 'on' : 'off'}</strong>. When on, reviewers and the analyzer see
        interviews without names, contact details or gendered words.
      </p>
      {can('org.update') ? (
        <ActionButton
          intent="screening"
          fields={{ anonymised: screening.anonymised ? 'false' : 'true' }}
          label={screening.anonymised ? 'Turn off for every job' : 'Turn on for every job'}
          formLabel="Anonymised screening for every job"
        />
      ) : null}
      {jobs.length === 0 ? (
        <p className="empty">No jobs yet{can('jobs.create') ? ': create the first one below.' : '.'}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Title</th>
              <th scope="col">Location</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {jobs.map((job) => (
              <tr key={job.id}>
                <td>
                  <Link to={`/app/jobs/${job.id}`}>{job.title}</Link>
                </td>
                <td>{job.location || '—'}</td>
                <td>
                  <span className="badge">{job.status}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {can('jobs.create') ? (
        <section className="card" aria-labelledby="new-job-heading">
          <h2 id="new-job-heading">New job</h2>
          <SecureForm aria-label="New job">
            <FormError message={errors?.formError} />
            <Field label="Title" name="title" required error={errors?.fieldErrors?.title} />
            <Field label="Location" name="location" error={errors?.fieldErrors?.location} />
            <div className="field">
              <label htmlFor="field-description">Description</label>
              <textarea id="field-description" name="description" rows={5} />
            </div>
            <SubmitButton>Create job</SubmitButton>
          </SecureForm>
        </section>
      ) : null}
    </>
  )
}
