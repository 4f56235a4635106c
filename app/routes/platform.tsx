import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, NavLink, Outlet, useLoaderData } from '@remix-run/react'
import { SecureForm } from '~/components/forms'
import { getApi } from '~/utils/api.server'
import { loaderError } from '~/utils/errors.server'

export const meta: MetaFunction = () => [{ title: 'Platform console · Hireproof' }]

/**
 * The operator's console: Hireproof platform administrators only. Anyone
 * else gets a plain 404, so the console does not announce itself.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api } = await getApi(request, context)
  try {
    const me = await api.me.get()
    if (!me.user.isPlatformAdmin) throw json({ message: 'There is no page at this address.' }, { status: 404 })
    return json({ email: me.user.email })
  } catch (error) {
    if (error instanceof Response) throw error
    return loaderError(error, request)
  }
}

export default function PlatformLayout() {
  const { email } = useLoaderData<typeof loader>()
  return (
    <>
      <header className="app-header platform-header">
        <Link to="/platform" className="brand">
          Hireproof platform
        </Link>
        <nav aria-label="Platform">
          <ul>
            <li>
              <NavLink to="/platform/subprocessors">Sub-processors</NavLink>
            </li>
            <li>
              <NavLink to="/platform/documents">Document requests</NavLink>
            </li>
            <li>
              <NavLink to="/platform/organizations">Organizations</NavLink>
            </li>
            <li>
              <Link to="/app">Back to the app</Link>
            </li>
          </ul>
        </nav>
        <span className="spacer" />
        <span>{email}</span>
        <SecureForm action="/sign-out">
          <button type="submit" className="button">
            Sign out
          </button>
        </SecureForm>
      </header>
      <main id="main" className="app-main">
        <Outlet />
      </main>
    </>
  )
}
