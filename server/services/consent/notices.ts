import crypto from 'node:crypto'
import type { ConsentPurpose, DataRegion } from '@prisma/client'

/**
 * The consent notice candidates read before they are recorded or analysed.
 * One notice per legal regime and language; its version is the SHA-256 of its
 * template, so any change of wording is a new version and every stored answer
 * names the exact words it answered (kept in ConsentNotice).
 *
 * Templates hold two placeholders, filled when shown: {organization} (the
 * hiring organization, controller of the data) and {region} (where Hireproof
 * hosts that organization's data).
 */
export type NoticeLanguage = 'en' | 'tr'
export type ConsentRegime = 'gdpr' | 'kvkk'

export const noticeLanguages: Record<NoticeLanguage, string> = { en: 'English', tr: 'Türkçe' }

export type NoticeSection = { purpose: ConsentPurpose; heading: string; paragraphs: string[]; question: string }
export type NoticeTemplate = {
  regime: ConsentRegime
  language: NoticeLanguage
  title: string
  intro: string[]
  sections: NoticeSection[]
  rights: string[]
}

/** Candidates living in Türkiye are under KVKK (Law No. 6698); everyone else gets the GDPR-grade notice. */
export const regimeFor = (country: string | null | undefined): ConsentRegime => (country === 'TR' ? 'kvkk' : 'gdpr')

/** Turkish for candidates in Türkiye, English otherwise; the candidate can switch. */
export const defaultLanguageFor = (country: string | null | undefined): NoticeLanguage => (country === 'TR' ? 'tr' : 'en')

/** What each regime asks. Under KVKK every hosting region is abroad, so processing there needs explicit consent (art. 9). */
export const purposesOf: Record<ConsentRegime, ConsentPurpose[]> = {
  gdpr: ['RECORDING', 'AI_ANALYSIS'],
  kvkk: ['RECORDING', 'AI_ANALYSIS', 'TRANSFER_ABROAD'],
}

