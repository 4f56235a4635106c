import { subprocessorName, type SubprocessorRegistry } from './subprocessors'
import type { AnnouncedChange } from '../server/services/trust/subscriptions'

/** The announced sub-processor changes in the shape the notice and objection services take. */
export function announcedChanges(registry: SubprocessorRegistry): AnnouncedChange[] {
  return registry.changes.map((c) => ({
    id: c.id,
    subprocessorName: subprocessorName(registry, c.subprocessor),
    type: c.type,
    summary: c.summary,
    announcedAt: c.announcedAt,
    effectiveAt: c.effectiveAt,
  }))
}
