import type { Database } from '../db'
import type { Env } from '../env'
import type { RequestMeta } from '../auth/session'
import { selectAuthProvider, type Authenticated } from '../auth/provider'
import { getBlobStore, type BlobStore } from '../storage'
import { analyticsConsentOf, type AnalyticsConsent } from '../auth/cookies'

/**
 * Everything a procedure may use. Built once per request, for HTTP calls at
 * /api/trpc and for loaders/actions through app/utils/api.server.ts.
 * `responseHeaders` collects Set-Cookie and similar headers that the caller
 * must copy onto its response.
 */
export type Context = {
  db: Database
  env: Env
  request: Request
  meta: RequestMeta
  responseHeaders: Headers
  auth: Authenticated | null
  /** Uploaded files (recordings, CVs). */
  blobs: BlobStore
  /** This browser's answer to the analytics question (hp_analytics cookie); product analytics run only when 'granted'. */
  analyticsConsent: AnalyticsConsent | null
}

export type CreateContextOptions = {
  db: Database
  env: Env
  request: Request
  meta: RequestMeta
  responseHeaders?: Headers
}

export async function createContext(options: CreateContextOptions): Promise<Context> {
  const auth = await selectAuthProvider(options.env).authenticate(options.request, options.db)
  const analyticsConsent = analyticsConsentOf(options.request, options.env.secureCookies)
  const responseHeaders = options.responseHeaders ?? new Headers()
  return { ...options, responseHeaders, auth, blobs: getBlobStore(options.env), analyticsConsent }
}
