import { describe, expect, it } from 'vitest'
import { trustHeaders } from '../../trust/http'
import { cachedResource, etagFor, ifNoneMatchMatches, revalidate } from '../../trust/http.server'

describe('trust-center caching', () => {
  it('derives weak ETags from content, stable for equal content and different otherwise', () => {
    const a = etagFor('faq', { q: 1 }, 'x')
    expect(a).toMatch(/^W\/"[A-Za-z0-9_-]{27}"$/)
    expect(etagFor('faq', { q: 1 }, 'x')).toBe(a)
    expect(etagFor('faq', { q: 2 }, 'x')).not.toBe(a)
    expect(etagFor('faq', { q: 1 }, 'y')).not.toBe(a)
    expect(etagFor('faq', 1)).not.toBe(etagFor('faq', '1'))
  })

  it('compares If-None-Match weakly, including lists and *', () => {
    const tag = 'W/"abc"'
    expect(ifNoneMatchMatches('W/"abc"', tag)).toBe(true)
    expect(ifNoneMatchMatches('"abc"', tag)).toBe(true)
    expect(ifNoneMatchMatches('"x", W/"abc"', tag)).toBe(true)
    expect(ifNoneMatchMatches('*', tag)).toBe(true)
    expect(ifNoneMatchMatches('"abcd"', tag)).toBe(false)
    expect(ifNoneMatchMatches(null, tag)).toBe(false)
  })

  it('throws an empty 304 with the same ETag when the client has this version', () => {
    const etag = etagFor('page')
    const headers = revalidate(new Request('http://x/trust'), etag)
    expect(headers.get('ETag')).toBe(etag)
    expect(headers.get('Cache-Control')).toBe('public, max-age=300')
    let thrown: unknown
    try {
      revalidate(new Request('http://x/trust', { headers: { 'If-None-Match': etag } }), etag)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(Response)
    expect((thrown as Response).status).toBe(304)
    expect((thrown as Response).headers.get('ETag')).toBe(etag)
  })

  it('answers resource requests with the body or 304', async () => {
    const first = cachedResource(new Request('http://x/f'), 'body', 'text/plain; charset=utf-8', 'v1')
    expect(first.status).toBe(200)
    expect(await first.text()).toBe('body')
    expect(first.headers.get('Content-Type')).toBe('text/plain; charset=utf-8')
    const again = cachedResource(new Request('http://x/f', { headers: { 'If-None-Match': first.headers.get('ETag')! } }), 'body', 'text/plain', 'v1')
    expect(again.status).toBe(304)
    expect(again.body).toBeNull()
    const changed = cachedResource(new Request('http://x/f', { headers: { 'If-None-Match': first.headers.get('ETag')! } }), 'body 2', 'text/plain', 'v1')
    expect(changed.status).toBe(200)
  })

  it('route headers pass the loader’s (or the 304’s) caching headers through', () => {
    const loaderHeaders = new Headers({ ETag: 'W/"1"', 'Cache-Control': 'public, max-age=300', 'X-Other': 'no' })
    const empty = new Headers()
    const call = (h: Partial<Parameters<typeof trustHeaders>[0]>) =>
      new Headers(trustHeaders({ loaderHeaders: empty, parentHeaders: empty, actionHeaders: empty, errorHeaders: undefined, ...h }))
    expect([...call({ loaderHeaders })]).toEqual([
      ['cache-control', 'public, max-age=300'],
      ['etag', 'W/"1"'],
    ])
    expect(call({ errorHeaders: loaderHeaders }).get('ETag')).toBe('W/"1"')
    expect(call({ parentHeaders: loaderHeaders }).get('ETag')).toBe('W/"1"')
    expect([...call({})]).toEqual([])
  })
})
