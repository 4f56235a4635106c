import { z } from 'zod'
import type { MeetingBotConfig } from '../../env'

/**
 * The HTTP client of the meeting-bot API (the contract is in README.md): plain fetch, `Authorization: Token <key>`,
 * every call bounded by `timeoutMs` (a download by the longest pause between two chunks, so a long recording is not
 * cut off while bytes keep coming). Every failure is a MeetingBotApiError that says whether trying again may help:
 * network errors, timeouts, 408, 425, 429 and 5xx may; any other answer will not.
 */
export class MeetingBotApiError extends Error {
  constructor(
    message: string,
    /** The provider's HTTP status; null when no answer came (network, timeout). */
    readonly status: number | null,
    readonly retryable: boolean,
  ) {
    super(message)
    this.name = 'MeetingBotApiError'
  }
}

/** Bot ids go into URL paths and our unique column: short, and only characters that need no escaping. */
export const botIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'not a bot id')

const createdBotSchema = z.object({ id: botIdSchema, status: z.string().max(64).optional() })

export type CreatedBot = { id: string; status: string | null }

export type RecordingDownload = {
  body: AsyncIterable<Uint8Array>
  /** From Content-Length: a recording over the size limit is refused before it is read. */
  declaredBytes?: number
  /** Ends the download, read or not (safe to call more than once). */
  close(): Promise<void>
}

const retryableStatus = (status: number) => status === 408 || status === 425 || status === 429 || status >= 500

export function createMeetingBotClient(config: MeetingBotConfig) {
  const headers = { Authorization: `Token ${config.apiKey}`, Accept: 'application/json' }
  const botPath = (botId: string) => `${config.apiUrl}/bots/${encodeURIComponent(botIdSchema.parse(botId))}`

  /** A signal that fires on the caller's abort or after `timeoutMs` without progress (`touch` restarts the clock). */
  function deadline(signal: AbortSignal | undefined) {
    const controller = new AbortController()
    let timedOut = false
    const onAbort = () => controller.abort(signal?.reason)
    signal?.addEventListener('abort', onAbort, { once: true })
    let timer: NodeJS.Timeout | undefined
    const touch = () => {
      clearTimeout(timer)
      timer = setTimeout(() => {
        timedOut = true
        controller.abort(new Error('timeout'))
      }, config.timeoutMs)
    }
    touch()
    return {
      signal: controller.signal,
      touch,
      timedOut: () => timedOut,
      done() {
        clearTimeout(timer)
        signal?.removeEventListener('abort', onAbort)
      },
    }
  }

  function unreachable(what: string, error: unknown, timedOut: boolean) {
    if (timedOut) return new MeetingBotApiError(`The meeting-bot provider did not answer in time (${what}).`, null, true)
    const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : 'unknown error'
    return new MeetingBotApiError(`The meeting-bot provider could not be reached (${what}: ${reason.slice(0, 120)}).`, null, true)
  }

  async function refused(what: string, response: Response) {
    // The body may say why; it stays out of the message, which members see (it could echo anything).
    await response.body?.cancel().catch(() => undefined)
    const retryable = retryableStatus(response.status)
    const hint = response.status === 401 || response.status === 403 ? ': check MEETING_BOT_API_KEY' : ''
    const message = `The meeting-bot provider answered ${response.status} (${what})${hint}.`
    return new MeetingBotApiError(message, response.status, retryable)
  }

  /** One API call; `read` handles the answer within the same time limit. */
  async function request<T>(
    what: string,
    url: string,
    init: RequestInit,
    signal: AbortSignal | undefined,
    read: (response: Response) => Promise<T>,
  ) {
    const clock = deadline(signal)
    let response: Response
    try {
      response = await fetch(url, { ...init, headers: { ...headers, ...init.headers }, signal: clock.signal })
    } catch (error) {
      clock.done()
      throw unreachable(what, error, clock.timedOut())
    }
    try {
      return await read(response)
    } catch (error) {
      if (error instanceof MeetingBotApiError) throw error
      throw unreachable(what, error, clock.timedOut())
    } finally {
      clock.done()
    }
  }

  /** DELETE that succeeds when the thing is gone already (404, 410) or can no longer be cancelled (409). */
  const remove = (what: string, url: string, signal?: AbortSignal) =>
    request(what, url, { method: 'DELETE' }, signal, async (response) => {
      await response.body?.cancel().catch(() => undefined)
      if (response.ok) return { found: true }
      if (response.status === 404 || response.status === 409 || response.status === 410) return { found: false }
      throw await refused(what, response)
    })

  return {
    /**
     * Asks for a bot to join `meetingUrl` (at `joinAt`, or now). The idempotency key is the same on every retry of
     * one request, so a provider that honours it creates one bot even when our first answer was lost.
     */
    async createBot(
      input: {
        meetingUrl: string
        joinAt: Date | null
        metadata: { interviewId: string; orgId: string }
        idempotencyKey: string
      },
      signal?: AbortSignal,
    ): Promise<CreatedBot> {
      const body = {
        meeting_url: input.meetingUrl,
        ...(input.joinAt ? { join_at: input.joinAt.toISOString() } : {}),
        metadata: input.metadata,
      }
      const init = {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': input.idempotencyKey },
        body: JSON.stringify(body),
      }
      return request('create bot', `${config.apiUrl}/bots`, init, signal, async (response) => {
        if (!response.ok) throw await refused('create bot', response)
        const parsed = createdBotSchema.safeParse(await response.json().catch(() => null))
        if (!parsed.success) {
          const message = 'The meeting-bot provider answered without a usable bot id (create bot).'
          throw new MeetingBotApiError(message, response.status, false)
        }
        return { id: parsed.data.id, status: parsed.data.status ?? null }
      })
    },

    /** The finished recording as a stream; the caller must read it to the end or stop iterating (which closes it). */
    async openRecording(botId: string, signal?: AbortSignal): Promise<RecordingDownload> {
      const clock = deadline(signal)
      let response: Response
      try {
        response = await fetch(`${botPath(botId)}/recording`, {
          headers: { ...headers, Accept: 'audio/*, video/*' },
          signal: clock.signal,
        })
      } catch (error) {
        clock.done()
        throw unreachable('download recording', error, clock.timedOut())
      }
      if (!response.ok || !response.body) {
        clock.done()
        throw await refused('download recording', response)
      }
      const reader = response.body.getReader()
      async function* chunks() {
        try {
          for (;;) {
            clock.touch()
            const { done, value } = await reader.read()
            if (done) return
            yield value
          }
        } catch (error) {
          throw unreachable('download recording', error, clock.timedOut())
        } finally {
          clock.done()
          await reader.cancel().catch(() => undefined)
        }
      }
      const length = Number(response.headers.get('content-length') ?? '')
      return {
        body: chunks(),
        declaredBytes: Number.isSafeInteger(length) && length > 0 ? length : undefined,
        async close() {
          clock.done()
          await reader.cancel().catch(() => undefined)
        },
      }
    },

    /** Calls the bot back (before or during the meeting). Already gone or finished counts as done. */
    cancelBot: (botId: string, signal?: AbortSignal) => remove('cancel bot', botPath(botId), signal),

    /** Asks the provider to delete its copy of the recording. Already gone counts as done. */
    deleteRecording: (botId: string, signal?: AbortSignal) => remove('delete recording', `${botPath(botId)}/recording`, signal),
  }
}

export type MeetingBotClient = ReturnType<typeof createMeetingBotClient>
