import { describe, expect, it } from 'vitest'
import { allPermissions, missingDependencies, permissionRegistry } from '../../server/authz/permissions'
import { roleTemplates } from '../../server/authz/role-templates'

describe('permission registry', () => {
  it('names every permission resource.action and describes it', () => {
    for (const permission of allPermissions) {
      expect(permission).toMatch(/^[a-z_]+\.[a-z_]+$/)
      expect(permissionRegistry[permission].description.length).toBeGreaterThan(10)
    }
  })

  it('only depends on registered permissions, without cycles', () => {
    const deps = (p: string): readonly string[] =>
      (permissionRegistry as Record<string, { dependsOn?: readonly string[] }>)[p]?.dependsOn ?? []
    for (const permission of allPermissions) {
      for (const dep of deps(permission)) expect(allPermissions).toContain(dep)
      const seen = new Set<string>()
      const walk = (p: string) => {
        expect(seen.has(p), `cycle through ${p}`).toBe(false)
        seen.add(p)
        deps(p).forEach(walk)
        seen.delete(p)
      }
      walk(permission)
    }
  })

  it('reports missing dependencies', () => {
    expect(missingDependencies(['members.invite'])).toEqual([
      { permission: 'members.invite', missing: ['members.read', 'roles.read'] },
    ])
    expect(missingDependencies(['members.invite', 'members.read', 'roles.read'])).toEqual([])
  })

  it('ships built-in roles whose permissions satisfy their dependencies', () => {
    expect(roleTemplates.map((r) => r.name)).toEqual(['Owner', 'Admin', 'Recruiter', 'Hiring Manager', 'Interviewer', 'Viewer'])
    for (const role of roleTemplates) expect(missingDependencies(role.permissions), role.key).toEqual([])
  })
})
