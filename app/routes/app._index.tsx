import { Link, useRouteLoaderData } from '@remix-run/react'
import type { loader as appLoader } from './app'

export default function Overview() {
  const data = useRouteLoaderData<typeof appLoader>('routes/app')
  if (!data) return null
  const { me } = data
  if (!me.activeOrg && me.user.isStaff) {
    return (
      <section className="empty">
        <h1>Hireproof support</h1>
        <p>You reach a customer’s organization only while its admins grant you access.</p>
        <Link className="button primary" to="/app/support">
          Your access grants
        </Link>
      </section>
    )
  }
  if (!me.activeOrg) {
    return (
      <section className="empty">
        <h1>No organization yet</h1>
        <p>You are not a member of any organization. Create one, or ask an admin to invite you.</p>
        <Link className="button primary" to="/app/orgs/new">
          Create an organization
        </Link>
      </section>
    )
  }
  if (me.signInRequirement === 'sso') {
    return (
      <section className="empty">
        <h1>{me.activeOrg.name}</h1>
        <p role="alert">{me.activeOrg.name} requires single sign-on. Sign out, then sign in with SSO using your work email.</p>
        <Link className="button primary" to={`/sso/start/${me.activeOrg.id}`}>
          Sign in with SSO
        </Link>
      </section>
    )
  }
  if (me.blockedByAllowlist) {
    return (
      <section className="empty">
        <h1>{me.activeOrg.name}</h1>
        <p role="alert">
          This organization accepts requests only from its allowed networks, and your current network is not one of them. Connect
          from your office or VPN, or ask an admin.
        </p>
      </section>
    )
  }
  return (
    <>
      <h1>{me.activeOrg.name}</h1>
      <div className="grid">
        <section className="card" aria-labelledby="org-heading">
          <h2 id="org-heading">Organization</h2>
          <p>
            Plan <span className="badge">{me.activeOrg.plan}</span> · Data region{' '}
            <span className="badge">{me.activeOrg.region}</span>
          </p>
        </section>
        <section className="card" aria-labelledby="you-heading">
          <h2 id="you-heading">You</h2>
          <p>
            {me.user.name} — <strong>{me.role?.name}</strong>
          </p>
          <p className="hint">{me.permissions.length} permissions in this organization.</p>
        </section>
      </div>
    </>
  )
}
