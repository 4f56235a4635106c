import { useEffect, useState, type ReactNode } from 'react'
import { ClerkProvider, SignIn, useAuth } from '@clerk/remix'
import { useNonce } from '~/utils/nonce'

/**
 * Clerk's browser side, used only when the server runs with Clerk. This module
 * (and with it all of Clerk's client code) is a separate chunk that root.tsx
 * and the sign-in route load with a dynamic import, so the built-in accounts
 * mode never downloads it.
 */

type ProviderProps = Parameters<typeof ClerkProvider>[0]

/** Wraps the app (root.tsx) in Clerk's provider, fed by rootAuthLoader's clerkState. */
export function ClerkRoot({ clerkState, children }: { clerkState: unknown; children: ReactNode }) {
  // Clerk injects its script in the browser, where the nonce is read back from Remix's own script tags.
  const fromDocument = typeof document === 'undefined' ? undefined : document.querySelector<HTMLScriptElement>('script[nonce]')?.nonce
  const nonce = useNonce() || fromDocument
  return (
    <ClerkProvider clerkState={clerkState as ProviderProps['clerkState']} nonce={nonce} telemetry={false}>
      {children}
    </ClerkProvider>
  )
}

/**
 * Clerk's sign-in form. Its steps live in the URL hash, so /sign-in needs no
 * splat route; after signing in the browser goes to `redirectTo` (a path the
 * loader already checked with safeRedirectPath).
 *
 * The server shows this page only to requests it does not authenticate. A
 * browser that is still signed in to Clerk here holds a session Hireproof
 * ended (signed out, revoked, suspended): it is signed out of Clerk first,
 * or Clerk would send it straight back to `redirectTo` and round again.
 */
export function ClerkSignIn({ redirectTo = '/app' }: { redirectTo?: string }) {
  const { isLoaded, isSignedIn, signOut } = useAuth()
  // Decided once, when Clerk has loaded: signing in on this page later must not count as stale.
  const [stale, setStale] = useState<boolean | null>(null)
  useEffect(() => {
    if (isLoaded && stale === null) setStale(Boolean(isSignedIn))
  }, [isLoaded, isSignedIn, stale])
  useEffect(() => {
    if (stale) void signOut().then(() => setStale(false))
  }, [stale, signOut])
  if (stale === null) return null
  if (stale) return <p role="status">Ending your previous session…</p>
  return <SignIn routing="hash" signUpUrl="/sign-up" forceRedirectUrl={redirectTo} />
}

export default ClerkSignIn
