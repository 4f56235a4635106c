import { AppError } from '../errors'
import type { Access } from './access'
import { missingDependencies, type Permission, isPermission } from './permissions'

/**
 * Nobody hands out more than they hold: a role editor or member manager may
 * only put permissions they have themselves into a role or an override.
 */
export function assertCanDelegate(access: Access, permissions: readonly string[]) {
  const unknown = permissions.filter((p) => !isPermission(p))
  if (unknown.length) throw new AppError('UNPROCESSABLE', `Unknown permissions: ${unknown.join(', ')}`)
  const notHeld = (permissions as Permission[]).filter((p) => !access.permissions.has(p))
  if (notHeld.length) {
    throw new AppError('FORBIDDEN', `You cannot grant permissions you do not hold: ${notHeld.join(', ')}`)
  }
}

/** Saving a role whose permissions miss a dependency is refused, naming what to add. */
export function assertDependenciesMet(permissions: readonly string[]) {
  const problems = missingDependencies(permissions)
  if (problems.length) {
    const detail = problems.map((p) => `${p.permission} needs ${p.missing.join(', ')}`).join('; ')
    throw new AppError('UNPROCESSABLE', `Missing dependencies: ${detail}`, { permissions: detail })
  }
}
