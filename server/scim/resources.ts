import { z } from 'zod'
import { invalidSyntax, invalidValue } from './errors'
import { enterpriseUserSchema } from './patch'

/**
 * How our records look as SCIM resources (RFC 7643) and what we accept as
 * input. A SCIM User is one membership of the organization, so its `id` is
 * the membership id: an organization's SCIM client never sees an id that
 * would mean anything in another organization. `userName` is the sign-in
 * email. Attributes we store but do not use (name parts, title, phone
 * numbers, the enterprise extension, …) are kept as sent and returned.
 */
export const userSchema = 'urn:ietf:params:scim:schemas:core:2.0:User'
export const groupSchema = 'urn:ietf:params:scim:schemas:core:2.0:Group'
export const listResponseSchema = 'urn:ietf:params:scim:api:messages:2.0:ListResponse'
export { enterpriseUserSchema }

/** Attributes derived from our own columns: never copied into the stored extras. */
const ownUserKeys = new Set(['schemas', 'id', 'externalid', 'username', 'active', 'groups', 'meta', 'password'])

export type ScimMembershipRow = {
  id: string
  status: 'ACTIVE' | 'SUSPENDED'
  scimExternalId: string | null
  scimAttributes: unknown
  createdAt: Date
  updatedAt: Date
  user: { email: string; name: string }
  scimGroups: { group: { id: string; displayName: string } }[]
}

export type ScimGroupRow = {
  id: string
  displayName: string
  externalId: string | null
  createdAt: Date
  updatedAt: Date
  members: { membership: { id: string; user: { email: string } } }[]
}

const version = (updatedAt: Date) => `W/"${updatedAt.getTime().toString(36)}"`

export function userResource(row: ScimMembershipRow, baseUrl: string): Record<string, unknown> {
  const extras = (row.scimAttributes ?? {}) as Record<string, unknown>
  const storedUserName = typeof extras.userName === 'string' && extras.userName.toLowerCase() === row.user.email ? extras.userName : row.user.email
  const { userName: _ignored, ...attributes } = extras
  return {
    schemas: [userSchema, ...(attributes[enterpriseUserSchema] ? [enterpriseUserSchema] : [])],
    id: row.id,
    ...(row.scimExternalId ? { externalId: row.scimExternalId } : {}),
    userName: storedUserName,
    displayName: row.user.name,
    emails: [{ value: row.user.email, type: 'work', primary: true }],
    ...attributes,
    active: row.status === 'ACTIVE',
    groups: row.scimGroups.map(({ group }) => ({ value: group.id, display: group.displayName, $ref: `${baseUrl}/Groups/${group.id}`, type: 'direct' })),
    meta: {
      resourceType: 'User',
      created: row.createdAt.toISOString(),
      lastModified: row.updatedAt.toISOString(),
      location: `${baseUrl}/Users/${row.id}`,
      version: version(row.updatedAt),
    },
  }
}

export function groupResource(row: ScimGroupRow, baseUrl: string): Record<string, unknown> {
  return {
    schemas: [groupSchema],
    id: row.id,
    ...(row.externalId ? { externalId: row.externalId } : {}),
    displayName: row.displayName,
    members: row.members.map(({ membership }) => ({
      value: membership.id,
      display: membership.user.email,
      $ref: `${baseUrl}/Users/${membership.id}`,
      type: 'User',
    })),
    meta: {
      resourceType: 'Group',
      created: row.createdAt.toISOString(),
      lastModified: row.updatedAt.toISOString(),
      location: `${baseUrl}/Groups/${row.id}`,
      version: version(row.updatedAt),
    },
  }
}

/** Entra ID sends booleans as "True"/"False". */
const scimBoolean = z.union([z.boolean(), z.string().regex(/^(true|false)$/i).transform((v) => v.toLowerCase() === 'true')])

const emailValue = z.object({ value: z.string().max(254), type: z.string().max(40).optional(), primary: scimBoolean.optional() }).passthrough()

const userInputSchema = z
  .object({
    schemas: z.array(z.string()).min(1),
    userName: z.string().trim().min(1, 'userName is required').max(254),
    externalId: z.string().max(255).nullish(),
    active: scimBoolean.optional(),
    displayName: z.string().max(200).nullish(),
    name: z
      .object({ formatted: z.string().max(200).nullish(), givenName: z.string().max(100).nullish(), familyName: z.string().max(100).nullish() })
      .passthrough()
      .nullish(),
    emails: z.array(emailValue).max(20).nullish(),
  })
  .passthrough()