const sections: Record<NoticeLanguage, Record<ConsentPurpose, NoticeSection>> = {
  en: {
    RECORDING: {
      purpose: 'RECORDING',
      heading: 'Recording your interviews',
      paragraphs: [
        '{organization} would like to record your interviews (sound, and picture when the interview is on video) and keep a written transcript of what is said.',
        'The recording and the transcript are used only to assess your application, by the people involved in hiring. They are kept for the period set by {organization} and then deleted.',
        'If you say no, you can still be interviewed: the interview is simply not recorded.',
      ],
      question: 'I agree to my interviews being recorded and transcribed.',
    },
    AI_ANALYSIS: {
      purpose: 'AI_ANALYSIS',
      heading: 'Analysing your interviews with AI',
      paragraphs: [
        '{organization} would like to use software, which may include AI language models, to compare the transcript of your interviews with the job description. It produces scores, each quoting what you said, to help interviewers review fairly and consistently.',
        'The software never decides. Every hiring decision is made by a person, who sees the quoted evidence. Faces, voice tone and emotions are never analysed.',
        'If you say no, your interviews are assessed by people only, and that does not count against you.',
      ],
      question: 'I agree to AI analysis of my interview transcripts.',
    },
    TRANSFER_ABROAD: {
      purpose: 'TRANSFER_ABROAD',
      heading: 'Processing outside Türkiye',
      paragraphs: [
        'Hireproof stores and processes your data for {organization} on servers in {region}, outside Türkiye. The transcription and AI services listed on Hireproof’s sub-processor page may run in other countries too.',
        'Under article 9 of the Turkish Personal Data Protection Law (KVKK, Law No. 6698), this transfer needs your explicit consent.',
        'If you say no, your interviews are not recorded or analysed by AI; your application is assessed by people, and that does not count against you.',
      ],
      question: 'I explicitly consent to my recordings, transcripts and analyses being processed outside Türkiye as described.',
    },
  },
  tr: {
    RECORDING: {
      purpose: 'RECORDING',
      heading: 'Mülakatlarınızın kaydedilmesi',
      paragraphs: [
        '{organization}, sizinle yapacağı mülakatları kaydetmek (ses ve mülakat görüntülü ise görüntü) ve konuşulanların yazılı dökümünü saklamak istiyor.',
        'Kayıt ve döküm yalnızca başvurunuzu değerlendirmek için, işe alım sürecindeki kişiler tarafından kullanılır. {organization} tarafından belirlenen saklama süresi boyunca tutulur, ardından silinir.',
        'Kabul etmezseniz mülakatınız yine yapılır; yalnızca kaydedilmez.',
      ],
      question: 'Mülakatlarımın kaydedilmesini ve yazıya dökülmesini kabul ediyorum.',
    },
    AI_ANALYSIS: {
      purpose: 'AI_ANALYSIS',
      heading: 'Mülakatlarınızın yapay zekâ ile analizi',
      paragraphs: [
        '{organization}, mülakat dökümlerinizi iş tanımıyla karşılaştırmak için yapay zekâ dil modellerini de içerebilen bir yazılım kullanmak istiyor. Yazılım, her biri söylediklerinizden alıntı içeren puanlar üretir ve mülakatçıların adil ve tutarlı değerlendirme yapmasına yardımcı olur.',
        'Yazılım hiçbir zaman karar vermez. Her işe alım kararını, alıntılanan kanıtları gören bir insan verir. Yüzünüz, ses tonunuz ve duygularınız asla analiz edilmez.',
        'Kabul etmezseniz mülakatlarınız yalnızca insanlar tarafından değerlendirilir ve bu sizin aleyhinize sayılmaz.',
      ],
      question: 'Mülakat dökümlerimin yapay zekâ ile analiz edilmesini kabul ediyorum.',
    },
    TRANSFER_ABROAD: {
      purpose: 'TRANSFER_ABROAD',
      heading: 'Verilerinizin yurt dışında işlenmesi',
      paragraphs: [
        'Hireproof, {organization} adına verilerinizi Türkiye dışında, {region} bulunan sunucularda saklar ve işler. Hireproof’un alt işleyenler sayfasında listelenen döküm ve yapay zekâ hizmetleri başka ülkelerde de çalışabilir.',
        '6698 sayılı Kişisel Verilerin Korunması Kanunu’nun (KVKK) 9. maddesi uyarınca bu aktarım için açık rızanız gereklidir.',
        'Kabul etmezseniz mülakatlarınız kaydedilmez ve yapay zekâ ile analiz edilmez; başvurunuz insanlar tarafından değerlendirilir ve bu sizin aleyhinize sayılmaz.',
      ],
      question: 'Kayıtlarımın, dökümlerimin ve analizlerimin açıklandığı şekilde Türkiye dışında işlenmesine açık rıza veriyorum.',
    },
  },
}

