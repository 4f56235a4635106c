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
} as const satisfies Record<string, ActionSpec>

export type AuditAction = keyof typeof auditCatalog
export const auditActions = Object.keys(auditCatalog) as AuditAction[]
