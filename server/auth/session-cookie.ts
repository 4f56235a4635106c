import type { Env } from '../env'
import { clearSessionCookie, sessionCookie } from './cookies'

/** Writes the session cookie onto the response headers a procedure returns. */
export function setSessionCookie(
  headers: Headers,
  env: Pick<Env, 'secureCookies'>,
  token: string,
  expiresAt: Date,
) {
  headers.append('Set-Cookie', sessionCookie(token, { secure: env.secureCookies, expires: expiresAt }))
}

export function unsetSessionCookie(headers: Headers, env: Pick<Env, 'secureCookies'>) {
  headers.append('Set-Cookie', clearSessionCookie(env.secureCookies))
}
