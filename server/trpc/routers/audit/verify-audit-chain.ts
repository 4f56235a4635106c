import { permissionProcedure } from '../../procedures'
import { verifyAuditChain } from '../../../audit/verify'

/** Re-checks the whole chain now, and shows the newest signed checkpoint. */
export const verifyAuditChainProcedure = permissionProcedure('audit.read').query(async ({ ctx }) => {
  const [result, checkpoint] = await Promise.all([
    verifyAuditChain(ctx.db.prisma, ctx.org.id),
    ctx.db.prisma.auditCheckpoint.findFirst({ where: { orgId: ctx.org.id }, orderBy: { seq: 'desc' } }),
  ])
  return { result, checkpoint }
})
