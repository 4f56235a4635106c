import type { RequestHandler } from 'express'

/**
 * A small in-process cache for public pages (the trust center): GET
 * responses under the given prefixes that are 200, marked
 * `Cache-Control: public, max-age=N` and set no cookie are kept for N
 * seconds (bounded by entries and bytes, oldest evicted first) and served
 * without rendering again. Conditional requests get 304 from the stored
 * ETag. Per process on purpose: the content is the same in every process, so
 * nothing depends on which process answers; security headers are still set
 * fresh on every response by the middleware before this one.
 */
/** Every cache in this process, so a content change can empty them (purgePublicPages). */
const caches = new Set<() => void>()

/**
 * Drops every cached public page in this process, after content that pages
 * show has changed (e.g. a sub-processor announcement). Other processes
 * serve their copy until it expires (max-age, five minutes for trust pages).
 */
export function purgePublicPages() {
  for (const clear of caches) clear()
}

type Entry = { status: number; headers: [string, string][]; body: Buffer; etag?: string; expiresAt: number }

const storedHeaders = new Set(['content-type', 'cache-control', 'etag', 'last-modified', 'content-language', 'vary'])

export function publicPageCache(options: { prefixes: string[]; maxEntries?: number; maxBytes?: number; now?: () => number }): RequestHandler {
  const maxEntries = options.maxEntries ?? 500
  const maxBytes = options.maxBytes ?? 32 * 2 ** 20
  const now = options.now ?? Date.now
  const entries = new Map<string, Entry>()
  let bytes = 0
  caches.add(() => {
    entries.clear()
    bytes = 0
  })

  const evict = (key: string) => {
    const entry = entries.get(key)
    if (!entry) return
    bytes -= entry.body.length
    entries.delete(key)
  }

  return (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !options.prefixes.some((p) => req.path.startsWith(p))) return next()
    const key = req.originalUrl
    const cached = entries.get(key)
    if (cached && cached.expiresAt > now()) {
      for (const [name, value] of cached.headers) res.setHeader(name, value)
      res.setHeader('X-Cache', 'hit')
      if (cached.etag && req.get('if-none-match') === cached.etag) {
        res.status(304).end()
        return
      }
      res.status(cached.status)
      res.end(req.method === 'HEAD' ? undefined : cached.body)
      return
    }
    if (cached) evict(key)
    if (req.method === 'HEAD') return next()

    const chunks: Buffer[] = []
    const write = res.write.bind(res) as (...args: unknown[]) => boolean
    const end = res.end.bind(res) as (...args: unknown[]) => typeof res
    const capture = (chunk: unknown, encoding?: unknown) => {
      if (chunk === undefined || chunk === null || typeof chunk === 'function') return
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8'))
    }
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      capture(chunk, rest[0])
      return write(chunk, ...rest)
    }) as typeof res.write
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      capture(chunk, rest[0])
      store()
      return end(chunk, ...rest)
    }) as typeof res.end
    res.setHeader('X-Cache', 'miss')

    function store() {
      const cacheControl = String(res.getHeader('cache-control') ?? '')
      const maxAge = /(?:^|,)\s*public\s*(?:,|$)/.test(cacheControl) ? /max-age=(\d+)/.exec(cacheControl)?.[1] : undefined
      if (res.statusCode !== 200 || !maxAge || res.getHeader('set-cookie')) return
      const body = Buffer.concat(chunks)
      if (body.length > maxBytes / 8) return
      const headers = Object.entries(res.getHeaders())
        .filter(([name]) => storedHeaders.has(name))
        .map(([name, value]) => [name, String(value)] as [string, string])
      entries.set(key, { status: 200, headers, body, etag: res.getHeader('etag')?.toString(), expiresAt: now() + Number(maxAge) * 1000 })
      bytes += body.length
      for (const oldest of entries.keys()) {
        if (entries.size <= maxEntries && bytes <= maxBytes) break
        evict(oldest)
      }
    }
    next()
  }
}
