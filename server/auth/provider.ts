import type { Database } from '../db'
import type { Env } from '../env'
import { readCookie, sessionCookieName } from './cookies'
import { loadRequestAuth, type RequestAuth } from './request-auth'
import { isLocalSessionToken } from './tokens'
import { clerkAuthProvider } from './clerk/clerk-provider'

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
    authenticate: (request, db) => {
      const token = readCookie(request, sessionCookieName(secure))
      return isLocalSessionToken(token) ? loadRequestAuth(db, token) : Promise.resolve(null)
    },
  }
}

export class UnsupportedAuthProviderError extends Error {}

// Called for every request: one provider per parsed env. Providers hold configuration only, no user or session state.
const providers = new WeakMap<Env, AuthProvider>()

/**
 * The provider the env selects. With Clerk on, only Clerk session tokens
 * authenticate (our own session cookie is not read): one way in.
 */
export function selectAuthProvider(env: Env): AuthProvider {
  let provider = providers.get(env)
  if (!provider) {
    if (env.authProvider === 'clerk') {
      // parseEnv refuses a Clerk configuration without its webhook secret, so this only guards hand-built envs.
      if (!env.clerk) throw new UnsupportedAuthProviderError('Clerk is selected but not fully configured (CLERK_WEBHOOK_SECRET).')
      provider = clerkAuthProvider({ appUrl: env.appUrl, clerk: env.clerk })
    } else {
      provider = localAuthProvider(env)
    }
    providers.set(env, provider)
  }
  return provider
}
