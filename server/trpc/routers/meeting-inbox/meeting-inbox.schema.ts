import { z } from 'zod'
import { formFlag } from '../form-flag.schema'

export const setMeetingInboxInput = z.object({ enabled: formFlag })
