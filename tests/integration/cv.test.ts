import { PDFDocument, StandardFonts } from 'pdf-lib'
import { beforeEach, describe, expect, it } from 'vitest'
import { useTestDatabase } from '../setup/database'
import { callerAs, createMember, createOrgWithOwner, runQueuedJobs } from '../factories'
import { expectTRPCError } from './expect-error'
import { buildDocx, buildZip } from '../support/docx'

/**
 * CVs through the procedures on the real database: recognised from their
 * bytes, stored, read into a structured profile by the background job, and
 * refused or reported clearly when they are not what they claim.
 */
const db = await useTestDatabase()
beforeEach(() => db.prisma.backgroundJob.deleteMany({}))

async function* streamOf(bytes: Uint8Array) {
  yield bytes
}

async function cvPdf() {
  const pdf = await PDFDocument.create()
  const font = await pdf.embedFont(StandardFonts.Helvetica)
  const page = pdf.addPage([595, 842])
  const lines = ['Jane Doe', 'jane.doe@example.com | +44 7700 900123', 'Skills', 'PostgreSQL, TypeScript, Kubernetes', 'Experience', 'Staff Engineer, Acme Corp 2019 - 2023']
  lines.forEach((line, i) => page.drawText(line, { x: 50, y: 780 - i * 24, size: 12, font }))
  return pdf.save()
}

async function setup() {
  const { org, owner } = await createOrgWithOwner(db)
  const { caller } = await callerAs(db, owner.id, org.id)
  const candidate = await caller.candidate.create({ name: 'Jane Doe', location: '' })
  return { org, owner, caller, candidateId: candidate.id }
}

describe('CVs', () => {
  it('reads a PDF CV into a profile in the background; audited without its contents', async () => {
    const { org, caller, candidateId } = await setup()
    const uploaded = await caller.candidate.uploadCv({ candidateId, fileName: 'jane.pdf', body: streamOf(await cvPdf()) })
    expect(uploaded.contentType).toBe('application/pdf')
    expect((await caller.candidate.cvs({ candidateId }))[0]).toMatchObject({ status: 'QUEUED', profile: null })
    expect(await runQueuedJobs(db)).toEqual([{ kind: 'parse-cv', outcome: 'succeeded' }])
    const [cv] = await caller.candidate.cvs({ candidateId })
    expect(cv).toMatchObject({ status: 'SUCCEEDED', parser: 'local-1', parseError: null })
    expect(cv!.profile).toMatchObject({ name: 'Jane Doe', email: 'jane.doe@example.com' })
    expect(cv!.profile!.skills).toEqual(expect.arrayContaining(['PostgreSQL', 'TypeScript', 'Kubernetes']))
    const events = await db.prisma.auditEvent.findMany({ where: { orgId: org.id, action: { in: ['candidate.cv_uploaded', 'candidate.cv_parsed'] } } })
    expect(events.map((e) => e.action).sort()).toEqual(['candidate.cv_parsed', 'candidate.cv_uploaded'])
    expect(JSON.stringify(events)).not.toContain('jane.doe@example.com')
  })

  it('roles that may not see contact details get the profile without them', async () => {
    const { org, caller, candidateId } = await setup()
    await caller.candidate.uploadCv({ candidateId, fileName: 'jane.pdf', body: streamOf(await cvPdf()) })
    await runQueuedJobs(db)
    const viewer = await createMember(db, org.id, 'viewer')
    const { roleId } = await db.prisma.membership.findUniqueOrThrow({ where: { orgId_userId: { orgId: org.id, userId: viewer.id } } })
    await db.prisma.role.update({ where: { id: roleId }, data: { seeCandidateContact: false } })
    const { caller: restricted } = await callerAs(db, viewer.id, org.id)
    const [cv] = await restricted.candidate.cvs({ candidateId })
    expect(cv!.profile).toMatchObject({ name: 'Jane Doe', email: null, phone: null, links: [] })
  })

  it('reads a DOCX CV', async () => {
    const { caller, candidateId } = await setup()
    const docx = buildDocx(['Jane Doe', 'jane.doe@example.com', 'Skills', 'Go, Rust'])
    await caller.candidate.uploadCv({ candidateId, fileName: 'jane.docx', body: streamOf(docx) })
    await runQueuedJobs(db)
    const [cv] = await caller.candidate.cvs({ candidateId })
    expect(cv!.contentType).toMatch(/wordprocessingml/)
    expect(cv!.profile).toMatchObject({ name: 'Jane Doe', skills: ['Go', 'Rust'] })
  })

  it('refuses files that are not PDF or DOCX by their bytes, and reports a ZIP that is not a Word document', async () => {
    const { caller, candidateId } = await setup()
    const error = await expectTRPCError(
      caller.candidate.uploadCv({ candidateId, fileName: 'cv.pdf', body: streamOf(new TextEncoder().encode('<html>not a pdf</html>')) }),
      'UNSUPPORTED_MEDIA_TYPE',
    )
    expect(error.message).toMatch(/PDF or Word/)
    expect(await db.prisma.candidateDocument.count({ where: { candidateId } })).toBe(0)

    await caller.candidate.uploadCv({ candidateId, fileName: 'cv.docx', body: streamOf(buildZip([{ name: 'hello.txt', data: 'hi' }])) })
    expect(await runQueuedJobs(db)).toEqual([{ kind: 'parse-cv', outcome: 'succeeded' }])
    const [cv] = await caller.candidate.cvs({ candidateId })
    expect(cv!.profile).toBeNull()
    expect(cv!.parseError).toBeTruthy()
  })

  it('only members who may add candidates upload, and only to candidates they can see', async () => {
    const { org, candidateId } = await setup()
    const interviewer = await createMember(db, org.id, 'interviewer')
    const { caller } = await callerAs(db, interviewer.id, org.id)
    await expect(caller.candidate.uploadCv({ candidateId, fileName: 'x.pdf', body: streamOf(await cvPdf()) })).rejects.toMatchObject({
      code: expect.stringMatching(/FORBIDDEN|NOT_FOUND/),
    })
    const other = await createOrgWithOwner(db)
    const outsider = (await callerAs(db, other.owner.id, other.org.id)).caller
    await expectTRPCError(outsider.candidate.uploadCv({ candidateId, fileName: 'x.pdf', body: streamOf(await cvPdf()) }), 'NOT_FOUND')
    await expectTRPCError(outsider.candidate.cvs({ candidateId }), 'NOT_FOUND')
  })
})
