import { z } from 'zod'
import { calendarDate } from '../calendar-date.schema'
import { auditActions } from '../../../audit/catalog'

const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v)
const optionalText = (max: number) => z.preprocess(blank, z.string().trim().max(max).optional())
const resources = [...new Set(auditActions.map((a) => a.split('.')[0]!))]

export const auditFiltersInput = z.object({
  action: z.preprocess(
    blank,
    z
      .string()
      .refine((a) => (auditActions as string[]).includes(a) || resources.some((r) => a === `${r}.*`), 'Unknown action')
      .optional(),
  ),
  actor: optionalText(254),
  targetType: z.preprocess(blank, z.string().regex(/^[a-z_]{1,40}$/, 'Unknown target type').optional()),
  // Matches the id of any target (a filter value, not a reference: no lookup, no NOT_FOUND).
  target: optionalText(128),
  from: z.preprocess(blank, calendarDate('Enter a date like 2026-01-31').optional()),
  to: z.preprocess(blank, calendarDate('Enter a date like 2026-01-31').optional()),
  q: optionalText(200),
})
