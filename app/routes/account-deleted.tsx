import type { MetaFunction } from '@remix-run/node'
import { Link } from '@remix-run/react'

export const meta: MetaFunction = () => [{ title: 'Your account is being deleted · Hireproof' }]

/** Where a user lands after asking to delete their account (already signed out). Says nothing about who they were. */
export default function AccountDeleted() {
  return (
    <main id="main" className="centered">
      <h1>Your account is being deleted</h1>
      <div className="card">
        <p>You are signed out everywhere, and this account can no longer sign in.</p>
        <p>
          Your personal data is erased within 30 days; in practice this takes a few minutes. After that you can use the same email
          address for a new account.
        </p>
        <p>
          Your organizations keep what you made there, without your name, and their audit logs keep your email as the author of the
          actions you took.
        </p>
      </div>
      <p>
        <Link to="/">Hireproof home</Link>
      </p>
    </main>
  )
}
