import crypto from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A stand-in for Clerk's Backend API on 127.0.0.1, for the real
 * @clerk/backend client: GET /v1/jwks (the public half of an RSA key made
 * here), GET and DELETE /v1/users/:id (users shaped like Clerk's JSON), behind
 * the secret key. Plus the pieces of Clerk a test needs to act as Clerk:
 * session JWTs signed with that key, and webhook payloads.
 */
export type ClerkTestUser = { id: string; email: string; firstName?: string; lastName?: string; verified?: boolean }

export type SigningKey = { kid: string; privateKey: crypto.KeyObject; publicKey: crypto.KeyObject }

export function generateSigningKey(kid = `ins_${crypto.randomBytes(6).toString('hex')}`): SigningKey {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 })
  return { kid, privateKey, publicKey }
}

export async function startClerkApi(options: { secretKey: string; key: SigningKey }) {
  const users = new Map<string, ClerkTestUser>()
  const requests: string[] = []
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    requests.push(`${req.method} ${url.pathname}`)
    // Clerk's client accepts JSON only with exactly this content type.
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify(body))
    }
    const error = (status: number, code: string, message: string) =>
      send(status, { errors: [{ code, message, long_message: message }], clerk_trace_id: 'test' })
    if (req.headers.authorization !== `Bearer ${options.secretKey}`) return error(401, 'authentication_invalid', 'Invalid secret key')
    if (req.method === 'GET' && url.pathname === '/v1/jwks') {
      const jwk = options.key.publicKey.export({ format: 'jwk' })
      return send(200, { keys: [{ ...jwk, kid: options.key.kid, alg: 'RS256', use: 'sig' }] })
    }
    const userMatch = url.pathname.match(/^\/v1\/users\/([^/]+)$/)
    if (req.method === 'GET' && userMatch) {
      const user = users.get(decodeURIComponent(userMatch[1]!))
      return user ? send(200, clerkUserJson(user)) : error(404, 'resource_not_found', 'not found')
    }
    if (req.method === 'DELETE' && userMatch) {
      const id = decodeURIComponent(userMatch[1]!)
      if (!users.delete(id)) return error(404, 'resource_not_found', 'not found')
      return send(200, { id, object: 'user', deleted: true })
    }
    error(404, 'resource_not_found', 'not found')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    users,
    /** "METHOD /path" of every request received, oldest first. */
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

const seconds = (date = new Date()) => Math.floor(date.getTime() / 1000)

/** Clerk's user JSON (Backend API and user.* webhooks). */
export function clerkUserJson(user: ClerkTestUser) {
  const emailId = `idn_${user.id}`
  const at = Date.now()
  return {
    id: user.id,
    object: 'user',
    username: null,
    first_name: user.firstName ?? 'Ada',
    last_name: user.lastName ?? 'Lovelace',
    image_url: 'https://img.clerk.com/placeholder',
    has_image: false,
    primary_email_address_id: emailId,
    primary_phone_number_id: null,
    primary_web3_wallet_id: null,
    password_enabled: true,
    two_factor_enabled: false,
    totp_enabled: false,
    backup_code_enabled: false,
    email_addresses: [
      {
        id: emailId,
        object: 'email_address',
        email_address: user.email,
        reserved: false,
        verification:
          user.verified === false
            ? { status: 'unverified', strategy: 'email_code', attempts: 0, expire_at: at + 600_000 }
            : { status: 'verified', strategy: 'email_code', attempts: 1, expire_at: at + 600_000 },
        linked_to: [],
        created_at: at,
        updated_at: at,
      },
    ],
    phone_numbers: [],
    web3_wallets: [],
    passkeys: [],
    external_accounts: [],
    saml_accounts: [],
    enterprise_accounts: [],
    public_metadata: {},
    private_metadata: {},
    unsafe_metadata: {},
    external_id: null,
    last_sign_in_at: at,
    banned: false,
    locked: false,
    lockout_expires_in_seconds: null,
    verification_attempts_remaining: 100,
    created_at: at,
    updated_at: at,
    delete_self_enabled: true,
    create_organization_enabled: true,
    last_active_at: at,
    legal_accepted_at: null,
  }
}

export function clerkOrgJson(org: { id: string; name: string; slug?: string }) {
  const at = Date.now()
  return {
    id: org.id,
    object: 'organization',
    name: org.name,
    slug: org.slug ?? org.name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    image_url: '',
    has_image: false,
    max_allowed_memberships: 5,
    admin_delete_enabled: true,
    public_metadata: {},
    private_metadata: {},
    created_by: 'user_creator',
    created_at: at,
    updated_at: at,
  }
}

export function clerkMembershipJson(input: { id: string; org: { id: string; name: string }; user: ClerkTestUser; role: string }) {
  const at = Date.now()
  return {
    id: input.id,
    object: 'organization_membership',
    role: input.role,
    role_name: input.role === 'org:admin' ? 'Admin' : 'Member',
    permissions: [],
    public_metadata: {},
    private_metadata: {},
    created_at: at,
    updated_at: at,
    organization: clerkOrgJson(input.org),
    public_user_data: {
      user_id: input.user.id,
      identifier: input.user.email,
      first_name: input.user.firstName ?? 'Ada',
      last_name: input.user.lastName ?? 'Lovelace',
      image_url: '',
      has_image: false,
    },
  }
}

export function clerkSessionJson(input: { id: string; user: ClerkTestUser; status: string; withUser?: boolean }) {
  const at = Date.now()
  return {
    id: input.id,
    object: 'session',
    client_id: 'client_test',
    user_id: input.user.id,
    status: input.status,
    last_active_at: at,
    expire_at: at + 7 * 86400_000,
    abandon_at: at + 30 * 86400_000,
    created_at: at,
    updated_at: at,
    actor: null,
    user: input.withUser === false ? null : clerkUserJson(input.user),
  }
}

/** A Clerk session JWT (RS256), as Clerk's frontend puts in the __session cookie. */
export function signClerkJwt(
  key: Pick<SigningKey, 'kid' | 'privateKey'>,
  claims: Record<string, unknown>,
  options: { now?: Date; ttl?: number } = {},
) {
  const now = seconds(options.now)
  const header = { alg: 'RS256', typ: 'JWT', kid: key.kid }
  const payload = { iss: 'https://clerk.hireproof.test', iat: now, nbf: now - 10, exp: now + (options.ttl ?? 60), ...claims }
  const encode = (part: unknown) => Buffer.from(JSON.stringify(part)).toString('base64url')
  const signingInput = `${encode(header)}.${encode(payload)}`
  const signature = crypto.sign('RSA-SHA256', Buffer.from(signingInput), key.privateKey).toString('base64url')
  return `${signingInput}.${signature}`
}
