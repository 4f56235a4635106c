import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useMatches,
  useRouteError,
} from '@remix-run/react'
import stylesheet from './styles/app.css'
import { useNonce } from './utils/nonce'
import { csrfTokenFor } from './utils/forms.server'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: stylesheet },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

export const meta: MetaFunction = () => [{ title: 'Hireproof' }]

export async function loader({ request }: LoaderFunctionArgs) {
  return json({ csrf: csrfTokenFor(request) })
}

/**
 * A route that exports `handle = { hydrate: false }` is served as plain HTML
 * with no JavaScript at all (the public trust center): its forms are GET/POST
 * forms that work without scripts.
 */
export type RouteHandle = { hydrate?: boolean }

function useHydration() {
  return !useMatches().some((match) => (match.handle as RouteHandle | undefined)?.hydrate === false)
}

export function Layout({ children }: { children: React.ReactNode }) {
  const nonce = useNonce()
  const hydrate = useHydration()
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        {children}
        {hydrate ? (
          <>
            <ScrollRestoration nonce={nonce} />
            <Scripts nonce={nonce} />
          </>
        ) : null}
      </body>
    </html>
  )
}

export default function App() {
  return <Outlet />
}

export function ErrorBoundary() {
  const error = useRouteError()
  const status = isRouteErrorResponse(error) ? error.status : 500
  const message = isRouteErrorResponse(error)
    ? ((error.data as { message?: string } | undefined)?.message ?? error.statusText)
    : 'Something went wrong on our side. Try again in a moment.'
  return (
    <main id="main" className="centered">
      <h1>{status === 404 ? 'Not found' : status === 403 ? 'Not allowed' : 'Error'}</h1>
      <p>{message}</p>
      <p>
        <a href="/">Back to the start page</a>
      </p>
    </main>
  )
}
