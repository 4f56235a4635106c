import { beforeAll, describe, expect, it } from 'vitest'
import { TRPCError } from '@trpc/server'
import { useTestDatabase } from '../setup/database'
import { anonymousCaller, callerAs } from '../factories'
import { callByPath, idFieldsOf, listProcedures, sampleInput } from '../setup/procedures'
import { databaseFingerprint } from '../setup/snapshot'
import { isPermission } from '../../server/authz/permissions'
import { buildTenant, type Tenant } from '../factories/tenant'

/**
 * Tenant isolation and permission gating for EVERY procedure of the router,
 * enumerated automatically. For each procedure:
 *  - it must be declared public, authenticated-only, or gated by a registered permission;
 *  - without a session it is refused (UNAUTHORIZED) unless public;
 *  - called by an all-powerful member of org A with org B's ids, it answers NOT_FOUND;
 *  - called by a member of A whose role has no permissions, it answers FORBIDDEN;
 * and in every refused case nothing in the database changes.
 */
const db = await useTestDatabase()
const procedures = listProcedures()

let a: Tenant
let b: Tenant

beforeAll(async () => {
  a = await buildTenant(db, 'alpha', { powerlessMember: true })
  b = await buildTenant(db, 'beta', { powerlessMember: true })
})

async function refusal(call: () => Promise<unknown>) {
  const before = await databaseFingerprint(db)
  const error = await call().then(
    () => null,
    (e: unknown) => e,
  )
  const after = await databaseFingerprint(db)
  return { error: error as TRPCError | null, unchanged: JSON.stringify(before) === JSON.stringify(after), before, after }
}

/**
 * The only procedures allowed without a permission, each for a reason. A new
 * procedure built without permissionProcedure() fails here until reviewed.
 */
const ungated: Record<string, string> = {
  'auth.signUp': 'public: creates an account and its own organization',
  'auth.signIn': 'public: opens a session',
  'auth.completeSignIn': 'public: whoever holds the pending sign-in cookie and a valid code for its user',
  'twoFactor.status': 'own second factor only',
  'sso.start': 'public: starts a sign-in at an organization’s identity provider, rate-limited',
  'sso.consume': 'public: the identity provider’s signed response is the credential',
  'sso.metadata': 'public: our service-provider metadata (entity ID, ACS URL), nothing about the organization',
  'twoFactor.beginEnrolment': 'own second factor only',
  'twoFactor.confirmEnrolment': 'own second factor only',
  'twoFactor.regenerateRecoveryCodes': 'own second factor only, with a current code',
  'twoFactor.disable': 'own second factor only, with the password and a code',
  'invitation.get': 'public: whoever holds the secret link sees whom it invites',
  'auth.signOut': 'own session only',
  'me.get': 'own profile and memberships only',
  'org.create': 'any user may start a new organization of their own',
  'org.switch': 'only into organizations the user is an active member of',
  'invitation.accept': 'only an invitation addressed to the signed-in user',
  'session.listMine': 'own sessions only',
  'session.revokeMine': 'own sessions only; anyone else’s answers NOT_FOUND',
  'trust.subscribe': 'public: sub-processor notices, double opt-in, rate-limited',
  'trust.pendingSubscription': 'public: whoever holds the secret confirmation link',
  'trust.confirmSubscription': 'public: whoever holds the secret confirmation link',
  'trust.unsubscribe': 'public: whoever holds the secret unsubscribe link',
  'trust.requestDocument': 'public: asks for a gated document under the NDA, rate-limited; a platform admin decides',
  'trust.describeDownload': 'public: whoever holds the secret download link',
  'trust.downloadDocument': 'public: whoever holds the secret download link; logged and watermarked',
  'account.privacy': 'own account only: name, how to confirm a deletion, what stands in its way',
  'account.beginExport': 'own data only (the subject is verified by their session)',
  'account.rename': 'own display name only',
  'account.requestDeletion': 'own account only, with the password or the typed email',
  'consent.page': 'public: whoever holds the candidate’s secret consent link sees the notice and their answers, not their data',
  'consent.answer': 'public: whoever holds the candidate’s secret consent link records their answers',
  'videoInterview.candidatePage': 'public: whoever holds the candidate’s secret video-interview link sees its questions and their own takes',
  'videoInterview.answerConsent': 'public: whoever holds the candidate’s secret video-interview link records their consent answers',
  'videoInterview.recordTake': 'public: whoever holds the secret link adds a take, while the link is open and consent is given',
  'videoInterview.submit': 'public: whoever holds the secret link submits the answers, once',
  'videoInterview.candidateTake': 'public: whoever holds the secret link watches their own takes while it is open',
}

/**
 * The operator's platform console: no tenant data, platform administrators
 * only (isPlatformAdmin), every mutation in the platform audit trail.
 */
