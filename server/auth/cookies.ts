import { parse, serialize } from 'cookie'

/**
 * Cookie names and flags. `__Host-` requires Secure, so the prefix is used only
 * when the app is served over HTTPS (production); locally the cookie is plain.
 */
export function sessionCookieName(secure: boolean) {
  return secure ? '__Host-hp_session' : 'hp_session'
}

export function csrfCookieName(secure: boolean) {
  return secure ? '__Host-hp_csrf' : 'hp_csrf'
}

export function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.get('cookie')
  if (!header) return undefined
  return parse(header)[name]
}

export function sessionCookie(token: string, opts: { secure: boolean; expires: Date }) {
  return serialize(sessionCookieName(opts.secure), token, {
    httpOnly: true,
    secure: opts.secure,
    sameSite: 'lax',
    path: '/',
    expires: opts.expires,
  })
}

export function clearSessionCookie(secure: boolean) {
  return serialize(sessionCookieName(secure), '', {
    httpOnly: true,
    secure,
    sameSite: 'lax',
    path: '/',
    expires: new Date(0),
  })
}

export function csrfCookie(token: string, secure: boolean) {
  return serialize(csrfCookieName(secure), token, { httpOnly: true, secure, sameSite: 'lax', path: '/' })
}

/** The pending second step of a sign-in: a short-lived token, nothing else. */
export function pendingSignInCookieName(secure: boolean) {
  return secure ? '__Host-hp_pending' : 'hp_pending'
}

export function pendingSignInCookie(token: string, opts: { secure: boolean; expires: Date }) {
  return serialize(pendingSignInCookieName(opts.secure), token, {
    httpOnly: true,
    secure: opts.secure,
    sameSite: 'lax',
    path: '/',
    expires: opts.expires,
  })
}

export function clearPendingSignInCookie(secure: boolean) {
  return serialize(pendingSignInCookieName(secure), '', { httpOnly: true, secure, sameSite: 'lax', path: '/', expires: new Date(0) })
}

/**
 * The SAML AuthnRequest this browser started: the ACS accepts a response to
 * it only from the same browser (login CSRF). The identity provider posts
 * cross-site, so over HTTPS the cookie is SameSite=None; over plain HTTP
 * (local development) browsers would not send it, and the check is off.
 */
export function samlRequestCookieName(secure: boolean) {
  return secure ? '__Host-hp_saml' : 'hp_saml'
}

export function samlRequestCookie(requestId: string, secure: boolean) {
  return serialize(samlRequestCookieName(secure), requestId, {
    httpOnly: true,
    secure,
    sameSite: secure ? 'none' : 'lax',
    path: '/',
    maxAge: 600,
  })
}

/**
 * The browser's answer to the analytics cookie question: "granted" or "denied", kept a year; absent until asked.
 * Strictly necessary itself (it records the refusal too). Analytics may run, and set cookies, only when granted.
 */
export type AnalyticsConsent = 'granted' | 'denied'

export function analyticsConsentCookieName(secure: boolean) {
  return secure ? '__Host-hp_analytics' : 'hp_analytics'
}

export function analyticsConsentCookie(choice: AnalyticsConsent, secure: boolean) {
  return serialize(analyticsConsentCookieName(secure), choice, { httpOnly: true, secure, sameSite: 'lax', path: '/', maxAge: 365 * 24 * 60 * 60 })
}

export function analyticsConsentOf(request: Request, secure: boolean): AnalyticsConsent | null {
  const value = readCookie(request, analyticsConsentCookieName(secure))
  return value === 'granted' || value === 'denied' ? value : null
}
