import { router } from './init'
import { signUpProcedure } from './routers/auth/sign-up'
import { signInProcedure } from './routers/auth/sign-in'
import { signOutProcedure } from './routers/auth/sign-out'
import { getMeProcedure } from './routers/me/get-me'
import { accountPrivacyProcedure } from './routers/account/account-privacy'
import { beginAccountExportProcedure } from './routers/account/begin-account-export'
import { renameAccountProcedure } from './routers/account/rename-account'
import { requestAccountDeletionProcedure } from './routers/account/request-account-deletion'
import { createOrgProcedure } from './routers/org/create-org'
import { switchOrgProcedure } from './routers/org/switch-org'
import { listMembersProcedure } from './routers/member/list-members'
import { listRolesProcedure } from './routers/role/list-roles'
import { getRoleProcedure } from './routers/role/get-role'
import { createRoleProcedure } from './routers/role/create-role'
import { updateRoleProcedure } from './routers/role/update-role'
import { deleteRoleProcedure } from './routers/role/delete-role'
import { permissionCatalogProcedure } from './routers/role/permission-catalog'
import { getMemberAccessProcedure } from './routers/member/get-member-access'
import { changeMemberRoleProcedure } from './routers/member/change-member-role'
import { suspendMemberProcedure } from './routers/member/suspend-member'
import { reactivateMemberProcedure } from './routers/member/reactivate-member'
import { setPermissionOverrideProcedure } from './routers/member/set-permission-override'
import { createJobProcedure } from './routers/job/create-job'
import { listJobsProcedure } from './routers/job/list-jobs'
import { getJobProcedure } from './routers/job/get-job'
import { setJobAssignmentProcedure } from './routers/job/set-job-assignment'
import { createCandidateProcedure } from './routers/candidate/create-candidate'
import { listCandidatesProcedure } from './routers/candidate/list-candidates'
import { candidateConsentProcedure } from './routers/consent/candidate-consent'
import { listDeliveryProblemsProcedure } from './routers/email/list-delivery-problems'
import { resendEmailProcedure } from './routers/email/resend-email'
import { getMeetingInboxProcedure } from './routers/meeting-inbox/get-meeting-inbox'
import { setMeetingInboxProcedure } from './routers/meeting-inbox/set-meeting-inbox'
import { getMeetingBotProcedure } from './routers/meeting-bot/get-meeting-bot'
import { sendMeetingBotProcedure } from './routers/meeting-bot/send-meeting-bot'
import { cancelMeetingBotProcedure } from './routers/meeting-bot/cancel-meeting-bot'
import { requestConsentProcedure } from './routers/consent/request-consent'
import { recordInPersonConsentProcedure } from './routers/consent/record-in-person-consent'
import { consentPageProcedure } from './routers/consent/consent-page'
import { answerConsentProcedure } from './routers/consent/answer-consent'
import { createVideoInterviewProcedure } from './routers/video-interview/create-video-interview'
import { draftVideoQuestionsProcedure } from './routers/video-interview/draft-video-questions'
import { getVideoInterviewProcedure } from './routers/video-interview/get-video-interview'
import { renewVideoInterviewLinkProcedure } from './routers/video-interview/renew-video-interview-link'
import { cancelVideoInterviewProcedure } from './routers/video-interview/cancel-video-interview'
import { videoAnswerProcedure } from './routers/video-interview/video-answer'
import { videoInterviewSetupProcedure } from './routers/video-interview/video-interview-setup'
import { candidateVideoPageProcedure } from './routers/video-interview/candidate-video-page'
import { answerVideoConsentProcedure } from './routers/video-interview/answer-video-consent'
import { recordVideoTakeProcedure } from './routers/video-interview/record-video-take'
import { submitVideoInterviewProcedure } from './routers/video-interview/submit-video-interview'
import { candidateVideoTakeProcedure } from './routers/video-interview/candidate-video-take'
import { getCandidateProcedure } from './routers/candidate/get-candidate'
import { listAuditEventsProcedure } from './routers/audit/list-audit-events'
import { getAuditEventProcedure } from './routers/audit/get-audit-event'
import { verifyAuditChainProcedure } from './routers/audit/verify-audit-chain'
import { beginAuditExportProcedure } from './routers/audit/begin-audit-export'
import { listOpenNoticesProcedure } from './routers/trust/list-open-notices'
import { listMySessionsProcedure } from './routers/session/list-my-sessions'
import { revokeMySessionProcedure } from './routers/session/revoke-my-session'
import { endMemberSessionsProcedure } from './routers/session/end-member-sessions'
import { fileObjectionProcedure } from './routers/trust/file-objection'
import { subscribeProcedure } from './routers/trust/subscribe'
import { getPendingSubscriptionProcedure } from './routers/trust/get-pending-subscription'
import { confirmSubscriptionProcedure } from './routers/trust/confirm-subscription'
import { unsubscribeProcedure } from './routers/trust/unsubscribe'
import { requestDocumentProcedure } from './routers/trust/request-document'
import { describeDownloadProcedure } from './routers/trust/describe-download'
import { downloadDocumentProcedure } from './routers/trust/download-document'
import { listSupportAccessProcedure } from './routers/support-access/list-support-access'
import { grantSupportAccessProcedure } from './routers/support-access/grant-support-access'
import { decideSupportRequestProcedure } from './routers/support-access/decide-support-request'
import { revokeSupportAccessProcedure } from './routers/support-access/revoke-support-access'
import { requestSupportAccessProcedure } from './routers/support-access/request-support-access'
import { listMySupportGrantsProcedure } from './routers/support-access/list-my-support-grants'
import { getAllowlistProcedure } from './routers/ip-allowlist/get-allowlist'
import { replaceAllowlistProcedure } from './routers/ip-allowlist/replace-allowlist'
import { listSubprocessorsProcedure } from './routers/platform/list-subprocessors'
import { announceSubprocessorChangeProcedure } from './routers/platform/announce-subprocessor-change'
import { listDocumentRequestsProcedure } from './routers/platform/list-document-requests'
import { decideDocumentRequestProcedure } from './routers/platform/decide-document-request'
import { listOrganizationsProcedure } from './routers/platform/list-organizations'
import { setPlanProcedure } from './routers/platform/set-plan'
import { getBillingProcedure } from './routers/billing/get-billing'
import { startCheckoutProcedure } from './routers/billing/start-checkout'
import { openPortalProcedure } from './routers/billing/open-portal'
import { createInvitationProcedure } from './routers/invitation/create-invitation'
import { listInvitationsProcedure } from './routers/invitation/list-invitations'
import { revokeInvitationProcedure } from './routers/invitation/revoke-invitation'
import { getInvitationProcedure } from './routers/invitation/get-invitation'
import { acceptInvitationProcedure } from './routers/invitation/accept-invitation'
import { completeSignInProcedure } from './routers/auth/complete-sign-in'
import { getTwoFactorStatusProcedure } from './routers/two-factor/get-two-factor-status'
import { beginTwoFactorEnrolmentProcedure } from './routers/two-factor/begin-two-factor-enrolment'
import { confirmTwoFactorEnrolmentProcedure } from './routers/two-factor/confirm-two-factor-enrolment'
import { regenerateRecoveryCodesProcedure } from './routers/two-factor/regenerate-recovery-codes'
import { disableTwoFactorProcedure } from './routers/two-factor/disable-two-factor'
import { getSecuritySettingsProcedure } from './routers/org/get-security-settings'
import { setRequireTwoFactorProcedure } from './routers/org/set-require-two-factor'
import { setEnforceSsoProcedure } from './routers/org/set-enforce-sso'
import { listScimTokensProcedure } from './routers/scim/list-scim-tokens'
import { createScimTokenProcedure } from './routers/scim/create-scim-token'
import { revokeScimTokenProcedure } from './routers/scim/revoke-scim-token'
import { mapScimGroupProcedure } from './routers/scim/map-scim-group'
import { getJobPipelineProcedure } from './routers/job/get-job-pipeline'
import { setRubricProcedure } from './routers/job/set-rubric'
import { decideApplicationProcedure } from './routers/application/decide-application'
import { applicationHistoryProcedure } from './routers/application/application-history'
import { createInterviewProcedure } from './routers/interview/create-interview'
import { getInterviewProcedure } from './routers/interview/get-interview'
import { listJobInterviewsProcedure } from './routers/interview/list-job-interviews'
import { importTranscriptProcedure } from './routers/interview/import-transcript'
import { renameSpeakerProcedure } from './routers/interview/rename-speaker'
import { runAnalysisProcedure } from './routers/interview/run-analysis'
import { latestAnalysisProcedure } from './routers/interview/latest-analysis'
import { submitScorecardProcedure } from './routers/interview/submit-scorecard'
import { listScorecardsProcedure } from './routers/interview/list-scorecards'
import { setStagesProcedure } from './routers/job/set-stages'
import { setJobScreeningProcedure } from './routers/job/set-job-screening'
import { setOrgScreeningProcedure } from './routers/org/set-org-screening'
import { getOrgScreeningProcedure } from './routers/org/get-org-screening'
import { scheduleOrgDeletionProcedure } from './routers/org/schedule-org-deletion'
import { cancelOrgDeletionProcedure } from './routers/org/cancel-org-deletion'
import { getOrgDeletionProcedure } from './routers/org/get-org-deletion'
import { uploadCvProcedure } from './routers/candidate/upload-cv'
import { listCvsProcedure } from './routers/candidate/list-cvs'
import { setParticipantProcedure } from './routers/interview/set-participant'
import { listParticipantsProcedure } from './routers/interview/list-participants'
import { listPrivacyRequestsProcedure } from './routers/privacy/list-privacy-requests'
import { createPrivacyRequestProcedure } from './routers/privacy/create-privacy-request'
import { completePrivacyRequestProcedure } from './routers/privacy/complete-privacy-request'
import { rejectPrivacyRequestProcedure } from './routers/privacy/reject-privacy-request'
import { privacyExportProcedure } from './routers/privacy/privacy-export'
import { liftRestrictionProcedure } from './routers/privacy/lift-restriction'
import { beginOrgExportProcedure } from './routers/privacy/begin-org-export'
import { listRetentionProcedure } from './routers/retention/list-retention'
import { previewRetentionProcedure } from './routers/retention/preview-retention'
import { createRetentionRuleProcedure } from './routers/retention/create-retention-rule'
import { setRetentionRuleEnabledProcedure } from './routers/retention/set-retention-rule-enabled'
import { deleteRetentionRuleProcedure } from './routers/retention/delete-retention-rule'
import { runRetentionProcedure } from './routers/retention/run-retention'
import { uploadRecordingProcedure } from './routers/interview/upload-recording'
import { deleteRecordingProcedure } from './routers/interview/delete-recording'
import { getRecordingProcedure } from './routers/interview/get-recording'
import { interviewProgressProcedure } from './routers/interview/interview-progress'
import { retryTranscriptionProcedure } from './routers/interview/retry-transcription'
import { transcriptionEnginesProcedure } from './routers/interview/transcription-engines'
import { getSsoConnectionProcedure } from './routers/sso/get-sso-connection'
import { saveSsoConnectionProcedure } from './routers/sso/save-sso-connection'
import { setSsoEnabledProcedure } from './routers/sso/set-sso-enabled'
import { deleteSsoConnectionProcedure } from './routers/sso/delete-sso-connection'
import { startSsoTestProcedure } from './routers/sso/start-sso-test'
import { startSsoProcedure } from './routers/sso/start-sso'
import { consumeSsoResponseProcedure } from './routers/sso/consume-sso-response'
import { getSsoMetadataProcedure } from './routers/sso/get-sso-metadata'
import { addDomainProcedure } from './routers/domain/add-domain'
import { verifyDomainProcedure } from './routers/domain/verify-domain'
import { removeDomainProcedure } from './routers/domain/remove-domain'

