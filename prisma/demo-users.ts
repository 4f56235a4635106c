/** Who the demo tenant contains. Every demo user shares one password. */
export const demoPassword = 'hireproof-demo'

export const demoUsers = [
  { email: 'owner@demo.hireproof.test', name: 'Olivia Owner', role: 'owner' },
  { email: 'admin@demo.hireproof.test', name: 'Adam Admin', role: 'admin' },
  { email: 'recruiter@demo.hireproof.test', name: 'Rita Recruiter', role: 'recruiter' },
  { email: 'manager@demo.hireproof.test', name: 'Hank Hiring-Manager', role: 'hiring_manager' },
  { email: 'interviewer@demo.hireproof.test', name: 'Ines Interviewer', role: 'interviewer' },
  { email: 'viewer@demo.hireproof.test', name: 'Victor Viewer', role: 'viewer' },
] as const

/** The operator's platform administrator: the platform console, no tenant membership. */
export const demoPlatformAdmin = { email: 'ops@demo.hireproof.test', name: 'Paula Platform' } as const

/** Operator support staff: no tenant access until an organization's admin grants it. */
export const demoSupportStaff = { email: 'support@demo.hireproof.test', name: 'Sam Support' } as const
