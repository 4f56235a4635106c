import { NavLink } from '@remix-run/react'

/** The sub-navigation of the signed-in user's own account pages. */
export function AccountNav() {
  return (
    <nav aria-label="Your account" className="tabs">
      <NavLink to="/app/account/security">Account security</NavLink>
      <NavLink to="/app/account/sessions">Your sessions</NavLink>
      <NavLink to="/app/account/privacy">Your data and privacy</NavLink>
    </nav>
  )
}
