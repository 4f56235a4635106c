import { z } from 'zod'

export const addDomainInput = z.object({ domain: z.string().trim().min(1, 'Enter a domain, such as example.com').max(253, 'Too long') })
export const domainIdInput = z.object({ domainId: z.string().min(1).max(40) })
