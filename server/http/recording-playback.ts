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

/** A stored file as the player needs it, as a procedure returned it (authorised) and where the blob store keeps it. */
type PlayableFile = { contentType: string; sizeBytes: number; fileName: string; storageKey: string }
type Caller = Awaited<ReturnType<typeof createRequestCaller>>['caller']

/**
 * GET/HEAD of a recording or video answer for the player, with a single HTTP
 * byte range so it can seek. Authorised by a procedure (session, tenant, IP
 * allowlist, permission, role visibility; or the candidate's link token).
 * Served here rather than through Remix so the file is piped with
 * backpressure (a slow client never makes the server buffer the file) and
 * closed when the client goes away.
 */
function playback(
  options: { db: Database; env: Env; logger: Logger },
  resolve: (caller: Caller, params: Record<string, string>) => Promise<PlayableFile>,
): express.RequestHandler {
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
      let file
      try {
        file = await resolve(caller, req.params as Record<string, string>)
      } catch (error) {
        if (!(error instanceof TRPCError)) throw error
        const status = getHTTPStatusCodeFromError(error)
        if (status >= 500) throw error
        res.status(status).type('text/plain').send(error.message)
        return
      }
      for (const cookie of responseHeaders.getSetCookie()) res.append('Set-Cookie', cookie)
      const size = file.sizeBytes
      res.setHeader('Content-Type', file.contentType)
      res.setHeader('Accept-Ranges', 'bytes')
      res.setHeader('Cache-Control', 'private, no-store')
      res.setHeader('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
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
      await pipeline(getBlobStore(env).read(file.storageKey, { start, end }), res).catch((error: NodeJS.ErrnoException) => {
        // The listener left (closed the tab, seeked elsewhere): the file stream is already closed by pipeline.
        if (error.code !== 'ERR_STREAM_PREMATURE_CLOSE') logger.warn('recording stream failed', { error })
      })
    } catch (error) {
      next(error)
    }
  }
}

/** GET/HEAD /app/interviews/:interviewId/recording: an interview's recording (interview.recording). */
export const recordingPlayback = (options: { db: Database; env: Env; logger: Logger }) =>
  playback(options, async (caller, params) => {
    const recording = await caller.interview.recording({ interviewId: params.interviewId ?? '' })
    const { storageKey } = await options.db.prisma.recording.findUniqueOrThrow({ where: { id: recording.id }, select: { storageKey: true } })
    return { ...recording, storageKey }
  })

const takeStorageKey = async (db: Database, id: string) =>
  (await db.prisma.videoAnswerTake.findUniqueOrThrow({ where: { id }, select: { storageKey: true } })).storageKey

/** GET/HEAD /app/interviews/:interviewId/answers/:takeId: a submitted video answer (videoInterview.answer). */
export const videoAnswerPlayback = (options: { db: Database; env: Env; logger: Logger }) =>
  playback(options, async (caller, params) => {
    const answer = await caller.videoInterview.answer({ interviewId: params.interviewId ?? '', takeId: params.takeId ?? '' })
    return { ...answer, storageKey: await takeStorageKey(options.db, answer.id) }
  })

/** GET/HEAD /video/:token/takes/:takeId: the candidate watching one of their own takes (videoInterview.candidateTake). */
export const candidateTakePlayback = (options: { db: Database; env: Env; logger: Logger }) =>
  playback(options, async (caller, params) => {
    const take = await caller.videoInterview.candidateTake({ token: params.token ?? '', takeId: params.takeId ?? '' })
    return { ...take, storageKey: await takeStorageKey(options.db, take.id) }
  })

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
