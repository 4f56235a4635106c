import { z } from 'zod'

export const beginAccountExportInput = z.object({ format: z.enum(['json', 'csv']) })
