import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import type { RouteHandle } from '~/root'
import { getApi } from '~/utils/api.server'
import { PageIntro } from '../../trust/components/Text'
import { trustMeta } from '../../trust/http'

// A button, not the link itself, confirms: mail scanners that open links must not subscribe anyone.
export const handle: RouteHandle = { hydrate: false }
export const headers: HeadersFunction = () => new Headers({ 'Cache-Control': 'no-store' })
export const meta: MetaFunction = () => trustMeta('Confirm notices', 'Confirm your subscription to sub-processor change notices.')

export async function loader({ request, context }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get('token') ?? ''
  const { api } = await getApi(request, context)
  try {
    const { email } = await api.trust.pendingSubscription({ token })
    return json({ token, email })
  } catch {
    return json({ token: '', email: null }, { status: 404 })
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData()
  const { api } = await getApi(request, context)
  try {
    const { email } = await api.trust.confirmSubscription({ token: String(form.get('token') ?? '') })
    return json({ confirmed: email })
  } catch {
    return json({ confirmed: null }, { status: 404 })
  }
}

export default function ConfirmSubscription() {
  const { token, email } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  return (
    <>
      <PageIntro title="Sub-processor change notices" lede="Confirm that this address should receive our notices." />
      {result?.confirmed ? (
        <p role="status" className="callout">
          Done: {result.confirmed} will receive an email whenever we announce a sub-processor change.
        </p>
      ) : email ? (
        <form method="post" className="subscribe-form" aria-label="Confirm subscription">
          <input type="hidden" name="token" value={token} />
          <p>
            Send sub-processor change notices to <strong>{email}</strong>?
          </p>
          <button type="submit">Confirm</button>
        </form>
      ) : (
        <p role="alert" className="form-error">
          This confirmation link is invalid or has expired. <a href="/trust/subprocessors#subscribe">Subscribe again</a> to get a
          new one.
        </p>
      )}
    </>
  )
}
