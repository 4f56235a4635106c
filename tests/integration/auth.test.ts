import { describe, expect, it } from 'vitest'
import { expectTRPCError } from './expect-error'
import { useTestDatabase } from '../setup/database'
import { anonymousCaller, browserCaller, callerAs, createUser, testMeta, unique } from '../factories'
import { hashPassword } from '../../server/auth/password'
import { sessionPolicy } from '../../server/auth/session'
import { hashToken } from '../../server/auth/tokens'
import { signInLimits } from '../../server/services/accounts/accounts'

const db = await useTestDatabase()

const password = 'correct horse battery'

async function countRows() {
  const [users, orgs, memberships, sessions] = await Promise.all([
    db.prisma.user.count(),
    db.prisma.organization.count(),
    db.prisma.membership.count(),
    db.prisma.session.count(),
  ])
  return { users, orgs, memberships, sessions }
}

const expectCode = expectTRPCError

describe('sign up', () => {
  it('creates the user, an organization they own, and a session cookie', async () => {
    const { caller, lastResponseHeaders, currentToken } = anonymousCaller(db)
    const email = `${unique('new')}@Example.TEST`
    const result = await caller.auth.signUp({ name: 'Nia New', email, password, organizationName: 'Nia Co', ageConfirmed: true })

    const user = await db.prisma.user.findUniqueOrThrow({ where: { id: result.userId } })
    expect(user.email).toBe(email.toLowerCase())
    expect(user.passwordHash).toMatch(/^\$argon2id\$/)
    expect(user.adultAttestedAt).not.toBeNull()
    const membership = await db.prisma.membership.findFirstOrThrow({ where: { userId: user.id }, include: { role: true } })
    expect(membership.orgId).toBe(result.orgId)
    expect(membership.role.key).toBe('owner')

    const cookie = lastResponseHeaders().getSetCookie()[0]!
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).toMatch(/SameSite=Lax/i)
    const token = currentToken()!
    const session = await db.prisma.session.findUniqueOrThrow({ where: { tokenHash: hashToken(token) } })
    expect(session.userId).toBe(user.id)
    expect(session.activeOrgId).toBe(result.orgId)
  })

  it('refuses an email that is already registered and changes nothing', async () => {
    const existing = await createUser(db)
    const before = await countRows()
    const { caller } = anonymousCaller(db)
    const error = await expectCode(
      caller.auth.signUp({ name: 'Dup', email: existing.email.toUpperCase(), password, organizationName: 'Dup Co', ageConfirmed: true }),
      'CONFLICT',
    )
    expect(error.message).toMatch(/already exists/)
    expect(await countRows()).toEqual(before)
  })

  it.each([
    [{ name: '', email: 'a@b.test', password, organizationName: 'X' }, 'name'],
    [{ name: 'A', email: 'not-an-email', password, organizationName: 'X' }, 'email'],
    [{ name: 'A', email: 'a@b.test', password: 'short', organizationName: 'X' }, 'password'],
    [{ name: 'A', email: 'a@b.test', password, organizationName: '   ' }, 'organizationName'],
    [{ name: 'A', email: 'a@b.test', password, organizationName: 'X' }, 'ageConfirmed'],
    [{ name: 'A', email: 'a@b.test', password, organizationName: 'X', ageConfirmed: false }, 'ageConfirmed'],
  ])('rejects bad input %# with a message on the field and changes nothing', async (input, field) => {
    const before = await countRows()
    const { caller } = anonymousCaller(db)
    const error = await expectCode(caller.auth.signUp(input), 'BAD_REQUEST')
    expect(error.message).toContain(field)
    expect(await countRows()).toEqual(before)
  })
})

