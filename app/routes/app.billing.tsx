import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useEffect } from 'react'
import { ActionButton, FormError } from '~/components/forms'
import { getApi } from '~/utils/api.server'
import { actionErrorWith, loaderError, type ActionErrors } from '~/utils/errors.server'
import { formFields, readForm } from '~/utils/forms.server'
import { utcMinute } from '~/utils/dates'

export const meta: MetaFunction = () => [{ title: 'Billing · Hireproof' }]

/**
 * The organization's plan (billing.manage, owners). With Stripe configured:
 * Checkout to upgrade and the customer portal for the card and invoices;
 * the plan itself changes when Stripe's webhook confirms the payment.
 * Without Stripe, a Hireproof platform administrator sets the plan.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api } = await getApi(request, context)
  try {
    const checkout = new URL(request.url).searchParams.get('checkout')
    const returnedFrom = checkout === 'success' || checkout === 'cancelled' ? checkout : null
    return json({ billing: await api.billing.get(), checkout: returnedFrom })
  } catch (error) {
    return loaderError(error, request)
  }
}

type Result = ActionErrors & { intent?: string; redirectTo?: string }

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request)
  const { api } = await getApi(request, context)
  const intent = String(formFields(form).intent ?? '')
  try {
    switch (intent) {
      case 'checkout':
        return json<Result>({ intent, redirectTo: (await api.billing.startCheckout()).url })
      case 'portal':
        return json<Result>({ intent, redirectTo: (await api.billing.openPortal()).url })
      default:
        return json<Result>({ formError: 'Unknown action.' }, { status: 400 })
    }
  } catch (error) {
    return actionErrorWith(error, { intent })
  }
}

const planNames = { STANDARD: 'Standard', ENTERPRISE: 'Enterprise' } as const

/**
 * Sends the browser on to Stripe's page. A form's answer cannot redirect to
 * another origin (the CSP's form-action is 'self'), so the action returns the
 * URL and this follows it: at once with JavaScript, by the link without.
 */
function StripeRedirect({ url }: { url: string }) {
  useEffect(() => {
    window.location.assign(url)
  }, [url])
  return (
    <p role="status">
      Continuing to Stripe… <a href={url}>Continue</a>
    </p>
  )
}

export default function Billing() {
  const { billing, checkout } = useLoaderData<typeof loader>()
  const result = useActionData<Result>()
  const enterprise = billing.plan === 'ENTERPRISE'
  return (
    <>
      <h1>Billing</h1>
      {checkout === 'success' ? (
        <p role="status">
          Thank you. Stripe is confirming the payment; the plan changes as soon as it does (usually within a minute).
        </p>
      ) : null}
      {checkout === 'cancelled' ? <p role="status">Checkout was cancelled. Nothing was charged and nothing changed.</p> : null}
      {result?.redirectTo ? <StripeRedirect url={result.redirectTo} /> : null}
      <FormError message={result?.formError} />
      {billing.paymentOverdue ? (
        <p className="form-error" role="alert">
          The last payment failed. Stripe will try again; update the card under “Manage card and invoices” to keep the
          Enterprise plan.
        </p>
      ) : null}
      <section className="card" aria-labelledby="plan-heading">
        <h2 id="plan-heading">Plan</h2>
        <dl className="facts">
          <dt>Current plan</dt>
          <dd>
            <span className="badge" data-testid="current-plan">
              {planNames[billing.plan]}
            </span>
          </dd>
          {billing.subscriptionStatus ? (
            <>
              <dt>Subscription</dt>
              <dd>{billing.subscriptionStatus.replace(/_/g, ' ')}</dd>
            </>
          ) : null}
          {billing.currentPeriodEnd ? (
            <>
              <dt>{billing.subscriptionStatus === 'canceled' ? 'Ended' : 'Current period ends'}</dt>
              <dd>{utcMinute(billing.currentPeriodEnd)}</dd>
            </>
          ) : null}
        </dl>
        <p>The Enterprise plan adds:</p>
        <ul>
          {billing.enterpriseFeatures.map((feature) => (
            <li key={feature}>{feature}</li>
          ))}
        </ul>
        {billing.stripeConfigured ? (
          <div className="inline-forms">
            {!enterprise ? (
              <ActionButton
                label="Upgrade to Enterprise"
                intent="checkout"
                formLabel="Upgrade to Enterprise"
                className="button primary"
              />
            ) : null}
            {billing.hasBillingAccount ? (
              <ActionButton label="Manage card and invoices" intent="portal" formLabel="Manage card and invoices" />
            ) : null}
          </div>
        ) : (
          <p className="notice">
            Online payment is not set up on this server. A Hireproof platform administrator sets your organization’s plan:
            ask your Hireproof contact to change it.
          </p>
        )}
      </section>
    </>
  )
}
