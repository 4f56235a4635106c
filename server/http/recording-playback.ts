import { pipeline } from 'node:stream/promises'
import type express from 'express'
import { TRPCError } from '@trpc/server'
import { getHTTPStatusCodeFromError } from '@trpc/server/http'
import type { Database } from '../db'
import type { Env } from '../env'
import type { Logger } from '../logger'
import type { RequestMeta } from '../auth/session'
import { createRequestCaller } from '../trpc/caller'
import { getBlobStore } from '../storage'

/**
 * GET/HEAD /app/interviews/:interviewId/recording: the recording for the
 * player, with a single HTTP byte range so it can seek. Authorised by the
 * interview.recording procedure (session, tenant, IP allowlist, permission,
 * role visibility). Served here rather than through Remix so the file is
 * piped with backpressure (a slow client never makes the server buffer the
 * file) and closed when the client goes away.
 */
export function recordingPlayback(options: { db: Database; env: Env; logger: Logger }): express.RequestHandler {
  const { db, env, logger } = options
  return async (req, res, next) => {
    try {
      const headers = new Headers()
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value)
      const responseHeaders = new Headers()
      const { caller } = await createRequestCaller({
        db,
        env,
        request: new Request(new URL(req.originalUrl, env.appUrl), { headers }),
        meta: res.locals.meta as RequestMeta,
        responseHeaders,
      })
      let recording
      try {
        recording = await caller.interview.recording({ interviewId: String(req.params.interviewId ?? '') })
      } catch (error) {
        if (!(error instanceof TRPCError)) throw error
        const status = getHTTPStatusCodeFromError(error)
        if (status >= 500) throw error
        res.status(status).type('text/plain').send(error.message)
        return
      }
      for (const cookie of responseHeaders.getSetCookie()) res.append('Set-Cookie', cookie)
      const { storageKey } = await db.prisma.recording.findUniqueOrThrow({ where: { id: recording.id }, select: { storageKey: true } })
      const size = recording.sizeBytes
      res.setHeader('Content-Type', recording.contentType)
      res.setHeader('Accept-Ranges', 'bytes')
      res.setHeader('Cache-Control', 'private, no-store')
      res.setHeader('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(recording.fileName)}`)
      const range = parseRange(req.get('range') ?? null, size)
      if (range === 'unsatisfiable') {
        res.status(416).setHeader('Content-Range', `bytes */${size}`).end()
        return
      }
      const { start, end } = range ?? { start: 0, end: size - 1 }
      res.status(range ? 206 : 200).setHeader('Content-Length', String(Math.max(0, end - start + 1)))
      if (range) res.setHeader('Content-Range', `bytes ${start}-${end}/${size}`)
      // HEAD, or an empty file: headers only, and no file is opened.
      if (req.method === 'HEAD' || size === 0) {
        res.end()
        return
      }
      await pipeline(getBlobStore(env).read(storageKey, { start, end }), res).catch((error: NodeJS.ErrnoException) => {
        // The listener left (closed the tab, seeked elsewhere): the file stream is already closed by pipeline.
        if (error.code !== 'ERR_STREAM_PREMATURE_CLOSE') logger.warn('recording stream failed', { error })
      })
    } catch (error) {
      next(error)
    }
  }
}

/** One range of "bytes=a-b", "bytes=a-" or "bytes=-n"; null for none or a form we do not serve (the whole file is sent). */
export function parseRange(header: string | null, size: number): { start: number; end: number } | null | 'unsatisfiable' {
  const match = header?.match(/^bytes=(\d*)-(\d*)$/)
  if (!match || (!match[1] && !match[2])) return null
  let start: number
  let end: number
  if (!match[1]) {
    start = Math.max(0, size - Number(match[2]))
    end = size - 1
  } else {
    start = Number(match[1])
    end = match[2] ? Math.min(Number(match[2]), size - 1) : size - 1
  }
  if (start >= size || start > end) return 'unsatisfiable'
  return { start, end }
}
