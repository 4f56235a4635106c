import type { Database } from '../db'
import type { Env } from '../env'
import { readCookie, sessionCookieName } from './cookies'
import { loadRequestAuth, type RequestAuth } from './request-auth'

/**
 * How a request is tied to a user. The local provider (default) reads our own
 * session cookie. Another provider (Clerk, selected by env) must resolve to the
 * same shape: one of our users plus one of our sessions, so that everything
 * downstream (memberships, permissions, audit) is provider-agnostic. The
 * active membership is resolved in the same step (one query per request).
 */
export type Authenticated = RequestAuth

export interface AuthProvider {
  readonly kind: 'local' | 'clerk'
  authenticate(request: Request, db: Database): Promise<Authenticated | null>
}

export function localAuthProvider(env: Pick<Env, 'secureCookies'>): AuthProvider {
  const secure = env.secureCookies
  return {
    kind: 'local',
    authenticate: (request, db) => loadRequestAuth(db, readCookie(request, sessionCookieName(secure))),
  }
}

export class UnsupportedAuthProviderError extends Error {}

export function selectAuthProvider(env: Env): AuthProvider {
  if (env.authProvider === 'clerk') {
    throw new UnsupportedAuthProviderError(
      'CLERK_SECRET_KEY is set, but this build signs users in with its built-in accounts only. Unset CLERK_SECRET_KEY and CLERK_PUBLISHABLE_KEY.',
    )
  }
  return localAuthProvider(env)
}
