/**
 * The permission registry: every permission string the product checks, with
 * the text the role editor shows and the permissions it depends on. Procedures
 * declare one of these (`permissionProcedure('jobs.create')`) and the UI hides
 * controls with the same strings. Adding a string here is the only way to add
 * a permission; TypeScript rejects unknown ones.
 */
type PermissionSpec = { description: string; dependsOn?: readonly string[] }

export const permissionRegistry = {
  'org.read': { description: 'See the organization name, plan and region' },
  'org.update': { description: 'Rename the organization and change its settings', dependsOn: ['org.read'] },
  // Needs the exports too: whoever ends the contract must be able to take the data back first.
  'org.delete': { description: 'Schedule or cancel the organization’s deletion at the end of the contract', dependsOn: ['org.read', 'privacy_requests.manage'] },

  'jobs.read': { description: 'See jobs, descriptions, rubrics and pipelines' },
  'jobs.create': { description: 'Create jobs', dependsOn: ['jobs.read'] },
  'jobs.update': { description: 'Edit jobs, rubrics and pipeline stages', dependsOn: ['jobs.read'] },
  'jobs.delete': { description: 'Archive or delete jobs', dependsOn: ['jobs.read'] },

  'candidates.read': { description: 'See candidates and their applications' },
  'candidates.create': { description: 'Add candidates and upload CVs', dependsOn: ['candidates.read'] },
  'candidates.update': { description: 'Edit candidate profiles and move applications', dependsOn: ['candidates.read'] },
  'candidates.delete': { description: 'Delete candidates', dependsOn: ['candidates.read'] },

  'interviews.read': { description: 'See interviews and their participants' },
  'interviews.create': { description: 'Schedule interviews', dependsOn: ['interviews.read'] },
  'interviews.update': { description: 'Edit interviews and participants', dependsOn: ['interviews.read'] },

  'recordings.read': { description: 'Play interview recordings', dependsOn: ['interviews.read'] },
  'recordings.upload': { description: 'Upload recordings and import transcripts', dependsOn: ['recordings.read'] },
  'recordings.delete': { description: 'Delete recordings', dependsOn: ['recordings.read'] },

  'transcripts.read': { description: 'Read transcripts', dependsOn: ['interviews.read'] },
  'transcripts.update': { description: 'Rename speakers and correct transcripts', dependsOn: ['transcripts.read'] },

  'analyses.read': { description: 'See AI analyses, scores and evidence', dependsOn: ['transcripts.read'] },
  'analyses.run': { description: 'Start AI analyses', dependsOn: ['analyses.read'] },

  'scorecards.read': { description: 'See scorecards of all interviewers', dependsOn: ['interviews.read'] },
  'scorecards.write': { description: 'Submit own scorecards', dependsOn: ['interviews.read'] },

  'decisions.read': { description: 'See hiring decisions and their reasons', dependsOn: ['candidates.read'] },
  'decisions.make': { description: 'Advance, reject or hire candidates', dependsOn: ['decisions.read'] },

  'members.read': { description: 'See the members of the organization' },
  'members.invite': { description: 'Invite people by email', dependsOn: ['members.read', 'roles.read'] },
  'members.manage': { description: 'Change roles, overrides and suspend members', dependsOn: ['members.read', 'roles.read'] },

  'roles.read': { description: 'See role profiles and their permissions' },
  'roles.manage': { description: 'Create, edit and delete role profiles', dependsOn: ['roles.read'] },

  'audit.read': { description: 'Search and read the audit log' },
  'audit.export': { description: 'Export the audit log', dependsOn: ['audit.read'] },

  'sso.manage': { description: 'Configure SAML single sign-on and verified domains' },
  'scim.manage': { description: 'Manage SCIM provisioning tokens' },
  'support_access.manage': { description: 'Grant, approve and revoke support staff access' },
  'ip_allowlist.manage': { description: 'Edit the IP allowlists' },
  'retention.manage': { description: 'Edit retention rules and run them', dependsOn: ['retention.read'] },
  'retention.read': { description: 'See retention rules and their runs' },
  'privacy_requests.manage': { description: 'Handle data-subject requests and exports' },
  'billing.manage': { description: 'Change the plan and payment details' },
  'trust_center.manage': { description: 'Respond to sub-processor notices for the organization' },
} as const satisfies Record<string, PermissionSpec>

export type Permission = keyof typeof permissionRegistry
export const allPermissions = Object.keys(permissionRegistry) as Permission[]

export function isPermission(value: string): value is Permission {
  return Object.hasOwn(permissionRegistry, value)
}

/** Permissions in `granted` whose dependencies are not also granted. */
export function missingDependencies(granted: Iterable<string>): { permission: Permission; missing: Permission[] }[] {
  const set = new Set(granted)
  const problems: { permission: Permission; missing: Permission[] }[] = []
  for (const permission of allPermissions) {
    if (!set.has(permission)) continue
    const spec: PermissionSpec = permissionRegistry[permission]
    const missing = (spec.dependsOn ?? []).filter((dep) => !set.has(dep)) as Permission[]
    if (missing.length) problems.push({ permission, missing })
  }
  return problems
}