const frame: Record<NoticeLanguage, Record<ConsentRegime, Pick<NoticeTemplate, 'title' | 'intro' | 'rights'>>> = {
  en: {
    gdpr: {
      title: 'Your interviews with {organization}: recording and AI analysis',
      intro: [
        '{organization} is the controller of your application data and uses Hireproof to run its interviews. Please read what it asks below and choose freely: each answer is separate, and saying no does not end your application.',
      ],
      rights: [
        'You can change your answers on this page at any time. Withdrawing consent stops new recording and analysis from then on; it does not make earlier processing unlawful.',
        'You may also ask {organization} for a copy of your data, its correction or deletion, or restrict or object to its processing.',
      ],
    },
    kvkk: {
      title: 'Your interviews with {organization}: information notice and explicit consent (KVKK)',
      intro: [
        '{organization} is the data controller of your application data and uses Hireproof, as its data processor, to run its interviews. Your data is processed to assess your application, on the basis of your explicit consent for the purposes below.',
        'Each consent is separate, and saying no does not end your application.',
      ],
      rights: [
        'Under article 11 of KVKK you may ask {organization} whether your data is processed, for information about it, for its correction or deletion, and object to its results. You can withdraw any consent on this page at any time; withdrawal applies from then on.',
      ],
    },
  },
  tr: {
    gdpr: {
      title: '{organization} ile mülakatlarınız: kayıt ve yapay zekâ analizi',
      intro: [
        'Başvuru verilerinizin sorumlusu {organization} olup mülakatlarını Hireproof ile yürütmektedir. Lütfen aşağıdaki talepleri okuyun ve özgürce seçin: her yanıt ayrıdır ve hayır demeniz başvurunuzu sona erdirmez.',
      ],
      rights: [
        'Yanıtlarınızı bu sayfadan dilediğiniz zaman değiştirebilirsiniz. Rızanızı geri almanız, o andan itibaren yeni kayıt ve analizi durdurur; daha önceki işlemleri hukuka aykırı hâle getirmez.',
        '{organization} kuruluşundan verilerinizin bir kopyasını, düzeltilmesini veya silinmesini isteyebilir, işlenmesinin kısıtlanmasını talep edebilir ya da itiraz edebilirsiniz.',
      ],
    },
    kvkk: {
      title: '{organization} ile mülakatlarınız: aydınlatma metni ve açık rıza (KVKK)',
      intro: [
        'Başvuru verilerinizin veri sorumlusu {organization} olup mülakatlarını veri işleyen sıfatıyla Hireproof aracılığıyla yürütmektedir. Verileriniz, başvurunuzu değerlendirmek amacıyla ve aşağıdaki amaçlar için vereceğiniz açık rızaya dayanılarak işlenir.',
        'Her rıza ayrıdır ve hayır demeniz başvurunuzu sona erdirmez.',
      ],
      rights: [
        'KVKK’nın 11. maddesi uyarınca {organization} kuruluşuna başvurarak verilerinizin işlenip işlenmediğini öğrenebilir, bilgi talep edebilir, düzeltilmesini veya silinmesini isteyebilir ve sonuçlarına itiraz edebilirsiniz. Verdiğiniz rızayı bu sayfadan dilediğiniz zaman geri alabilirsiniz; geri alma o andan itibaren geçerlidir.',
      ],
    },
  },
}

export function noticeTemplate(regime: ConsentRegime, language: NoticeLanguage): NoticeTemplate {
  return { regime, language, ...frame[language][regime], sections: purposesOf[regime].map((purpose) => sections[language][purpose]) }
}

/** The template as plain text, stored with its hash as the version's proof. */
export function noticeText(template: NoticeTemplate) {
  return [
    template.title,
    ...template.intro,
    ...template.sections.flatMap((s) => [`## ${s.heading}`, ...s.paragraphs, `[ ] ${s.question}`]),
    ...template.rights,
  ].join('\n\n')
}

export const noticeHash = (template: NoticeTemplate) => crypto.createHash('sha256').update(noticeText(template)).digest('hex')

const regionNames: Record<NoticeLanguage, Record<DataRegion, string>> = {
  en: { EU: 'the European Union', US: 'the United States' },
  tr: { EU: 'Avrupa Birliği’nde', US: 'Amerika Birleşik Devletleri’nde' },
}

/** Fills the placeholders for one organization; the version hash stays the template's. */
export function renderNotice(template: NoticeTemplate, values: { organization: string; region: DataRegion }) {
  const fill = (text: string) =>
    text.replaceAll('{organization}', values.organization).replaceAll('{region}', regionNames[template.language][values.region])
  return {
    regime: template.regime,
    language: template.language,
    version: noticeHash(template),
    title: fill(template.title),
    intro: template.intro.map(fill),
    sections: template.sections.map((s) => ({ ...s, paragraphs: s.paragraphs.map(fill), question: fill(s.question) })),
    rights: template.rights.map(fill),
  }
}
export type RenderedNotice = ReturnType<typeof renderNotice>
