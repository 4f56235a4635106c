import { describe, expect, it } from 'vitest'
import { emailTemplates, type EmailTemplateName } from '../../server/services/mail/templates'

/**
 * Every transactional email renders a subject, a plain-text part and an HTML part from the same data; values are
 * escaped in the HTML, and the HTML says its language.
 */
const hostile = `<img src=x onerror="alert('x')">&`
const escaped = '&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;&amp;'
const at = new Date('2031-03-04T05:06:00Z')

/** One sample per template, with a hostile value in a field that reaches the body. */
const samples: { [T in EmailTemplateName]: Parameters<(typeof emailTemplates)[T]>[0] } = {
  analysisReady: { interviewTitle: hostile, jobTitle: 'Analyst', interviewUrl: 'https://app.example/i/1', analyzer: 'local' },
  invitation: { orgName: hostile, inviterName: 'Ann', roleName: 'Viewer', acceptUrl: 'https://app.example/inv/t', expiresAt: at },
  orgDeletionScheduled: {
    orgName: hostile,
    mode: 'DELETE',
    scheduledFor: at,
    deadline: at,
    pageUrl: 'https://app.example/org',
    csvUrl: 'https://app.example/e.csv',
    jsonUrl: 'https://app.example/e.json',
  },
  orgDeletionReport: {
    orgName: hostile,
    requestedAt: at,
    startedAt: at,
    finishedAt: at,
    rows: { [hostile]: 2 },
    files: 1,
    bytes: 10,
  },
  videoInterviewInvitation: {
    organization: hostile,
    jobTitle: 'Analyst',
    language: 'tr',
    url: 'https://app.example/video/t',
    expiresAt: at,
    questions: 3,
    answerMinutes: 2,
  },
  subprocessorSubscribeConfirm: { confirmUrl: `https://app.example/c?t=${encodeURIComponent(hostile)}` },
  subprocessorChangeNotice: {
    subprocessor: 'Acme',
    change: 'added',
    summary: hostile,
    effectiveAt: '2031-04-01',
    listUrl: 'https://app.example/l',
    unsubscribeUrl: 'https://app.example/u',
  },
  gatedDocumentRequested: {
    documentTitle: 'SOC 2',
    name: hostile,
    company: 'Buyer',
    email: 'b@example.test',
    reviewUrl: 'https://app.example/r',
  },
  gatedDocumentApproved: { name: hostile, documentTitle: 'SOC 2', downloadUrl: 'https://app.example/d', expiresAt: at },
  gatedDocumentDenied: { name: hostile, documentTitle: 'SOC 2', note: '' },
  consentRequest: {
    organization: hostile,
    language: 'tr',
    consentUrl: 'https://app.example/consent/t',
    withdrawUrl: 'https://app.example/w',
    expiresAt: at,
  },
  privacyRequestUpdate: { organization: hostile, language: 'en', kind: 'ACCESS', update: 'received', receivedAt: at, dueAt: at },
  breachNotification: {
    orgName: hostile,
    reference: 'INC-1',
    summary: 's',
    occurredAt: null,
    detectedAt: at,
    dataAffected: [],
    actionsTaken: ['a'],
    recommendedActions: [],
    contactEmail: 'security@hireproof.example',
  },
}

describe('every template', () => {
  const names = Object.keys(samples) as EmailTemplateName[]
  it.each(names)('%s: subject, plain text and HTML; values escaped; a lang attribute', (name) => {
    const render = emailTemplates[name] as (data: unknown) => { subject: string; text: string; html: string }
    const email = render(samples[name])
    expect(email.subject.length).toBeGreaterThan(5)
    expect(email.subject).not.toMatch(/[\r\n]/)
    expect(email.text.trim().length).toBeGreaterThan(20)
    expect(email.text).not.toContain('<p>') // plain text, not markup
    expect(email.html).toMatch(/^<!doctype html><html lang="(en|tr)"><head><meta charset="utf-8"><title>.*<\/title><\/head><body/)
    expect(email.html).not.toContain('<img')
    expect(email.html).not.toContain(`"alert`)
    // Where the value is not only inside a URL (which encodes it), it shows as text.
    if (name !== 'subprocessorSubscribeConfirm') expect(email.html).toContain(escaped)
  })

  it('the Turkish consent request says so in its HTML', () => {
    expect(emailTemplates.consentRequest(samples.consentRequest).html).toContain('<html lang="tr">')
    expect(emailTemplates.consentRequest({ ...samples.consentRequest, language: 'en' }).html).toContain('<html lang="en">')
  })
})

