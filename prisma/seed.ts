import type { Database } from '../server/db'
import { hashPassword } from '../server/auth/password'
import { createOrganization } from '../server/services/orgs/orgs'
import { systemAuditContext } from '../server/audit/append'

import { demoPassword, demoPlatformAdmin, demoSupportStaff, demoUsers } from './demo-users'

export { demoPassword, demoPlatformAdmin, demoSupportStaff, demoUsers }

/**
 * Seeds the demo tenant a newcomer signs in to. Idempotent: does nothing when
 * the demo owner already exists.
 */

export async function seedDemo(db: Database): Promise<{ created: boolean }> {
  const owner = demoUsers[0]
  if (await db.prisma.user.findUnique({ where: { email: owner.email } })) return { created: false }
  const passwordHash = await hashPassword(demoPassword)
  await db.prisma.$transaction(async (tx) => {
    const users = []
    for (const demo of demoUsers) {
      users.push(await tx.user.create({ data: { email: demo.email, name: demo.name, passwordHash } }))
    }
    const acme = await createOrganization(tx, { name: 'Acme Talent (demo)', ownerId: users[0]!.id, audit: systemAuditContext('seed') })
    await tx.organization.update({ where: { id: acme.id }, data: { plan: 'ENTERPRISE' } })
    const roles = await tx.role.findMany({ where: { orgId: acme.id } })
    for (const [index, demo] of demoUsers.entries()) {
      if (index === 0) continue
      const role = roles.find((r) => r.key === demo.role)!
      await tx.membership.create({ data: { orgId: acme.id, userId: users[index]!.id, roleId: role.id } })
    }
    // A second tenant, so that switching organizations can be tried at once.
    await createOrganization(tx, { name: 'Globex Hiring (demo)', ownerId: users[0]!.id, audit: systemAuditContext('seed') })
    await tx.user.create({ data: { ...demoPlatformAdmin, passwordHash, isPlatformAdmin: true } })
    await tx.user.create({ data: { ...demoSupportStaff, passwordHash, isStaff: true } })
  })
  return { created: true }
}

export function demoCredentialsText(appUrl: string) {
  const width = Math.max(...demoUsers.map((u) => u.email.length))
  return [
    `Demo organization ready at ${appUrl}/sign-in — password for every user: ${demoPassword}`,
    ...demoUsers.map((u) => `  ${u.email.padEnd(width)}  ${u.role}`),
    `  ${demoPlatformAdmin.email.padEnd(width)}  platform administrator (/platform)`,
    `  ${demoSupportStaff.email.padEnd(width)}  support staff (no access until an admin grants it)`,
  ].join('\n')
}
