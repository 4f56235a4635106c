import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Socket } from 'node:net'

/**
 * A stand-in for a meeting-bot provider on 127.0.0.1 with the API of server/services/meeting-bot/README.md:
 * POST /bots, GET /bots/:id/recording, DELETE /bots/:id, DELETE /bots/:id/recording, each with
 * `Authorization: Token <key>` (otherwise 401). Bots are numbered bot_1, bot_2…; a recording is served from
 * `recordings` (set by the test) with its Content-Length. `fail(route, status)` queues one error answer for the
 * next call of that route. Every request is recorded.
 */
export type BotRoute = 'create' | 'recording' | 'cancel' | 'deleteRecording'

export type RecordedBotRequest = {
  route: BotRoute | 'unknown'
  method: string
  path: string
  authorization: string | null
  idempotencyKey: string | null
  body: unknown
  answered: number
}

export async function startMeetingBotServer(options: { apiKey: string; createdStatus?: string }) {
  const requests: RecordedBotRequest[] = []
  const failures: Partial<Record<BotRoute, number[]>> = {}
  const recordings = new Map<string, Uint8Array>()
  const sockets = new Set<Socket>()
  const idempotent = new Map<string, string>()
  let bots = 0

  const routeOf = (method: string, path: string): { route: BotRoute | 'unknown'; botId?: string } => {
    if (method === 'POST' && path === '/bots') return { route: 'create' }
    const m = /^\/bots\/([^/]+)(\/recording)?$/.exec(path)
    if (!m) return { route: 'unknown' }
    const botId = decodeURIComponent(m[1]!)
    if (method === 'GET' && m[2]) return { route: 'recording', botId }
    if (method === 'DELETE') return { route: m[2] ? 'deleteRecording' : 'cancel', botId }
    return { route: 'unknown' }
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname
      const { route, botId } = routeOf(req.method ?? '', path)
      const text = Buffer.concat(chunks).toString('utf8')
      const entry: RecordedBotRequest = {
        route,
        method: req.method ?? '',
        path,
        authorization: req.headers.authorization ?? null,
        idempotencyKey: (req.headers['idempotency-key'] as string | undefined) ?? null,
        body: text ? (JSON.parse(text) as unknown) : null,
        answered: 200,
      }
      requests.push(entry)
      const answer = (status: number, body?: unknown) => {
        entry.answered = status
        res.writeHead(status, { 'Content-Type': 'application/json' }).end(body === undefined ? undefined : JSON.stringify(body))
      }
      if (entry.authorization !== `Token ${options.apiKey}`) return answer(401, { detail: 'Invalid token.' })
      if (route === 'unknown') return answer(404, { detail: 'Not found.' })
      const failure = failures[route]?.shift()
      if (failure) return answer(failure, { detail: 'Stand-in failure' })
      switch (route) {
        case 'create': {
          const known = entry.idempotencyKey ? idempotent.get(entry.idempotencyKey) : undefined
          const id = known ?? `bot_${++bots}`
          if (entry.idempotencyKey) idempotent.set(entry.idempotencyKey, id)
          return answer(201, { id, status: options.createdStatus ?? 'ready' })
        }
        case 'recording': {
          const bytes = recordings.get(botId!)
          if (!bytes) return answer(404, { detail: 'No recording.' })
          entry.answered = 200
          res.writeHead(200, { 'Content-Type': 'audio/wav', 'Content-Length': String(bytes.length) })
          // In pieces, as a real download arrives.
          for (let offset = 0; offset < bytes.length; offset += 16 * 1024) res.write(bytes.subarray(offset, offset + 16 * 1024))
          return res.end()
        }
        case 'cancel':
        case 'deleteRecording':
          entry.answered = 204
          return res.writeHead(204).end()
      }
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    recordings,
    /** The next call of `route` answers `status`. */
    fail(route: BotRoute, status: number) {
      ;(failures[route] ??= []).push(status)
    },
    of: (route: BotRoute) => requests.filter((r) => r.route === route),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}

export type MeetingBotServer = Awaited<ReturnType<typeof startMeetingBotServer>>
