import type { Prisma } from '@prisma/client'
import type { BlobStore } from '../../storage'
import { videoTranscriptionJobKey } from '../video-interviews/job-keys'

/**
 * Erases a candidate: every row about them (the candidate, applications,
 * decisions, interviews, recordings, video answers, transcripts, analyses, scorecards, CVs,
 * participants — by cascade), the background jobs that point at their files,
 * the organization's emails to their address (consent requests, updates on
 * their requests: delivered or not, they hold the address and links), and,
 * after the transaction commits, the stored files themselves.
 *
 * What stays, by design: audit events name the candidate only by opaque id
 * (never name, email, phone or content), and the log is append-only and
 * hash-chained; with every row behind the id gone, the id identifies nobody.
 * Returns what to delete from storage and the counts for the proof.
 */
export async function eraseCandidateRows(tx: Prisma.TransactionClient, orgId: string, candidateId: string) {
  const candidate = await tx.candidate.findFirstOrThrow({
    where: { id: candidateId, orgId },
    include: {
      documents: { select: { id: true, storageKey: true } },
      applications: {
        select: {
          id: true,
          interviews: {
            select: {
              id: true,
              recording: { select: { id: true, storageKey: true } },
              videoInterview: { select: { takes: { select: { storageKey: true } } } },
            },
          },
        },
      },
    },
  })
  const interviews = candidate.applications.flatMap((a) => a.interviews)
  const recordings = interviews.flatMap((i) => (i.recording ? [i.recording] : []))
  const videoAnswers = interviews.flatMap((i) => i.videoInterview?.takes ?? [])
  const jobKeys = [
    ...recordings.map((r) => `transcribe:${r.id}`),
    ...interviews.map((i) => videoTranscriptionJobKey(i.id)),
    ...candidate.documents.map((d) => `parse-cv:${d.id}`),
  ]
  const interviewIds = interviews.map((i) => i.id)
  const counts = {
    applications: candidate.applications.length,
    interviews: interviews.length,
    recordings: recordings.length,
    videoAnswers: videoAnswers.length,
    cvs: candidate.documents.length,
    transcripts: await tx.transcript.count({ where: { interviewId: { in: interviewIds } } }),
    analyses: await tx.analysis.count({ where: { interviewId: { in: interviewIds } } }),
    scorecards: await tx.scorecard.count({ where: { interviewId: { in: interviewIds } } }),
    decisions: await tx.applicationDecision.count({ where: { applicationId: { in: candidate.applications.map((a) => a.id) } } }),
  }
  await tx.backgroundJob.deleteMany({
    where: { OR: [{ key: { in: jobKeys } }, ...interviewIds.map((id) => ({ key: { startsWith: `analyze:${id}:` } }))] },
  })
  // A send-email job whose row is gone has nothing to send.
  const emails = candidate.email ? await tx.outboxEmail.deleteMany({ where: { orgId, to: candidate.email } }) : { count: 0 }
  await tx.candidate.delete({ where: { id: candidate.id } })
  return {
    counts: { ...counts, emails: emails.count },
    storageKeys: [...recordings.map((r) => r.storageKey), ...videoAnswers.map((t) => t.storageKey), ...candidate.documents.map((d) => d.storageKey)],
  }
}

/** Deletes the files after the rows are gone; returns how many were removed. */
export async function eraseFiles(blobs: BlobStore, storageKeys: string[]) {
  for (const key of storageKeys) await blobs.delete(key)
  return storageKeys.length
}
