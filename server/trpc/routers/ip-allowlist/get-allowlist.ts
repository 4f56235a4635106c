import { permissionProcedure } from '../../procedures'
import { listAllowlist } from '../../../services/ip-allowlist/ip-allowlist'

/** The list, the caller's own address (as the server sees it) and whether the plan allows it. */
export const getAllowlistProcedure = permissionProcedure('ip_allowlist.manage').query(async ({ ctx }) => ({
  entries: (await listAllowlist(ctx.db, ctx.org.id)).map((e) => ({ cidr: e.cidr, label: e.label })),
  yourAddress: ctx.meta.ip,
  available: ctx.org.plan === 'ENTERPRISE',
}))
