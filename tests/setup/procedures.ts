import type { AnyProcedure } from '@trpc/server'
import type { ZodTypeAny } from 'zod'
import { appRouter } from '../../server/trpc/router'
import type { ProcedureMeta } from '../../server/trpc/init'
import { noticeHash, noticeTemplate } from '../../server/services/consent/notices'

/**
 * Every procedure of the router, found by walking it: a procedure added to
 * the router is covered by the tests that use this list without editing them.
 */
export type ProcedureInfo = {
  path: string
  type: 'query' | 'mutation' | 'subscription'
  meta: ProcedureMeta
  inputs: ZodTypeAny[]
}

export function listProcedures(): ProcedureInfo[] {
  const procedures = appRouter._def.procedures as unknown as Record<string, AnyProcedure>
  return Object.entries(procedures)
    .map(([path, procedure]) => {
      const def = procedure._def as unknown as { type: ProcedureInfo['type']; meta?: ProcedureMeta; inputs: ZodTypeAny[] }
      return { path, type: def.type, meta: def.meta ?? {}, inputs: def.inputs }
    })
    .sort((a, b) => a.path.localeCompare(b.path))
}

/** Calls `path` on a caller: caller.a.b(input). */
export function callByPath(caller: unknown, path: string, input: unknown): Promise<unknown> {
  const fn = path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller)
  return (fn as (input: unknown) => Promise<unknown>)(input)
}

export class MissingFixtureError extends Error {}

const fixedStrings: Record<string, string> = {
  currency: 'EUR',
  phone: '+44 20 7946 0000',
  token: 'not-a-real-invitation-token-0000000000000',
  country: 'DE',
  candidateCountry: 'TR',
  /** The consent notice version a sample input answers: the English notice, for a candidate outside Türkiye. */
  version: noticeHash(noticeTemplate('gdpr', 'en')),
}

/**
 * A valid input for a procedure, built from its zod schemas. Fields named
 * `…Id` take the ids in `ids` (say, another organization's records); a new
 * id field without a fixture fails loudly so the tests cannot skip it.
 */
export function sampleInput(inputs: ZodTypeAny[], ids: Record<string, string>): unknown {
  if (inputs.length === 0) return undefined
  const parts = inputs.map((schema) => sample(schema, '', ids))
  return parts.length === 1 ? parts[0] : Object.assign({}, ...(parts as object[]))
}

export function idFieldsOf(inputs: ZodTypeAny[]): string[] {
  const fields: string[] = []
  const walk = (schema: ZodTypeAny, key: string) => {
    const def = schema._def as Record<string, unknown> & { typeName: string }
    if (def.typeName === 'ZodObject') {
      for (const [k, s] of Object.entries((schema as unknown as { shape: Record<string, ZodTypeAny> }).shape)) walk(s, k)
    } else if (['ZodOptional', 'ZodNullable', 'ZodDefault'].includes(def.typeName)) walk(def.innerType as ZodTypeAny, key)
    else if (def.typeName === 'ZodEffects') walk(def.schema as ZodTypeAny, key)
    else if (/Id$/.test(key)) fields.push(key)
  }
  inputs.forEach((s) => walk(s, ''))
  return fields
}

function sample(schema: ZodTypeAny, key: string, ids: Record<string, string>): unknown {
  const def = schema._def as Record<string, unknown> & { typeName: string }
  switch (def.typeName) {
    case 'ZodObject': {
      const shape = (schema as unknown as { shape: Record<string, ZodTypeAny> }).shape
      return Object.fromEntries(Object.entries(shape).map(([k, s]) => [k, sample(s, k, ids)]))
    }
    case 'ZodOptional':
    case 'ZodNullable':
    case 'ZodDefault':
      return sample(def.innerType as ZodTypeAny, key, ids)
    case 'ZodEffects':
      return sample(def.schema as ZodTypeAny, key, ids)
    case 'ZodString': {
      if (/Id$/.test(key)) {
        const id = ids[key]
        if (!id) throw new MissingFixtureError(`no fixture id for input field "${key}": add one to the isolation fixtures`)
        return id
      }
      if (fixedStrings[key]) return fixedStrings[key]
      const checks = (def.checks as { kind: string; value?: number }[]) ?? []
      if (checks.some((c) => c.kind === 'email')) return `sample-${Math.random().toString(36).slice(2, 8)}@example.test`
      const min = checks.find((c) => c.kind === 'min')?.value ?? 0
      return `Sample ${key || 'value'}`.padEnd(min, 'x')
    }
    case 'ZodNumber': {
      const checks = (def.checks as { kind: string; value?: number }[]) ?? []
      return checks.find((c) => c.kind === 'min')?.value ?? 1
    }
    case 'ZodBoolean':
      return true
    case 'ZodDate':
      return new Date('2026-01-01T00:00:00Z')
    case 'ZodEnum':
      return (def.values as string[])[0]
    case 'ZodLiteral':
      return def.value
    case 'ZodUnion':
    case 'ZodDiscriminatedUnion':
      return sample((def.options as ZodTypeAny[])[0]!, key, ids)
    case 'ZodAny':
      // The only `any` inputs are streamed request bodies: an empty one.
      return (async function* () {})()
    case 'ZodArray': {
      const min = (def.minLength as { value: number } | null)?.value ?? 0
      return Array.from({ length: min }, () => sample(def.type as ZodTypeAny, key, ids))
    }
    default:
      throw new Error(`sampleInput: unsupported zod type ${def.typeName} at "${key}"`)
  }
}
