import { json, redirect } from '@remix-run/node'
import { TRPCError } from '@trpc/server'
import { getHTTPStatusCodeFromError } from '@trpc/server/http'
import { ZodError } from 'zod'
import { AppError } from '../../server/errors'

export type ActionErrors = { formError?: string; fieldErrors?: Record<string, string> }

function fieldErrorsOf(error: TRPCError): Record<string, string> | undefined {
  if (error.cause instanceof AppError) return error.cause.fieldErrors
  if (error.cause instanceof ZodError) {
    const flat = error.cause.flatten().fieldErrors as Record<string, string[] | undefined>
    return Object.fromEntries(Object.entries(flat).map(([field, messages]) => [field, messages?.[0] ?? 'Invalid']))
  }
  return undefined
}

/** 503 (the database briefly out of reach) is the one server-side status a page explains instead of failing. */
const isServerFault = (status: number) => status >= 500 && status !== 503

function retryAfterHeaders(error: TRPCError) {
  const headers = new Headers()
  if (error.cause instanceof AppError && error.cause.retryAfterSeconds) {
    headers.set('Retry-After', String(error.cause.retryAfterSeconds))
  }
  return headers
}

/**
 * Turns an API error inside an action into a form response: 400/422 with
 * messages for input problems, the matching status otherwise. Anything that
 * is not an API error is rethrown (a 500 with a request id).
 */
export function actionError(error: unknown) {
  if (!(error instanceof TRPCError)) throw error
  const status = getHTTPStatusCodeFromError(error)
  if (isServerFault(status)) throw error
  const fieldErrors = fieldErrorsOf(error)
  const body: ActionErrors = {
    formError: error.cause instanceof ZodError ? 'Please correct the highlighted fields.' : error.message,
    fieldErrors,
  }
  return json(body, { status, headers: retryAfterHeaders(error) })
}

/**
 * actionError, with extra fields the page needs to show the error in place
 * (which form failed, what was typed). Keeps the status and headers.
 */
export async function actionErrorWith<Extra extends Record<string, unknown>>(error: unknown, extra: Extra) {
  const response = actionError(error)
  const body = (await response.json()) as ActionErrors
  return json<ActionErrors & Extra>({ ...body, ...extra }, { status: response.status, headers: response.headers })
}

/** For loaders: not signed in → sign-in page; other API errors → an HTTP error page. */
export function loaderError(error: unknown, request: Request): never {
  if (!(error instanceof TRPCError)) throw error
  if (error.code === 'UNAUTHORIZED') {
    const url = new URL(request.url)
    throw redirect(`/sign-in?redirectTo=${encodeURIComponent(url.pathname + url.search)}`)
  }
  const status = getHTTPStatusCodeFromError(error)
  if (isServerFault(status)) throw error
  throw json({ message: error.message }, { status, headers: retryAfterHeaders(error) })
}
