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
import {
  cancelMeetingBotHandler,
  deleteProviderCopyHandler,
  dispatchMeetingBotHandler,
  fetchMeetingRecordingHandler,
} from '../services/meeting-bot/jobs'
import { cancelBotJobKind, deleteProviderCopyJobKind, dispatchBotJobKind, fetchRecordingJobKind } from '../services/meeting-bot/state'
import { draftExpiryJobKind, videoTranscriptionJobKind } from '../services/video-interviews/job-keys'
import { transcribeVideoInterviewHandler } from '../services/video-interviews/transcription'
import { expireDraftAttemptsHandler } from '../services/video-interviews/draft-expiry'

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
    [dispatchBotJobKind]: dispatchMeetingBotHandler(deps),
    [fetchRecordingJobKind]: fetchMeetingRecordingHandler(deps),
    [cancelBotJobKind]: cancelMeetingBotHandler(deps),
    [deleteProviderCopyJobKind]: deleteProviderCopyHandler(deps),
    [videoTranscriptionJobKind]: transcribeVideoInterviewHandler(deps),
    [draftExpiryJobKind]: expireDraftAttemptsHandler(deps),
  }
}
