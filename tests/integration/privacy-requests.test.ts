import fs from 'node:fs'
import path from 'node:path'
import crypto from 'node:crypto'
import { beforeEach, describe, expect, it } from 'vitest'
import { useTestDatabase } from '../setup/database'
import { callerAs, createMember, createOrgWithOwner, runQueuedJobs, testEnv } from '../factories'
import { candidateWithHistory, pdfWith, streamOf } from '../factories/recruiting'
import { expectTRPCError } from './expect-error'
import { orgExportCsv, orgExportJson } from '../../server/services/privacy/org-export'
import { encodeWav } from '../../server/transcription/wav'
import { everyRow } from '../support/every-row'

/**
 * Data-subject requests through the procedures on the real database and blob
 * store: each kind does what it says, is due in 30 days, is proven and
 * audited without personal data; erasure leaves nothing of the subject in any
 * table or in storage; bad or unauthorized requests change nothing.
 */
const db = await useTestDatabase()
beforeEach(() => db.prisma.backgroundJob.deleteMany({}))

function storedFiles() {
  const root = path.resolve(testEnv.STORAGE_DIR)
  if (!fs.existsSync(root)) return []
  return (fs.readdirSync(root, { recursive: true }) as string[]).map((f) => path.join(root, f)).filter((f) => fs.statSync(f).isFile())
}

describe('organization export', () => {
  it('streams everything of one organization, and nothing of another, as JSON and CSV; audited; needs the permission', async () => {
    const mine = await candidateWithHistory(db)
    const theirs = await candidateWithHistory(db)
    expect(await mine.caller.privacy.beginOrgExport({ format: 'json' })).toEqual({ orgId: mine.org.id, format: 'json' })
    let json = ''
    for await (const chunk of orgExportJson(db, mine.org.id)) json += chunk
    const data = JSON.parse(json)
    expect(data.format).toBe('hireproof-organization-export/1')
    expect(data.jobs[0].rubric[0].name).toBe('Forecasting')
    expect(data.candidates).toHaveLength(1)
    expect(data.candidates[0].candidate.email).toBe(mine.person.email)
    expect(data.candidates[0].applications[0].interviews[0].transcript[1].text).toContain(mine.marker)
    expect(json).not.toContain(theirs.marker)
    let csv = ''
    for await (const chunk of orgExportCsv(db, mine.org.id)) csv += chunk
    expect(csv.split('\r\n')[0]).toBe('record,section,item,field,value')
    expect(csv).toContain(mine.person.email)
    expect(csv).not.toContain(theirs.marker)
    expect(await db.prisma.auditEvent.count({ where: { orgId: mine.org.id, action: 'org.exported' } })).toBe(1)
    const recruiter = await createMember(db, mine.org.id, 'recruiter')
    await expectTRPCError((await callerAs(db, recruiter.id, mine.org.id)).caller.privacy.beginOrgExport({ format: 'csv' }), 'FORBIDDEN')
  })
})

