/**
 * Transactional email templates: each renders a subject, a plain-text part and
 * an HTML part from the same data. Values are escaped in the HTML part.
 */
import type { PrivacyRequestKind } from '@prisma/client'

export type RenderedEmail = { subject: string; text: string; html: string }

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!)

/**
 * `extraHtml` is inserted as is after the paragraphs: build it with escapeHtml. `lang` is the language of the
 * text, so that screen readers and mail clients read and translate it as such.
 */
function layout(
  title: string,
  paragraphs: string[],
  action?: { label: string; url: string },
  extraHtml = '',
  lang: 'en' | 'tr' = 'en',
) {
  const body = paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n') + extraHtml
  const button = action
    ? `<p><a href="${escapeHtml(action.url)}" style="background:#1d4ed8;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">${escapeHtml(action.label)}</a></p>`
    : ''
  const head = `<head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>`
  return (
    `<!doctype html><html lang="${lang}">${head}<body style="font-family:system-ui,sans-serif;line-height:1.5;color:#111">` +
    `<h1 style="font-size:20px">${escapeHtml(title)}</h1>${body}${button}</body></html>`
  )
}

/** Titled sections of paragraphs or bullet lists, for the HTML part; every value escaped. */
function sectionsHtml(sections: { heading: string; paragraphs?: string[]; items?: string[] }[]) {
  return sections
    .map(
      (section) =>
        `<h2 style="font-size:16px;margin-top:20px">${escapeHtml(section.heading)}</h2>` +
        (section.paragraphs ?? []).map((p) => `<p>${escapeHtml(p)}</p>`).join('') +
        (section.items?.length ? `<ul>${section.items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>` : ''),
    )
    .join('\n')
}

/** The same sections as plain text: headings underlined, items as "- " lines. */
function sectionsText(sections: { heading: string; paragraphs?: string[]; items?: string[] }[]) {
  return sections
    .map((section) =>
      [
        `${section.heading}\n${'-'.repeat(section.heading.length)}`,
        ...(section.paragraphs ?? []),
        (section.items ?? []).map((i) => `- ${i}`).join('\n'),
      ]
        .filter(Boolean)
        .join('\n\n'),
    )
    .join('\n\n')
}

export type PrivacyRequestUpdateData = {
  organization: string
  language: 'en' | 'tr'
  kind: PrivacyRequestKind
  update: 'received' | 'completed' | 'rejected'
  receivedAt: Date
  dueAt: Date
  /** For a rejection: the reason the admin gave. */
  reason?: string
}

