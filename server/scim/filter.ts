import { invalidFilter, invalidPath, type ScimError } from './errors'

/**
 * SCIM filters (RFC 7644 §3.4.2.2): parsing into a tree and evaluation against a SCIM JSON resource.
 * Also home of the attribute-path grammar shared with attributes.ts and patch.ts.
 */

export const maxFilterLength = 4096
/** Nesting limit for parentheses, `not ( )` and value filters `[ ]` together. */
export const maxFilterDepth = 32

export type CompareOp = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le'
export type CompValue = string | number | boolean | null

/** An attribute path as written (casing kept): `[urn:]attr[.sub]`. Inside a value filter `attr` is a sub-attribute. */
export interface AttrPath {
  urn?: string
  attr: string
  sub?: string
}

export type FilterNode =
  | { type: 'compare'; path: AttrPath; op: CompareOp; value: CompValue }
  | { type: 'present'; path: AttrPath }
  | { type: 'and'; filters: FilterNode[] }
  | { type: 'or'; filters: FilterNode[] }
  | { type: 'not'; filter: FilterNode }
  /** `emails[type eq "work"]`: some element of the multi-valued attribute matches `filter`. */
  | { type: 'valuePath'; path: AttrPath; filter: FilterNode }

/** A PATCH target (RFC 7644 §3.5.2): `attrPath` or `valuePath [subAttr]`. */
export interface PatchPath {
  path: AttrPath
  filter?: FilterNode
  sub?: string
}

/** Which attributes compare case-sensitively or as instants. Paths as in `pathKey`, any casing. */
export interface AttributeInfo {
  caseExact?: Iterable<string>
  dateTime?: Iterable<string>
}

// RFC 7643 §3.1: id, externalId and meta's resourceType/location/version are caseExact; userName,
// displayName, emails etc. are not (§4.1.1). meta.created / meta.lastModified are xsd:dateTime.
export const defaultAttributeInfo: AttributeInfo = {
  caseExact: ['id', 'externalId', 'meta.resourceType', 'meta.location', 'meta.version'],
  dateTime: ['meta.created', 'meta.lastModified'],
}

