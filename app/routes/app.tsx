import type { LoaderFunctionArgs } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Link, NavLink, Outlet, useLoaderData } from '@remix-run/react'
import { utcMinute } from '~/utils/dates'
import { SecureForm } from '~/components/forms'
import { getApi } from '~/utils/api.server'
import { loaderError } from '~/utils/errors.server'
import { getEnv } from '~/utils/env.server'
import { usePermissions } from '~/utils/permissions'
import { analyticsConsent as analyticsConsentOf } from '~/utils/cookie-consent.server'
import { CookieBanner } from '~/components/cookie-consent'

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api } = await getApi(request, context)
  try {
    const me = await api.me.get()
    // An organization that requires two-factor lets its members reach only their account pages until they enrol.
    const { pathname } = new URL(request.url)
    if (me.signInRequirement === 'two_factor_enrolment' && !pathname.startsWith('/app/account')) {
      throw redirect('/app/account/security?required=1')
    }
    const { pathname: path, search } = new URL(request.url)
    return json({ me, devTools: getEnv().devTools, analyticsConsent: analyticsConsentOf(request), here: path + search })
  } catch (error) {
    return loaderError(error, request)
  }
}

export default function AppLayout() {
  const { me, devTools, analyticsConsent, here } = useLoaderData<typeof loader>()
  const { can } = usePermissions()
  return (
    <>
      <header className="app-header">
        <Link to="/app" className="brand">
          Hireproof
        </Link>
        <nav aria-label="Main">
          <ul>
            <li>
              <NavLink to="/app" end>
                Overview
              </NavLink>
            </li>
            {can('jobs.read') ? (
              <li>
                <NavLink to="/app/jobs">Jobs</NavLink>
              </li>
            ) : null}
            {can('members.read') ? (
              <li>
                <NavLink to="/app/members">Members</NavLink>
              </li>
            ) : null}
            {can('roles.read') ? (
              <li>
                <NavLink to="/app/roles">Roles</NavLink>
              </li>
            ) : null}
            {can('audit.read') ? (
              <li>
                <NavLink to="/app/audit">Audit log</NavLink>
              </li>
            ) : null}
            {can('interviews.create') ? (
              <li>
                <NavLink to="/app/meeting-inbox">Meeting mailbox</NavLink>
              </li>
            ) : null}
            {can('retention.read') ? (
              <li>
                <NavLink to="/app/retention">Retention</NavLink>
              </li>
            ) : null}
            {can('privacy_requests.manage') ? (
              <li>
                <NavLink to="/app/privacy">Privacy requests</NavLink>
              </li>
            ) : null}
            {can('trust_center.manage') ? (
              <li>
                <NavLink to="/app/subprocessors">Sub-processors</NavLink>
              </li>
            ) : null}
            {can('support_access.manage') ? (
              <li>
                <NavLink to="/app/support-access">Support access</NavLink>
              </li>
            ) : null}
            {can('org.update') || can('sso.manage') || can('scim.manage') ? (
              <li>
                <NavLink to="/app/security">Security</NavLink>
              </li>
            ) : null}
            {can('ip_allowlist.manage') ? (
              <li>
                <NavLink to="/app/ip-allowlist">IP allowlist</NavLink>
              </li>
            ) : null}
            {can('org.update') ? (
              <li>
                <NavLink to="/app/email-delivery">Email delivery</NavLink>
              </li>
            ) : null}
            {can('org.delete') ? (
              <li>
                <NavLink to="/app/organization">Organization</NavLink>
              </li>
            ) : null}
            {can('billing.manage') ? (
              <li>
                <NavLink to="/app/billing">Billing</NavLink>
              </li>
            ) : null}
            {me.user.isStaff ? (
              <li>
                <NavLink to="/app/support">Support</NavLink>
              </li>
            ) : null}
            {me.user.isPlatformAdmin ? (
              <li>
                <NavLink to="/platform">Platform console</NavLink>
              </li>
            ) : null}
            {devTools ? (
              <li>
                <NavLink to="/dev/outbox">Outbox</NavLink>
              </li>
            ) : null}
          </ul>
        </nav>
        <span className="spacer" />
        {me.organizations.length > 0 ? (
          <SecureForm action="/app/switch-org" className="inline-form" aria-label="Switch organization">
            <label htmlFor="org-switcher">Active organization</label>
            <select id="org-switcher" name="orgId" defaultValue={me.activeOrg?.id ?? ''}>
              {me.organizations.map((org) => (
                <option key={org.id} value={org.id}>
                  {org.name}
                </option>
              ))}
            </select>
            <button type="submit" className="button">
              Switch
            </button>
          </SecureForm>
        ) : null}
        <Link to="/app/orgs/new">New organization</Link>
        <Link to="/app/account/security" aria-label={`Signed in as ${me.user.email}: your account security`}>
          {me.user.email}
        </Link>
        <SecureForm action="/sign-out">
          <button type="submit" className="button">
            Sign out
          </button>
        </SecureForm>
      </header>
      {analyticsConsent === null ? <CookieBanner returnTo={here} /> : null}
      {me.supportGrant ? (
        <aside className="support-banner" aria-label="Support access">
          You are acting inside <strong>{me.supportGrant.orgName}</strong>, a customer’s organization, as Hireproof support (
          {me.role?.name}). Access ends at {utcMinute(me.supportGrant.expiresAt)}.
          Everything you do is recorded in its audit log.
        </aside>
      ) : null}
      {me.orgDeletion && me.activeOrg ? (
        <aside className="deletion-banner" aria-label="Scheduled deletion">
          {me.orgDeletion.started ? (
            <>
              <strong>{me.activeOrg.name}</strong> is being deleted at the end of its contract.
            </>
          ) : (
            <>
              <strong>{me.activeOrg.name}</strong> will be deleted at the end of its contract on{' '}
              <time dateTime={me.orgDeletion.scheduledFor}>{utcMinute(me.orgDeletion.scheduledFor)}</time>
              {me.orgDeletion.mode === 'RETURN_THEN_DELETE' ? (
                <>
                  , once its data has been exported (at the latest on <time dateTime={me.orgDeletion.deadline}>{utcMinute(me.orgDeletion.deadline)}</time>)
                </>
              ) : null}
              .{' '}
            </>
          )}
          {can('org.delete') ? (
            <Link to="/app/organization">{me.orgDeletion.started ? 'Details' : 'Review or cancel'}</Link>
          ) : (
            'Ask an owner if you did not expect this.'
          )}
        </aside>
      ) : null}
      <main id="main" className="app-main">
        <Outlet />
      </main>
    </>
  )
}
