import { invalidPath, invalidSyntax, invalidValue, mutability, noTarget } from './errors'
import {
  type AttributeInfo,
  defaultAttributeInfo,
  type FilterNode,
  findKey,
  getAttr,
  isCoreSchema,
  isObject,
  matchesElement,
  parsePatchPath,
  pathKey,
} from './filter'

/**
 * SCIM PATCH (RFC 7644 §3.5.2) on a plain SCIM JSON resource, with no schema beyond the options below.
 * The result is a new object; the input is never modified, and a failing operation fails the whole request.
 * The caller validates the result against its schema (required attributes, types, uniqueness).
 */

type Json = Record<string, unknown>

export const patchOpSchema = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'
export const enterpriseUserSchema = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'
export const maxPatchOperations = 1000

/** Attribute paths as `pathKey` spells them, any casing: `active`, `emails.primary`, `<urn>:manager`. */
export interface PatchOptions {
  /** Refused with mutability; a path covers its sub-attributes. `schemas` is always refused (it is maintained here). */
  readOnly?: Iterable<string>
  /** Booleans that also accept the strings "True"/"False" in any case (Entra ID sends them). */
  booleans?: Iterable<string>
  /** Multi-valued attributes: add appends, replace swaps the whole list. An array value is multi-valued anyway. */
  multiValued?: Iterable<string>
  /** Extension schema URNs, so that a key or path naming the URN alone addresses the whole extension object. */
  extensions?: Iterable<string>
  /** Complex `{ value }` references that may arrive as a bare id string (Entra's manager); "" clears them. */
  references?: Iterable<string>
  /** caseExact / dateTime information for value filters such as `emails[type eq "work"]`. */
  attributeInfo?: AttributeInfo
}

type Op = 'add' | 'replace' | 'remove'

export interface PatchOperation {
  op: Op
  path?: string
  value?: unknown
}

const withPrimary = ['emails', 'phoneNumbers', 'ims', 'photos', 'addresses', 'entitlements', 'roles', 'x509Certificates']

// RFC 7643 §3.1 (id, meta) and §4.1.2 (a User's groups change through the Group resource).
export const defaultPatchOptions = {
  readOnly: ['id', 'meta', 'groups'],
  booleans: ['active', ...withPrimary.map((a) => `${a}.primary`)],
  multiValued: [...withPrimary, 'groups', 'members'],
  extensions: [enterpriseUserSchema],
  references: [`${enterpriseUserSchema}:manager`],
} satisfies PatchOptions

interface Context {
  readOnly: Set<string>
  booleans: Set<string>
  multiValued: Set<string>
  /** lowercase URN -> URN as declared, for naming a newly created extension object */
  extensions: Map<string, string>
  references: Set<string>
  info: AttributeInfo
  /** extension objects touched by this request, dropped (with their `schemas` entry) when left empty */
  touched: Set<string>
}

/** What an operation addresses: `attr` in the resource or in an extension object, maybe narrowed by a filter. */
interface Target {
  text: string
  extension?: string
  attr: string
  filter?: FilterNode
  sub?: string
  /** lowercase `pathKey` of `attr` (without `sub`) */
  key: string
}

const lowerSet = (paths: Iterable<string>) => new Set([...paths].map((p) => p.toLowerCase()))

function contextOf(options: PatchOptions): Context {
  const extensions = [...(options.extensions ?? defaultPatchOptions.extensions)]
  return {
    readOnly: lowerSet(options.readOnly ?? defaultPatchOptions.readOnly),
    booleans: lowerSet(options.booleans ?? defaultPatchOptions.booleans),
    multiValued: lowerSet(options.multiValued ?? defaultPatchOptions.multiValued),
    extensions: new Map(extensions.map((u) => [u.toLowerCase(), u])),
    references: lowerSet(options.references ?? defaultPatchOptions.references),
    info: options.attributeInfo ?? defaultAttributeInfo,
    touched: new Set(),
  }
}

