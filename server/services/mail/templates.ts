/**
 * Transactional email templates: each renders a subject, a plain-text part and
 * an HTML part from the same data. Values are escaped in the HTML part.
 */
export type RenderedEmail = { subject: string; text: string; html: string }

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!)

function layout(title: string, paragraphs: string[], action?: { label: string; url: string }) {
  const body = paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')
  const button = action
    ? `<p><a href="${escapeHtml(action.url)}" style="background:#1d4ed8;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">${escapeHtml(action.label)}</a></p>`
    : ''
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#111"><h1 style="font-size:20px">${escapeHtml(title)}</h1>${body}${button}</body></html>`
}

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
} as const

export type EmailTemplateName = keyof typeof emailTemplates
