import type { LinksFunction, LoaderFunctionArgs, MetaFunction, TypedResponse } from '@remix-run/node'
import { json } from '@remix-run/node'
import { lazy, Suspense } from 'react'
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useMatches,
  useRouteError,
} from '@remix-run/react'
import stylesheet from './styles/app.css'
import { useNonce } from './utils/nonce'
import { csrfTokenFor } from './utils/forms.server'
import { getEnv } from './utils/env.server'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: stylesheet },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

export const meta: MetaFunction = () => [{ title: 'Hireproof' }]

type RootData = { csrf: string; clerkState?: unknown }

// Public pages (served from a shared cache, never given a cookie) stay out of Clerk's handshake.
const publicPath = /^\/(trust|consent|\.well-known)(\/|$)/

export async function loader(args: LoaderFunctionArgs): Promise<TypedResponse<RootData>> {
  const data: RootData = { csrf: csrfTokenFor(args.request) }
  const clerk = getEnv().clerk
  if (!clerk || publicPath.test(new URL(args.request.url).pathname)) return json(data)
  // With Clerk on: adds clerkState for ClerkProvider, and answers Clerk's session handshake (redirects, cookies).
  const { rootAuthLoader } = await import('@clerk/remix/ssr.server')
  const response = await rootAuthLoader(args, () => data, {
    secretKey: clerk.secretKey,
    publishableKey: clerk.publishableKey,
    jwtKey: clerk.jwtKey ?? undefined,
    signInUrl: '/sign-in',
    signUpUrl: '/sign-up',
    authorizedParties: [new URL(getEnv().appUrl).origin],
  })
  // Typed as the callback's value, but at run time a JSON response of it plus clerkState.
  return response as unknown as TypedResponse<RootData>
}

// Clerk's browser code is its own chunk, fetched only when the loader says Clerk is on.
const ClerkRoot = lazy(() => import('./components/clerk-sign-in').then((module) => ({ default: module.ClerkRoot })))

/**
 * A route that exports `handle = { hydrate: false }` is served as plain HTML
 * with no JavaScript at all (the public trust center): its forms are GET/POST
 * forms that work without scripts.
 */
export type RouteHandle = { hydrate?: boolean }

function useHydration() {
  return !useMatches().some((match) => (match.handle as RouteHandle | undefined)?.hydrate === false)
}

/** The page's language: a route may name it in its data as `htmlLang` (the candidate consent page does). */
function usePageLanguage() {
  const named = useMatches()
    .map((match) => (match.data as { htmlLang?: unknown } | undefined)?.htmlLang)
    .filter((lang): lang is string => typeof lang === 'string' && /^[a-z]{2}$/.test(lang))
  return named.at(-1) ?? 'en'
}

export function Layout({ children }: { children: React.ReactNode }) {
  const nonce = useNonce()
  const hydrate = useHydration()
  const lang = usePageLanguage()
  return (
    <html lang={lang}>
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
  const { clerkState } = useLoaderData<typeof loader>()
  const hydrate = useHydration()
  if (!clerkState || !hydrate) return <Outlet />
  return (
    <Suspense fallback={null}>
      <ClerkRoot clerkState={clerkState}>
        <Outlet />
      </ClerkRoot>
    </Suspense>
  )
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
