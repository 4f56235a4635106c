import type { IsoDate } from './types'

/** What we promise a reporter, rendered as a table on /trust/disclosure. */
export const disclosureRevision: IsoDate = '2026-11-20'

export const responseTimes: { step: string; target: string }[] = [
  { step: 'Acknowledge your report', target: '2 business days' },
  { step: 'Confirm whether the issue is valid and agree its severity with you', target: '5 business days' },
  { step: 'Status updates while we work on a fix', target: 'At least every 10 business days' },
  { step: 'Fix a critical issue', target: '7 days' },
  { step: 'Fix a high-severity issue', target: '30 days' },
  { step: 'Fix a medium- or low-severity issue', target: '90 days' },
]

/** Researchers who reported valid issues and agreed to be named. */
export const acknowledgements: { name: string; date: IsoDate; note: string }[] = []