const platformOnly: Record<string, string> = {
  'platform.subprocessors': 'the public sub-processor list and its announcements',
  'platform.announceSubprocessorChange': 'announces a change to the public list',
  'platform.documentRequests': 'trust-center visitors’ requests for gated documents',
  'platform.decideDocumentRequest': 'approves or denies such a request',
  'platform.organizations': 'organizations’ names and plans, to find one whose plan to set; no tenant data',
  'platform.setPlan': 'sets an organization’s plan when no Stripe subscription decides it; audited in both trails',
}
/** Operator support staff outside any tenant: only staff may call these; anyone else gets FORBIDDEN. */
const staffOnly: Record<string, string> = {
  'support.requestAccess': 'asks an organization’s admins for temporary access; audited in that organization',
  'support.myGrants': 'the staff member’s own grants and requests',
}
/** Platform records are not tenant records; any id will do for the refusal checks. */
const platformIds = { requestId: 'platform-fixture-id' }
const isPlatform = (p: { meta: { access?: string } }) => p.meta.access === 'platform' || p.meta.access === 'staff'

describe('every procedure', () => {
  it('there are procedures to check', () => {
    expect(procedures.length).toBeGreaterThan(20)
  })

  it('only the reviewed procedures go without a permission', () => {
    const withoutPermission = procedures.filter((p) => !p.meta.permission && !isPlatform(p)).map((p) => p.path)
    expect(withoutPermission.sort()).toEqual(Object.keys(ungated).sort())
  })

  it('only the reviewed procedures belong to the platform console or to support staff', () => {
    expect(procedures.filter((p) => p.meta.access === 'platform').map((p) => p.path).sort()).toEqual(Object.keys(platformOnly).sort())
    expect(procedures.filter((p) => p.meta.access === 'staff').map((p) => p.path).sort()).toEqual(Object.keys(staffOnly).sort())
  })

  it.each(procedures.map((p) => [p.path, p] as const))('%s declares its access', (_path, procedure) => {
    const { permission, access } = procedure.meta
    if (permission !== undefined) expect(isPermission(permission), `${permission} is registered`).toBe(true)
    else expect(['public', 'authenticated', 'platform', 'staff']).toContain(access)
  })

  it.each(procedures.filter((p) => p.meta.access !== 'public' || p.meta.permission).map((p) => [p.path, p] as const))(
    '%s refuses unauthenticated callers and changes nothing',
    async (_path, procedure) => {
      const { caller } = anonymousCaller(db)
      const result = await refusal(() => callByPath(caller, procedure.path, sampleInput(procedure.inputs, { ...a.ids, ...platformIds })))
      expect(result.error?.code).toBe('UNAUTHORIZED')
      expect(result.unchanged).toBe(true)
    },
  )

  const idTaking = procedures.filter((p) => p.meta.access !== 'public' && !isPlatform(p) && idFieldsOf(p.inputs).length > 0)
  it.each(idTaking.map((p) => [p.path, p] as const))(
    '%s answers NOT_FOUND for another organization’s records and changes nothing',
    async (_path, procedure) => {
      const { caller } = await callerAs(db, a.owner.id, a.org.id)
      const result = await refusal(() => callByPath(caller, procedure.path, sampleInput(procedure.inputs, b.ids)))
      expect(result.error?.code, result.error?.message).toBe('NOT_FOUND')
      expect(result.unchanged).toBe(true)
    },
  )

  const gated = procedures.filter((p) => p.meta.permission)
  it.each(gated.map((p) => [p.path, p] as const))(
    '%s answers FORBIDDEN without its permission and changes nothing',
    async (_path, procedure) => {
      const { caller } = await callerAs(db, a.powerless!.id, a.org.id)
      const result = await refusal(() => callByPath(caller, procedure.path, sampleInput(procedure.inputs, a.ids)))
      expect(result.error?.code, result.error?.message).toBe('FORBIDDEN')
      expect(result.error?.message).toContain(procedure.meta.permission)
      expect(result.unchanged).toBe(true)
    },
  )

  it.each(procedures.filter(isPlatform).map((p) => [p.path, p] as const))(
    '%s refuses every tenant member who is not platform admin or staff, even an owner, and changes nothing',
    async (_path, procedure) => {
      const { caller } = await callerAs(db, a.owner.id, a.org.id)
      const result = await refusal(() => callByPath(caller, procedure.path, sampleInput(procedure.inputs, { ...a.ids, ...platformIds })))
      expect(result.error?.code, result.error?.message).toBe('FORBIDDEN')
      expect(result.unchanged).toBe(true)
    },
  )

  it.each(gated.map((p) => [p.path, p] as const))(
    '%s answers NOT_FOUND to support staff without a grant, and changes nothing',
    async (_path, procedure) => {
      // Staff whose session points at the organization, as if they had been granted access before.
      const { caller } = await callerAs(db, a.staff.id, a.org.id)
      const result = await refusal(() => callByPath(caller, procedure.path, sampleInput(procedure.inputs, a.ids)))
      expect(result.error?.code, result.error?.message).toBe('NOT_FOUND')
      expect(result.unchanged).toBe(true)
    },
  )
})
