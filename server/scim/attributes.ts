import { invalidPath } from './errors'
import { isCoreSchema, isObject, toAttrPath } from './filter'

/**
 * The `attributes` / `excludedAttributes` parameters (RFC 7644 §3.4.2.5, §3.9) applied to one SCIM JSON
 * resource. Paths are comma-separated, case-insensitive, optionally URN-prefixed (`urn:...:User:department`,
 * or a whole extension by its URN) and may name sub-attributes (`name.givenName`, `emails.value`).
 */

type Json = Record<string, unknown>

export interface ProjectionParams {
  attributes?: string | null
  excludedAttributes?: string | null
}

export interface ProjectionOptions {
  /** Top-level attributes with returned "always" (RFC 7643 §7); default `id`. `schemas` is always kept. */
  alwaysReturned?: Iterable<string>
}

/** A selection: the whole value (true) or some of its sub-attributes, keyed by lowercase name. */
type Selection = true | Map<string, Selection>

function splitList(list: string | null | undefined): string[] {
  return (list ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
}

/** Lowercase segments of one listed path: `[attr, sub?]`, or `[extensionUrn, attr?, sub?]`. */
function segmentsOf(text: string, param: string, extensionKeys: Set<string>): string[] {
  const lower = text.toLowerCase()
  if (extensionKeys.has(lower)) return [lower]
  const path = toAttrPath(text)
  if (!path) throw invalidPath(`Invalid attribute path "${text}" in ${param}`)
  const segments = path.urn && !isCoreSchema(path.urn) ? [path.urn, path.attr] : [path.attr]
  if (path.sub) segments.push(path.sub)
  return segments.map((s) => s.toLowerCase())
}

function selectionOf(list: string[], param: string, resource: Json): Map<string, Selection> {
  const extensionKeys = new Set(Object.keys(resource).filter((k) => /^urn:/i.test(k)).map((k) => k.toLowerCase()))
  const root = new Map<string, Selection>()
  for (const text of list) {
    const segments = segmentsOf(text, param, extensionKeys)
    let node = root
    segments.forEach((segment, i) => {
      const current = node.get(segment)
      if (current === true) return
      if (i === segments.length - 1) {
        node.set(segment, true)
      } else {
        const child = current ?? new Map<string, Selection>()
        node.set(segment, child)
        node = child
      }
    })
  }
  return root
}

const isEmpty = (v: unknown) =>
  v === undefined || (Array.isArray(v) && v.length === 0) || (isObject(v) && Object.keys(v).length === 0)

/** Applies `fn` to a complex value or to each complex element of a multi-valued one; drops what ends empty. */
function within(value: unknown, fn: (obj: Json) => Json, keepScalars: boolean): unknown {
  if (Array.isArray(value)) {
    const out = value.map((el) => (isObject(el) ? fn(el) : keepScalars ? el : undefined)).filter((el) => !isEmpty(el))
    return out.length ? out : undefined
  }
  if (isObject(value)) {
    const out = fn(value)
    return isEmpty(out) ? undefined : out
  }
  return keepScalars ? value : undefined
}

function keep(obj: Json, selection: Map<string, Selection>): Json {
  const out: Json = {}
  for (const [key, value] of Object.entries(obj)) {
    const s = selection.get(key.toLowerCase())
    if (s === true) out[key] = value
    else if (s) {
      const kept = within(value, (o) => keep(o, s), false)
      if (kept !== undefined) out[key] = kept
    }
  }
  return out
}

function drop(obj: Json, selection: Map<string, Selection>, protectedKeys?: Set<string>): Json {
  const out: Json = {}
  for (const [key, value] of Object.entries(obj)) {
    const lower = key.toLowerCase()
    const s = protectedKeys?.has(lower) ? undefined : selection.get(lower)
    if (s === undefined) out[key] = value
    else if (s !== true) {
      const rest = within(value, (o) => drop(o, s), true)
      if (rest !== undefined) out[key] = rest
    }
  }
  return out
}

/**
 * A new resource narrowed by `attributes` (only those, plus always-returned `id` and `schemas`), then with
 * `excludedAttributes` removed (never `id` or `schemas`). Key casing of the resource is kept; the input is not
 * modified. `schemas` is left as is even when an extension's attributes are all filtered out.
 * Throws ScimError invalidPath for a malformed path.
 */
export function projectAttributes(
  resource: Json,
  params: ProjectionParams,
  options: ProjectionOptions = {},
): Json {
  const always = new Set([...(options.alwaysReturned ?? ['id']), 'schemas'].map((a) => a.toLowerCase()))
  let out = resource
  const attributes = splitList(params.attributes)
  if (attributes.length) {
    const selection = selectionOf(attributes, 'attributes', resource)
    for (const key of always) selection.set(key, true)
    out = keep(out, selection)
  }
  const excluded = splitList(params.excludedAttributes)
  if (excluded.length) out = drop(out, selectionOf(excluded, 'excludedAttributes', resource), always)
  return out === resource ? { ...resource } : out
}
