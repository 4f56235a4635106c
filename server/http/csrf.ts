import type { RequestHandler } from 'express'
import { generateToken } from '../auth/tokens'
import { csrfCookie, csrfCookieName } from '../auth/cookies'
import { parse } from 'cookie'

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/**
 * First CSRF layer, for every state-changing request: a browser request from
 * another site is refused by its Origin / Sec-Fetch-Site headers. Paths that
 * authenticate with their own credentials (SCIM bearer tokens, signed
 * webhooks, SAML posts from the IdP) are exempt. The second layer is the
 * double-submit token that every form action checks (app/utils/forms.server.ts).
 */
export function originCheck(options: { appOrigin: string; exemptPrefixes: string[] }): RequestHandler {
  return (req, res, next) => {
    if (!unsafeMethods.has(req.method) || options.exemptPrefixes.some((p) => req.path.startsWith(p))) return next()
    const fetchSite = req.get('sec-fetch-site')
    const origin = req.get('origin')
    const sameHostOrigin = `${req.protocol}://${req.get('host')}`
    const crossSite =
      (fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none') ||
      (origin !== undefined && origin !== options.appOrigin && origin !== sameHostOrigin)
    if (crossSite) {
      res.status(403).type('text/plain').send('Cross-site request refused')
      return
    }
    next()
  }
}

/**
 * Makes sure every browser has a CSRF token cookie before any page renders a
 * form. The value is also injected into this request, so the page rendered now
 * already carries the token its form must echo.
 */
export function ensureCsrfCookie(options: { secure: boolean }): RequestHandler {
  const name = csrfCookieName(options.secure)
  return (req, res, next) => {
    const cookies = parse(req.headers.cookie ?? '')
    if (!cookies[name]) {
      const token = generateToken()
      res.append('Set-Cookie', csrfCookie(token, options.secure))
      req.headers.cookie = `${req.headers.cookie ? `${req.headers.cookie}; ` : ''}${name}=${token}`
    }
    next()
  }
}