/** Validates the PatchOp message; problems are invalidSyntax, a bad op value invalidValue. */
function operationsOf(request: unknown): PatchOperation[] {
  if (!isObject(request)) throw invalidSyntax('The PATCH body must be a JSON object')
  const schemas = getAttr(request, 'schemas')
  if (!Array.isArray(schemas) || !schemas.some((s) => typeof s === 'string' && s.toLowerCase() === patchOpSchema.toLowerCase())) {
    throw invalidSyntax(`"schemas" must contain "${patchOpSchema}"`)
  }
  const operations = getAttr(request, 'Operations')
  if (!Array.isArray(operations) || operations.length === 0) throw invalidSyntax('"Operations" must be a non-empty array')
  if (operations.length > maxPatchOperations) throw invalidSyntax(`At most ${maxPatchOperations} operations per request`)
  return operations.map((raw, i) => {
    if (!isObject(raw)) throw invalidSyntax(`Operation ${i + 1} must be an object`)
    const op = getAttr(raw, 'op')
    const kind = typeof op === 'string' ? op.toLowerCase() : ''
    if (kind !== 'add' && kind !== 'replace' && kind !== 'remove') {
      throw invalidSyntax(`Operation ${i + 1}: "op" must be add, replace or remove`)
    }
    const path = getAttr(raw, 'path')
    if (path !== undefined && path !== null && typeof path !== 'string') {
      throw invalidPath(`Operation ${i + 1}: "path" must be a string`)
    }
    const value = getAttr(raw, 'value')
    if (kind !== 'remove' && value === undefined) throw invalidValue(`Operation ${i + 1}: "${kind}" needs a "value"`)
    const operation: PatchOperation = { op: kind, value }
    if (typeof path === 'string') operation.path = path
    return operation
  })
}

// ---------------------------------------------------------------------------------------------
// Helpers on plain JSON

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]))
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a)
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]))
  }
  return false
}

/** Sets `name` on `obj`, keeping the casing of an existing key; null (unassigned, RFC 7643 §2.5) deletes. */
function put(obj: Json, name: string, value: unknown) {
  const key = findKey(obj, name)
  if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) {
    if (key !== undefined) delete obj[key]
  } else {
    obj[key ?? name] = value
  }
}

function del(obj: Json, name: string) {
  const key = findKey(obj, name)
  if (key !== undefined) delete obj[key]
}

const isUnassigned = (v: unknown) => v === undefined || v === null || (Array.isArray(v) && v.length === 0)

// ---------------------------------------------------------------------------------------------
// Targets

function extensionUrn(text: string, doc: Json, ctx: Context): string | undefined {
  const lower = text.trim().toLowerCase()
  if (!lower.startsWith('urn:') || isCoreSchema(lower)) return undefined
  const declared = ctx.extensions.get(lower)
  if (declared) return findKey(doc, declared) ?? declared
  const key = findKey(doc, text.trim())
  return key !== undefined && isObject(doc[key]) ? key : undefined
}

function targetOf(text: string, doc: Json, ctx: Context): Target {
  const whole = extensionUrn(text, doc, ctx)
  if (whole) return { text, attr: whole, key: whole.toLowerCase() }
  const { path, filter, sub } = parsePatchPath(text)
  const extension = path.urn && !isCoreSchema(path.urn) ? path.urn : undefined
  const target: Target = { text, attr: path.attr, key: pathKey({ urn: extension, attr: path.attr }) }
  if (extension) target.extension = extension
  if (filter) target.filter = filter
  if (sub ?? path.sub) target.sub = sub ?? path.sub
  return target
}

const isWholeExtension = (t: Target) => !t.extension && !t.filter && !t.sub && t.key.startsWith('urn:')

function isReadOnly(key: string, ctx: Context) {
  if (key === 'schemas' || key.startsWith('schemas.')) return true
  for (const r of ctx.readOnly) if (key === r || key.startsWith(`${r}.`) || key.startsWith(`${r}:`)) return true
  return false
}

