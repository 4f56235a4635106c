import { z } from 'zod'
import { formFlag as flag } from '../form-flag.schema'

export const setJobScreeningInput = z.object({ jobId: z.string().min(1).max(40), anonymised: flag })
export const setOrgScreeningInput = z.object({ anonymised: flag })