const compareOps = new Set<string>(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'])
const orderingOps = new Set<string>(['gt', 'ge', 'lt', 'le'])
const coreSchemaPrefix = 'urn:ietf:params:scim:schemas:core:'

/** Core schema URNs prefix top-level attributes; any other URN names an extension object in the resource. */
export const isCoreSchema = (urn: string) => urn.toLowerCase().startsWith(coreSchemaPrefix)

/** Lowercase lookup key: `name.givenname`, or `<extension urn>:manager.value`; core URNs are dropped. */
export function pathKey(path: AttrPath): string {
  const urn = path.urn && !isCoreSchema(path.urn) ? `${path.urn}:` : ''
  return `${urn}${path.attr}${path.sub ? `.${path.sub}` : ''}`.toLowerCase()
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** The key of `obj` named `name` regardless of case; an exact match wins. */
export function findKey(obj: Record<string, unknown>, name: string): string | undefined {
  if (Object.hasOwn(obj, name)) return name
  const lower = name.toLowerCase()
  return Object.keys(obj).find((key) => key.toLowerCase() === lower)
}

export function getAttr(obj: unknown, name: string): unknown {
  if (!isObject(obj)) return undefined
  const key = findKey(obj, name)
  return key === undefined ? undefined : obj[key]
}

const namePattern = /^[A-Za-z][\w-]*$/
const subNamePattern = /^(?:[A-Za-z][\w-]*|\$ref)$/
const urnPattern = /^urn:[A-Za-z0-9][A-Za-z0-9-]*(?::[\w.-]+)+$/i

/**
 * Parses `[urn:]attr[.sub]`; null when malformed. The URN ends at the last colon, so
 * `urn:...:2.0:User:name.givenName` keeps its dotted version. `relative` parses names inside `[ ]`,
 * which are sub-attributes (so `$ref` is allowed and URNs are not).
 */
export function toAttrPath(text: string, relative = false): AttrPath | null {
  let urn: string | undefined
  let rest = text
  if (/^urn:/i.test(text)) {
    if (relative) return null
    const colon = text.lastIndexOf(':')
    urn = text.slice(0, colon)
    rest = text.slice(colon + 1)
    if (!urnPattern.test(urn)) return null
  }
  const parts = rest.split('.')
  if (parts.length > 2) return null
  const [attr, sub] = parts as [string, string | undefined]
  if (!(relative ? subNamePattern : namePattern).test(attr)) return null
  if (sub !== undefined && (relative || !subNamePattern.test(sub))) return null
  const path: AttrPath = { attr }
  if (urn) path.urn = urn
  if (sub !== undefined) path.sub = sub
  return path
}

// ---------------------------------------------------------------------------------------------
// Lexer

type Token =
  | { kind: 'word'; text: string; pos: number }
  | { kind: 'string'; value: string; pos: number }
  | { kind: 'number'; value: number; pos: number }
  | { kind: '(' | ')' | '[' | ']' | 'end'; pos: number }
  /** `.name` right after `]`, only meaningful in PATCH paths. */
  | { kind: 'subAttr'; text: string; pos: number }

type Fail = (detail: string) => ScimError

const at = (pos: number) => `at position ${pos + 1}`
const wordStart = /[A-Za-z$]/
const wordChar = /[\w:.$-]/
const numberPattern = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
const escapes: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' }

function lex(text: string, fail: Fail): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < text.length) {
    const c = text[i]!
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++
    } else if (c === '(' || c === ')' || c === '[' || c === ']') {
      tokens.push({ kind: c, pos: i })
      i++
    } else if (c === '"') {
      const start = i
      let value = ''
      i++
      for (;;) {
        if (i >= text.length) throw fail(`Unterminated string starting ${at(start)}`)
        const ch = text[i]!
        if (ch === '"') break
        if (ch === '\\') {
          const e = text[i + 1]
          if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
            value += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16))
            i += 6
          } else if (e !== undefined && Object.hasOwn(escapes, e)) {
            value += escapes[e]
            i += 2
          } else {
            throw fail(`Invalid escape sequence in string ${at(i)}`)
          }
        } else if (ch.charCodeAt(0) < 0x20) {
          throw fail(`Control character in string ${at(i)}; escape it`)
        } else {
          value += ch
          i++
        }
      }
      tokens.push({ kind: 'string', value, pos: start })
      i++
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      numberPattern.lastIndex = i
      const m = numberPattern.exec(text)
      const end = m ? i + m[0].length : i
      const value = m ? Number(m[0]) : NaN
      if (!m || !Number.isFinite(value) || (end < text.length && wordChar.test(text[end]!))) {
        throw fail(`Invalid number ${at(i)}`)
      }
      tokens.push({ kind: 'number', value, pos: i })
      i = end
    } else if (wordStart.test(c)) {
      const start = i
      while (i < text.length && wordChar.test(text[i]!)) i++
      tokens.push({ kind: 'word', text: text.slice(start, i), pos: start })
    } else if (c === '.' && tokens.at(-1)?.kind === ']') {
      const start = i
      i++
      while (i < text.length && wordChar.test(text[i]!)) i++
      tokens.push({ kind: 'subAttr', text: text.slice(start + 1, i), pos: start })
    } else {
      const hint = c === "'" ? '; strings take double quotes' : ''
      throw fail(`Unexpected character "${c}" ${at(i)}${hint}`)
    }
  }
  tokens.push({ kind: 'end', pos: text.length })
  return tokens
}

// ---------------------------------------------------------------------------------------------
// Parser: or < and < not/( ) < attribute expression. and/or chains become one n-ary node.

const describeToken = (t: Token) => {
  switch (t.kind) {
    case 'word':
      return `"${t.text}"`
    case 'string':
      return 'a string'
    case 'number':
      return 'a number'
    case 'subAttr':
      return `".${t.text}"`
    case 'end':
      return 'the end'
    default:
      return `"${t.kind}"`
  }
}

class Parser {
  private i = 0

  constructor(
    private readonly tokens: Token[],
    private readonly fail: Fail,
  ) {}

  peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)]!
  }

  next(): Token {
    const t = this.peek()
    if (this.i < this.tokens.length - 1) this.i++
    return t
  }

  isWord(t: Token, word: string) {
    return t.kind === 'word' && t.text.toLowerCase() === word
  }

  expect(kind: Token['kind'], what: string) {
    const t = this.next()
    if (t.kind !== kind) throw this.fail(`Expected ${what} ${at(t.pos)}, found ${describeToken(t)}`)
    return t
  }

  /** Depth counts open parentheses and brackets; the top level is 0. */
  deeper(depth: number, t: Token) {
    if (depth + 1 > maxFilterDepth) throw this.fail(`Filter nests deeper than ${maxFilterDepth} levels ${at(t.pos)}`)
    return depth + 1
  }

  or(depth: number, relative: boolean): FilterNode {
    const filters = [this.and(depth, relative)]
    while (this.isWord(this.peek(), 'or')) {
      this.next()
      filters.push(this.and(depth, relative))
    }
    return filters.length === 1 ? filters[0]! : { type: 'or', filters }
  }

  and(depth: number, relative: boolean): FilterNode {
    const filters = [this.unary(depth, relative)]
    while (this.isWord(this.peek(), 'and')) {
      this.next()
      filters.push(this.unary(depth, relative))
    }
    return filters.length === 1 ? filters[0]! : { type: 'and', filters }
  }

  unary(depth: number, relative: boolean): FilterNode {
    const t = this.peek()
    if (this.isWord(t, 'not')) {
      const after = this.peek(1)
      if (after.kind === '(') {
        this.next()
        this.next()
        const filter = this.or(this.deeper(depth, t), relative)
        this.expect(')', '")"')
        return { type: 'not', filter }
      }
      // `not pr` would be an attribute called "not"; `not userName eq ...` is a missing parenthesis.
      if (after.kind === 'word' && !compareOps.has(after.text.toLowerCase()) && after.text.toLowerCase() !== 'pr') {
        throw this.fail(`Expected "(" after "not" ${at(after.pos)}`)
      }
    }
    if (t.kind === '(') {
      this.next()
      const filter = this.or(this.deeper(depth, t), relative)
      this.expect(')', '")"')
      return filter
    }
    return this.attrExp(depth, relative)
  }

  attrPath(relative: boolean): AttrPath {
    const t = this.next()
    if (t.kind !== 'word') throw this.fail(`Expected an attribute name ${at(t.pos)}, found ${describeToken(t)}`)
    const path = toAttrPath(t.text, relative)
    if (!path) {
      const why = relative ? '; only sub-attribute names are allowed inside "[ ]"' : ''
      throw this.fail(`Invalid attribute path "${t.text}" ${at(t.pos)}${why}`)
    }
    return path
  }

  valueFilter(depth: number, path: AttrPath, open: Token): FilterNode {
    if (path.sub) throw this.fail(`A value filter "[ ]" cannot follow the sub-attribute "${path.sub}" ${at(open.pos)}`)
    this.next()
    const filter = this.or(this.deeper(depth, open), true)
    this.expect(']', '"]"')
    return filter
  }

  attrExp(depth: number, relative: boolean): FilterNode {
    const path = this.attrPath(relative)
    const t = this.peek()
    if (t.kind === '[') {
      if (relative) throw this.fail(`Value filters cannot nest ${at(t.pos)}`)
      return { type: 'valuePath', path, filter: this.valueFilter(depth, path, t) }
    }
    this.next()
    if (t.kind !== 'word') throw this.fail(`Expected an operator ${at(t.pos)}, found ${describeToken(t)}`)
    const op = t.text.toLowerCase()
    if (op === 'pr') return { type: 'present', path }
    if (!compareOps.has(op)) {
      throw this.fail(`Unknown operator "${t.text}" ${at(t.pos)}; expected eq, ne, co, sw, ew, gt, ge, lt, le or pr`)
    }
    const v = this.next()
    let value: CompValue
    if (v.kind === 'string' || v.kind === 'number') value = v.value
    else if (this.isWord(v, 'true')) value = true
    else if (this.isWord(v, 'false')) value = false
    else if (this.isWord(v, 'null')) value = null
    else throw this.fail(`Expected a value after "${t.text}" ${at(v.pos)} (a "string", number, true, false or null)`)
    if (orderingOps.has(op) && (typeof value === 'boolean' || value === null)) {
      throw this.fail(`"${op}" cannot compare with ${String(value)} ${at(v.pos)}`)
    }
    if ((op === 'co' || op === 'sw' || op === 'ew') && typeof value !== 'string') {
      throw this.fail(`"${op}" takes a string ${at(v.pos)}`)
    }
    return { type: 'compare', path, op: op as CompareOp, value }
  }
}