/** Refuses writes to read-only attributes, including read-only sub-attributes inside a complex value. */
function assertWritable(target: Target, value: unknown, ctx: Context) {
  const key = target.sub ? `${target.key}.${target.sub.toLowerCase()}` : target.key
  if (isReadOnly(key, ctx)) throw mutability(`"${target.text}" is read-only`)
  if (target.sub) return
  for (const el of Array.isArray(value) ? value : [value]) {
    if (!isObject(el)) continue
    for (const sub of Object.keys(el)) {
      if (isReadOnly(`${key}.${sub.toLowerCase()}`, ctx)) throw mutability(`"${target.text}.${sub}" is read-only`)
    }
  }
}

/** The object holding the target attribute; an extension object is created (and listed in `schemas`) on demand. */
function containerOf(doc: Json, target: Target, ctx: Context, create: boolean): Json | undefined {
  if (!target.extension) return doc
  const key = findKey(doc, target.extension)
  const existing = key === undefined ? undefined : doc[key]
  if (isObject(existing)) {
    ctx.touched.add(key!)
    return existing
  }
  if (!isUnassigned(existing)) throw invalidPath(`"${target.extension}" is not an extension object`)
  if (!create) return undefined
  const name = ctx.extensions.get(target.extension.toLowerCase()) ?? target.extension
  const created: Json = {}
  doc[key ?? name] = created
  ctx.touched.add(key ?? name)
  const schemas = getAttr(doc, 'schemas')
  const listed = (s: unknown) => typeof s === 'string' && s.toLowerCase() === name.toLowerCase()
  if (Array.isArray(schemas) && !schemas.some(listed)) schemas.push(name)
  return created
}

/** Entra quirks: "True"/"False" for booleans, a bare id (or "") for a `{ value }` reference. */
function coerce(key: string, value: unknown, ctx: Context): unknown {
  if (typeof value === 'string') {
    if (ctx.booleans.has(key) && /^(?:true|false)$/i.test(value)) return value.toLowerCase() === 'true'
    if (ctx.references.has(key)) return value === '' ? null : { value }
    return value
  }
  if (Array.isArray(value)) return value.map((v) => coerce(key, v, ctx))
  if (isObject(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => {
        // JSON.parse makes "__proto__" an own key; assigning it later would swap an object's prototype.
        if (k === '__proto__') throw invalidValue('"__proto__" is not an attribute name')
        return [k, coerce(`${key}.${k.toLowerCase()}`, v, ctx)]
      }),
    )
  }
  return value
}

// ---------------------------------------------------------------------------------------------
// Multi-valued attributes

const typeOf = (v: Json) => {
  const t = getAttr(v, 'type')
  return typeof t === 'string' ? t.toLowerCase() : t
}

/** Same value: equal JSON, or complex values with the same `value` and `type` (an add then updates the existing one). */
function sameElement(a: unknown, b: unknown) {
  if (deepEqual(a, b)) return true
  if (!isObject(a) || !isObject(b)) return false
  const va = getAttr(a, 'value')
  return va !== undefined && va !== null && deepEqual(va, getAttr(b, 'value')) && typeOf(a) === typeOf(b)
}

/** RFC 7644 §3.5.2: setting primary on one value clears it on the others. */
function keepOnePrimary(list: unknown[], written: unknown[]) {
  const winner = written.findLast((el) => isObject(el) && getAttr(el, 'primary') === true)
  if (!winner) return
  for (const el of list) if (el !== winner && isObject(el) && getAttr(el, 'primary') === true) put(el, 'primary', false)
}

function mergeInto(target: Json, value: Json) {
  for (const [k, v] of Object.entries(value)) put(target, k, structuredClone(v))
}

function elementsMatching(list: unknown[], target: Target, ctx: Context) {
  return list.filter((el): el is Json => isObject(el) && matchesElement(target.filter!, el, target.key, ctx.info))
}

/** For an add that matches nothing: `emails[type eq "work"].value` seeds `{ type: 'work', value }` (what Entra expects). */
function seedFromFilter(filter: FilterNode): Json | null {
  const parts = filter.type === 'and' ? filter.filters : [filter]
  const seed: Json = {}
  for (const part of parts) {
    if (part.type !== 'compare' || part.op !== 'eq' || part.value === null) return null
    seed[part.path.attr] = part.value
  }
  return seed
}

