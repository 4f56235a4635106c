import http from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A stand-in for the chat completions API on 127.0.0.1, for the real `openai` SDK: POST
 * /v1/chat/completions (OpenAI) and /api/v1/chat/completions (OpenRouter). Every request is recorded
 * (path, headers, parsed body); what it answers is set per test with `respond` and stays until changed.
 * A successful answer is a chat.completion whose `model` is the reply's, else the requested one with a
 * "-snapshot" suffix (as providers report a dated snapshot).
 */
export type ChatReply =
  | { kind: 'content'; content: string; model?: string; finishReason?: string }
  | { kind: 'status'; status: number; body: unknown; headers?: Record<string, string> }
  | { kind: 'hang' }

export type RecordedChatRequest = {
  method: string
  path: string
  headers: http.IncomingHttpHeaders
  body: Record<string, unknown> & { messages?: { role: string; content: string }[] }
}

const errorBody = (message: string, type: string, code: string | null) => ({ error: { message, type, param: null, code } })

/** The replies the tests need. */
export const chatReplies = {
  /** A model answer: `value` as the JSON content. */
  json: (value: unknown, model?: string): ChatReply => ({ kind: 'content', content: JSON.stringify(value), model }),
  /** Content that is not JSON (cut off mid-object, as with finish_reason "length"). */
  malformed: (): ChatReply => ({
    kind: 'content',
    content: '{"competencies": [{"competencyId": "c1", "score": 3, "rati',
    finishReason: 'length',
  }),
  /** Valid JSON in the wrong shape. */
  schemaMismatch: (): ChatReply => ({
    kind: 'content',
    content: JSON.stringify({ competencies: [{ competencyId: 'c1', score: 'excellent', evidence: 'segment 1' }] }),
  }),
  rateLimited: (retryAfterSeconds = 7): ChatReply => ({
    kind: 'status',
    status: 429,
    headers: { 'retry-after': String(retryAfterSeconds) },
    body: errorBody('Rate limit reached for requests', 'requests', 'rate_limit_exceeded'),
  }),
  serverError: (): ChatReply => ({
    kind: 'status',
    status: 500,
    body: errorBody('The server had an error', 'server_error', null),
  }),
  unauthorized: (): ChatReply => ({
    kind: 'status',
    status: 401,
    body: errorBody('Incorrect API key provided', 'invalid_request_error', 'invalid_api_key'),
  }),
  /** Accepts the request and never answers (the client's timeout or abort ends it). */
  hang: (): ChatReply => ({ kind: 'hang' }),
}

export async function startOpenAiChat() {
  const requests: RecordedChatRequest[] = []
  let reply: ChatReply = chatReplies.json({ competencies: [] })
  let completions = 0

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'Content-Type': 'application/json', ...headers })
      res.end(JSON.stringify(body))
    }
    if (req.method !== 'POST' || (path !== '/v1/chat/completions' && path !== '/api/v1/chat/completions')) {
      return send(404, errorBody(`Unknown path ${path}`, 'invalid_request_error', null))
    }
    let body: RecordedChatRequest['body']
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'))
    } catch {
      return send(400, errorBody('The body is not JSON', 'invalid_request_error', null))
    }
    requests.push({ method: req.method, path, headers: req.headers, body })

    if (reply.kind === 'hang') return
    if (reply.kind === 'status') return send(reply.status, reply.body, reply.headers)
    completions += 1
    send(200, {
      id: `chatcmpl-test-${completions}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: reply.model ?? `${String(body.model)}-snapshot`,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: reply.content, refusal: null },
          logprobs: null,
          finish_reason: reply.finishReason ?? 'stop',
        },
      ],
      usage: { prompt_tokens: 1000, completion_tokens: 100, total_tokens: 1100 },
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const url = `http://127.0.0.1:${port}`
  return {
    url,
    /** baseURL for the SDK as OpenAI. */
    openAiBaseURL: `${url}/v1`,
    /** baseURL for the SDK as OpenRouter (its path prefix is /api/v1). */
    openRouterBaseURL: `${url}/api/v1`,
    /** Every chat request received, oldest first. */
    requests,
    /** What every following request gets. */
    respond(next: ChatReply) {
      reply = next
    },
    reset() {
      requests.length = 0
      reply = chatReplies.json({ competencies: [] })
    },
    // Hanging requests hold their sockets open: end them rather than wait.
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

export type OpenAiChatServer = Awaited<ReturnType<typeof startOpenAiChat>>