/** The list, or one line saying why it is empty. */
const orElse = (items: string[], instead: string) => (items.length ? items : [instead])

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
      html: layout(copy.subject, [...copy.lines, copy.withdraw], { label: copy.action, url: data.consentUrl }, '', data.language),
    } satisfies RenderedEmail
  },
  /** To a candidate invited to a one-way video interview, in their notice language. */
  videoInterviewInvitation(data: {
    organization: string
    jobTitle: string
    language: 'en' | 'tr'
    url: string
    expiresAt: Date
    questions: number
    answerMinutes: number
  }) {
    const date = data.expiresAt.toISOString().slice(0, 10)
    const copy =
      data.language === 'tr'
        ? {
            subject: `${data.organization}: ${data.jobTitle} için video mülakat`,
            lines: [
              `${data.organization}, ${data.jobTitle} başvurunuz için sizi kısa bir video mülakata davet ediyor: ${data.questions} soru, her yanıt için en fazla ${data.answerMinutes} dakika.`,
              `Başlamadan önce kayıt ve analiz hakkındaki bildirimi okuyup seçiminizi yaparsınız. Her yanıtı istediğiniz kadar yeniden kaydedebilir, gönderene kadar hangisinin kullanılacağını seçebilirsiniz. Bağlantı ${date} tarihine kadar geçerlidir.`,
            ],
            action: 'Video mülakatı açın',
          }
        : {
            subject: `${data.organization}: a video interview for ${data.jobTitle}`,
            lines: [
              `${data.organization} invites you to a short video interview for your application to ${data.jobTitle}: ${data.questions} question${data.questions === 1 ? '' : 's'}, up to ${data.answerMinutes} minute${data.answerMinutes === 1 ? '' : 's'} per answer.`,
              `Before you start, you read how the recording and its analysis are used and choose. You can record each answer again and pick which take to send until you submit. The link works until ${date}.`,
            ],
            action: 'Open the video interview',
          }
    return {
      subject: copy.subject,
      text: `${copy.lines.join('\n\n')}\n\n${copy.action}: ${data.url}\n`,
      html: layout(copy.subject, copy.lines, { label: copy.action, url: data.url }, '', data.language),
    } satisfies RenderedEmail
  },
  /**
   * To a candidate about their data-subject request, in their notice language, sent only when the admin handling
   * it asks to. Sent for the organization (the controller), which the candidate answers through the channel their
   * request came by: no data of theirs in it, and a rejection gives the reason and where to complain.
   */
  privacyRequestUpdate(data: PrivacyRequestUpdateData) {
    const org = data.organization
    const copy = data.language === 'tr' ? privacyRequestCopy.tr(data, org) : privacyRequestCopy.en(data, org)
    return {
      subject: copy.subject,
      text: `${[...copy.lines, copy.footer].join('\n\n')}\n`,
      html: layout(copy.subject, [...copy.lines, copy.footer], undefined, '', data.language),
    } satisfies RenderedEmail
  },
  /**
   * A personal-data breach, to an organization's owners: as its processor we tell the controller without undue
   * delay (GDPR art. 33(2)) what happened, when, which data, what we did and what they should do, so that they can
   * decide on notifying their authority (within 72 hours of becoming aware) and the people affected.
   */
  breachNotification(data: {
    orgName: string
    /** Our incident reference, quoted in every follow-up. */
    reference: string
    summary: string
    /** When it started, if known; when we became aware of it. */
    occurredAt: Date | null
    detectedAt: Date
    dataAffected: string[]
    actionsTaken: string[]
    recommendedActions: string[]
    contactEmail: string
  }) {
    const subject = `Security incident affecting ${data.orgName} (${data.reference})`
    const intro = [
      `We are writing to the owners of ${data.orgName} on Hireproof about a security incident that affected personal data ` +
        'the organization holds with us.',
      'As your processor we are telling you without undue delay, so that you can assess whether to notify your supervisory ' +
        'authority (under the GDPR within 72 hours of becoming aware) and the people affected.',
    ]
    const unknownYet = 'Still being established; we will tell you as soon as we know.'
    const sections = [
      { heading: 'What happened', paragraphs: [data.summary] },
      {
        heading: 'When',
        paragraphs: [
          data.occurredAt ? `It began on ${utcMinute(data.occurredAt)}.` : 'When it began is still being established.',
          `We became aware of it on ${utcMinute(data.detectedAt)}.`,
        ],
      },
      { heading: 'Data affected', items: orElse(data.dataAffected, unknownYet) },
      { heading: 'What we have done', items: data.actionsTaken },
      { heading: 'What you should do', items: orElse(data.recommendedActions, 'Nothing at this time.') },
      {
        heading: 'Contact',
        paragraphs: [`Write to ${data.contactEmail}, quoting ${data.reference}. We will send updates as we learn more.`],
      },
    ]
    return {
      subject,
      text: `${intro.join('\n\n')}\n\n${sectionsText(sections)}\n`,
      html: layout(subject, intro, undefined, sectionsHtml(sections)),
    } satisfies RenderedEmail
  },
} as const