/** The whole API as a plain nested map; one procedure per file under routers/. */
export const appRouter = router({
  auth: { signUp: signUpProcedure, signIn: signInProcedure, completeSignIn: completeSignInProcedure, signOut: signOutProcedure },
  twoFactor: {
    status: getTwoFactorStatusProcedure,
    beginEnrolment: beginTwoFactorEnrolmentProcedure,
    confirmEnrolment: confirmTwoFactorEnrolmentProcedure,
    regenerateRecoveryCodes: regenerateRecoveryCodesProcedure,
    disable: disableTwoFactorProcedure,
  },
  me: { get: getMeProcedure },
  account: {
    privacy: accountPrivacyProcedure,
    beginExport: beginAccountExportProcedure,
    rename: renameAccountProcedure,
    requestDeletion: requestAccountDeletionProcedure,
  },
  session: { listMine: listMySessionsProcedure, revokeMine: revokeMySessionProcedure, endAllOfMember: endMemberSessionsProcedure },
  org: {
    create: createOrgProcedure,
    switch: switchOrgProcedure,
    securitySettings: getSecuritySettingsProcedure,
    setRequireTwoFactor: setRequireTwoFactorProcedure,
    setEnforceSso: setEnforceSsoProcedure,
    screening: getOrgScreeningProcedure,
    setScreening: setOrgScreeningProcedure,
    deletion: getOrgDeletionProcedure,
    scheduleDeletion: scheduleOrgDeletionProcedure,
    cancelDeletion: cancelOrgDeletionProcedure,
  },
  member: {
    list: listMembersProcedure,
    getAccess: getMemberAccessProcedure,
    changeRole: changeMemberRoleProcedure,
    setOverride: setPermissionOverrideProcedure,
    suspend: suspendMemberProcedure,
    reactivate: reactivateMemberProcedure,
  },
  role: {
    list: listRolesProcedure,
    get: getRoleProcedure,
    create: createRoleProcedure,
    update: updateRoleProcedure,
    delete: deleteRoleProcedure,
    permissionCatalog: permissionCatalogProcedure,
  },
  job: {
    list: listJobsProcedure,
    get: getJobProcedure,
    create: createJobProcedure,
    setAssignment: setJobAssignmentProcedure,
    pipeline: getJobPipelineProcedure,
    setRubric: setRubricProcedure,
    setScreening: setJobScreeningProcedure,
    setStages: setStagesProcedure,
  },
  application: { decide: decideApplicationProcedure, history: applicationHistoryProcedure },
  interview: {
    create: createInterviewProcedure,
    get: getInterviewProcedure,
    listForJob: listJobInterviewsProcedure,
    importTranscript: importTranscriptProcedure,
    renameSpeaker: renameSpeakerProcedure,
    runAnalysis: runAnalysisProcedure,
    latestAnalysis: latestAnalysisProcedure,
    submitScorecard: submitScorecardProcedure,
    scorecards: listScorecardsProcedure,
    participants: listParticipantsProcedure,
    setParticipant: setParticipantProcedure,
    uploadRecording: uploadRecordingProcedure,
    deleteRecording: deleteRecordingProcedure,
    recording: getRecordingProcedure,
    progress: interviewProgressProcedure,
    retryTranscription: retryTranscriptionProcedure,
    transcriptionEngines: transcriptionEnginesProcedure,
  },
  videoInterview: {
    setup: videoInterviewSetupProcedure,
    create: createVideoInterviewProcedure,
    draftQuestions: draftVideoQuestionsProcedure,
    get: getVideoInterviewProcedure,
    renewLink: renewVideoInterviewLinkProcedure,
    cancel: cancelVideoInterviewProcedure,
    answer: videoAnswerProcedure,
    candidatePage: candidateVideoPageProcedure,
    answerConsent: answerVideoConsentProcedure,
    recordTake: recordVideoTakeProcedure,
    submit: submitVideoInterviewProcedure,
    candidateTake: candidateVideoTakeProcedure,
  },
  meetingInbox: {
    get: getMeetingInboxProcedure,
    set: setMeetingInboxProcedure,
  },
  meetingBot: { get: getMeetingBotProcedure, send: sendMeetingBotProcedure, cancel: cancelMeetingBotProcedure },
  email: { deliveryProblems: listDeliveryProblemsProcedure, resend: resendEmailProcedure },
  consent: {
    forCandidate: candidateConsentProcedure,
    request: requestConsentProcedure,
    recordInPerson: recordInPersonConsentProcedure,
    page: consentPageProcedure,
    answer: answerConsentProcedure,
  },
  candidate: {
    list: listCandidatesProcedure,
    get: getCandidateProcedure,
    create: createCandidateProcedure,
    uploadCv: uploadCvProcedure,
    cvs: listCvsProcedure,
  },
  retention: {
    list: listRetentionProcedure,
    preview: previewRetentionProcedure,
    createRule: createRetentionRuleProcedure,
    setEnabled: setRetentionRuleEnabledProcedure,
    deleteRule: deleteRetentionRuleProcedure,
    run: runRetentionProcedure,
  },
  privacy: {
    list: listPrivacyRequestsProcedure,
    create: createPrivacyRequestProcedure,
    complete: completePrivacyRequestProcedure,
    reject: rejectPrivacyRequestProcedure,
    export: privacyExportProcedure,
    liftRestriction: liftRestrictionProcedure,
    beginOrgExport: beginOrgExportProcedure,
  },
  audit: {
    list: listAuditEventsProcedure,
    get: getAuditEventProcedure,
    verify: verifyAuditChainProcedure,
    beginExport: beginAuditExportProcedure,
  },
  trust: {
    openNotices: listOpenNoticesProcedure,
    fileObjection: fileObjectionProcedure,
    subscribe: subscribeProcedure,
    pendingSubscription: getPendingSubscriptionProcedure,
    confirmSubscription: confirmSubscriptionProcedure,
    unsubscribe: unsubscribeProcedure,
    requestDocument: requestDocumentProcedure,
    describeDownload: describeDownloadProcedure,
    downloadDocument: downloadDocumentProcedure,
  },
  supportAccess: {
    list: listSupportAccessProcedure,
    grant: grantSupportAccessProcedure,
    decide: decideSupportRequestProcedure,
    revoke: revokeSupportAccessProcedure,
  },
  support: { requestAccess: requestSupportAccessProcedure, myGrants: listMySupportGrantsProcedure },
  ipAllowlist: { get: getAllowlistProcedure, replace: replaceAllowlistProcedure },
  sso: {
    get: getSsoConnectionProcedure,
    save: saveSsoConnectionProcedure,
    setEnabled: setSsoEnabledProcedure,
    delete: deleteSsoConnectionProcedure,
    startTest: startSsoTestProcedure,
    start: startSsoProcedure,
    consume: consumeSsoResponseProcedure,
    metadata: getSsoMetadataProcedure,
  },
  domain: { add: addDomainProcedure, verify: verifyDomainProcedure, remove: removeDomainProcedure },
  scim: {
    overview: listScimTokensProcedure,
    createToken: createScimTokenProcedure,
    revokeToken: revokeScimTokenProcedure,
    mapGroup: mapScimGroupProcedure,
  },
  platform: {
    subprocessors: listSubprocessorsProcedure,
    announceSubprocessorChange: announceSubprocessorChangeProcedure,
    documentRequests: listDocumentRequestsProcedure,
    decideDocumentRequest: decideDocumentRequestProcedure,
    organizations: listOrganizationsProcedure,
    setPlan: setPlanProcedure,
  },
  billing: { get: getBillingProcedure, startCheckout: startCheckoutProcedure, openPortal: openPortalProcedure },
  invitation: {
    create: createInvitationProcedure,
    list: listInvitationsProcedure,
    revoke: revokeInvitationProcedure,
    get: getInvitationProcedure,
    accept: acceptInvitationProcedure,
  },
})

export type AppRouter = typeof appRouter
