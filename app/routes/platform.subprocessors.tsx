import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { FormError, SecureForm, SubmitButton } from '~/components/forms'
import { getApi } from '~/utils/api.server'
import { actionErrorWith, loaderError, type ActionErrors } from '~/utils/errors.server'
import { formFields, readForm } from '~/utils/forms.server'

export const meta: MetaFunction = () => [{ title: 'Sub-processors · Platform console · Hireproof' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api } = await getApi(request, context)
  try {
    return json(await api.platform.subprocessors())
  } catch (error) {
    return loaderError(error, request)
  }
}

type Result = ActionErrors & { message?: string; values?: Record<string, string> }

const detailFields = ['name', 'entity', 'purpose', 'dataShared', 'location', 'safeguard', 'website'] as const
const revisable = ['entity', 'purpose', 'dataShared', 'location', 'safeguard'] as const

/** One form for the three kinds of change; only the fields of the chosen kind are sent. */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request)
  const values = formFields(form) as Record<string, string>
  const { api } = await getApi(request, context)
  const common = { key: values.key ?? '', summary: values.summary ?? '', effectiveAt: values.effectiveAt ?? '' }
  const pick = (names: readonly string[]) => Object.fromEntries(names.map((n) => [n, values[n] ?? '']))
  try {
    const input =
      values.type === 'added'
        ? { type: 'added' as const, ...common, ...(pick(detailFields) as Record<(typeof detailFields)[number], string>), optional: values.optional === 'on' }
        : values.type === 'changed'
          ? { type: 'changed' as const, ...common, ...pick(revisable) }
          : // 'removed', or anything else, which the schema refuses with a message
            { type: values.type as 'removed', ...common }
    const result = await api.platform.announceSubprocessorChange(input)
    return json<Result>({
      message: `Announced ${result.id}, effective ${result.effectiveAt}. ${result.notified} subscriber${result.notified === 1 ? '' : 's'} emailed; the trust center shows it now.`,
    })
  } catch (error) {
    return actionErrorWith(error, { values })
  }
}

const fieldLabels: Record<string, string> = {
  name: 'Name',
  entity: 'Legal entity',
  purpose: 'Purpose',
  dataShared: 'Data shared',
  location: 'Location',
  safeguard: 'Transfer safeguard',
  website: 'Website (https://)',
}

export default function PlatformSubprocessors() {
  const { current, changes, names, earliestEffectiveDate } = useLoaderData<typeof loader>()
  const result = useActionData<Result>()
  const values = result?.values ?? {}
  const error = (field: string) => result?.fieldErrors?.[field]
  const text = (name: string, label: string, required = false) => (
    <div className="field" key={name}>
      <label htmlFor={`sp-${name}`}>{label}</label>
      <input
        id={`sp-${name}`}
        name={name}
        defaultValue={values[name] ?? ''}
        required={required}
        aria-invalid={error(name) ? true : undefined}
        aria-describedby={error(name) ? `sp-${name}-error` : undefined}
      />
      {error(name) ? (
        <p className="field-error" id={`sp-${name}-error`} role="alert">
          {error(name)}
        </p>
      ) : null}
    </div>
  )

  return (
    <>
      <h1>Sub-processors</h1>
      <p className="hint">
        Announce a change to the public list. It takes effect at least 30 days after today (on or after {earliestEffectiveDate}) so
        customers can object; confirmed subscribers are emailed at once and receipts are kept.
      </p>
      {result?.message ? <p role="status">{result.message}</p> : null}
      <FormError message={result?.formError} />

      <SecureForm aria-label="Announce a sub-processor change" className="card stack">
        <fieldset>
          <legend>Kind of change</legend>
          {(
            [
              ['added', 'A new sub-processor'],
              ['changed', 'A change to a current sub-processor'],
              ['removed', 'A sub-processor stops processing data'],
            ] as const
          ).map(([value, label]) => (
            <label key={value} className="choice">
              <input type="radio" name="type" value={value} required defaultChecked={(values.type ?? 'added') === value} /> {label}
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor="sp-key">Sub-processor id</label>
          <input
            id="sp-key"
            name="key"
            list="sp-keys"
            required
            defaultValue={values.key ?? ''}
            aria-describedby="sp-key-hint"
            aria-invalid={error('key') ? true : undefined}
          />
          <p className="hint" id="sp-key-hint">
            A new short id (lower-case, e.g. acme-mail) for a new sub-processor, or the id of a current one.
          </p>
          <datalist id="sp-keys">
            {current.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </datalist>
          {error('key') ? (
            <p className="field-error" role="alert">
              {error('key')}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor="sp-summary">Summary for customers</label>
          <textarea id="sp-summary" name="summary" rows={3} required maxLength={600} defaultValue={values.summary ?? ''} />
          {error('summary') ? (
            <p className="field-error" role="alert">
              {error('summary')}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor="sp-effectiveAt">Takes effect on</label>
          <input
            id="sp-effectiveAt"
            name="effectiveAt"
            type="date"
            required
            min={earliestEffectiveDate}
            defaultValue={values.effectiveAt ?? earliestEffectiveDate}
            aria-invalid={error('effectiveAt') ? true : undefined}
            aria-describedby="sp-effectiveAt-hint"
          />
          <p className="hint" id="sp-effectiveAt-hint">
            {earliestEffectiveDate} or later.
          </p>
          {error('effectiveAt') ? (
            <p className="field-error" role="alert">
              {error('effectiveAt')}
            </p>
          ) : null}
        </div>
        <fieldset>
          <legend>Details (required for a new sub-processor; for a change, fill in only what changes)</legend>
          {detailFields.map((name) => text(name, fieldLabels[name]!))}
          <label className="choice">
            <input type="checkbox" name="optional" defaultChecked={values.optional === 'on'} /> Optional: used only after a customer’s
            admin enables the feature
          </label>
        </fieldset>
        <SubmitButton>Announce change</SubmitButton>
      </SecureForm>

      <h2>Announced changes</h2>
      <table>
        <caption>Every change to the list, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Change</th>
            <th scope="col">Sub-processor</th>
            <th scope="col">Type</th>
            <th scope="col">Announced</th>
            <th scope="col">Effective</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((c) => (
            <tr key={c.id}>
              <td>
                <code>{c.id}</code>
              </td>
              <td>{names[c.subprocessor] ?? c.subprocessor}</td>
              <td>{c.type}</td>
              <td>{c.announcedAt}</td>
              <td>
                {c.effectiveAt}
                {c.upcoming ? ' (upcoming)' : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  )
}