function checkInput(text: unknown, what: string, fail: Fail): string {
  if (typeof text !== 'string') throw fail(`The ${what} must be a string`)
  if (text.length > maxFilterLength) throw fail(`The ${what} is longer than ${maxFilterLength} characters`)
  if (text.trim() === '') throw fail(`The ${what} is empty`)
  return text
}

/** Parses a `filter` query parameter; any problem throws ScimError invalidFilter (400) naming the position. */
export function parseFilter(text: string): FilterNode {
  const parser = new Parser(lex(checkInput(text, 'filter', invalidFilter), invalidFilter), invalidFilter)
  const node = parser.or(0, false)
  const rest = parser.peek()
  if (rest.kind !== 'end') {
    throw invalidFilter(`Expected "and", "or" or the end of the filter ${at(rest.pos)}, found ${describeToken(rest)}`)
  }
  return node
}

/** Parses a PATCH `path` (`attrPath` or `valuePath [subAttr]`); problems throw ScimError invalidPath (400). */
export function parsePatchPath(text: string): PatchPath {
  const parser = new Parser(lex(checkInput(text, 'path', invalidPath), invalidPath), invalidPath)
  const path = parser.attrPath(false)
  const result: PatchPath = { path }
  const open = parser.peek()
  if (open.kind === '[') {
    result.filter = parser.valueFilter(0, path, open)
    const sub = parser.peek()
    if (sub.kind === 'subAttr') {
      if (!subNamePattern.test(sub.text)) throw invalidPath(`Invalid sub-attribute ".${sub.text}" ${at(sub.pos)}`)
      result.sub = sub.text
      parser.next()
    }
  }
  const rest = parser.peek()
  if (rest.kind !== 'end') throw invalidPath(`Unexpected ${describeToken(rest)} ${at(rest.pos)} in path`)
  return result
}

/** `userName eq "x"` as `{ path: 'username', value: 'x' }` (path lowercased as `pathKey`), for indexed lookups. */
export function simpleEquality(node: FilterNode): { path: string; value: string } | null {
  if (node.type !== 'compare' || node.op !== 'eq' || typeof node.value !== 'string') return null
  return { path: pathKey(node.path), value: node.value }
}

// ---------------------------------------------------------------------------------------------
// Evaluation

interface Info {
  caseExact: Set<string>
  dateTime: Set<string>
}

const infoCache = new WeakMap<AttributeInfo, Info>()

function compile(info: AttributeInfo): Info {
  let compiled = infoCache.get(info)
  if (!compiled) {
    const lower = (paths?: Iterable<string>) => new Set([...(paths ?? [])].map((p) => p.toLowerCase()))
    compiled = { caseExact: lower(info.caseExact), dateTime: lower(info.dateTime) }
    infoCache.set(info, compiled)
  }
  return compiled
}

/** The object holding `path.attr`: the resource itself, or an extension's object for a non-core URN. */
function containerOf(resource: Record<string, unknown>, path: AttrPath): unknown {
  return path.urn && !isCoreSchema(path.urn) ? getAttr(resource, path.urn) : resource
}

/** Every value at `path`, multi-valued attributes flattened; unassigned (null, [], absent) gives none. */
function valuesAt(scope: Record<string, unknown>, path: AttrPath): unknown[] {
  const flat = (v: unknown): unknown[] => (Array.isArray(v) ? v.flatMap(flat) : v === undefined || v === null ? [] : [v])
  const top = flat(getAttr(containerOf(scope, path), path.attr))
  return path.sub === undefined ? top : top.flatMap((v) => flat(getAttr(v, path.sub!)))
}

/** RFC 7644 `pr`: a non-empty value, or a complex value with some non-empty sub-attribute. */
function isPresent(v: unknown): boolean {
  if (v === null || v === undefined || v === '') return false
  if (Array.isArray(v)) return v.some(isPresent)
  if (isObject(v)) return Object.values(v).some(isPresent)
  return true
}

const isoDateTime = /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:?\d{2})?)?$/

function instant(v: unknown): number | null {
  if (typeof v !== 'string' || !isoDateTime.test(v)) return null
  const t = Date.parse(v)
  return Number.isNaN(t) ? null : t
}

function displayPath(path: AttrPath, prefix: string) {
  return `${prefix}${path.urn && !isCoreSchema(path.urn) ? `${path.urn}:` : ''}${path.attr}${path.sub ? `.${path.sub}` : ''}`
}

