import crypto from 'node:crypto'
import path from 'node:path'
import express from 'express'
import { isDatabaseUnavailable } from '../db/errors'
import { unavailableRetryAfterSeconds } from '../errors'
import { createRequestHandler } from '@remix-run/express'
import type { ServerBuild } from '@remix-run/node'
import type { Database } from '../db'
import type { Env } from '../env'
import type { Logger } from '../logger'
import { clientIpFrom } from './client-ip'
import { securityHeaders } from './security-headers'
import { clerkCspAdditions } from '../auth/clerk/clerk-csp'
import { ensureCsrfCookie, originCheck } from './csrf'
import { sessionRotation } from './session-rotation'
import { drainUnreadBodies } from './unread-body'
import { publicPageCache } from './public-cache'
import type { RequestMeta } from '../auth/session'
import { scimRouter, type ScimRouterOptions } from './scim'
import { candidateTakePlayback, recordingPlayback, videoAnswerPlayback } from './recording-playback'

/** Skips `handler` for GET/HEAD requests to public pages. */
function unlessPublicGet(prefixes: string[], handler: express.RequestHandler): express.RequestHandler {
  return (req, res, next) =>
    (req.method === 'GET' || req.method === 'HEAD') && prefixes.some((p) => req.path.startsWith(p)) ? next() : handler(req, res, next)
}

const requestIdPattern = /^[A-Za-z0-9._-]{8,128}$/

export type HttpAppOptions = {
  env: Env
  db: Database
  build: ServerBuild | (() => Promise<ServerBuild>)
  logger: Logger
  /** True once shutdown began: responses then close their connection, so draining ends promptly. */
  isStopping?: () => boolean
  /** Per-token SCIM request rate (benchmarks raise it). */
  scimRateLimit?: ScimRouterOptions['rateLimit']
}

/** The HTTP pipeline in front of Remix: ids, logs, headers, CSRF, health, assets. */
export function createHttpApp({ env, db, build, logger, isStopping = () => false, scimRateLimit }: HttpAppOptions) {
  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', env.TRUST_PROXY_HOPS)

  app.use((_req, res, next) => {
    if (isStopping()) res.setHeader('Connection', 'close')
    next()
  })

  app.use((req, res, next) => {
    const incoming = req.get('x-request-id')
    const requestId = incoming && requestIdPattern.test(incoming) ? incoming : crypto.randomUUID()
    const meta: RequestMeta = {
      requestId,
      ip: clientIpFrom(req.socket.remoteAddress, req.get('x-forwarded-for'), env.TRUST_PROXY_HOPS),
      userAgent: (req.get('user-agent') ?? '').slice(0, 512),
    }
    res.locals.meta = meta
    res.setHeader('X-Request-Id', requestId)
    const started = process.hrtime.bigint()
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6
      logger.info('request', { requestId, method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms * 10) / 10, ip: meta.ip })
    })
    next()
  })

  app.use(drainUnreadBodies())

  app.use(
    securityHeaders({
      isSecureRequest: (req) => req.secure || env.appUrl.startsWith('https://'),
      extraSources: env.clerk ? clerkCspAdditions(env.clerk.publishableKey) : undefined,
    }),
  )

  app.get('/healthz', async (_req, res) => {
    try {
      await Promise.race([
        db.query('SELECT 1'),
        new Promise((_, reject) => setTimeout(() => reject(new Error('database timeout')), 2_000)),
      ])
      res.status(200).json({ status: 'ok', database: db.kind })
    } catch (error) {
      logger.warn('health check failed', { error })
      res.status(503).json({ status: 'unavailable', reason: 'database unreachable' })
    }
  })

  app.use('/build', express.static(path.resolve('public/build'), { immutable: true, maxAge: '1y' }))
  app.use(express.static(path.resolve('public'), { maxAge: '1h' }))

  // Public pages are identical for every visitor: served from a cache, and
  // never given a cookie (a shared cache must not pass one visitor's on).
  const publicPrefixes = ['/trust', '/.well-known/']
  app.use(publicPageCache({ prefixes: publicPrefixes }))
  // SCIM authenticates with bearer tokens and sets no cookies: it is served before the browser middleware.
  app.use('/scim/v2', scimRouter({ db, logger, appUrl: env.appUrl, rateLimit: scimRateLimit }))
  app.use(originCheck({ appOrigin: new URL(env.appUrl).origin, exemptPrefixes: ['/scim/', '/webhooks/', '/sso/acs'] }))
  app.use(unlessPublicGet(publicPrefixes, ensureCsrfCookie({ secure: env.secureCookies })))
  app.use(unlessPublicGet(publicPrefixes, sessionRotation({ db, secure: env.secureCookies })))

  app.get('/app/interviews/:interviewId/recording', recordingPlayback({ db, env, logger }))
  app.get('/app/interviews/:interviewId/answers/:takeId', videoAnswerPlayback({ db, env, logger }))
  app.get('/video/:token/takes/:takeId', candidateTakePlayback({ db, env, logger }))

  app.all(
    '*',
    createRequestHandler({
      build,
      mode: 'production',
      getLoadContext: (_req, res) => ({ meta: res.locals.meta as RequestMeta, cspNonce: res.locals.cspNonce as string }),
    }),
  )

  app.use(((error, req, res, _next) => {
    const requestId = (res.locals.meta as RequestMeta | undefined)?.requestId
    if (isDatabaseUnavailable(error)) {
      // Not a bug: the database is restarting or failing over. Ask the client to come back.
      logger.warn('database unavailable', { requestId, path: req.path })
      if (res.headersSent) return
      res.setHeader('Retry-After', String(unavailableRetryAfterSeconds))
      res.status(503).type('text/plain').send('The service is briefly unavailable. Try again in a few seconds.')
      return
    }
    logger.error('unhandled error', { requestId, path: req.path, error })
    if (res.headersSent) return
    res.status(500).type('text/plain').send(`Internal error (request ${requestId ?? 'unknown'})`)
  }) as express.ErrorRequestHandler)

  return app
}
