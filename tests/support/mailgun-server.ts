import crypto from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A stand-in for Mailgun's sending API on 127.0.0.1, for the real `mailgun.js` client (its `url` option):
 * POST /v3/<domain>/messages, multipart/form-data, HTTP basic auth `api:<key>`. A wrong key gets Mailgun's 401
 * ("Forbidden"), an unknown domain its 404. What it answers otherwise is programmable: `reply(...)` queues answers
 * used one per request, oldest first; with none queued it accepts the message (200, an id like Mailgun's).
 * Every request is recorded, with the form parsed as a real server would (undici).
 */
export type MailgunReply = 200 | 400 | 401 | 429 | 500 | 503 | 'hang'

export type RecordedMailgunRequest = {
  method: string
  path: string
  /** From the basic-auth header: who signed in, and whether the key matched. */
  username: string | null
  keyMatched: boolean
  contentType: string
  /** Multipart fields, each name to its values in order. */
  fields: Record<string, string[]>
  /** The answer given (the reply used, or 401/404 for a bad key or domain). */
  answered: MailgunReply | 404
}

const errorBodies: Record<400 | 429 | 500 | 503, string> = {
  400: JSON.stringify({ message: "to parameter is not a valid address. please check documentation" }),
  429: JSON.stringify({ message: 'Too many requests' }),
  500: JSON.stringify({ message: 'Internal Server Error' }),
  503: JSON.stringify({ message: 'Service Unavailable' }),
}

export async function startMailgunServer(options: { apiKey: string; domain: string }) {
  const requests: RecordedMailgunRequest[] = []
  const queued: MailgunReply[] = []
  const sockets = new Set<import('node:net').Socket>()

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('error', () => {})
    req.on('end', () => {
      void handle(req, Buffer.concat(chunks), res).catch((err: unknown) => {
        res.writeHead(500, { 'Content-Type': 'text/plain' }).end(`stand-in error: ${String(err)}`)
      })
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })

  async function handle(req: http.IncomingMessage, body: Buffer, res: http.ServerResponse) {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname
    const [scheme, encoded] = (req.headers.authorization ?? '').split(' ')
    const [username, ...rest] = scheme === 'Basic' && encoded ? Buffer.from(encoded, 'base64').toString('utf8').split(':') : []
    const keyMatched = username === 'api' && rest.join(':') === options.apiKey
    const contentType = req.headers['content-type'] ?? ''
    const fields: Record<string, string[]> = {}
    if (contentType.startsWith('multipart/form-data')) {
      const form = await new Response(new Uint8Array(body), { headers: { 'content-type': contentType } }).formData()
      for (const [name, value] of form) if (typeof value === 'string') (fields[name] ??= []).push(value)
    }
    const entry: RecordedMailgunRequest = {
      method: req.method ?? '',
      path,
      username: username ?? null,
      keyMatched,
      contentType,
      fields,
      answered: 200,
    }
    requests.push(entry)

    if (!keyMatched) {
      entry.answered = 401
      return res.writeHead(401, { 'Content-Type': 'text/plain' }).end('Forbidden')
    }
    if (req.method !== 'POST' || path !== `/v3/${options.domain}/messages`) {
      entry.answered = 404
      return res.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ message: 'Domain not found' }))
    }
    const reply = queued.shift() ?? 200
    entry.answered = reply
    if (reply === 'hang') return // never answers; the client's timeout ends it
    if (reply === 200) {
      const day = new Date().toISOString().slice(0, 10).replace(/-/g, '')
      const id = `<${day}.${crypto.randomBytes(8).toString('hex')}@${options.domain}>`
      return res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ id, message: 'Queued. Thank you.' }))
    }
    if (reply === 401) return res.writeHead(401, { 'Content-Type': 'text/plain' }).end('Forbidden')
    const headers: Record<string, string> = { 'Content-Type': 'application/json' }
    if (reply === 429) headers['Retry-After'] = '3'
    res.writeHead(reply, headers).end(errorBodies[reply])
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    /** Queues answers for the next requests, one each. */
    reply(...replies: MailgunReply[]) {
      queued.push(...replies)
    },
    /** Forgets recorded requests and queued answers. */
    reset() {
      requests.length = 0
      queued.length = 0
    },
    /** The accepted messages (200), oldest first. */
    sent: () => requests.filter((r) => r.answered === 200),
    // Hanging requests keep their sockets: end them, or close() would wait for the client's timeout.
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        for (const socket of sockets) socket.destroy()
      }),
  }
}

export type MailgunServer = Awaited<ReturnType<typeof startMailgunServer>>
