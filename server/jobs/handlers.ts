import type { Env } from '../env'
import type { BlobStore } from '../storage'
import type { JobHandlers } from './worker'
import { transcribeRecordingHandler, transcriptionJobKind } from '../services/interviews/transcription-job'
import { analysisJobKind, analyzeInterviewHandler } from '../services/interviews/analysis-job'
import { cvJobKind, parseCvHandler } from '../services/candidates/cv'
import { applyRetentionHandler, retentionJobKind } from '../services/retention/rules'
import { orgDeletionJobKind } from '../services/org-deletion/schedule'
import { deleteOrganizationHandler } from '../services/org-deletion/purge'
import { accountDeletionJobKind, deleteUserAccountHandler } from '../services/accounts/account-deletion'
import { emailJobKind, sendEmailHandler } from '../services/mail/delivery'

/** Every kind of background job the product runs, and its handler. */
export function createJobHandlers(deps: { env: Env; blobs: BlobStore }): JobHandlers {
  return {
    [transcriptionJobKind]: transcribeRecordingHandler(deps),
    [analysisJobKind]: analyzeInterviewHandler(deps),
    [cvJobKind]: parseCvHandler(deps),
    [retentionJobKind]: applyRetentionHandler(deps),
    [orgDeletionJobKind]: deleteOrganizationHandler(deps),
    [accountDeletionJobKind]: deleteUserAccountHandler(deps),
    [emailJobKind]: sendEmailHandler(deps),
  }
}
