import type { AddressInfo } from 'node:net'
import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { publicPageCache } from '../../server/http/public-cache'

let clock = 1_000_000
let renders = 0
let base = ''
const server = express()
  .use((_req, res, next) => {
    res.setHeader('Content-Security-Policy', `script-src 'nonce-${renders}'`)
    next()
  })
  .use(publicPageCache({ prefixes: ['/trust'], now: () => clock }))
  .get('/trust/page', (req, res) => {
    renders++
    res.setHeader('Cache-Control', 'public, max-age=60')
    res.setHeader('ETag', '"v1"')
    res.type('html').write('<h1>')
    res.end(`page ${req.query.q ?? ''}</h1>`)
  })
  .get('/trust/with-cookie', (_req, res) => {
    renders++
    res.setHeader('Cache-Control', 'public, max-age=60')
    res.setHeader('Set-Cookie', 'a=b')
    res.send('cookie')
  })
  .get('/trust/private', (_req, res) => {
    renders++
    res.setHeader('Cache-Control', 'private, max-age=60')
    res.send('private')
  })
  .get('/app/page', (_req, res) => {
    renders++
    res.setHeader('Cache-Control', 'public, max-age=60')
    res.send('app')
  })
  .listen(0)

beforeAll(() => {
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

async function count(path: string, times = 3, headers: Record<string, string> = {}) {
  const before = renders
  let last: Response | undefined
  for (let i = 0; i < times; i++) last = await fetch(base + path, { headers })
  return { renders: renders - before, last: last! }
}

describe('public page cache', () => {
  it('renders a public page once and serves copies, with fresh security headers', async () => {
    const { renders: n, last } = await count('/trust/page?q=a')
    expect(n).toBe(1)
    expect(await last.text()).toBe('<h1>page a</h1>')
    expect(last.headers.get('x-cache')).toBe('hit')
    expect(last.headers.get('content-security-policy')).toBe(`script-src 'nonce-${renders}'`)
    expect((await count('/trust/page?q=b')).renders).toBe(1)
  })

  it('answers 304 to a matching If-None-Match', async () => {
    await count('/trust/page?q=etag', 1)
    const { last } = await count('/trust/page?q=etag', 1, { 'If-None-Match': '"v1"' })
    expect(last.status).toBe(304)
  })

  it('expires entries after max-age', async () => {
    await count('/trust/page?q=expiry', 1)
    clock += 61_000
    expect((await count('/trust/page?q=expiry', 2)).renders).toBe(1)
  })

  it('never stores responses that set cookies, private responses or other paths', async () => {
    expect((await count('/trust/with-cookie')).renders).toBe(3)
    expect((await count('/trust/private')).renders).toBe(3)
    expect((await count('/app/page')).renders).toBe(3)
  })
})
