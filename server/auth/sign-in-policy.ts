import type { Organization, Session } from '@prisma/client'

/**
 * What an organization demands of how its members signed in, checked on
 * every tenant request (server/trpc/procedures.ts) so that turning a rule on
 * applies at once to sessions that already exist:
 * - `sso`: the organization enforces single sign-on and this session was not
 *   opened through its SAML connection. Members who manage SSO (`sso.manage`)
 *   are exempt: they are the break-glass path when the identity provider is
 *   down or misconfigured, so the organization can never be locked out;
 * - `two_factor_enrolment`: the organization requires two-factor
 *   authentication and the member signed in with a password but has no
 *   confirmed second factor. They may still reach their own account pages
 *   (authedProcedure) to enrol. SSO and Clerk sessions are exempt: the
 *   identity provider owns the second factor there.
 */
export type SignInRequirement = 'sso' | 'two_factor_enrolment'

export type AuthMethod = 'password' | 'password+totp' | 'password+recovery_code' | 'saml' | 'clerk'

export const isPasswordSession = (session: Pick<Session, 'authMethod'>) => session.authMethod.startsWith('password')

export function unmetSignInRequirement(
  org: Pick<Organization, 'requireTwoFactor' | 'enforceSso'>,
  session: Pick<Session, 'authMethod'>,
  member: { hasTwoFactor: boolean; permissions: ReadonlySet<string> },
): SignInRequirement | null {
  const hasTwoFactor = member.hasTwoFactor
  // With Clerk as the provider, Clerk owns sign-in (its own enterprise SSO included): our SAML rule does not apply.
  if (org.enforceSso && session.authMethod !== 'saml' && session.authMethod !== 'clerk' && !member.permissions.has('sso.manage')) return 'sso'
  if (org.requireTwoFactor && isPasswordSession(session) && !hasTwoFactor) return 'two_factor_enrolment'
  return null
}

export function signInRequirementMessage(requirement: SignInRequirement, orgName: string) {
  return requirement === 'sso'
    ? `${orgName} requires single sign-on. Sign out and sign in again with SSO.`
    : `${orgName} requires two-factor authentication. Turn it on in your account's security settings to continue.`
}
