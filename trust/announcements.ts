import { subprocessorChanges, subprocessorName } from './subprocessors'
import type { AnnouncedChange } from '../server/services/trust/subscriptions'

/** The announced sub-processor changes in the shape the notice and objection services take. */
export function announcedChanges(): AnnouncedChange[] {
  return subprocessorChanges.map((c) => ({
    id: c.id,
    subprocessorName: subprocessorName(c.subprocessor),
    type: c.type,
    summary: c.summary,
    announcedAt: c.announcedAt,
    effectiveAt: c.effectiveAt,
  }))
}
