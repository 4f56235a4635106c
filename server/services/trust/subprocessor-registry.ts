import type { Prisma } from '@prisma/client'
import type { Database } from '../../db'
import { AppError } from '../../errors'
import { recordPlatformEvent, type PlatformActor } from '../../audit/platform'
import { purgePublicPages } from '../../http/public-cache'
import {
  noticeDays,
  publishedRegistry,
  utcDay,
  withAnnouncements,
  type RevisableField,
  type StoredAnnouncement,
  type Subprocessor,
  type SubprocessorChangeType,
  type SubprocessorRegistry,
} from '../../../trust/subprocessors'
import { announcedChanges } from '../../../trust/announcements'
import { sendSubprocessorNotices } from './subscriptions'

/**
 * The sub-processor list as every page, feed, notice and objection sees it:
 * the published content (trust/subprocessors.ts) plus the changes platform
 * administrators announced since. Read from the database at most every
 * `cacheMs` per process; an announcement empties this process's cache at once.
 */
const cacheMs = 30_000
let cached: { registry: SubprocessorRegistry; loadedAt: number } | undefined

export async function loadSubprocessorRegistry(db: Database, now = Date.now()): Promise<SubprocessorRegistry> {
  if (cached && now - cached.loadedAt < cacheMs) return cached.registry
  const registry = await readRegistry(db)
  cached = { registry, loadedAt: now }
  return registry
}

async function readRegistry(db: Database) {
  const rows = await db.prisma.subprocessorAnnouncement.findMany({ orderBy: [{ announcedAt: 'asc' }, { id: 'asc' }] })
  return withAnnouncements(
    publishedRegistry,
    rows.map((r) => ({ ...r, type: r.type as SubprocessorChangeType })),
  )
}

/** After an announcement: this process shows it at once; others within `cacheMs` plus their page cache. */
export function forgetSubprocessorRegistry() {
  cached = undefined
  purgePublicPages()
}

export type AnnouncementInput =
  | ({ type: 'added'; key: string; summary: string; effectiveAt: string } & Omit<Subprocessor, 'id' | 'since' | 'until'>)
  | { type: 'removed'; key: string; summary: string; effectiveAt: string }
  | ({ type: 'changed'; key: string; summary: string; effectiveAt: string } & Partial<Pick<Subprocessor, RevisableField>>)

const isoDay = (date: Date) => date.toISOString().slice(0, 10)
const addDays = (date: string, days: number) => isoDay(new Date(utcDay(date) + days * 86_400_000))

/** The first effective date an announcement made on `now` may have. */
export const earliestEffectiveDate = (now: Date) => addDays(isoDay(now), noticeDays)

/**
 * Announces a change to the list, effective at least `noticeDays` after
 * today (DPA section 6: customers may object during that period). Recorded
 * in the platform audit trail; confirmed subscribers are emailed at once,
 * each with a receipt.
 */
export async function announceSubprocessorChange(
  db: Database,
  actor: PlatformActor,
  input: AnnouncementInput,
  appUrl: string,
  now = new Date(),
) {
  const announcedAt = isoDay(now)
  const earliest = earliestEffectiveDate(now)
  if (input.effectiveAt < earliest) {
    throw new AppError(
      'UNPROCESSABLE',
      `A change takes effect at least ${noticeDays} days after it is announced, so customers can object: choose ${earliest} or later.`,
      { effectiveAt: `Choose ${earliest} or later` },
    )
  }
  const registry = await readRegistry(db) // never a cached copy for a write
  const target = registry.subprocessors.find((s) => s.id === input.key)
  const pending = registry.changes.find((c) => c.subprocessor === input.key && utcDay(c.effectiveAt) > now.getTime())
  if (input.type === 'added' && target) {
    throw new AppError('CONFLICT', `A sub-processor with the id “${input.key}” already exists. Choose another id.`, { key: 'Already in use' })
  }
  if (input.type !== 'added') {
    if (!target) throw new AppError('NOT_FOUND', `There is no sub-processor with the id “${input.key}”.`, { key: 'Unknown sub-processor' })
    if (target.until) throw new AppError('UNPROCESSABLE', `${target.name} was already removed from the list on ${target.until}.`)
    if (pending) {
      throw new AppError('CONFLICT', `${target.name} already has an announced change taking effect on ${pending.effectiveAt}. Wait until it applies.`)
    }
  }
  const details = announcementDetails(input)
  if (input.type === 'changed' && Object.keys(details ?? {}).length === 0) {
    throw new AppError('BAD_REQUEST', 'Say what changes: fill in at least one of entity, purpose, data shared, location or safeguard.')
  }

  const id = await freeChangeId(db, `${input.effectiveAt.slice(0, 7)}-${input.key}-${input.type}`)
  const row = await db.prisma.$transaction(async (tx) => {
    const created = await tx.subprocessorAnnouncement.create({
      data: {
        id,
        type: input.type,
        subprocessorKey: input.key,
        summary: input.summary,
        details: details as Prisma.InputJsonValue | undefined,
        announcedAt,
        effectiveAt: input.effectiveAt,
        announcedById: actor.id,
      },
    })
    await recordPlatformEvent(tx, actor, {
      action: 'subprocessor.change_announced',
      target: { type: 'subprocessor_change', id },
      data: { type: input.type, subprocessor: input.key, summary: input.summary, announcedAt, effectiveAt: input.effectiveAt, details },
    })
    return created
  })
  forgetSubprocessorRegistry()
  const updated = await loadSubprocessorRegistry(db)
  // The hourly notice run would send it too; sending now tells subscribers the same day.
  const notified = await sendSubprocessorNotices(db, announcedChanges(updated).filter((c) => c.id === row.id), appUrl, now)
  return { id: row.id, announcedAt, effectiveAt: row.effectiveAt, notified }
}

function announcementDetails(input: AnnouncementInput): Record<string, unknown> | undefined {
  if (input.type === 'removed') return undefined
  const { type: _type, key: _key, summary: _summary, effectiveAt: _effectiveAt, ...fields } = input
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined && value !== ''))
}

async function freeChangeId(db: Database, base: string) {
  const taken = await db.prisma.subprocessorAnnouncement.findMany({ where: { id: { startsWith: base } }, select: { id: true } })
  const ids = new Set([...taken.map((t) => t.id), ...publishedRegistry.changes.map((c) => c.id)])
  if (!ids.has(base)) return base
  for (let n = 2; ; n++) if (!ids.has(`${base}-${n}`)) return `${base}-${n}`
}

export type { StoredAnnouncement }
