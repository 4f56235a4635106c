import { PassThrough } from 'node:stream'
import type { ActionFunctionArgs, AppLoadContext, EntryContext, HandleDataRequestFunction, LoaderFunctionArgs } from '@remix-run/node'
import { createReadableStreamFromReadable } from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import { isbot } from 'isbot'
import { renderToPipeableStream } from 'react-dom/server'
import { NonceContext } from './utils/nonce'
import { isDatabaseUnavailable } from '../server/db/errors'
import { unavailableRetryAfterSeconds } from '../server/errors'
import { logger } from '../server/logger'

const ABORT_DELAY = 5_000

/** Requests (by their load context) whose loader or action failed because the database was briefly out of reach. */
const unavailable = new WeakSet<AppLoadContext>()

/**
 * Every error a loader or action threw. The database being out of reach (restarting, failing over) is not a bug:
 * the page answers 503 with Retry-After instead of 500, and the log says so in one line.
 */
export function handleError(error: unknown, { request, context }: LoaderFunctionArgs | ActionFunctionArgs) {
  if (request.signal.aborted) return
  if (isDatabaseUnavailable(error)) {
    unavailable.add(context)
    logger.warn('database unavailable', { requestId: context.meta?.requestId, path: new URL(request.url).pathname })
    return
  }
  console.error(error)
}

export const handleDataRequest: HandleDataRequestFunction = (response, { context }) => {
  if (!unavailable.has(context) || response.status !== 500) return response
  const headers = new Headers(response.headers)
  headers.set('Retry-After', String(unavailableRetryAfterSeconds))
  return new Response(response.body, { status: 503, headers })
}

/**
 * A form refused for a while (429, or 503) says how long in Retry-After. Remix builds a document's headers from the
 * routes' `headers` exports, which would drop it; it is taken from the action's (or loader's) own answer instead.
 */
function carryRetryAfter(remixContext: EntryContext, status: number, headers: Headers) {
  if (status !== 429 && status !== 503) return
  const { actionHeaders, loaderHeaders } = remixContext.staticHandlerContext
  for (const routeHeaders of [...Object.values(actionHeaders ?? {}), ...Object.values(loaderHeaders ?? {})]) {
    const wait = routeHeaders.get('Retry-After')
    if (wait) headers.set('Retry-After', wait)
  }
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce
  if (unavailable.has(loadContext) && responseStatusCode === 500) {
    responseStatusCode = 503
    responseHeaders.set('Retry-After', String(unavailableRetryAfterSeconds))
  }
  carryRetryAfter(remixContext, responseStatusCode, responseHeaders)
  // Bots and no-JS clients get the whole document at once; browsers stream.
  const waitForAll = isbot(request.headers.get('user-agent') ?? '')
  return new Promise((resolve, reject) => {
    let shellRendered = false
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceContext.Provider>,
      {
        nonce,
        [waitForAll ? 'onAllReady' : 'onShellReady']() {
          shellRendered = true
          const body = new PassThrough()
          responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
          resolve(
            new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }),
          )
          pipe(body)
        },
        onShellError(error: unknown) {
          reject(error)
        },
        onError(error: unknown) {
          responseStatusCode = 500
          if (shellRendered) console.error(error)
        },
      },
    )
    setTimeout(abort, ABORT_DELAY)
  })
}
