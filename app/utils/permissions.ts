import { useRouteLoaderData } from '@remix-run/react'
import type { Permission } from '../../server/authz/permissions'

/**
 * The UI hides what the user cannot do, with the same permission strings the
 * server enforces (the server still checks every call).
 */
export function usePermissions() {
  const data = useRouteLoaderData<{ me: { permissions: string[] } }>('routes/app')
  const granted = new Set(data?.me.permissions ?? [])
  return { can: (permission: Permission) => granted.has(permission) }
}