// ---------------------------------------------------------------------------------------------
// Operations

function applyFiltered(op: Op, container: Json | undefined, target: Target, value: unknown, ctx: Context) {
  const current = container ? getAttr(container, target.attr) : undefined
  if (!isUnassigned(current) && !Array.isArray(current)) {
    throw invalidPath(`"${target.attr}" is not multi-valued; "${target.text}" cannot filter it`)
  }
  const list = (current ?? []) as unknown[]
  const matched = elementsMatching(list, target, ctx)
  if (!target.sub && op !== 'remove' && !isObject(value)) throw invalidValue(`"${target.text}" takes an object value`)

  if (matched.length === 0) {
    const seed = op === 'add' ? seedFromFilter(target.filter!) : null
    if (!seed) throw noTarget(`"${target.text}" matches no value`)
    const element = target.sub ? { ...seed, [target.sub]: value } : { ...seed, ...(value as Json) }
    const next = [...list, element]
    keepOnePrimary(next, [element])
    put(container!, target.attr, next) // an add always has a container (created on demand)
    return
  }

  if (op === 'remove') {
    const next = target.sub
      ? list.map((el) => {
          if (!matched.includes(el as Json)) return el
          del(el as Json, target.sub!)
          return el
        })
      : list.filter((el) => !matched.includes(el as Json))
    put(container!, target.attr, next.filter((el) => !(isObject(el) && Object.keys(el).length === 0)))
    return
  }

  let next: unknown[]
  let written: unknown[]
  if (target.sub) {
    for (const el of matched) put(el, target.sub, structuredClone(value))
    next = list
    written = matched
  } else if (op === 'add') {
    // add on a complex value sets the given sub-attributes and keeps the rest.
    for (const el of matched) mergeInto(el, value as Json)
    next = list
    written = matched
  } else {
    const replacement = () => structuredClone(value) as Json
    written = []
    next = list.map((el) => {
      if (!matched.includes(el as Json)) return el
      const fresh = replacement()
      written.push(fresh)
      return fresh
    })
  }
  keepOnePrimary(next, written)
  put(container!, target.attr, next)
}

function applyOne(op: Op, doc: Json, target: Target, rawValue: unknown, ctx: Context) {
  if (isWholeExtension(target)) {
    if (isReadOnly(target.key, ctx)) throw mutability(`"${target.text}" is read-only`)
    if (op === 'remove') {
      removeExtension(doc, target.attr)
      return
    }
    if (!isObject(rawValue)) throw invalidValue(`"${target.text}" takes an object of extension attributes`)
    for (const [k, v] of Object.entries(rawValue)) applyOne(op, doc, targetOf(`${target.attr}:${k}`, doc, ctx), v, ctx)
    return
  }

  const valueKey = target.sub ? `${target.key}.${target.sub.toLowerCase()}` : target.key
  const value = op === 'remove' ? rawValue : coerce(valueKey, rawValue, ctx)
  assertWritable(target, value, ctx)

  const container = containerOf(doc, target, ctx, op !== 'remove')
  if (target.filter) {
    applyFiltered(op, container, target, value, ctx)
    return
  }
  if (!container) return // remove from an extension that is not there
  const current = getAttr(container, target.attr)
  const multi = ctx.multiValued.has(target.key) || Array.isArray(current)

  if (target.sub) {
    if (multi) {
      const example = `${target.attr}[type eq "work"].${target.sub}`
      throw invalidPath(`"${target.text}": select values of "${target.attr}" with a filter, e.g. ${example}`)
    }
    if (!isUnassigned(current) && !isObject(current)) throw invalidPath(`"${target.attr}" has no sub-attributes`)
    const complex = (isObject(current) ? current : {}) as Json
    if (op === 'remove') del(complex, target.sub)
    else put(complex, target.sub, value)
    put(container, target.attr, Object.keys(complex).length ? complex : null)
    return
  }

  if (op === 'remove') {
    if (multi && !isUnassigned(value) && Array.isArray(current)) {
      // Entra: {"op":"Remove","path":"members","value":[{"value":"id1"}]} removes just those values.
      const doomed = Array.isArray(value) ? value : [value]
      put(container, target.attr, current.filter((el) => !doomed.some((d) => sameValue(el, d))))
    } else {
      del(container, target.attr)
    }
    return
  }

  if (multi) {
    const incoming = (Array.isArray(value) ? value : [value]).filter((v) => !isUnassigned(v))
    if (op === 'replace' || !Array.isArray(current)) {
      keepOnePrimary(incoming, incoming)
      put(container, target.attr, incoming)
      return
    }
    const next = [...current]
    for (const v of incoming) {
      const existing = next.find((el) => sameElement(el, v))
      if (existing === undefined) next.push(v)
      else if (isObject(existing) && isObject(v)) mergeInto(existing, v)
    }
    keepOnePrimary(next, incoming.map((v) => next.find((el) => el === v || sameElement(el, v))))
    put(container, target.attr, next)
    return
  }

  // A complex value takes the given sub-attributes and keeps the others (add and replace alike);
  // a reference is swapped whole, so a new manager does not keep the old one's displayName.
  if (isObject(current) && isObject(value) && !ctx.references.has(target.key)) {
    mergeInto(current, value)
    put(container, target.attr, Object.keys(current).length ? current : null)
  } else {
    put(container, target.attr, value)
  }
}

