import { platformAdminProcedure } from '../../procedures'
import { earliestEffectiveDate, loadSubprocessorRegistry } from '../../../services/trust/subprocessor-registry'
import { subprocessorView } from '../../../../trust/subprocessors'

/** The list as the console shows it: who is current, what is announced, the first allowed effective date. */
export const listSubprocessorsProcedure = platformAdminProcedure.query(async ({ ctx }) => {
  const now = new Date()
  const registry = await loadSubprocessorRegistry(ctx.db)
  const view = subprocessorView(registry, now)
  return {
    current: view.current.map((s) => ({ id: s.id, name: s.name, location: s.location })),
    changes: view.changes.map((c) => ({ ...c, upcoming: view.upcoming.includes(c) })),
    names: Object.fromEntries(registry.subprocessors.map((s) => [s.id, s.name])),
    earliestEffectiveDate: earliestEffectiveDate(now),
  }
})
