import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import type { RouteHandle } from '~/root'
import { getApi } from '~/utils/api.server'
import { PageIntro } from '../../trust/components/Text'
import { trustMeta } from '../../trust/http'

export const handle: RouteHandle = { hydrate: false }
export const headers: HeadersFunction = () => new Headers({ 'Cache-Control': 'no-store' })
export const meta: MetaFunction = () => trustMeta('Unsubscribe', 'Stop sub-processor change notices.')

export async function loader({ request }: LoaderFunctionArgs) {
  return json({ token: new URL(request.url).searchParams.get('token') ?? '' })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData()
  const { api } = await getApi(request, context)
  try {
    await api.trust.unsubscribe({ token: String(form.get('token') ?? '') })
    return json({ done: true })
  } catch {
    return json({ done: false }, { status: 404 })
  }
}

export default function Unsubscribe() {
  const { token } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  return (
    <>
      <PageIntro title="Sub-processor change notices" lede="Stop receiving our notices at this address." />
      {result?.done ? (
        <p role="status" className="callout">
          You are unsubscribed. You can subscribe again at any time on the <a href="/trust/subprocessors#subscribe">sub-processors page</a>.
        </p>
      ) : result ? (
        <p role="alert" className="form-error">
          This link is invalid or you are already unsubscribed.
        </p>
      ) : (
        <form method="post" className="subscribe-form" aria-label="Unsubscribe">
          <input type="hidden" name="token" value={token} />
          <button type="submit">Unsubscribe</button>
        </form>
      )}
    </>
  )
}
