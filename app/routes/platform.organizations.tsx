import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { FormError, SecureForm, SubmitButton } from '~/components/forms'
import { getApi } from '~/utils/api.server'
import { actionErrorWith, loaderError, type ActionErrors } from '~/utils/errors.server'
import { formFields, readForm } from '~/utils/forms.server'
import { utcMinute } from '~/utils/dates'

export const meta: MetaFunction = () => [{ title: 'Organizations · Platform console · Hireproof' }]

/**
 * Plans set by hand: how organizations get the Enterprise plan when this
 * server has no Stripe keys, or for contracts invoiced outside Stripe.
 * Organizations with a running Stripe subscription follow it instead.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api } = await getApi(request, context)
  const query = new URL(request.url).searchParams.get('q') ?? ''
  try {
    return json({ organizations: await api.platform.organizations({ query: query.slice(0, 200) }), query })
  } catch (error) {
    return loaderError(error, request)
  }
}

type Result = ActionErrors & { message?: string; orgId?: string }

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request)
  const { api } = await getApi(request, context)
  const fields = formFields(form)
  try {
    const result = await api.platform.setPlan({ orgId: fields.orgId ?? '', plan: fields.plan, reason: fields.reason ?? '' })
    const plan = result.plan === 'ENTERPRISE' ? 'Enterprise' : 'Standard'
    const message = result.changed ? `Plan set to ${plan}.` : `The plan was already ${plan}; nothing changed.`
    return json<Result>({ orgId: fields.orgId, message })
  } catch (error) {
    return actionErrorWith(error, { orgId: String(fields.orgId ?? '') })
  }
}

export default function PlatformOrganizations() {
  const { organizations, query } = useLoaderData<typeof loader>()
  const result = useActionData<Result>()
  return (
    <>
      <h1>Organizations and plans</h1>
      <p className="hint">
        Set an organization’s plan when no Stripe subscription decides it. The change is recorded in the platform trail
        and, as made by Hireproof, in the organization’s own audit log. Leaving Enterprise lifts single sign-on enforcement.
      </p>
      <Form method="get" className="inline-form" aria-label="Find organizations">
        <label htmlFor="org-query">Name, slug, id or Stripe customer</label>
        <input id="org-query" name="q" defaultValue={query} maxLength={200} />
        <button type="submit" className="button">
          Search
        </button>
      </Form>
      {result?.message ? <p role="status">{result.message}</p> : null}
      {organizations.length === 0 ? <p className="empty">No organizations match.</p> : null}
      {organizations.map((org) => (
        <article key={org.id} className="card" aria-labelledby={`org-${org.id}`} style={{ marginBottom: 16 }}>
          <h2 id={`org-${org.id}`}>{org.name}</h2>
          <dl className="facts">
            <dt>Id</dt>
            <dd>
              <code>{org.id}</code> ({org.slug})
            </dd>
            <dt>Plan</dt>
            <dd>
              <span className="badge">{org.plan === 'ENTERPRISE' ? 'Enterprise' : 'Standard'}</span>
              {org.subscriptionStatus ? ` · Stripe subscription ${org.subscriptionStatus.replace(/_/g, ' ')}` : ''}
            </dd>
            <dt>Created</dt>
            <dd>{utcMinute(org.createdAt)}</dd>
          </dl>
          {result?.orgId === org.id ? <FormError message={result.formError} /> : null}
          {org.followsStripe ? (
            <p className="hint">The plan follows its Stripe subscription: change or cancel it in the Stripe Dashboard.</p>
          ) : (
            <SecureForm aria-label={`Set the plan of ${org.name}`} className="inline-form">
              <input type="hidden" name="orgId" value={org.id} />
              <label htmlFor={`plan-${org.id}`}>Plan</label>
              <select id={`plan-${org.id}`} name="plan" defaultValue={org.plan === 'ENTERPRISE' ? 'STANDARD' : 'ENTERPRISE'}>
                <option value="STANDARD">Standard</option>
                <option value="ENTERPRISE">Enterprise</option>
              </select>
              <label htmlFor={`reason-${org.id}`}>Reason</label>
              <input
                id={`reason-${org.id}`}
                name="reason"
                required
                minLength={3}
                maxLength={300}
                placeholder="Contract or ticket"
              />
              <SubmitButton>Set plan</SubmitButton>
            </SecureForm>
          )}
        </article>
      ))}
    </>
  )
}
