import { z } from 'zod'

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2027-01-31')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'Not a real date')

const key = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'Use 2 to 40 lower-case letters, digits and dashes, e.g. acme-mail')
const text = (label: string, max = 300) =>
  z.string().trim().min(3, `${label} needs at least 3 characters`).max(max, `${label} is limited to ${max} characters`)
const optionalText = (label: string) =>
  text(label)
    .optional()
    .or(z.literal('').transform(() => undefined))

const common = {
  key,
  summary: text('Summary', 600),
  effectiveAt: isoDate,
}

/** One form, three kinds of change; the fields each kind needs are required for it. */
export const announceSubprocessorChangeInput = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('added'),
    ...common,
    name: text('Name', 120),
    entity: text('Legal entity'),
    purpose: text('Purpose'),
    dataShared: text('Data shared'),
    location: text('Location'),
    safeguard: text('Transfer safeguard'),
    optional: z.boolean().default(false),
    website: z.string().trim().url('Enter the provider’s https:// address').startsWith('https://', 'Use an https:// address').max(300),
  }),
  z.object({ type: z.literal('removed'), ...common }),
  z.object({
    type: z.literal('changed'),
    ...common,
    entity: optionalText('Legal entity'),
    purpose: optionalText('Purpose'),
    dataShared: optionalText('Data shared'),
    location: optionalText('Location'),
    safeguard: optionalText('Transfer safeguard'),
  }),
])
