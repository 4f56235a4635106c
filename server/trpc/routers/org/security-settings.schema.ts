import { z } from 'zod'

/** HTML checkboxes send "on" or nothing; the API takes booleans. Both are accepted. */
const flag = z.union([z.boolean(), z.enum(['true', 'false', 'on', 'off']).transform((v) => v === 'true' || v === 'on')])

export const setRequireTwoFactorInput = z.object({ required: flag })
export const setEnforceSsoInput = z.object({ enforced: flag })
