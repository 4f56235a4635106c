/**
 * The product events Hireproof may record, and the only properties each may carry.
 *
 * Contract: an event says which feature a member used, never about whom. Values are enums,
 * counts or booleans; there is no free-text kind, so names, emails, titles or notes cannot be
 * sent by mistake. Record ids are not sent either: the published sub-processor entry and the
 * privacy policy disclose "pseudonymous member and workspace IDs" (the event's distinct id and
 * its organization group) and "features used", and ids of candidates or applications would be
 * data about people who never answered our cookie question. Adding a property kind or an id
 * means changing those texts first (a `changed` sub-processor announcement, 30 days ahead).
 */
type EnumSpec = { kind: 'enum'; values: readonly string[] }
type CountSpec = { kind: 'count' }
type FlagSpec = { kind: 'boolean' }
export type PropertySpec = EnumSpec | CountSpec | FlagSpec

const oneOf = <const V extends readonly string[]>(...values: V) => ({ kind: 'enum', values }) as const
const count = { kind: 'count' } as const
const flag = { kind: 'boolean' } as const

export const analyticsEvents = {
  /**
   * A built-in sign-in that opened a session: how, nothing else. SAML sign-ins arrive as the identity
   * provider's cross-site POST, without the (SameSite=Lax) consent cookie, and Clerk sessions start in
   * the auth provider, outside any procedure: neither is recorded.
   */
  signed_in: { method: oneOf('password', 'password+totp', 'password+recovery_code') },
  job_created: { region: oneOf('EU', 'US') },
  /** `forJob`: added straight into a job's pipeline (an application was made). */
  candidate_added: { forJob: flag },
  /** `engine`: the transcription engine asked for ("auto": the first available). */
  recording_uploaded: { engine: oneOf('assemblyai', 'openai', 'local', 'auto'), sizeMb: count },
  transcript_imported: { format: oneOf('webvtt', 'srt', 'json', 'text', 'auto'), segments: count },
  analysis_requested: { speakerChosen: flag },
  scorecard_submitted: { recommendation: oneOf('STRONG_NO', 'NO', 'YES', 'STRONG_YES'), ratings: count, revised: flag },
  decision_made: { kind: oneOf('ADVANCE', 'MOVE', 'REJECT', 'HIRE') },
  member_invited: {},
} as const satisfies Record<string, Record<string, PropertySpec>>

export type AnalyticsEventName = keyof typeof analyticsEvents

type ValueOf<S> = S extends EnumSpec ? S['values'][number] : S extends CountSpec ? number : S extends FlagSpec ? boolean : never

/** The properties an event may carry, typed from the catalog. */
type Specs<E extends AnalyticsEventName> = (typeof analyticsEvents)[E]
export type EventProperties<E extends AnalyticsEventName> = { [K in keyof Specs<E>]: ValueOf<Specs<E>[K]> }

export type PropertyValue = string | number | boolean

/** Why an event was refused; never holds the offending value (it may be personal data). */
export type Refusal = { event: string; property?: string; reason: string }

/**
 * Checks an event against the catalog at run time too (a cast or `any` gets past the types).
 * Refuses the whole event rather than dropping a property: a half-stripped event would be
 * counted as if it were whole, and a refusal is a bug worth a warning in the logs.
 */
export type CheckedEvent = { ok: true; properties: Record<string, PropertyValue> } | { ok: false; refusal: Refusal }

export function checkEvent(event: string, properties: Record<string, unknown>): CheckedEvent {
  const specs = (analyticsEvents as Record<string, Record<string, PropertySpec>>)[event]
  if (!specs || !Object.hasOwn(analyticsEvents, event)) return { ok: false, refusal: { event, reason: 'not in the catalog' } }
  const checked: Record<string, PropertyValue> = {}
  for (const [key, value] of Object.entries(properties)) {
    const spec = Object.hasOwn(specs, key) ? specs[key] : undefined
    if (!spec) return { ok: false, refusal: { event, property: key, reason: 'not allowed for this event' } }
    if (value === undefined) continue
    const problem = valueProblem(spec, value)
    if (problem) return { ok: false, refusal: { event, property: key, reason: problem } }
    checked[key] = value as PropertyValue
  }
  return { ok: true, properties: checked }
}

function valueProblem(spec: PropertySpec, value: unknown): string | null {
  switch (spec.kind) {
    case 'enum':
      return typeof value === 'string' && spec.values.includes(value) ? null : 'not one of the allowed values'
    case 'count':
      return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? null : 'not a whole number of zero or more'
    case 'boolean':
      return typeof value === 'boolean' ? null : 'not true or false'
  }
}

/**
 * The shape of our ids (cuid, or a UUID for recordings): the distinct id and the organization
 * group must be one, so an email or a name can never become an event's identity.
 */
const cuid = /^c[a-z0-9]{20,31}$/
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
export const isOpaqueId = (value: unknown): value is string => typeof value === 'string' && (cuid.test(value) || uuid.test(value))