/** A removal value names an element by its `value` when it has one, otherwise by equal JSON. */
function sameValue(element: unknown, doomed: unknown) {
  if (isObject(doomed)) {
    const v = getAttr(doomed, 'value')
    if (v !== undefined) return isObject(element) ? deepEqual(getAttr(element, 'value'), v) : deepEqual(element, v)
  }
  return deepEqual(element, doomed)
}

function removeExtension(doc: Json, urn: string) {
  del(doc, urn)
  const schemas = getAttr(doc, 'schemas')
  if (Array.isArray(schemas)) {
    put(
      doc,
      'schemas',
      schemas.filter((s) => !(typeof s === 'string' && s.toLowerCase() === urn.toLowerCase())),
    )
  }
}

function currentValue(doc: Json, target: Target) {
  const container = target.extension ? getAttr(doc, target.extension) : doc
  const value = getAttr(container, target.attr)
  return target.sub ? getAttr(value, target.sub) : value
}

/** No path: each key of the object value is an attribute, a path (`name.givenName`), or an extension URN. */
function applyWithoutPath(op: 'add' | 'replace', doc: Json, value: unknown, ctx: Context) {
  if (!isObject(value)) throw invalidValue(`"${op}" without a path takes an object of attributes`)
  for (const [key, v] of Object.entries(value)) {
    if (key.toLowerCase() === 'schemas') continue // maintained here from the attributes present
    const target = targetOf(key, doc, ctx)
    // Clients that echo the resource (Okta sends id with a group rename) may repeat read-only values unchanged.
    if (!target.filter && isReadOnly(target.key, ctx) && deepEqual(currentValue(doc, target), v)) continue
    applyOne(op, doc, target, v, ctx)
  }
}

/**
 * Applies a PatchOp request. Errors (ScimError): invalidSyntax for a malformed message, invalidPath for a
 * malformed or unusable path, invalidValue for a value of the wrong shape, noTarget for a remove without path
 * or a value filter that matches nothing (except an add, which creates the value), mutability for read-only
 * attributes.
 */
export function applyPatch(resource: Json, request: unknown, options: PatchOptions = {}): Json {
  const operations = operationsOf(request)
  const ctx = contextOf(options)
  const doc = structuredClone(resource)
  for (const operation of operations) {
    const { op, path, value } = operation
    if (path === undefined) {
      if (op === 'remove') throw noTarget('"remove" needs a "path"')
      applyWithoutPath(op, doc, value, ctx)
    } else {
      applyOne(op, doc, targetOf(path, doc, ctx), value, ctx)
    }
  }
  for (const key of ctx.touched) {
    const ext = doc[key]
    if (isObject(ext) && Object.keys(ext).length === 0) removeExtension(doc, key)
  }
  return doc
}