export type UserInput = {
  email: string
  userName: string
  displayName: string
  externalId: string | null
  active: boolean
  /** Everything else as sent, to store and return. */
  extras: Record<string, unknown>
}

const emailPattern = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/

function zodProblem(error: z.ZodError) {
  const issue = error.issues[0]!
  return `${issue.path.join('.') || 'body'}: ${issue.message}`
}

/** A full User from POST or PUT (or the result of a PATCH), checked and normalised. */
export function parseUserInput(body: unknown): UserInput {
  const parsed = userInputSchema.safeParse(body)
  if (!parsed.success) throw invalidValue(`Invalid User: ${zodProblem(parsed.error)}`)
  const input = parsed.data
  if (!input.schemas.some((s) => s.toLowerCase() === userSchema.toLowerCase())) {
    throw invalidSyntax(`The User must list the schema ${userSchema}`)
  }
  // Sign-in is by email, so userName must be one (Entra ID's userPrincipalName and Okta's login are).
  if (!emailPattern.test(input.userName)) {
    throw invalidValue(`userName must be the user's email address; "${input.userName.slice(0, 100)}" is not one`)
  }
  const name = input.name ?? null
  const displayName =
    input.displayName?.trim() ||
    name?.formatted?.trim() ||
    [name?.givenName, name?.familyName].filter((part) => part && part.trim()).join(' ') ||
    input.userName.split('@')[0]!
  const extras: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(input)) {
    // Emails are derived from userName (the one address we sign in with); the rest is kept as sent.
    if (!ownUserKeys.has(key.toLowerCase()) && key.toLowerCase() !== 'emails' && value !== null) {
      extras[key] = value
    }
  }
  extras.userName = input.userName
  for (const key of Object.keys(extras)) if (key.toLowerCase() === 'displayname') delete extras[key]
  extras.displayName = displayName.slice(0, 200)
  return {
    email: input.userName.toLowerCase(),
    userName: input.userName,
    displayName: displayName.slice(0, 200),
    externalId: input.externalId ?? null,
    active: input.active ?? true,
    extras,
  }
}

const memberRef = z.object({ value: z.string().min(1).max(100), display: z.string().optional() }).passthrough()
const groupInputSchema = z
  .object({
    schemas: z.array(z.string()).min(1),
    displayName: z.string().trim().min(1, 'displayName is required').max(200),
    externalId: z.string().max(255).nullish(),
    members: z.array(memberRef).max(10_000).nullish(),
  })
  .passthrough()

export type GroupInput = { displayName: string; externalId: string | null; memberIds: string[] }

export function parseGroupInput(body: unknown): GroupInput {
  const parsed = groupInputSchema.safeParse(body)
  if (!parsed.success) throw invalidValue(`Invalid Group: ${zodProblem(parsed.error)}`)
  if (!parsed.data.schemas.some((s) => s.toLowerCase() === groupSchema.toLowerCase())) {
    throw invalidSyntax(`The Group must list the schema ${groupSchema}`)
  }
  return {
    displayName: parsed.data.displayName,
    externalId: parsed.data.externalId ?? null,
    memberIds: [...new Set((parsed.data.members ?? []).map((m) => m.value))],
  }
}

/** RFC 7644 §3.4.2: a 1-based startIndex (below 1 means 1) and a count (negative means 0), capped. */
export const maxPageSize = 1000
export function pagination(query: { startIndex?: unknown; count?: unknown }) {
  const number = (value: unknown, name: string) => {
    if (value === undefined || value === '') return undefined
    const n = Number(value)
    if (!Number.isInteger(n)) throw invalidValue(`${name} must be an integer`)
    return n
  }
  const startIndex = Math.min(2 ** 31 - 1, Math.max(1, number(query.startIndex, 'startIndex') ?? 1))
  const count = Math.min(maxPageSize, Math.max(0, number(query.count, 'count') ?? 100))
  return { startIndex, count }
}

export function listResponse(resources: Record<string, unknown>[], totalResults: number, startIndex: number) {
  return { schemas: [listResponseSchema], totalResults, startIndex, itemsPerPage: resources.length, Resources: resources }
}
