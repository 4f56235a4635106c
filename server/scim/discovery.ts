import { enterpriseUserSchema, groupSchema, listResponse, maxPageSize, userSchema } from './resources'

/**
 * The discovery endpoints (RFC 7644 §4): what this server supports, so that
 * clients such as Entra ID and Okta adapt. PATCH and filtering are
 * supported; bulk, sorting, password changes and ETag preconditions are not.
 */
export function serviceProviderConfig(baseUrl: string) {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
    documentationUri: `${baseUrl.replace(/\/scim\/v2$/, '')}/trust/faq#scim`,
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: maxPageSize },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: false },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'Bearer token',
        description: 'A per-organization token created by an admin under Security › SCIM provisioning.',
        primary: true,
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${baseUrl}/ServiceProviderConfig` },
  }
}

export function resourceTypes(baseUrl: string) {
  const types = [
    {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
      id: 'User',
      name: 'User',
      endpoint: '/Users',
      description: 'A member of the organization',
      schema: userSchema,
      schemaExtensions: [{ schema: enterpriseUserSchema, required: false }],
      meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/User` },
    },
    {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
      id: 'Group',
      name: 'Group',
      endpoint: '/Groups',
      description: 'A group of members; an admin may map it to a role',
      schema: groupSchema,
      meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/Group` },
    },
  ]
  return listResponse(types, types.length, 1)
}

type Attribute = {
  name: string
  type: 'string' | 'boolean' | 'complex' | 'reference' | 'dateTime'
  multiValued?: boolean
  required?: boolean
  caseExact?: boolean
  mutability?: 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly'
  returned?: 'always' | 'never' | 'default' | 'request'
  uniqueness?: 'none' | 'server' | 'global'
  subAttributes?: Attribute[]
  referenceTypes?: string[]
}

const attr = (name: string, type: Attribute['type'], extra: Partial<Attribute> = {}): Attribute => ({
  name,
  type,
  multiValued: false,
  required: false,
  caseExact: false,
  mutability: 'readWrite',
  returned: 'default',
  uniqueness: 'none',
  ...extra,
})

const multi = (name: string, sub: Attribute[]) => attr(name, 'complex', { multiValued: true, subAttributes: sub })
const typedValue = [attr('value', 'string'), attr('type', 'string'), attr('primary', 'boolean'), attr('display', 'string')]

const schemaDocs = [
  {
    id: userSchema,
    name: 'User',
    description: 'A member of the organization; userName is their sign-in email',
    attributes: [
      attr('userName', 'string', { required: true, uniqueness: 'server' }),
      attr('name', 'complex', {
        subAttributes: ['formatted', 'familyName', 'givenName', 'middleName', 'honorificPrefix', 'honorificSuffix'].map((n) => attr(n, 'string')),
      }),
      ...['displayName', 'nickName', 'title', 'userType', 'preferredLanguage', 'locale', 'timezone'].map((n) => attr(n, 'string')),
      attr('profileUrl', 'reference', { referenceTypes: ['external'] }),
      attr('active', 'boolean'),
      multi('emails', typedValue),
      multi('phoneNumbers', typedValue),
      multi('addresses', [
        ...['formatted', 'streetAddress', 'locality', 'region', 'postalCode', 'country', 'type'].map((n) => attr(n, 'string')),
        attr('primary', 'boolean'),
      ]),
      attr('groups', 'complex', {
        multiValued: true,
        mutability: 'readOnly',
        subAttributes: [attr('value', 'string', { mutability: 'readOnly' }), attr('$ref', 'reference', { mutability: 'readOnly' }), attr('display', 'string', { mutability: 'readOnly' })],
      }),
    ],
  },
  {
    id: enterpriseUserSchema,
    name: 'EnterpriseUser',
    description: 'Enterprise user extension',
    attributes: [
      ...['employeeNumber', 'costCenter', 'organization', 'division', 'department'].map((n) => attr(n, 'string')),
      attr('manager', 'complex', { subAttributes: [attr('value', 'string'), attr('$ref', 'reference'), attr('displayName', 'string', { mutability: 'readOnly' })] }),
    ],
  },
  {
    id: groupSchema,
    name: 'Group',
    description: 'A group of members',
    attributes: [
      attr('displayName', 'string', { required: true, uniqueness: 'server' }),
      multi('members', [attr('value', 'string', { mutability: 'immutable' }), attr('$ref', 'reference', { mutability: 'immutable' }), attr('display', 'string', { mutability: 'readOnly' })]),
    ],
  },
]

export function schemas(baseUrl: string) {
  const resources = schemaDocs.map((doc) => ({
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'],
    ...doc,
    meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${doc.id}` },
  }))
  return listResponse(resources, resources.length, 1)
}

export function schemaById(baseUrl: string, id: string) {
  return (schemas(baseUrl).Resources as { id: string }[]).find((s) => s.id.toLowerCase() === id.toLowerCase()) ?? null
}
