import { trustCacheControl } from './http'
import crypto from 'node:crypto'
import fs from 'node:fs'
import { fileURLToPath } from 'node:url'

/**
 * ETags for trust-center responses. A tag is a hash of the content version a
 * response renders (the content objects, markdown sources and request inputs
 * such as the search query) plus a fingerprint of the deployed code, so a new
 * release with changed markup or styles never matches an old tag. The tag is
 * weak (W/): it promises the same content, not byte-identical markup.
 */
let codeFingerprint: string | undefined

function fingerprintOfCode(): string {
  if (codeFingerprint === undefined) {
    try {
      // In production this module is part of the compiled server bundle, which
      // changes whenever any route, component or stylesheet reference changes.
      const bundle = fs.readFileSync(fileURLToPath(import.meta.url))
      codeFingerprint = crypto.createHash('sha256').update(bundle).digest('base64url').slice(0, 16)
    } catch {
      codeFingerprint = 'unbundled'
    }
  }
  return codeFingerprint
}

const objectHashes = new WeakMap<object, string>()

function hashOf(part: unknown): string {
  if (typeof part !== 'object' || part === null) return `${typeof part}:${String(part)}`
  let hash = objectHashes.get(part)
  if (hash === undefined) {
    hash = crypto.createHash('sha256').update(JSON.stringify(part)).digest('base64url')
    objectHashes.set(part, hash)
  }
  return hash
}

/**
 * The ETag for content made of `parts`. Content modules are immutable at run
 * time, so the hash of each object is computed once and remembered.
 */
export function etagFor(...parts: unknown[]): string {
  const hash = crypto.createHash('sha256').update(fingerprintOfCode())
  for (const part of parts) hash.update('\u0000').update(hashOf(part))
  return `W/"${hash.digest('base64url').slice(0, 27)}"`
}

/** RFC 9110 §13.1.2: If-None-Match uses weak comparison; `*` matches any current representation. */
export function ifNoneMatchMatches(header: string | null, etag: string): boolean {
  if (!header) return false
  if (header.trim() === '*') return true
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '')
  const wanted = opaque(etag)
  return header.split(',').some((tag) => opaque(tag) === wanted)
}

export function cacheHeaders(etag: string): Headers {
  return new Headers({ ETag: etag, 'Cache-Control': trustCacheControl })
}

/**
 * For page loaders: returns the caching headers for the response, or throws
 * an empty 304 when the client already holds this version. Remix answers a
 * 304 from a document loader without rendering anything.
 */
export function revalidate(request: Request, etag: string): Headers {
  const headers = cacheHeaders(etag)
  if (ifNoneMatchMatches(request.headers.get('If-None-Match'), etag)) {
    throw new Response(null, { status: 304, headers })
  }
  return headers
}

/** For resource routes (feeds, security.txt): the body with caching headers, or 304. */
export function cachedResource(request: Request, body: string, contentType: string, ...version: unknown[]): Response {
  const headers = cacheHeaders(etagFor(...version, body))
  if (ifNoneMatchMatches(request.headers.get('If-None-Match'), headers.get('ETag')!)) {
    return new Response(null, { status: 304, headers })
  }
  headers.set('Content-Type', contentType)
  return new Response(body, { status: 200, headers })
}