function compare(node: Extract<FilterNode, { type: 'compare' }>, scope: Record<string, unknown>, prefix: string, info: Info) {
  const { op, value: operand } = node
  const key = prefix + pathKey(node.path)
  // Comparing a complex value compares its "value" sub-attribute (`emails co "@example.com"`).
  const values = valuesAt(scope, node.path).flatMap((v) => {
    if (!isObject(v)) return [{ v, key }]
    const inner = getAttr(v, 'value')
    return inner === undefined || inner === null ? [] : [{ v: inner, key: `${key}.value` }]
  })

  // Unassigned equals null and differs from everything else.
  if (operand === null) return op === 'eq' ? values.length === 0 : values.length > 0
  if (op === 'ne' && values.length === 0) return true

  let operandTime: number | null = null
  if (orderingOps.has(op) && (info.dateTime.has(key) || info.dateTime.has(`${key}.value`))) {
    operandTime = instant(operand)
    if (operandTime === null) throw invalidFilter(`"${String(operand)}" is not a dateTime for ${displayPath(node.path, prefix)}`)
  }

  return values.some(({ v, key: k }) => {
    if (typeof v === 'boolean' && orderingOps.has(op)) {
      throw invalidFilter(`"${op}" cannot compare the boolean attribute ${displayPath(node.path, prefix)}`)
    }
    const exact = info.caseExact.has(k)
    const isDate = info.dateTime.has(k)
    if (op === 'eq' || op === 'ne') return equal(v, operand, exact, isDate) === (op === 'eq')
    if (typeof v === 'string' && typeof operand === 'string') {
      const a = exact ? v : v.toLowerCase()
      const b = exact ? operand : operand.toLowerCase()
      if (op === 'co') return a.includes(b)
      if (op === 'sw') return a.startsWith(b)
      if (op === 'ew') return a.endsWith(b)
      if (isDate) {
        const t = instant(v)
        return t !== null && ordered(t, operandTime!, op)
      }
      return ordered(a, b, op)
    }
    if (typeof v === 'number' && typeof operand === 'number' && orderingOps.has(op)) return ordered(v, operand, op)
    return false
  })
}

function equal(v: unknown, operand: CompValue, exact: boolean, isDate: boolean): boolean {
  if (typeof v === 'string' && typeof operand === 'string') {
    if (isDate) {
      const a = instant(v)
      const b = instant(operand)
      if (a !== null && b !== null) return a === b
    }
    return exact ? v === operand : v.toLowerCase() === operand.toLowerCase()
  }
  return v === operand
}

function ordered<T extends number | string>(a: T, b: T, op: CompareOp) {
  if (op === 'gt') return a > b
  if (op === 'ge') return a >= b
  if (op === 'lt') return a < b
  return a <= b
}

function evaluate(node: FilterNode, scope: Record<string, unknown>, prefix: string, info: Info): boolean {
  switch (node.type) {
    case 'and':
      return node.filters.every((f) => evaluate(f, scope, prefix, info))
    case 'or':
      return node.filters.some((f) => evaluate(f, scope, prefix, info))
    case 'not':
      return !evaluate(node.filter, scope, prefix, info)
    case 'present':
      return valuesAt(scope, node.path).some(isPresent)
    case 'compare':
      return compare(node, scope, prefix, info)
    case 'valuePath': {
      const inner = `${prefix}${pathKey(node.path)}.`
      return valuesAt(scope, node.path).some((el) => isObject(el) && evaluate(node.filter, el, inner, info))
    }
  }
}

/**
 * Whether `resource` matches. Attribute names match case-insensitively; strings compare case-insensitively
 * unless caseExact; a multi-valued attribute matches when any value does (`ne` included). Ordering a
 * boolean, or a dateTime attribute against a non-dateTime, throws invalidFilter.
 */
export function matchesFilter(node: FilterNode, resource: Record<string, unknown>, schema: AttributeInfo = defaultAttributeInfo) {
  return evaluate(node, resource, '', compile(schema))
}

/** Whether `element` (one value of a multi-valued attribute at `parentKey`) matches a value filter. */
export function matchesElement(node: FilterNode, element: Record<string, unknown>, parentKey: string, schema: AttributeInfo) {
  return evaluate(node, element, `${parentKey.toLowerCase()}.`, compile(schema))
}
