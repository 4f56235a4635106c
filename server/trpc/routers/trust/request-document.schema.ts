import { z } from 'zod'

export const requestDocumentInput = z.object({
  documentId: z.string().min(1, 'Choose a document').max(100),
  name: z.string().trim().min(2, 'Enter your name').max(120, 'Name is too long'),
  company: z.string().trim().min(2, 'Enter your company').max(160, 'Company is too long'),
  email: z.string().trim().max(254, 'Email is too long').email('Enter a valid work email address'),
  ndaAccepted: z.literal(true, { errorMap: () => ({ message: 'Accept the confidentiality terms to continue' }) }),
  /** The fingerprint of the NDA text the visitor was shown. */
  ndaSha256: z.string().regex(/^[0-9a-f]{64}$/, 'The NDA fingerprint is missing; reload the page'),
})

export const downloadTokenInput = z.object({ token: z.string().min(20, 'This link is incomplete').max(200) })
