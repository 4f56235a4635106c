import http from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A stand-in for PostHog's ingestion API on 127.0.0.1, for the real `posthog-node` client
 * (`host` pointed here, `disableCompression` on): POST /batch/ (what the Node SDK sends) and the
 * single-event endpoints /capture/ and /i/v0/e/. Every request is recorded, whatever its path,
 * so a test can also check that nothing else (flags, remote config) was asked for. A gzipped
 * body is answered 415: the tests read what is sent, so compression must be off.
 */
export type PostHogReply = { kind: 'ok' } | { kind: 'status'; status: number } | { kind: 'hang' }

export type CapturedPostHogEvent = {
  event: string
  distinct_id?: string
  properties: Record<string, unknown>
  timestamp?: string
  uuid?: string
  type?: string
}

export type RecordedPostHogRequest = {
  method: string
  path: string
  headers: http.IncomingHttpHeaders
  body: { api_key?: string; batch?: CapturedPostHogEvent[]; sent_at?: string } & Record<string, unknown>
}

export async function startPostHogServer() {
  const requests: RecordedPostHogRequest[] = []
  let reply: PostHogReply = { kind: 'ok' }

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify(body))
    }
    const raw = Buffer.concat(chunks).toString('utf8')
    let body: RecordedPostHogRequest['body'] = {}
    if (req.headers['content-encoding']) {
      requests.push({ method: req.method ?? '', path, headers: req.headers, body })
      return send(415, { type: 'validation_error', detail: 'The stand-in reads plain JSON: set disableCompression' })
    }
    try {
      body = raw ? JSON.parse(raw) : {}
    } catch {
      requests.push({ method: req.method ?? '', path, headers: req.headers, body })
      return send(400, { type: 'validation_error', detail: 'The body is not JSON' })
    }
    requests.push({ method: req.method ?? '', path, headers: req.headers, body })
    const known = req.method === 'POST' && ['/batch/', '/capture/', '/i/v0/e/'].includes(path)
    if (!known) return send(404, { detail: `Unknown path ${path}` })
    if (reply.kind === 'hang') return
    if (reply.kind === 'status') return send(reply.status, { type: 'server_error', detail: 'The stand-in was told to fail' })
    send(200, { status: 1 })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    /** Every request received, oldest first. */
    requests,
    /** The events of every accepted or refused batch, oldest first. */
    events: () => requests.flatMap((r) => r.body.batch ?? []),
    /** What every following request gets. */
    respond(next: PostHogReply) {
      reply = next
    },
    reset() {
      requests.length = 0
      reply = { kind: 'ok' }
    },
    // Hanging requests hold their sockets open: end them rather than wait.
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

export type PostHogServer = Awaited<ReturnType<typeof startPostHogServer>>
