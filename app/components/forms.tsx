import { Form, useNavigation, useRouteLoaderData, type FormProps } from '@remix-run/react'
import { forwardRef, type ReactNode } from 'react'

type RootData = { csrf: string }

/** The hidden double-submit token every form posts. */
export function CsrfInput() {
  const data = useRouteLoaderData<RootData>('root')
  return <input type="hidden" name="csrf" value={data?.csrf ?? ''} />
}

/** A POST form that always carries the CSRF token. */
export const SecureForm = forwardRef<HTMLFormElement, FormProps & { children: ReactNode }>(function SecureForm(
  { children, ...props },
  ref,
) {
  return (
    <Form method="post" ref={ref} {...props}>
      <CsrfInput />
      {children}
    </Form>
  )
})

export function Field(props: {
  label: string
  name: string
  type?: string
  autoComplete?: string
  defaultValue?: string
  error?: string
  required?: boolean
  hint?: string
}) {
  const id = `field-${props.name}`
  const describedBy = [props.error ? `${id}-error` : null, props.hint ? `${id}-hint` : null].filter(Boolean).join(' ')
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        autoComplete={props.autoComplete}
        defaultValue={props.defaultValue}
        required={props.required}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy || undefined}
      />
      {props.hint ? (
        <p className="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          {props.error}
        </p>
      ) : null}
    </div>
  )
}

export function FormError({ message }: { message?: string }) {
  if (!message) return null
  return (
    <div className="form-error" role="alert">
      {message}
    </div>
  )
}

export function SubmitButton({ children, className }: { children: ReactNode; className?: string }) {
  const navigation = useNavigation()
  const busy = navigation.state === 'submitting'
  return (
    <button type="submit" className={className ?? 'button primary'} aria-disabled={busy}>
      {busy ? 'Working…' : children}
    </button>
  )
}

/** A one-button form: posts `intent` and any hidden `fields` to the current route's action. */
export function ActionButton(props: {
  label: ReactNode
  intent: string
  formLabel: string
  fields?: Record<string, string>
  className?: string
}) {
  return (
    <SecureForm aria-label={props.formLabel}>
      <input type="hidden" name="intent" value={props.intent} />
      {Object.entries(props.fields ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <SubmitButton className={props.className ?? 'button'}>{props.label}</SubmitButton>
    </SecureForm>
  )
}

/** A labelled select whose options come from a value → label map. */
export function OptionsField(props: {
  id: string
  name: string
  label: string
  options: Record<string, string>
  defaultValue?: string
  /** Shown first, disabled, when there is no default: the choice must be made. */
  placeholder?: string
  required?: boolean
}) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} name={props.name} defaultValue={props.defaultValue ?? ''} required={props.required}>
        {props.placeholder ? (
          <option value="" disabled>
            {props.placeholder}
          </option>
        ) : null}
        {Object.entries(props.options).map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    </div>
  )
}