describe('data-subject requests', () => {
  it('erasure removes every row and file about the candidate; only opaque ids stay in the append-only audit log', async () => {
    const { org, caller, candidate, person, marker } = await candidateWithHistory(db)
    const before = await everyRow(db)
    expect(before.some((r) => r.text.includes(marker))).toBe(true) // the search would find them
    const files = await db.prisma.$queryRawUnsafe<{ storageKey: string; sha256: string }[]>(
      `SELECT "storageKey", sha256 FROM "CandidateDocument" WHERE "candidateId" = $1
       UNION ALL SELECT r."storageKey", r.sha256 FROM "Recording" r JOIN "Interview" i ON i.id = r."interviewId" JOIN "Application" a ON a.id = i."applicationId" WHERE a."candidateId" = $1
       UNION ALL SELECT t."storageKey", t.sha256 FROM "VideoAnswerTake" t JOIN "VideoInterview" v ON v.id = t."videoInterviewId"
         JOIN "Interview" i ON i.id = v."interviewId" JOIN "Application" a ON a.id = i."applicationId" WHERE a."candidateId" = $1`,
      candidate.id,
    )
    // The CV, the recording, and the video interview's submitted answer and unsent take.
    expect(files).toHaveLength(4)

    const { id: requestId, dueAt } = await caller.privacy.create({ candidateId: candidate.id, kind: 'ERASURE', note: `Email from ${person.email}; identity checked by reply.` })
    expect(dueAt.getTime() - Date.now()).toBeGreaterThan(29.9 * 86_400_000)
    const { proof } = await caller.privacy.complete({ requestId })
    expect(proof).toMatchObject({
      rowsDeleted: { applications: 1, interviews: 2, recordings: 1, videoAnswers: 2, cvs: 1, transcripts: 1, analyses: 1, scorecards: 1, decisions: 1 },
      filesDeleted: 4,
    })

    const after = await everyRow(db)
    for (const identifier of [person.name, person.email, person.phone, marker, `${marker} Retail`]) {
      expect(after.filter((r) => r.text.includes(identifier)).map((r) => r.table), identifier).toEqual([])
    }
    expect([...new Set(after.filter((r) => r.text.includes(candidate.id)).map((r) => r.table))]).toEqual(['AuditEvent'])
    // No stored file holds their bytes any more.
    const remaining = storedFiles().map((f) => crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex'))
    for (const file of files) expect(remaining).not.toContain(file.sha256)
    const request = await db.prisma.privacyRequest.findUniqueOrThrow({ where: { id: requestId } })
    expect(request).toMatchObject({ status: 'COMPLETED', candidateId: null })
    expect(request.subjectRef).toMatch(/^[0-9a-f]{64}$/)
    const events = await db.prisma.auditEvent.findMany({ where: { orgId: org.id, action: { startsWith: 'privacy_request.' } } })
    expect(events.map((e) => e.action).sort()).toEqual(['privacy_request.completed', 'privacy_request.created'])
  })

  it('access and portability give everything as JSON and CSV; the proof holds the checksum of what was handed over', async () => {
    const { caller, candidate, person, marker } = await candidateWithHistory(db)
    const { id: requestId } = await caller.privacy.create({ candidateId: candidate.id, kind: 'ACCESS', note: '' })
    const pack = await caller.privacy.export({ requestId })
    const data = JSON.parse(pack.json)
    expect(data.candidate).toMatchObject({ name: person.name, email: person.email, phone: person.phone })
    expect(data.cvs[0].text).toContain(marker)
    expect(data.applications[0].interviews[0].transcript[1].text).toContain(marker)
    expect(data.applications[0].interviews[0].analyses).toHaveLength(1)
    expect(JSON.stringify(data)).not.toContain('[system]') // prompts are ours, not their data
    // The video interview: its question, and both takes (the submitted one and the unsent one) with their checksums.
    const video = data.applications[0].interviews[1].videoInterview
    expect(video.questions[0].question).toContain(marker)
    const takes = await db.prisma.videoAnswerTake.findMany({ where: { videoInterview: { interview: { application: { candidateId: candidate.id } } } } })
    expect(video.questions[0].takes.map((t: { sha256: string }) => t.sha256).sort()).toEqual(takes.map((t) => t.sha256).sort())
    expect(video.questions[0].takes.map((t: { status: string }) => t.status).sort()).toEqual(['DRAFT', 'SUBMITTED'])
    expect(pack.csv.split('\r\n')[0]).toBe('section,item,field,value')
    expect(pack.csv).toContain(person.email)
    expect(pack.csv).toContain(`video take,1.2.1.1,`)
    const { proof } = await caller.privacy.complete({ requestId })
    expect(proof).toEqual({ exportSha256: crypto.createHash('sha256').update(pack.json).digest('hex'), formats: ['json', 'csv'] })
    await expectTRPCError(caller.privacy.complete({ requestId }), 'CONFLICT')
  })

  it('rectification corrects the given fields only; without any it is refused and the request stays open', async () => {
    const { caller, candidate } = await candidateWithHistory(db)
    const { id: requestId } = await caller.privacy.create({ candidateId: candidate.id, kind: 'RECTIFICATION', note: 'New email' })
    await expectTRPCError(caller.privacy.complete({ requestId }), 'BAD_REQUEST')
    await expectTRPCError(caller.privacy.complete({ requestId, rectification: { email: 'not an email' } }), 'BAD_REQUEST')
    expect((await db.prisma.privacyRequest.findUniqueOrThrow({ where: { id: requestId } })).status).toBe('OPEN')
    await caller.privacy.complete({ requestId, rectification: { email: 'erin.new@example.test' }, notifyCandidate: true })
    expect(await db.prisma.candidate.findUniqueOrThrow({ where: { id: candidate.id } })).toMatchObject({ email: 'erin.new@example.test', location: 'Leeds' })
    // The confirmation goes to the corrected address.
    const confirmation = await db.prisma.outboxEmail.findFirstOrThrow({
      where: { to: 'erin.new@example.test', template: 'privacyRequestUpdate' },
    })
    expect(confirmation.subject).toContain('your privacy request is complete')
  })

  it.each(['RESTRICTION', 'OBJECTION', 'CONSENT_WITHDRAWAL'] as const)('%s stops recording, CV reading and AI analysis until lifted', async (kind) => {
    const { caller, candidate, interviewId } = await candidateWithHistory(db)
    await caller.interview.deleteRecording({ interviewId })
    const { id: requestId } = await caller.privacy.create({ candidateId: candidate.id, kind, note: '' })
    await caller.privacy.complete({ requestId })
    const refused = await expectTRPCError(caller.interview.runAnalysis({ interviewId }), 'UNPROCESSABLE_CONTENT')
    expect(refused.message).toMatch(/restricted/)
    await expectTRPCError(caller.interview.uploadRecording({ interviewId, fileName: 'a.wav', body: streamOf(encodeWav(new Int16Array(800), 16_000)) }), 'UNPROCESSABLE_CONTENT')
    await expectTRPCError(caller.candidate.uploadCv({ candidateId: candidate.id, fileName: 'cv.pdf', body: streamOf(await pdfWith(['x'])) }), 'UNPROCESSABLE_CONTENT')
    // Stored data stays.
    expect(await caller.interview.latestAnalysis({ interviewId })).not.toBeNull()
    await caller.privacy.liftRestriction({ candidateId: candidate.id })
    await expectTRPCError(caller.privacy.liftRestriction({ candidateId: candidate.id }), 'CONFLICT')
    await caller.interview.runAnalysis({ interviewId })
  })

  it('a restriction also stops work already queued or about to run for the candidate', async () => {
    const { caller, candidate, interviewId } = await candidateWithHistory(db)
    await caller.interview.runAnalysis({ interviewId })
    const { id: requestId } = await caller.privacy.create({ candidateId: candidate.id, kind: 'RESTRICTION', note: '' })
    const { proof } = await caller.privacy.complete({ requestId })
    expect(proof).toMatchObject({ processingRestricted: true, queuedJobsCancelled: 1 })
    expect(await runQueuedJobs(db)).toEqual([])
  })

  it('emails the candidate only when asked and when they have an address: received, completed, rejected; audited', async () => {
    const { org, owner } = await createOrgWithOwner(db)
    const { caller } = await callerAs(db, owner.id, org.id)
    const orgName = (await db.prisma.organization.findUniqueOrThrow({ where: { id: org.id } })).name
    const email = `kim.${crypto.randomBytes(3).toString('hex')}@example.test`
    const kim = await caller.candidate.create({ name: 'Kim', email, location: 'Leeds', country: 'GB' })
    const mails = () => db.prisma.outboxEmail.findMany({ where: { to: email }, orderBy: { createdAt: 'asc' } })

    const silent = await caller.privacy.create({ candidateId: kim.id, kind: 'ACCESS', note: '' })
    expect(silent.candidateEmailed).toBe(false)
    expect(await mails()).toHaveLength(0)

    const received = await caller.privacy.create({ candidateId: kim.id, kind: 'RESTRICTION', note: '', notifyCandidate: true })
    expect(received.candidateEmailed).toBe(true)
    const [first] = await mails()
    expect(first).toMatchObject({ template: 'privacyRequestUpdate', orgId: org.id, status: 'SENT' })
    expect(first!.subject).toBe(`${orgName}: we received your privacy request`)
    expect(first!.text).toContain(`It will answer by ${received.dueAt.toISOString().slice(0, 10)}.`)
    expect(first!.html).toContain('<html lang="en">')

    expect((await caller.privacy.complete({ requestId: received.id, notifyCandidate: true })).candidateEmailed).toBe(true)
    expect((await mails())[1]!.text).toContain('has stopped recording, transcribing and analysing your interviews')
    const reason = 'We could not verify who asked.'
    const rejected = await caller.privacy.reject({ requestId: silent.id, reason, notifyCandidate: 'on' })
    expect(rejected.candidateEmailed).toBe(true)
    const rejection = (await mails())[2]!
    expect(rejection.subject).toBe(`${orgName}: your privacy request was declined`)
    expect(rejection.text).toContain('Reason: We could not verify who asked.')

    const events = await db.prisma.auditEvent.findMany({
      where: { orgId: org.id, action: { startsWith: 'privacy_request.' } },
      orderBy: { seq: 'asc' },
    })
    expect(events.map((e) => [e.action, (e.metadata as { candidateEmailed?: boolean }).candidateEmailed])).toEqual([
      ['privacy_request.created', false],
      ['privacy_request.created', true],
      ['privacy_request.completed', true],
      ['privacy_request.rejected', true],
    ])
    expect(JSON.stringify(events.map((e) => e.metadata))).not.toContain(email)

    // In Turkish for a candidate in Türkiye; nobody to email without an address.
    const ayseEmail = `ayse.${crypto.randomBytes(3).toString('hex')}@example.test`
    const ayse = await caller.candidate.create({ name: 'Ayşe', email: ayseEmail, country: 'TR' })
    await caller.privacy.create({ candidateId: ayse.id, kind: 'ACCESS', note: '', notifyCandidate: true })
    const turkish = await db.prisma.outboxEmail.findFirstOrThrow({ where: { to: ayseEmail, template: 'privacyRequestUpdate' } })
    expect(turkish.subject).toContain('başvurunuz alındı')
    expect(turkish.html).toContain('<html lang="tr">')
    const noEmail = await caller.candidate.create({ name: 'No Email' })
    const unreachable = await caller.privacy.create({ candidateId: noEmail.id, kind: 'ACCESS', note: '', notifyCandidate: true })
    expect(unreachable.candidateEmailed).toBe(false)
  })

  it('an erasure is never confirmed by email, and takes the organization’s earlier emails to the candidate with it', async () => {
    const { caller, candidate, person } = await candidateWithHistory(db)
    const erasure = { candidateId: candidate.id, kind: 'ERASURE' as const, note: '', notifyCandidate: true }
    const { id: requestId } = await caller.privacy.create(erasure)
    // The video interview's invitation and the receipt of this request.
    expect(await db.prisma.outboxEmail.count({ where: { to: person.email } })).toBe(2)
    const refused = await expectTRPCError(caller.privacy.complete({ requestId, notifyCandidate: true }), 'BAD_REQUEST')
    expect(refused.message).toMatch(/cannot be confirmed by email/)
    expect((await db.prisma.privacyRequest.findUniqueOrThrow({ where: { id: requestId } })).status).toBe('OPEN')
    const { proof } = await caller.privacy.complete({ requestId })
    expect(proof).toMatchObject({ rowsDeleted: { emails: 2 } })
    expect(await db.prisma.outboxEmail.count({ where: { to: person.email } })).toBe(0)
  })

  it('bad or unauthorized requests get a clear error and change nothing', async () => {
    const { org, caller, candidate } = await candidateWithHistory(db)
    await expectTRPCError(caller.privacy.create({ candidateId: candidate.id, kind: 'SELL_MY_DATA' as never, note: '' }), 'BAD_REQUEST')
    await expectTRPCError(caller.privacy.create({ candidateId: candidate.id, kind: 'ACCESS', note: '', receivedAt: new Date(Date.now() + 86_400_000) }), 'BAD_REQUEST')
    const recruiter = await createMember(db, org.id, 'recruiter')
    const { caller: noPermission } = await callerAs(db, recruiter.id, org.id)
    await expectTRPCError(noPermission.privacy.create({ candidateId: candidate.id, kind: 'ERASURE', note: '' }), 'FORBIDDEN')
    const other = await createOrgWithOwner(db)
    const { caller: outsider } = await callerAs(db, other.owner.id, other.org.id)
    await expectTRPCError(outsider.privacy.create({ candidateId: candidate.id, kind: 'ERASURE', note: '' }), 'NOT_FOUND')
    const { id: requestId } = await caller.privacy.create({ candidateId: candidate.id, kind: 'ERASURE', note: '' })
    await expectTRPCError(outsider.privacy.complete({ requestId }), 'NOT_FOUND')
    await expectTRPCError(caller.privacy.reject({ requestId, reason: 'short' }), 'BAD_REQUEST')
    expect(await db.prisma.candidate.count({ where: { id: candidate.id } })).toBe(1)
    await caller.privacy.reject({ requestId, reason: 'Could not verify the requester’s identity.' })
    await expectTRPCError(caller.privacy.complete({ requestId }), 'CONFLICT')
    expect(await db.prisma.candidate.count({ where: { id: candidate.id } })).toBe(1)
  })
})
