import crypto from 'node:crypto'
import type { RequestHandler } from 'express'

/**
 * Security headers for every response. Scripts run only with the per-request
 * nonce that Remix puts on its own <script> tags; nothing may frame the app.
 * HSTS is sent only when the request arrived over TLS (directly or at the
 * trusted proxy), since browsers ignore it on plain HTTP anyway.
 */
export function securityHeaders(options: {
  isSecureRequest: (req: Parameters<RequestHandler>[0]) => boolean
  /** Sources a configured identity provider's browser code needs (Clerk: server/auth/clerk/clerk-csp.ts). */
  extraSources?: Partial<Record<string, string[]>>
}): RequestHandler {
  const extra = (directive: string) => (options.extraSources?.[directive] ?? []).map((source) => ` ${source}`).join('')
  return (req, res, next) => {
    const nonce = crypto.randomBytes(16).toString('base64')
    res.locals.cspNonce = nonce
    const secure = options.isSecureRequest(req)
    const csp = [
      "default-src 'self'",
      `script-src 'self' 'nonce-${nonce}'${extra('script-src')}`,
      `style-src 'self'${extra('style-src')}`,
      `img-src 'self' data: blob:${extra('img-src')}`,
      "media-src 'self' blob:",
      "font-src 'self'",
      `connect-src 'self'${extra('connect-src')}`,
      ...(options.extraSources?.['worker-src'] ? [`worker-src${extra('worker-src')}`] : []),
      ...(options.extraSources?.['frame-src'] ? [`frame-src${extra('frame-src')}`] : []),
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
      ...(secure ? ['upgrade-insecure-requests'] : []),
    ].join('; ')
    res.setHeader('Content-Security-Policy', csp)
    res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin')
    res.setHeader('X-Content-Type-Options', 'nosniff')
    res.setHeader('X-Frame-Options', 'DENY')
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin')
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin')
    // Camera and microphone stay available to our own pages (one-way video interviews).
    res.setHeader('Permissions-Policy', 'camera=(self), microphone=(self), geolocation=(), payment=()')
    if (secure) res.setHeader('Strict-Transport-Security', 'max-age=63072000; includeSubDomains')
    next()
  }
}
