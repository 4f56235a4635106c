import { permissionProcedure } from '../../procedures'
import { listOpenNotices } from '../../../services/trust/objections'
import { loadSubprocessorRegistry } from '../../../services/trust/subprocessor-registry'
import { announcedChanges } from '../../../../trust/announcements'

/** Sub-processor changes still in their notice period, with this organization's objection if any. */
export const listOpenNoticesProcedure = permissionProcedure('trust_center.manage').query(async ({ ctx }) =>
  listOpenNotices(ctx.db, ctx.org.id, announcedChanges(await loadSubprocessorRegistry(ctx.db))),
)
