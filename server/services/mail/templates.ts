/**
 * Transactional email templates: each renders a subject, a plain-text part and
 * an HTML part from the same data. Values are escaped in the HTML part.
 */
export type RenderedEmail = { subject: string; text: string; html: string }

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!)

/** `extraHtml` is inserted as is after the paragraphs: build it with escapeHtml. */
function layout(title: string, paragraphs: string[], action?: { label: string; url: string }, extraHtml = '') {
  const body = paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n') + extraHtml
  const button = action
    ? `<p><a href="${escapeHtml(action.url)}" style="background:#1d4ed8;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">${escapeHtml(action.label)}</a></p>`
    : ''
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#111"><h1 style="font-size:20px">${escapeHtml(title)}</h1>${body}${button}</body></html>`
}

const utcMinute = (date: Date) => `${date.toISOString().replace('T', ' ').slice(0, 16)} UTC`
const utcDay = (date: Date) => date.toISOString().slice(0, 10)

export const emailTemplates = {
  /** Deliberately without candidate names or scores: an email leaves our access controls. */
  analysisReady(data: { interviewTitle: string; jobTitle: string; interviewUrl: string; analyzer: string }) {
    const subject = `Analysis ready: ${data.interviewTitle} (${data.jobTitle})`
    const lines = [
      `The ${data.analyzer} analysis of “${data.interviewTitle}” for ${data.jobTitle} is ready.`,
      'Every score quotes the transcript. It informs your judgement; decisions are made by people.',
    ]
    return {
      subject,
      text: `${lines[0]}\n\nOpen: ${data.interviewUrl}\n\n${lines[1]}\n`,
      html: layout(subject, lines, { label: 'Open the interview', url: data.interviewUrl }),
    } satisfies RenderedEmail
  },
  invitation(data: { orgName: string; inviterName: string; roleName: string; acceptUrl: string; expiresAt: Date }) {
    const subject = `${data.inviterName} invited you to ${data.orgName} on Hireproof`
    const lines = [
      `${data.inviterName} invited you to join ${data.orgName} on Hireproof as ${data.roleName}.`,
      `The invitation expires on ${data.expiresAt.toUTCString()}.`,
      `If you did not expect this email you can ignore it.`,
    ]
    return {
      subject,
      text: `${lines[0]}\n\nAccept: ${data.acceptUrl}\n\n${lines[1]}\n${lines[2]}\n`,
      html: layout(subject, lines, { label: 'Accept invitation', url: data.acceptUrl }),
    } satisfies RenderedEmail
  },
  /** To whoever scheduled it: when, what happens, where the exports are, how to cancel. */
  orgDeletionScheduled(data: { orgName: string; mode: 'RETURN_THEN_DELETE' | 'DELETE'; scheduledFor: Date; deadline: Date; pageUrl: string; csvUrl: string; jsonUrl: string }) {
    const subject = `${data.orgName} is scheduled for deletion on ${utcDay(data.scheduledFor)}`
    const lines = [
      `${data.orgName} will be deleted from Hireproof on ${utcMinute(data.scheduledFor)}: members lose access, and all of its data (candidates, interviews, recordings, transcripts, analyses, stored files, settings and its audit log) is deleted for good.`,
      data.mode === 'RETURN_THEN_DELETE'
        ? `You chose to take the data back first: download the export before then (CSV: ${data.csvUrl}, JSON: ${data.jsonUrl}). Until one is downloaded the deletion waits, a day at a time, but not past ${utcMinute(data.deadline)}: then it goes ahead anyway.`
        : `You chose deletion without a final export. The export stays available until then (CSV: ${data.csvUrl}, JSON: ${data.jsonUrl}).`,
      'Until the deletion starts, a member allowed to schedule it can cancel it on the organization page. When it is done we email you a final report of what was deleted.',
    ]
    return {
      subject,
      text: `${lines.join('\n\n')}\n\nOrganization page: ${data.pageUrl}\n`,
      html: layout(subject, lines, { label: 'Open the organization page', url: data.pageUrl }),
    } satisfies RenderedEmail
  },
  /** After the deletion, to the address recorded when it was scheduled: what was removed, table by table. */
  orgDeletionReport(data: {
    orgName: string
    requestedAt: Date
    startedAt: Date
    finishedAt: Date
    rows: Record<string, number>
    files: number
    bytes: number
  }) {
    const subject = `${data.orgName} has been deleted: final report`
    const tables = Object.entries(data.rows).filter(([, n]) => n > 0).sort(([a], [b]) => a.localeCompare(b))
    const total = tables.reduce((sum, [, n]) => sum + n, 0)
    const lines = [
      `${data.orgName} and all of its data were deleted from Hireproof, as asked on ${utcMinute(data.requestedAt)}. The deletion started ${utcMinute(data.startedAt)} and finished ${utcMinute(data.finishedAt)}.`,
      `Removed: ${total} database rows in ${tables.length} tables, and ${data.files} stored files (${data.bytes} bytes).`,
      'Members keep their Hireproof accounts and may join or create another organization. Hireproof keeps only a record that the organization was deleted, with this report, as proof; it holds none of the organization’s data.',
    ]
    const table =
      `<table style="border-collapse:collapse"><caption style="text-align:left">Rows deleted per table</caption>` +
      `<thead><tr><th scope="col" style="text-align:left;padding:2px 12px 2px 0">Table</th><th scope="col" style="text-align:right">Rows</th></tr></thead><tbody>` +
      tables.map(([name, n]) => `<tr><th scope="row" style="text-align:left;font-weight:normal;padding:2px 12px 2px 0">${escapeHtml(name)}</th><td style="text-align:right">${n}</td></tr>`).join('') +
      '</tbody></table>'
    return {
      subject,
      text: `${lines.join('\n\n')}\n\nRows deleted per table:\n${tables.map(([name, n]) => `  ${name}: ${n}`).join('\n')}\n`,
      html: layout(subject, lines, undefined, table),
    } satisfies RenderedEmail
  },
  subprocessorSubscribeConfirm(data: { confirmUrl: string }) {
    const subject = 'Confirm your Hireproof sub-processor notices'
    const lines = [
      'Someone (hopefully you) asked to be emailed when Hireproof announces a change to its sub-processors.',
      'Confirm within 24 hours to start receiving notices. If this was not you, ignore this email and nothing happens.',
    ]
    return {
      subject,
      text: `${lines[0]}\n\nConfirm: ${data.confirmUrl}\n\n${lines[1]}\n`,
      html: layout(subject, lines, { label: 'Confirm', url: data.confirmUrl }),
    } satisfies RenderedEmail
  },
  subprocessorChangeNotice(data: { subprocessor: string; change: string; summary: string; effectiveAt: string; listUrl: string; unsubscribeUrl: string }) {
    const subject = `Sub-processor notice: ${data.subprocessor} ${data.change}, effective ${data.effectiveAt}`
    const lines = [
      data.summary,
      `The change takes effect on ${data.effectiveAt}. Customers' admins can object from their organization settings until then.`,
      `Stop these notices: ${data.unsubscribeUrl}`,
    ]
    return {
      subject,
      text: `${lines[0]}\n\n${lines[1]}\n\nCurrent list: ${data.listUrl}\n\n${lines[2]}\n`,
      html: layout(subject, lines, { label: 'See the sub-processor list', url: data.listUrl }),
    } satisfies RenderedEmail
  },
  gatedDocumentRequested(data: { documentTitle: string; name: string; company: string; email: string; reviewUrl: string }) {
    const subject = `Document request: ${data.documentTitle} for ${data.company}`
    const lines = [
      `${data.name} <${data.email}> of ${data.company} asked for “${data.documentTitle}” and accepted the NDA.`,
      'Approve or deny the request in the platform console.',
    ]
    return {
      subject,
      text: `${lines[0]}\n\n${lines[1]}\n${data.reviewUrl}\n`,
      html: layout(subject, lines, { label: 'Review the request', url: data.reviewUrl }),
    } satisfies RenderedEmail
  },
  gatedDocumentApproved(data: { name: string; documentTitle: string; downloadUrl: string; expiresAt: Date }) {
    const subject = `Your Hireproof document: ${data.documentTitle}`
    const lines = [
      `Hello ${data.name}, your request for “${data.documentTitle}” is approved.`,
      `The link works until ${data.expiresAt.toUTCString()}. Each download is a PDF marked with your name and is logged; the NDA you accepted applies to it.`,
    ]
    return {
      subject,
      text: `${lines[0]}\n\nDownload: ${data.downloadUrl}\n\n${lines[1]}\n`,
      html: layout(subject, lines, { label: 'Download the document', url: data.downloadUrl }),
    } satisfies RenderedEmail
  },
  gatedDocumentDenied(data: { name: string; documentTitle: string; note: string }) {
    const subject = `Your request for ${data.documentTitle}`
    const lines = [
      `Hello ${data.name}, we cannot share “${data.documentTitle}” with you at this time.`,
      ...(data.note ? [data.note] : []),
      'If you are evaluating Hireproof, reply to your account contact or write to security@hireproof.example and we will find another way to answer your questions.',
    ]
    return { subject, text: `${lines.join('\n\n')}\n`, html: layout(subject, lines) } satisfies RenderedEmail
  },
  /** To a candidate, in their notice language: one link to answer, one to withdraw everything. */
  consentRequest(data: { organization: string; language: 'en' | 'tr'; consentUrl: string; withdrawUrl: string; expiresAt: Date }) {
    const date = data.expiresAt.toISOString().slice(0, 10)
    const copy =
      data.language === 'tr'
        ? {
            subject: `${data.organization}: mülakatlarınızın kaydı ve analizi için onayınız`,
            lines: [
              `${data.organization}, mülakatlarınızı kaydetmeden veya analiz etmeden önce onayınızı istiyor.`,
              `Ne istendiğini okuyun ve seçiminizi yapın. Her yanıt ayrıdır ve hayır demeniz başvurunuzu sona erdirmez. Bu bağlantıyla ${date} tarihine kadar onay verebilir, rızanızı ise dilediğiniz zaman geri alabilirsiniz.`,
            ],
            action: 'Bildirimi okuyun ve seçin',
            withdraw: `Tüm rızalarınızı geri almak için: ${data.withdrawUrl}`,
          }
        : {
            subject: `${data.organization}: your consent to recording and analysis of your interviews`,
            lines: [
              `${data.organization} asks for your consent before recording or analysing your interviews.`,
              `Read what it asks and choose. Each answer is separate, and saying no does not end your application. You can give consent with this link until ${date}, and withdraw it at any time.`,
            ],
            action: 'Read the notice and choose',
            withdraw: `To withdraw every consent: ${data.withdrawUrl}`,
          }
    return {
      subject: copy.subject,
      text: `${copy.lines.join('\n\n')}\n\n${copy.action}: ${data.consentUrl}\n\n${copy.withdraw}\n`,
      html: layout(copy.subject, [...copy.lines, copy.withdraw], { label: copy.action, url: data.consentUrl }),
    } satisfies RenderedEmail
  },
} as const

export type EmailTemplateName = keyof typeof emailTemplates
