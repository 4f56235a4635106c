import type { Organization, Session } from '@prisma/client'

/**
 * What an organization demands of how its members signed in, checked on
 * every tenant request (server/trpc/procedures.ts) so that turning a rule on
 * applies at once to sessions that already exist:
 * - `sso`: the organization enforces single sign-on and this session was not
 *   opened through its SAML connection. Members who manage SSO (`sso.manage`)
 *   are exempt when they have a second factor: they are the break-glass path
 *   when the identity provider is down or misconfigured, so the organization
 *   can never be locked out;
 * - `two_factor_enrolment`: the organization requires two-factor
 *   authentication and the member has no confirmed second factor and did
 *   not sign in through this organization's SSO (its identity provider owns
 *   the second factor then). They may still reach their own account pages
 *   (authedProcedure) to enrol.
 */
export type SignInRequirement = 'sso' | 'two_factor_enrolment'

export type AuthMethod = 'password' | 'password+totp' | 'password+recovery_code' | 'saml' | 'clerk'

export const isPasswordSession = (session: Pick<Session, 'authMethod'>) => session.authMethod.startsWith('password')

/**
 * A SAML session meets an organization's rules only in the organization
 * whose identity provider signed the user in (`ssoOrgId`): switching into
 * another organization does not carry that sign-in over. Clerk sessions
 * are exempt everywhere: with Clerk as the provider, Clerk owns sign-in.
 */
export function signedInThroughOrgSso(session: Pick<Session, 'authMethod' | 'ssoOrgId'>, orgId: string) {
  return session.authMethod === 'saml' && session.ssoOrgId === orgId
}

export function unmetSignInRequirement(
  org: Pick<Organization, 'id' | 'requireTwoFactor' | 'enforceSso'>,
  session: Pick<Session, 'authMethod' | 'ssoOrgId'>,
  member: { hasTwoFactor: boolean; permissions: ReadonlySet<string> },
): SignInRequirement | null {
  if (session.authMethod === 'clerk') return null
  const orgSso = signedInThroughOrgSso(session, org.id)
  if (org.enforceSso && !orgSso) {
    if (!member.permissions.has('sso.manage')) return 'sso'
    // The break-glass path is a password: it must come with a second factor.
    if (!member.hasTwoFactor) return 'two_factor_enrolment'
  }
  if (org.requireTwoFactor && !orgSso && !member.hasTwoFactor) return 'two_factor_enrolment'
  return null
}

export function signInRequirementMessage(requirement: SignInRequirement, orgName: string) {
  return requirement === 'sso'
    ? `${orgName} requires single sign-on. Sign out and sign in again with SSO.`
    : `${orgName} requires two-factor authentication. Turn it on in your account's security settings to continue.`
}
