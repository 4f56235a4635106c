import type { LinksFunction } from '@remix-run/node'
import { isRouteErrorResponse, Outlet, useRouteError } from '@remix-run/react'
import type { RouteHandle } from '~/root'
import trustStyles from '~/styles/trust.css'
import { trustHeaders } from '../../trust/http'
import { TrustShell } from '../../trust/components/Shell'

// Layout of the public trust center: no login, no JavaScript, cacheable.
export const handle: RouteHandle = { hydrate: false }
export const headers = trustHeaders
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: trustStyles }]

export default function TrustLayout() {
  return (
    <TrustShell>
      <Outlet />
    </TrustShell>
  )
}

export function ErrorBoundary() {
  const error = useRouteError()
  const notFound = isRouteErrorResponse(error) && error.status === 404
  const message = isRouteErrorResponse(error) ? (error.data as { message?: string } | undefined)?.message : undefined
  return (
    <TrustShell>
      <div className="trust-intro">
        <h1>{notFound ? 'Page not found' : 'Something went wrong'}</h1>
        <p className="trust-lede">
          {message ?? (notFound ? 'There is no trust-center page at this address.' : 'Please try again in a moment.')}
        </p>
      </div>
      <p>
        <a href="/trust">Go to the trust center overview</a>
      </p>
    </TrustShell>
  )
}
