import { z } from 'zod'

/** A yes/no from the API (boolean) or from an HTML form ("true"/"false", a checkbox's "on"/"off"). */
export const formFlag = z.union([z.boolean(), z.enum(['true', 'false', 'on', 'off']).transform((v) => v === 'true' || v === 'on')])
