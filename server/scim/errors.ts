/**
 * SCIM protocol errors (RFC 7644 §3.12). The SCIM HTTP layer answers a thrown ScimError with
 * `scimErrorBody(err)` and `err.status`; anything else is an internal error.
 */
export const errorSchema = 'urn:ietf:params:scim:api:messages:2.0:Error'

export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive'

// Every detail type is a 400 except uniqueness (409, §3.3) and sensitive (403, §7.5.2).
const statusByType: Record<ScimType, number> = {
  invalidFilter: 400,
  tooMany: 400,
  uniqueness: 409,
  mutability: 400,
  invalidSyntax: 400,
  invalidPath: 400,
  noTarget: 400,
  invalidValue: 400,
  invalidVers: 400,
  sensitive: 403,
}

export class ScimError extends Error {
  constructor(
    public readonly status: number,
    message: string,
    public readonly scimType?: ScimType,
  ) {
    super(message)
    this.name = 'ScimError'
  }
}

const typed = (scimType: ScimType) => (detail: string) => new ScimError(statusByType[scimType], detail, scimType)

export const invalidFilter = typed('invalidFilter')
export const tooMany = typed('tooMany')
export const uniqueness = typed('uniqueness')
export const mutability = typed('mutability')
export const invalidSyntax = typed('invalidSyntax')
export const invalidPath = typed('invalidPath')
export const noTarget = typed('noTarget')
export const invalidValue = typed('invalidValue')
export const invalidVers = typed('invalidVers')
export const sensitive = typed('sensitive')

export interface ScimErrorBody {
  schemas: [typeof errorSchema]
  /** The HTTP status as a string, as RFC 7644 §3.12 specifies. */
  status: string
  scimType?: ScimType
  detail: string
}

export function scimErrorBody(err: ScimError): ScimErrorBody {
  const body: ScimErrorBody = { schemas: [errorSchema], status: String(err.status), detail: err.message }
  if (err.scimType) body.scimType = err.scimType
  return body
}