describe('sign in', () => {
  async function userWithPassword() {
    return createUser(db, { passwordHash: await hashPassword(password) })
  }

  it('opens a session in the first organization of the user', async () => {
    const user = await userWithPassword()
    const { caller, currentToken } = anonymousCaller(db)
    await expectCode(caller.me.get(), 'UNAUTHORIZED')
    const result = await caller.auth.signIn({ email: user.email, password })
    expect(result.userId).toBe(user.id)
    expect(currentToken()).toBeTruthy()
    expect((await caller.me.get()).user.email).toBe(user.email)
  })

  it('answers the same for a wrong password and an unknown email, and opens no session', async () => {
    const user = await userWithPassword()
    const sessionsBefore = await db.prisma.session.count()
    const { caller } = anonymousCaller(db, testMeta({ ip: '198.51.100.1' }))
    const wrong = await expectCode(caller.auth.signIn({ email: user.email, password: 'not the password' }), 'UNAUTHORIZED')
    const unknown = await expectCode(caller.auth.signIn({ email: 'nobody@example.test', password }), 'UNAUTHORIZED')
    expect(wrong.message).toBe(unknown.message)
    expect(await db.prisma.session.count()).toBe(sessionsBefore)
  })

  it('rejects malformed input with a clear message', async () => {
    const { caller } = anonymousCaller(db)
    const error = await expectCode(caller.auth.signIn({ email: 'x', password: '' }), 'BAD_REQUEST')
    expect(error.message).toMatch(/email: Enter a valid email address/)
    expect(error.message).toMatch(/password: Enter your password/)
  })

  it('throttles repeated attempts on one account, even with the right password', async () => {
    const user = await userWithPassword()
    const { caller } = anonymousCaller(db, testMeta({ ip: '198.51.100.2' }))
    for (let i = 0; i < signInLimits.perEmail.limit; i++) {
      await expectCode(caller.auth.signIn({ email: user.email, password: 'wrong password!' }), 'UNAUTHORIZED')
    }
    const limited = await expectCode(caller.auth.signIn({ email: user.email, password }), 'TOO_MANY_REQUESTS')
    expect(limited.message).toMatch(/Try again in \d+ minutes/)
  })

  it('throttles one address trying many accounts', async () => {
    const { caller } = anonymousCaller(db, testMeta({ ip: '198.51.100.3' }))
    for (let i = 0; i < signInLimits.perIp.limit; i++) {
      await expectCode(caller.auth.signIn({ email: `${unique('probe')}@example.test`, password }), 'UNAUTHORIZED')
    }
    await expectCode(caller.auth.signIn({ email: `${unique('probe')}@example.test`, password }), 'TOO_MANY_REQUESTS')
  })
})

describe('sessions', () => {
  it('sign out revokes the session at once', async () => {
    const user = await createUser(db)
    const { caller, token, currentToken } = await callerAs(db, user.id, null)
    await caller.auth.signOut()
    expect(currentToken()).toBeUndefined()
    // The old cookie, replayed, is dead too.
    const replay = browserCaller(db, token)
    await expectCode(replay.caller.me.get(), 'UNAUTHORIZED')
  })

  it('ends a session after its absolute lifetime and after the idle timeout', async () => {
    const user = await createUser(db)
    const expired = await callerAs(db, user.id, null)
    await db.prisma.session.update({
      where: { tokenHash: hashToken(expired.token) },
      data: { expiresAt: new Date(Date.now() - 1000) },
    })
    const idle = await callerAs(db, user.id, null)
    await db.prisma.session.update({
      where: { tokenHash: hashToken(idle.token) },
      data: { lastSeenAt: new Date(Date.now() - sessionPolicy.idleTimeoutMs - 1000) },
    })
    for (const token of [expired.token, idle.token]) {
      await expectCode(browserCaller(db, token).caller.me.get(), 'UNAUTHORIZED')
    }
  })

  it('ignores forged and oversized tokens', async () => {
    for (const token of ['forged-token', 'x'.repeat(5000)]) {
      await expectCode(browserCaller(db, token).caller.me.get(), 'UNAUTHORIZED')
    }
  })

  it('stores only a hash of the session token', async () => {
    const user = await createUser(db)
    const { token } = await callerAs(db, user.id, null)
    const rows = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM "Session" WHERE "tokenHash" = $1', [token])
    expect(rows[0]!.n).toBe(0)
    expect(await db.prisma.session.findUnique({ where: { tokenHash: hashToken(token) } })).not.toBeNull()
  })
})