/** The wording of `privacyRequestUpdate`, per language; the rejection names the regime's authority. */
const privacyRequestCopy = {
  en(data: PrivacyRequestUpdateData, org: string) {
    const what = {
      ACCESS: 'a copy of your personal data',
      PORTABILITY: 'a portable copy of your personal data',
      RECTIFICATION: 'the correction of your personal data',
      ERASURE: 'the erasure of your personal data',
      RESTRICTION: 'restricting the processing of your personal data',
      OBJECTION: 'stopping the processing of your personal data (objection)',
      CONSENT_WITHDRAWAL: 'withdrawing your consent',
    }[data.kind]
    const copySent =
      'It sends it to you separately, through the channel you used for your request; this email contains none of it.'
    const stopped =
      `${org} has stopped recording, transcribing and analysing your interviews and reading your CV. ` +
      'Data it already holds is kept unless you ask for its erasure.'
    const completed = {
      ACCESS: `${org} has prepared a copy of your personal data. ${copySent}`,
      PORTABILITY: `${org} has prepared a portable copy of your personal data. ${copySent}`,
      RECTIFICATION: `${org} has corrected your personal data as you asked.`,
      ERASURE: `${org} has erased your personal data.`,
      RESTRICTION: stopped,
      OBJECTION: stopped,
      CONSENT_WITHDRAWAL: stopped,
    }[data.kind]
    const byUpdate = {
      received: {
        subject: `${org}: we received your privacy request`,
        lines: [
          `${org} received your request for ${what} on ${utcDay(data.receivedAt)}.`,
          `It will answer by ${utcDay(data.dueAt)}. If it needs more information to confirm who you are, it will contact you.`,
        ],
      },
      completed: {
        subject: `${org}: your privacy request is complete`,
        lines: [`${org} has completed your request for ${what}.`, completed],
      },
      rejected: {
        subject: `${org}: your privacy request was declined`,
        lines: [
          `${org} has declined your request for ${what}, received on ${utcDay(data.receivedAt)}.`,
          `Reason: ${data.reason ?? 'none given'}`,
          'You have the right to lodge a complaint with a data-protection supervisory authority and to seek a judicial remedy.',
        ],
      },
    }[data.update]
    return {
      ...byUpdate,
      footer:
        `Hireproof sends this email for ${org}, which decides what happens to your data. ` +
        `To reply, contact ${org} through the channel you used for your request.`,
    }
  },
  tr(data: PrivacyRequestUpdateData, org: string) {
    const what = {
      ACCESS: 'kişisel verilerinizin bir kopyası',
      PORTABILITY: 'kişisel verilerinizin taşınabilir bir kopyası',
      RECTIFICATION: 'kişisel verilerinizin düzeltilmesi',
      ERASURE: 'kişisel verilerinizin silinmesi',
      RESTRICTION: 'kişisel verilerinizin işlenmesinin kısıtlanması',
      OBJECTION: 'kişisel verilerinizin işlenmesine itiraz',
      CONSENT_WITHDRAWAL: 'açık rızanızın geri alınması',
    }[data.kind]
    const stopped =
      `${org}, mülakatlarınızı kaydetmeyi, yazıya dökmeyi ve analiz etmeyi ve özgeçmişinizi okumayı durdurdu. ` +
      'Elindeki veriler, silinmelerini istemediğiniz sürece saklanır.'
    const copySent =
      'Verilerinizin kopyasını size başvurunuzu yaptığınız kanal üzerinden ayrıca iletir; bu e-posta verilerinizi içermez.'
    const completed = {
      ACCESS: `${org}, kişisel verilerinizin bir kopyasını hazırladı. ${copySent}`,
      PORTABILITY: `${org}, kişisel verilerinizin taşınabilir bir kopyasını hazırladı. ${copySent}`,
      RECTIFICATION: `${org}, kişisel verilerinizi istediğiniz gibi düzeltti.`,
      ERASURE: `${org}, kişisel verilerinizi sildi.`,
      RESTRICTION: stopped,
      OBJECTION: stopped,
      CONSENT_WITHDRAWAL: stopped,
    }[data.kind]
    const byUpdate = {
      received: {
        subject: `${org}: kişisel verilerinizle ilgili başvurunuz alındı`,
        lines: [
          `${org}, ${what} için ${utcDay(data.receivedAt)} tarihinde yaptığınız başvuruyu aldı.`,
          `${utcDay(data.dueAt)} tarihine kadar yanıt verecektir. ` +
            'Kimliğinizi doğrulamak için ek bilgiye ihtiyaç duyarsa sizinle iletişime geçecektir.',
        ],
      },
      completed: {
        subject: `${org}: kişisel verilerinizle ilgili başvurunuz tamamlandı`,
        lines: [`${org}, ${what} için yaptığınız başvuruyu tamamladı.`, completed],
      },
      rejected: {
        subject: `${org}: kişisel verilerinizle ilgili başvurunuz reddedildi`,
        lines: [
          `${org}, ${what} için ${utcDay(data.receivedAt)} tarihinde yaptığınız başvuruyu reddetti.`,
          `Gerekçe: ${data.reason ?? 'belirtilmedi'}`,
          'Bu yanıtı öğrendiğiniz tarihten itibaren 30 gün içinde Kişisel Verileri Koruma Kurulu’na şikâyette bulunabilirsiniz.',
        ],
      },
    }[data.update]
    return {
      ...byUpdate,
      footer:
        `Bu e-postayı Hireproof, verileriniz hakkında karar veren ${org} adına gönderiyor. ` +
        `Yanıt vermek için ${org} ile başvurunuzu yaptığınız kanal üzerinden iletişime geçin.`,
    }
  },
}

export type EmailTemplateName = keyof typeof emailTemplates
