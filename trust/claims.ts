/**
 * Capability claims the trust center makes, each with its status.
 *
 * - `available`: exists today. It must name at least one test (file path from
 *   the repository root and the exact title passed to it()/test()) that proves
 *   it; tests/unit/trust-claims.test.ts fails when a file or title is missing.
 * - `planned`: on the roadmap. It names no test, and every FAQ answer that
 *   refers to it must say so (also checked by that test).
 *
 * To flip a claim to available once its tests land: set status, add evidence,
 * and reword the FAQ answers that refer to it so they describe what exists.
 */
export type ClaimEvidence = { readonly file: string; readonly test: string }

export type ClaimArea = 'accounts' | 'access' | 'application' | 'data' | 'ai' | 'transparency'

type ClaimBase = {
  readonly id: string
  readonly title: string
  readonly summary: string
  readonly area: ClaimArea
}

export type Claim = ClaimBase &
  ({ readonly status: 'available'; readonly evidence: readonly ClaimEvidence[] } | { readonly status: 'planned' })

const list = [
  // Accounts and sessions
  {
    id: 'password-hashing',
    title: 'Passwords hashed with argon2id',
    summary: 'Passwords of built-in accounts are stored only as argon2id hashes.',
    area: 'accounts',
    status: 'available',
    evidence: [{ file: 'tests/integration/auth.test.ts', test: 'creates the user, an organization they own, and a session cookie' }],
  },
  {
    id: 'session-expiry',
    title: 'Sessions expire when idle and after a fixed lifetime',
    summary: 'A session ends after 7 days without use and 30 days after sign-in, whichever comes first.',
    area: 'accounts',
    status: 'available',
    evidence: [{ file: 'tests/integration/auth.test.ts', test: 'ends a session after its absolute lifetime and after the idle timeout' }],
  },
  {
    id: 'session-revocation',
    title: 'Sign-out revokes the session on the server',
    summary: 'Signing out deletes the server-side session, so a copied cookie stops working at once.',
    area: 'accounts',
    status: 'available',
    evidence: [{ file: 'tests/integration/auth.test.ts', test: 'sign out revokes the session at once' }],
  },
  {
    id: 'session-token-hashing',
    title: 'Session tokens stored hashed',
    summary: 'The database holds only a SHA-256 hash of each session token.',
    area: 'accounts',
    status: 'available',
    evidence: [{ file: 'tests/integration/auth.test.ts', test: 'stores only a hash of the session token' }],
  },
  {
    id: 'session-rotation',
    title: 'Session tokens rotate on organization switch',
    summary: 'Moving into another organization issues a new session token and retires the old one.',
    area: 'accounts',
    status: 'available',
    evidence: [
      { file: 'tests/integration/organizations.test.ts', test: 'switching moves the session to another org of the user and rotates its token' },
    ],
  },
  {
    id: 'sign-in-throttling',
    title: 'Sign-in rate limiting',
    summary: 'Repeated attempts are throttled per account and per network address.',
    area: 'accounts',
    status: 'available',
    evidence: [
      { file: 'tests/integration/auth.test.ts', test: 'throttles repeated attempts on one account, even with the right password' },
      { file: 'tests/integration/auth.test.ts', test: 'throttles one address trying many accounts' },
    ],
  },
  {
    id: 'totp-2fa',
    title: 'Two-factor authentication (TOTP)',
    summary: 'Authenticator-app codes as a second factor, each accepted once, with single-use recovery codes; enforceable per organization.',
    area: 'accounts',
    status: 'available',
    evidence: [
      { file: 'tests/conformance/totp.test.ts', test: 'agrees with Debian oathtool, computed independently' },
      { file: 'tests/integration/sign-in-requirements.test.ts', test: 'the password step opens no session; a valid code opens one, audited with the method' },
      { file: 'tests/integration/sign-in-requirements.test.ts', test: 'a code is accepted once: the same code cannot complete a second sign-in' },
      { file: 'tests/integration/sign-in-requirements.test.ts', test: 'binds existing password sessions at once; members reach only their account until they enrol' },
    ],
  },
  {
    id: 'saml-sso',
    title: 'SAML single sign-on',
    summary: 'Sign-in through Microsoft Entra ID, Google Workspace or any SAML 2.0 identity provider, with signed assertions, replay protection and enforcement per organization.',
    area: 'accounts',
    status: 'available',
    evidence: [
      { file: 'tests/integration/sso.test.ts', test: 'SP-initiated: provisions a new member just in time with the default role and opens a SAML session' },
      { file: 'tests/integration/sso.test.ts', test: 'IdP-initiated sign-in works for an existing member when allowed; a replayed response is refused and recorded' },
      { file: 'tests/integration/sign-in-requirements.test.ts', test: 'refuses password sessions of members, but not of those who manage SSO and have a second factor (the break-glass path)' },
    ],
  },
  {
    id: 'scim-provisioning',
    title: 'SCIM 2.0 provisioning',
    summary: 'Users and groups created, updated and deactivated from your identity provider; deactivation ends sessions at once.',
    area: 'accounts',
    status: 'available',
    evidence: [
      { file: 'tests/integration/scim.test.ts', test: 'deactivation (PATCH active "False") suspends the membership and ends its sessions at once; reactivation restores it' },
      { file: 'tests/integration/scim.test.ts', test: 'a group mapped to a role gives its members that role; leaving it returns them to the default role' },
    ],
  },

  // Access control
  {
    id: 'tenant-isolation',
    title: 'Tenant isolation',
    summary: 'Every request is scoped to the caller’s organization; other organizations’ records behave as if they did not exist.',
    area: 'access',
    status: 'available',
    evidence: [
      {
        file: 'tests/integration/organizations.test.ts',
        test: 'refuses to switch into an organization the user is not a member of, as if it did not exist',
      },
      { file: 'tests/integration/organizations.test.ts', test: 'a suspended membership gives no access to the organization' },
      { file: 'tests/integration/invitations.test.ts', test: 'a viewer may list members but not invite; another org cannot revoke' },
      { file: 'tests/integration/invitations.test.ts', test: 'only the addressee can accept' },
    ],
  },
  {
    id: 'builtin-roles',
    title: 'Built-in role profiles',
    summary: 'Owner, Admin, Recruiter, Hiring Manager, Interviewer and Viewer, with permissions enforced on the server.',
    area: 'access',
    status: 'available',
    evidence: [
      { file: 'tests/unit/permissions.test.ts', test: 'ships built-in roles whose permissions satisfy their dependencies' },
      { file: 'tests/integration/invitations.test.ts', test: 'a viewer may list members but not invite; another org cannot revoke' },
    ],
  },
  {
    id: 'custom-roles',
    title: 'Custom roles with per-user overrides',
    summary: 'Role profiles with granular permissions and visibility settings, plus grants and denials for individual users.',
    area: 'access',
    status: 'available',
    evidence: [
      { file: 'tests/integration/authorization.test.ts', test: 'effective permissions are (role ∪ grants) − denies, enforced on the next call' },
      { file: 'tests/integration/authorization.test.ts', test: 'assigned-only roles see only their jobs and those jobs’ candidates' },
      { file: 'tests/integration/authorization.test.ts', test: 'hidden fields never leave the database for that role' },
      { file: 'tests/e2e/roles.spec.ts', test: 'an admin builds a custom role in the editor, assigns it, and overrides one permission' },
    ],
  },
  {
    id: 'audit-log',
    title: 'Tamper-evident audit log',
    summary: 'A hash-chained record of security-relevant actions in each organization.',
    area: 'access',
    status: 'available',
    evidence: [
      { file: 'tests/integration/audit-chain.test.ts', test: 'refuses UPDATE, DELETE and TRUNCATE in the database itself' },
      { file: 'tests/integration/audit-chain.test.ts', test: 'catches an edited event' },
      { file: 'tests/integration/audit-chain.test.ts', test: 'catches a deleted event in the middle' },
      { file: 'tests/integration/audit-chain.test.ts', test: 'catches reordered events' },
    ],
  },
  {
    id: 'audit-export',
    title: 'Audit log export',
    summary: 'Export of the audit log for your SIEM or archive.',
    area: 'access',
    status: 'available',
    evidence: [
      {
        file: 'tests/integration/audit-export.test.ts',
        test: 'an NDJSON export verifies offline, and any edit, removal or foreign key is caught',
      },
      {
        file: 'tests/e2e/audit.spec.ts',
        test: 'an admin finds a change in the audit log, sees its diff, and exports a log that verifies offline',
      },
    ],
  },
  {
    id: 'jit-support-access',
    title: 'Just-in-time support access',
    summary: 'Support staff see workspace content only under a customer grant that expires after 24 hours, can be revoked, and is logged.',
    area: 'access',
    status: 'available',
    evidence: [
      { file: 'tests/integration/support-access.test.ts', test: 'access ends at expiry on the very next request (controllable clock)' },
      { file: 'tests/integration/support-access.test.ts', test: 'revocation takes effect mid-session, on the next request, and is audited' },
      { file: 'tests/e2e/support-access.spec.ts', test: 'admin grants support access; staff see the banner; revoking ends their access at once' },
    ],
  },
  {
    id: 'ip-allowlist',
    title: 'IP allowlists',
    summary: 'Restrict use of a workspace to your network ranges, IPv4 and IPv6 (Enterprise plan).',
    area: 'access',
    status: 'available',
    evidence: [
      {
        file: 'tests/integration/ip-allowlist.test.ts',
        test: 'saves normalized entries, lets members in from listed networks (IPv4, IPv6, IPv4-mapped) and refuses others on every tenant request',
      },
      {
        file: 'tests/integration/ip-allowlist.test.ts',
        test: 'refuses invalid entries and a list that would lock out the admin saving it, and changes nothing',
      },
    ],
  },

  // Web application
  {
    id: 'csrf-protection',
    title: 'Cross-site request forgery protection',
    summary: 'Origin checks on every state-changing request plus a double-submit token on every form.',
    area: 'application',
    status: 'available',
    evidence: [{ file: 'tests/e2e/http.spec.ts', test: 'cross-site posts and posts without the CSRF token are refused' }],
  },
  {
    id: 'security-headers',
    title: 'Security headers on every response',
    summary: 'Content Security Policy with per-request nonces, framing refused, MIME sniffing off, strict referrer policy.',
    area: 'application',
    status: 'available',
    evidence: [{ file: 'tests/e2e/http.spec.ts', test: 'pages carry security headers and a request id' }],
  },
  {
    id: 'session-cookie-flags',
    title: 'Hardened session cookie',
    summary: 'The session cookie is HttpOnly and SameSite=Lax (and Secure with the __Host- prefix over HTTPS).',
    area: 'application',
    status: 'available',
    evidence: [{ file: 'tests/e2e/http.spec.ts', test: 'the session cookie is HttpOnly and SameSite=Lax' }],
  },

  // Data lifecycle
  {
    id: 'data-export',
    title: 'Self-service data export',
    summary: 'Admins export all of their organization’s data at any time, as CSV or JSON, without asking us.',
    area: 'data',
    status: 'available',
    evidence: [
      { file: 'tests/integration/privacy-requests.test.ts', test: 'streams everything of one organization, and nothing of another, as JSON and CSV; audited; needs the permission' },
    ],
  },
  {
    id: 'retention-rules',
    title: 'Retention rules',
    summary: 'Candidates, recordings, transcripts and analyses deleted or anonymised after periods you set, by region, job and candidate status; previewed before they run; every run audited.',
    area: 'data',
    status: 'available',
    evidence: [
      { file: 'tests/integration/retention.test.ts', test: 'previews without changing anything, then deletes old recordings and their files, leaving recent ones' },
      { file: 'tests/integration/retention.test.ts', test: 'runs daily as a durable job: one per organization and day, audited as scheduled' },
    ],
  },
  {
    id: 'data-subject-requests',
    title: 'Data-subject request tooling',
    summary: 'Access, portability, rectification, erasure, restriction, objection and consent withdrawal for candidates, each due in 30 days and completed with proof.',
    area: 'data',
    status: 'available',
    evidence: [
      { file: 'tests/integration/privacy-requests.test.ts', test: 'erasure removes every row and file about the candidate; only opaque ids stay in the append-only audit log' },
      { file: 'tests/integration/privacy-requests.test.ts', test: 'access and portability give everything as JSON and CSV; the proof holds the checksum of what was handed over' },
    ],
  },
  {
    id: 'candidate-consent',
    title: 'Candidate consent before recording and AI analysis',
    summary:
      'Nothing is recorded or analysed by AI before the candidate agrees to the current notice, in their language; each answer keeps the notice version, language and time, and candidates withdraw with one link. Candidates in Türkiye get the Turkish KVKK notice and give explicit consent themselves.',
    area: 'data',
    status: 'available',
    evidence: [
      { file: 'tests/integration/consent.test.ts', test: 'refuses recording, transcript import and analysis, and stores nothing' },
      { file: 'tests/e2e/consent.spec.ts', test: 'a candidate in Türkiye reads the Turkish notice, consents without JavaScript, and opts out again' },
    ],
  },
  {
    id: 'organization-deletion',
    title: 'Deletion at the end of the contract',
    summary: 'Owners schedule the organization’s deletion up to 30 days ahead, after taking the export; every row and stored file goes, and a final report confirms it.',
    area: 'data',
    status: 'available',
    evidence: [
      { file: 'tests/integration/org-deletion.test.ts', test: 'deletes every row and file of the organization at the scheduled time, touches no other, and reports what it removed' },
    ],
  },

  // AI
  {
    id: 'human-only-decisions',
    title: 'Human-only decisions',
    summary: 'Advancing, rejecting and hiring are actions only a named person can take; AI output can never trigger them.',
    area: 'ai',
    status: 'available',
    evidence: [
      { file: 'tests/integration/pipeline.test.ts', test: 'the AI cannot change a candidate’s stage: the system actor, which analyses run as, is refused and nothing moves' },
    ],
  },
  {
    id: 'evidence-cited-scores',
    title: 'Scores must cite verified transcript evidence',
    summary: 'Every score quotes the transcript, and a score whose quotes are not found in the transcript is rejected.',
    area: 'ai',
    status: 'available',
    evidence: [
      { file: 'tests/integration/llm-analysis.test.ts', test: 'stores the model and the exact prompt; a score whose quote is not in the transcript is rejected, not shown' },
    ],
  },
  {
    id: 'anonymised-screening',
    title: 'Anonymised screening',
    summary: 'Names, contact details and gendered terms redacted from what reviewers and models see, per job or for the whole organization.',
    area: 'ai',
    status: 'available',
    evidence: [
      { file: 'tests/integration/llm-analysis.test.ts', test: 'under anonymised screening the model and reviewers see no name, email or gendered words; quotes still check out' },
    ],
  },
  {
    id: 'video-interview-speech-only',
    title: 'One-way video interviews: speech only, after consent',
    summary:
      'Candidates agree before anything is recorded, keep every retake as a draft until they choose, and only what they say is transcribed and analysed; unsent takes are deleted.',
    area: 'ai',
    status: 'available',
    evidence: [
      { file: 'tests/integration/video-interviews.test.ts', test: 'shows the notice first and records nothing before the candidate agrees to recording' },
      { file: 'tests/integration/video-interviews.test.ts', test: 'submits the chosen takes, then transcribes them into one transcript and analyses the candidate’s lines' },
      {
        file: 'tests/integration/video-interviews.test.ts',
        test: 'deletes unsent takes (rows and files) 7 days after the interview closed, keeps submitted answers, and audits the count',
      },
    ],
  },
  {
    id: 'analysis-logging',
    title: 'Analysis run records',
    summary: 'Each analysis records the engine, model and version, inputs used and output, for oversight and audits.',
    area: 'ai',
    status: 'planned',
  },
  {
    id: 'bias-audit-export',
    title: 'Bias-audit data export',
    summary: 'Selection rates and impact ratios by category for an independent auditor.',
    area: 'ai',
    status: 'planned',
  },

  // This trust center
  {
    id: 'subprocessor-notice',
    title: '30-day notice of sub-processor changes',
    summary: 'Every announced sub-processor change takes effect at least 30 days after it is announced.',
    area: 'transparency',
    status: 'available',
    evidence: [
      { file: 'tests/unit/trust-subprocessors.test.ts', test: 'announces every change at least 30 days before it takes effect' },
    ],
  },
] as const satisfies readonly Claim[]

export type ClaimId = (typeof list)[number]['id']

export const claims: readonly (Claim & { id: ClaimId })[] = list

export const claimsRevision = '2026-11-20'

export const claimAreaLabel: Record<ClaimArea, string> = {
  accounts: 'Accounts and sign-in',
  access: 'Access control',
  application: 'Web application',
  data: 'Data lifecycle',
  ai: 'AI safeguards',
  transparency: 'Transparency',
}

const byId = new Map<string, Claim & { id: ClaimId }>(list.map((claim) => [claim.id, claim]))

export function getClaim(id: ClaimId): Claim & { id: ClaimId } {
  const claim = byId.get(id)
  if (!claim) throw new Error(`Unknown claim ${id}`)
  return claim
}
