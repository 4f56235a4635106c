import { allPermissions, type Permission } from './permissions'

/** Built-in role profiles every organization starts with; custom roles copy them. */
export type RoleTemplate = {
  key: string
  name: string
  description: string
  permissions: Permission[]
  /** Visibility settings (see Role in schema.prisma); unset means everything visible. */
  visibility?: { jobVisibility: 'ALL' | 'ASSIGNED'; seeCandidateContact: boolean; seeCompensation: boolean }
}

const read: Permission[] = [
  'org.read',
  'jobs.read',
  'candidates.read',
  'interviews.read',
  'recordings.read',
  'transcripts.read',
  'analyses.read',
  'scorecards.read',
  'decisions.read',
  'members.read',
  'roles.read',
]

/** The contract's matters: billing, and deleting the organization when the contract ends. */
const adminOnlyOwner: Permission[] = ['billing.manage', 'org.delete']

export const roleTemplates: RoleTemplate[] = [
  {
    key: 'owner',
    name: 'Owner',
    description: 'Everything, including billing. Every organization keeps at least one owner.',
    permissions: [...allPermissions],
  },
  {
    key: 'admin',
    name: 'Admin',
    description: 'Administers members, roles, security and data; everything but billing and deleting the organization.',
    permissions: allPermissions.filter((p) => !adminOnlyOwner.includes(p)),
  },
  {
    key: 'recruiter',
    name: 'Recruiter',
    description: 'Runs jobs, candidates and interviews end to end and makes decisions.',
    permissions: [
      ...read,
      'jobs.create',
      'jobs.update',
      'candidates.create',
      'candidates.update',
      'interviews.create',
      'interviews.update',
      'recordings.upload',
      'transcripts.update',
      'analyses.run',
      'scorecards.write',
      'decisions.make',
      'members.invite',
    ],
  },
  {
    key: 'hiring_manager',
    name: 'Hiring Manager',
    description: 'Reviews candidates for their jobs, writes scorecards and decides.',
    permissions: [...read, 'jobs.update', 'analyses.run', 'scorecards.write', 'decisions.make'],
    visibility: { jobVisibility: 'ASSIGNED', seeCandidateContact: true, seeCompensation: true },
  },
  {
    key: 'interviewer',
    name: 'Interviewer',
    description: 'Sees the jobs they are assigned to and submits scorecards; no contact details or pay.',
    permissions: ['org.read', 'jobs.read', 'candidates.read', 'interviews.read', 'transcripts.read', 'scorecards.write'],
    visibility: { jobVisibility: 'ASSIGNED', seeCandidateContact: false, seeCompensation: false },
  },
  {
    key: 'viewer',
    name: 'Viewer',
    description: 'Read-only access to jobs, candidates and interviews.',
    permissions: read,
  },
]
