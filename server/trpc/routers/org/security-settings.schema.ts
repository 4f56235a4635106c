import { z } from 'zod'
import { formFlag as flag } from '../form-flag.schema'

export const setRequireTwoFactorInput = z.object({ required: flag })
export const setEnforceSsoInput = z.object({ enforced: flag })
