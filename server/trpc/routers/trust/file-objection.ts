import { permissionProcedure } from '../../procedures'
import { fileObjection } from '../../../services/trust/objections'
import { announcedChanges } from '../../../../trust/announcements'
import { loadSubprocessorRegistry } from '../../../services/trust/subprocessor-registry'
import { fileObjectionInput } from './file-objection.schema'

export const fileObjectionProcedure = permissionProcedure('trust_center.manage')
  .input(fileObjectionInput)
  .mutation(async ({ ctx, input }) => {
    const change = announcedChanges(await loadSubprocessorRegistry(ctx.db)).find((c) => c.id === input.change)
    const objection = await fileObjection(ctx.db, ctx.access, ctx.audit, { change, reason: input.reason })
    return { id: objection.id, changeId: objection.changeId }
  })
