import { permissionProcedure } from '../../procedures'
import { allPermissions, permissionRegistry } from '../../../authz/permissions'

/** The registry as the role editor shows it: grouped by resource, with dependencies. */
export const permissionCatalogProcedure = permissionProcedure('roles.read').query(() => {
  const groups = new Map<string, { permission: string; action: string; description: string; dependsOn: string[] }[]>()
  for (const permission of allPermissions) {
    const [resource, action] = permission.split('.') as [string, string]
    const spec: { description: string; dependsOn?: readonly string[] } = permissionRegistry[permission]
    const list = groups.get(resource) ?? []
    list.push({ permission, action, description: spec.description, dependsOn: [...(spec.dependsOn ?? [])] })
    groups.set(resource, list)
  }
  return [...groups].map(([resource, permissions]) => ({ resource, permissions }))
})