describe('privacyRequestUpdate', () => {
  const base = {
    organization: 'Acme & Co',
    language: 'en' as const,
    receivedAt: new Date('2031-01-02T10:00:00Z'),
    dueAt: new Date('2031-02-01T10:00:00Z'),
  }

  it('received: when it arrived and when it will be answered, sent for the organization', () => {
    const email = emailTemplates.privacyRequestUpdate({ ...base, kind: 'ERASURE', update: 'received' })
    expect(email.subject).toBe('Acme & Co: we received your privacy request')
    expect(email.text).toContain('Acme & Co received your request for the erasure of your personal data on 2031-01-02.')
    expect(email.text).toContain('It will answer by 2031-02-01.')
    expect(email.text).toContain('Hireproof sends this email for Acme & Co')
    expect(email.html).toContain('<html lang="en">')
    expect(email.html).toContain('Acme &amp; Co received your request')
    expect(email.html).not.toContain('Acme & Co')
  })

  it('completed: what was done, per kind, and never the data itself', () => {
    const access = emailTemplates.privacyRequestUpdate({ ...base, kind: 'ACCESS', update: 'completed' })
    expect(access.subject).toBe('Acme & Co: your privacy request is complete')
    expect(access.text).toContain('It sends it to you separately')
    expect(access.text).toContain('this email contains none of it')
    const restriction = emailTemplates.privacyRequestUpdate({ ...base, kind: 'RESTRICTION', update: 'completed' })
    expect(restriction.text).toContain('has stopped recording, transcribing and analysing your interviews and reading your CV')
    const rectification = emailTemplates.privacyRequestUpdate({ ...base, kind: 'RECTIFICATION', update: 'completed' })
    expect(rectification.text).toContain('has corrected your personal data as you asked')
  })

  it('rejected: the reason, escaped in HTML, and the right to complain', () => {
    const reason = 'We could not verify <you>.'
    const email = emailTemplates.privacyRequestUpdate({ ...base, kind: 'ACCESS', update: 'rejected', reason })
    expect(email.subject).toBe('Acme & Co: your privacy request was declined')
    expect(email.text).toContain('Reason: We could not verify <you>.')
    expect(email.text).toContain('lodge a complaint with a data-protection supervisory authority')
    expect(email.html).toContain('Reason: We could not verify &lt;you&gt;.')
    expect(email.html).not.toContain('<you>')
  })

  it('in Turkish for candidates in Türkiye, naming the KVKK Board and marked lang="tr"', () => {
    const received = emailTemplates.privacyRequestUpdate({ ...base, language: 'tr', kind: 'ACCESS', update: 'received' })
    expect(received.subject).toBe('Acme & Co: kişisel verilerinizle ilgili başvurunuz alındı')
    expect(received.text).toContain('2031-01-02 tarihinde yaptığınız başvuruyu aldı')
    expect(received.html).toContain('<html lang="tr">')
    const rejected = emailTemplates.privacyRequestUpdate({
      ...base,
      language: 'tr',
      kind: 'OBJECTION',
      update: 'rejected',
      reason: 'Gerekçe <x>',
    })
    expect(rejected.subject).toContain('reddedildi')
    expect(rejected.text).toContain('Kişisel Verileri Koruma Kurulu’na şikâyette bulunabilirsiniz')
    expect(rejected.html).toContain('Gerekçe &lt;x&gt;')
  })
})

describe('breachNotification', () => {
  const notice = {
    orgName: 'Acme <Talent>',
    reference: 'INC-2031-007',
    summary: 'A misconfigured storage bucket exposed <recordings> for six hours.',
    occurredAt: new Date('2031-05-01T08:00:00Z'),
    detectedAt: new Date('2031-05-01T14:30:00Z'),
    dataAffected: ['Interview recordings of 12 candidates', 'Candidate names & emails'],
    actionsTaken: ['Closed public access at 14:41 UTC', 'Reviewed access logs'],
    recommendedActions: ['Assess whether to notify your supervisory authority', 'Tell the candidates affected'],
    contactEmail: 'security@hireproof.example',
  }

  it('says what happened, when, which data, what we did, what to do, and whom to contact, in both parts', () => {
    const email = emailTemplates.breachNotification(notice)
    expect(email.subject).toBe('Security incident affecting Acme <Talent> (INC-2031-007)')
    const headings = ['What happened', 'When', 'Data affected', 'What we have done', 'What you should do', 'Contact']
    let last = -1
    for (const heading of headings) {
      const index = email.text.indexOf(`${heading}\n${'-'.repeat(heading.length)}`)
      expect(index, heading).toBeGreaterThan(last)
      last = index
      expect(email.html).toContain(`>${heading}</h2>`)
    }
    expect(email.text).toContain('It began on 2031-05-01 08:00 UTC.')
    expect(email.text).toContain('We became aware of it on 2031-05-01 14:30 UTC.')
    expect(email.text).toContain('- Interview recordings of 12 candidates\n- Candidate names & emails')
    expect(email.text).toContain('- Tell the candidates affected')
    expect(email.text).toContain('Write to security@hireproof.example, quoting INC-2031-007.')
    expect(email.text).toContain('within 72 hours')
    expect(email.html).toContain('<li>Candidate names &amp; emails</li>')
    expect(email.html).toContain('exposed &lt;recordings&gt; for six hours')
    expect(email.html).toContain('<title>Security incident affecting Acme &lt;Talent&gt; (INC-2031-007)</title>')
    expect(email.html).not.toContain('<recordings>')
    expect(email.html).not.toContain('<Talent>')
  })

  it('says plainly what is not known yet', () => {
    const email = emailTemplates.breachNotification({ ...notice, occurredAt: null, dataAffected: [], recommendedActions: [] })
    expect(email.text).toContain('When it began is still being established.')
    expect(email.text).toContain('- Still being established; we will tell you as soon as we know.')
    expect(email.text).toContain('- Nothing at this time.')
  })
})
