import type { RequestHandler } from 'express'
import { parse } from 'cookie'
import type { Database } from '../db'
import { sessionCookie, sessionCookieName } from '../auth/cookies'
import { isRotationDue, rotateSessionToken } from '../auth/session'
import { isLocalSessionToken } from '../auth/tokens'
import { loadRequestAuth } from '../auth/request-auth'

/**
 * Rotates a long-lived session's token once a day while it is in use, on page
 * navigations. The new token is written to the response and swapped into this
 * request, so the old one stops working immediately.
 */
export function sessionRotation(options: { db: Database; secure: boolean }): RequestHandler {
  const name = sessionCookieName(options.secure)
  return async (req, res, next) => {
    try {
      const token = parse(req.headers.cookie ?? '')[name]
      if (req.method !== 'GET' || !isLocalSessionToken(token)) return next()
      const session = (await loadRequestAuth(options.db, token))?.session
      if (!session || !isRotationDue(session)) return next()
      const fresh = await rotateSessionToken(options.db.prisma, session.id)
      res.append('Set-Cookie', sessionCookie(fresh, { secure: options.secure, expires: session.expiresAt }))
      req.headers.cookie = (req.headers.cookie ?? '').replace(`${name}=${token}`, `${name}=${fresh}`)
      next()
    } catch (error) {
      next(error)
    }
  }
}
