import { z } from 'zod'
import { formFlag as flag } from '../form-flag.schema'

const optionalText = (max: number) =>
  z
    .string()
    .max(max, `At most ${max} characters`)
    .optional()
    .transform((v) => (v && v.trim() ? v : undefined))

export const saveSsoConnectionInput = z.object({
  preset: z.enum(['entra', 'google', 'custom']),
  metadataXml: optionalText(512 * 1024),
  idpEntityId: optionalText(1024),
  idpSsoUrl: optionalText(2048),
  certificate: optionalText(16 * 1024),
  defaultRoleId: z.string().min(1, 'Choose a role').max(40),
  jitProvisioning: flag.default(false),
  allowIdpInitiated: flag.default(false),
  attributeMapping: z
    .object({ email: optionalText(512), firstName: optionalText(512), lastName: optionalText(512), displayName: optionalText(512) })
    .optional(),
})

export const setSsoEnabledInput = z.object({ enabled: flag })

export const startSsoInput = z
  .object({
    email: z.string().trim().max(254).email('Enter your work email address').optional(),
    orgId: z.string().min(1).max(40).optional(),
    redirectTo: z.string().max(2048).optional(),
  })
  .refine((v) => Boolean(v.email) !== Boolean(v.orgId), { message: 'Enter your work email address', path: ['email'] })

export const consumeSsoInput = z.object({
  orgId: z.string().min(1).max(40),
  samlResponse: z.string().min(1, 'The identity provider sent no SAMLResponse').max(400_000, 'The SAMLResponse is too large'),
})
