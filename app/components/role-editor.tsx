import { useRef } from 'react'
import { FormError, SecureForm, SubmitButton } from './forms'

export type PermissionGroup = {
  resource: string
  permissions: { permission: string; action: string; description: string; dependsOn: string[] }[]
}

export type RoleValues = {
  name: string
  description: string
  permissions: string[]
  jobVisibility: 'ALL' | 'ASSIGNED'
  seeCandidateContact: boolean
  seeCompensation: boolean
  seeAiScores: boolean
  seeRecordings: boolean
}

const resourceLabel = (resource: string) => resource.replace(/_/g, ' ').replace(/^\w/, (c) => c.toUpperCase())

/**
 * The role form: permissions grouped by resource, each with its description
 * and what it requires. With JavaScript, ticking a permission also ticks what
 * it depends on; without it, the server explains any missing dependency.
 */
export function RoleEditor(props: {
  catalog: PermissionGroup[]
  values: RoleValues
  readOnly?: boolean
  errors?: { formError?: string; fieldErrors?: Record<string, string> }
  submitLabel: string
}) {
  const { catalog, values, readOnly, errors } = props
  const formRef = useRef<HTMLFormElement>(null)
  const dependencies = new Map(catalog.flatMap((g) => g.permissions.map((p) => [p.permission, p.dependsOn] as const)))

  function tickDependencies(permission: string) {
    const form = formRef.current
    if (!form) return
    const stack = [...(dependencies.get(permission) ?? [])]
    while (stack.length) {
      const dep = stack.pop()!
      const box = form.querySelector<HTMLInputElement>(`input[name="permissions"][value="${dep}"]`)
      if (box && !box.checked) {
        box.checked = true
        stack.push(...(dependencies.get(dep) ?? []))
      }
    }
  }

  return (
    <SecureForm aria-label="Role" ref={formRef}>
      <FormError message={errors?.formError} />
      <fieldset disabled={readOnly} className="role-editor">
        <div className="field">
          <label htmlFor="role-name">Name</label>
          <input id="role-name" name="name" defaultValue={values.name} required maxLength={60} aria-invalid={errors?.fieldErrors?.name ? true : undefined} />
          {errors?.fieldErrors?.name ? <p className="field-error">{errors.fieldErrors.name}</p> : null}
        </div>
        <div className="field">
          <label htmlFor="role-description">Description</label>
          <input id="role-description" name="description" defaultValue={values.description} maxLength={300} />
        </div>

        <fieldset className="card">
          <legend>Visibility</legend>
          <p className="hint">Applied to every query the member makes, not only to what the screens show.</p>
          <div role="radiogroup" aria-label="Jobs this role sees">
            <label>
              <input type="radio" name="jobVisibility" value="ALL" defaultChecked={values.jobVisibility === 'ALL'} /> All jobs and their candidates
            </label>
            <br />
            <label>
              <input type="radio" name="jobVisibility" value="ASSIGNED" defaultChecked={values.jobVisibility === 'ASSIGNED'} /> Only jobs the member is assigned to
            </label>
          </div>
          <p>
            <label>
              <input type="checkbox" name="seeCandidateContact" defaultChecked={values.seeCandidateContact} /> Candidate contact details
            </label>
            <br />
            <label>
              <input type="checkbox" name="seeCompensation" defaultChecked={values.seeCompensation} /> Compensation
            </label>
            <br />
            <label>
              <input type="checkbox" name="seeAiScores" defaultChecked={values.seeAiScores} /> AI scores
            </label>
            <br />
            <label>
              <input type="checkbox" name="seeRecordings" defaultChecked={values.seeRecordings} /> Recordings
            </label>
          </p>
        </fieldset>

        <h2>Permissions</h2>
        {errors?.fieldErrors?.permissions ? (
          <p className="field-error" role="alert">
            {errors.fieldErrors.permissions}
          </p>
        ) : null}
        <div className="permission-groups">
          {catalog.map((group) => (
            <fieldset key={group.resource} className="card">
              <legend>{resourceLabel(group.resource)}</legend>
              {group.permissions.map((p) => (
                <div key={p.permission} className="permission">
                  <label>
                    <input
                      type="checkbox"
                      name="permissions"
                      value={p.permission}
                      defaultChecked={values.permissions.includes(p.permission)}
                      onChange={(event) => event.currentTarget.checked && tickDependencies(p.permission)}
                    />{' '}
                    <code>{p.permission}</code>
                  </label>
                  <p className="hint">
                    {p.description}
                    {p.dependsOn.length ? <> · requires {p.dependsOn.map((d) => <code key={d}>{d} </code>)}</> : null}
                  </p>
                </div>
              ))}
            </fieldset>
          ))}
        </div>
      </fieldset>
      {readOnly ? null : <SubmitButton>{props.submitLabel}</SubmitButton>}
    </SecureForm>
  )
}

/** Reads the role form into the procedure's input shape (validated there). */
export function roleValuesFromForm(form: FormData) {
  const text = (key: string) => (typeof form.get(key) === 'string' ? (form.get(key) as string) : '')
  return {
    name: text('name'),
    description: text('description'),
    permissions: form.getAll('permissions').filter((v): v is string => typeof v === 'string'),
    jobVisibility: text('jobVisibility') || 'ALL',
    seeCandidateContact: form.get('seeCandidateContact') === 'on',
    seeCompensation: form.get('seeCompensation') === 'on',
    seeAiScores: form.get('seeAiScores') === 'on',
    seeRecordings: form.get('seeRecordings') === 'on',
  }
}
