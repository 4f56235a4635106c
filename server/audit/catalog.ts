/**
 * Every audit action the product records, with its schema version and what
 * admins read in the log. Writing an action not listed here does not compile.
 * Bump `version` when an action's metadata shape changes; old events keep
 * theirs, so readers can tell them apart.
 */
type ActionSpec = { version: number; description: string }

export const auditCatalog = {
  'user.signed_up': { version: 1, description: 'Created an account and this organization' },
  'user.signed_in': { version: 1, description: 'Signed in' },
  'user.signed_out': { version: 1, description: 'Signed out' },
  'session.revoked': { version: 1, description: 'Signed out one of their sessions' },
  'member.sessions_ended': { version: 1, description: "Ended all of a member's sessions" },
  'org.created': { version: 1, description: 'Created the organization' },
  'org.switched_in': { version: 1, description: 'Switched into the organization' },
  'invitation.created': { version: 1, description: 'Invited someone by email' },
  'invitation.revoked': { version: 1, description: 'Revoked an invitation' },
  'invitation.accepted': { version: 1, description: 'Accepted an invitation and joined' },
  'member.suspended': { version: 1, description: 'Suspended a member and ended their sessions in the organization' },
  'member.reactivated': { version: 1, description: 'Reactivated a suspended member' },
  'member.role_changed': { version: 1, description: "Changed a member's role" },
  'member.override_set': { version: 1, description: 'Granted or denied a single permission to a member' },
  'member.override_cleared': { version: 1, description: "Removed a member's permission override" },
  'role.created': { version: 1, description: 'Created a role profile' },
  'role.updated': { version: 1, description: 'Edited a role profile' },
  'role.deleted': { version: 1, description: 'Deleted a role profile' },
  'job.created': { version: 1, description: 'Created a job' },
  'job.assignment_added': { version: 1, description: 'Assigned someone to a job' },
  'job.assignment_removed': { version: 1, description: 'Removed someone from a job' },
  'candidate.created': { version: 1, description: 'Added a candidate' },
  'audit.exported': { version: 1, description: 'Exported the audit log' },
  'subprocessor.objection_filed': { version: 1, description: 'Objected to an announced sub-processor change' },
  'support_access.granted': { version: 1, description: 'Granted temporary access to Hireproof support staff' },
  'support_access.requested': { version: 1, description: 'Hireproof support staff asked for temporary access' },
  'support_access.approved': { version: 1, description: 'Approved a support access request' },
  'support_access.denied': { version: 1, description: 'Denied a support access request' },
  'support_access.revoked': { version: 1, description: 'Revoked support access' },
  'support_access.used': { version: 1, description: 'Hireproof support staff entered the organization under a grant' },
  'ip_allowlist.updated': { version: 1, description: 'Changed the IP allowlist' },
  'ip_allowlist.request_denied': { version: 1, description: 'A request from outside the IP allowlist was refused' },
  'two_factor.enrolment_started': { version: 1, description: 'Started setting up an authenticator app (not yet on)' },
  'two_factor.enabled': { version: 1, description: 'Turned on two-factor authentication for their account' },
  'two_factor.disabled': { version: 1, description: 'Turned off two-factor authentication for their account' },
  'two_factor.recovery_codes_regenerated': { version: 1, description: 'Replaced their two-factor recovery codes' },
  'org.security_settings_changed': { version: 1, description: 'Changed the organization’s sign-in requirements (two-factor, single sign-on)' },
  'sso.connection_saved': { version: 1, description: 'Created or changed the SAML single sign-on connection' },
  'sso.connection_deleted': { version: 1, description: 'Deleted the SAML single sign-on connection' },
  'sso.connection_tested': { version: 1, description: 'Tested the SAML connection with a sign-in at the identity provider' },
  'sso.member_provisioned': { version: 1, description: 'Added a member on their first single sign-on (just-in-time provisioning)' },
  'domain.added': { version: 1, description: 'Added an email domain to verify' },
  'domain.verified': { version: 1, description: 'Verified ownership of an email domain' },
  'domain.removed': { version: 1, description: 'Removed an email domain' },
  'scim.token_created': { version: 1, description: 'Created a SCIM provisioning token' },
  'scim.token_revoked': { version: 1, description: 'Revoked a SCIM provisioning token' },
  'scim.user_created': { version: 1, description: 'SCIM client provisioned a member' },
  'scim.user_updated': { version: 1, description: 'SCIM client changed a member' },
  'scim.user_deactivated': { version: 1, description: 'SCIM client deactivated a member (membership suspended, sessions ended)' },
  'scim.user_reactivated': { version: 1, description: 'SCIM client reactivated a member' },
  'scim.user_deleted': { version: 1, description: 'SCIM client removed a member' },
  'scim.group_created': { version: 1, description: 'SCIM client created a group' },
  'scim.group_updated': { version: 1, description: 'SCIM client changed a group or its members' },
  'scim.group_deleted': { version: 1, description: 'SCIM client deleted a group' },
  'scim.group_role_mapped': { version: 1, description: 'Mapped a SCIM group to a role' },
} as const satisfies Record<string, ActionSpec>

export type AuditAction = keyof typeof auditCatalog
export const auditActions = Object.keys(auditCatalog) as AuditAction[]
