import type { ClaimId } from './claims'
import type { Block, IsoDate } from './types'

/**
 * The AI use page: which engine does what, and the rules every AI feature
 * follows. A rule backed by a product capability names the claim, so the page
 * shows whether that safeguard is available or on the roadmap.
 */
export type AiTask = {
  task: string
  byDefault: string
  optional: string
  dataSent: string
  terms: string
}

export type AiSection = {
  id: string
  heading: string
  body: Block[]
  claims?: ClaimId[]
}

export const aiRevision: IsoDate = '2026-11-20'

export const aiIntro: Block[] = [
  'Hireproof helps interviewers capture what was said and compare it with what the role needs. It does not judge people. By default, nothing leaves our infrastructure: external AI providers are used only when an admin of your organization turns them on.',
]

export const aiTasks: AiTask[] = [
  {
    task: 'Transcription',
    byDefault: 'Import of existing transcripts (VTT, SRT, JSON or plain text); offline speech recognition on our own servers where available.',
    optional: 'OpenAI Whisper; AssemblyAI, which adds speaker labels.',
    dataSent: 'The interview audio, only to the provider you choose.',
    terms: 'Contracted without training on your audio; zero data retention where the provider offers it.',
  },
  {
    task: 'Interview analysis',
    byDefault:
      'Our local explainable analyzer: it matches transcript passages to the rubric, measures talk time and checks which competencies the interview covered. It runs inside our infrastructure.',
    optional: 'A large language model through the OpenAI API, or through OpenRouter with your own account and key.',
    dataSent: 'Transcript text, the job description and the rubric.',
    terms: 'OpenAI: no training on API data, zero data retention where offered. OpenRouter: under your own agreement with OpenRouter.',
  },
  {
    task: 'Summaries and insights',
    byDefault: 'Built by the local analyzer from rubric evidence and interview statistics.',
    optional: 'The same language model as for analysis, if enabled.',
    dataSent: 'Transcript text and the analysis results.',
    terms: 'As for interview analysis.',
  },
]

export const aiSections: AiSection[] = [
  {
    id: 'no-training',
    heading: 'Your data does not train models',
    body: [
      'We do not train or fine-tune any model on customer data. The providers we use are contracted on terms that exclude training on what we send, and we use zero data retention where a provider offers it.',
      'When your organization uses OpenRouter with its own key, OpenRouter and the model you choose act under your agreement with them; this is why OpenRouter is not on our [sub-processor list](/trust/subprocessors).',
    ],
  },
  {
    id: 'evidence',
    heading: 'Every score must cite the transcript',
    body: [
      'Analysis is built on one rule: a score without evidence is not a score. Each competency score quotes the passages of the transcript it relies on, and a reviewer can jump from the quote to that moment of the interview.',
      'Quotes are checked against the transcript before a result is stored. A score whose quotes do not match the transcript is rejected and the competency is shown as not scored, so a model cannot invent evidence.',
    ],
    claims: ['evidence-cited-scores'],
  },
  {
    id: 'human-decisions',
    heading: 'People make every decision',
    body: [
      'AI output never advances, rejects or hires a candidate. Scores and summaries inform the people on the hiring team, who write their own scorecards and take each decision under their own name.',
      'This is structural: a decision can be recorded only by a named person, with a reason, and neither analyses nor any background job can move a candidate.',
    ],
    claims: ['human-only-decisions'],
  },
  {
    id: 'anonymised-screening',
    heading: 'Anonymised screening',
    body: [
      'With anonymised screening on (for one job, or for the whole organization), names, contact details and gendered terms are replaced in transcripts before reviewers or models see them, and speakers appear as Candidate and Interviewer, so early assessment rests on what candidates said. Quotes are checked against that same anonymised text.',
      'Before anything is recorded or analysed by AI, the candidate reads a notice in their language and agrees, or not, to each use separately; saying no never ends an application.',
    ],
    claims: ['anonymised-screening'],
  },
  {
    id: 'video-interviews',
    heading: 'One-way video interviews',
    body: [
      'A recruiter can ask a candidate to answer a few questions on video, in their own time. The candidate first reads the same notice and chooses; nothing is recorded before they agree to recording. They may record each answer again, watch their takes back and choose which one to send; takes they do not send are deleted 7 days after the interview closes, or sooner under the organization’s retention rules.',
      'Only the sound of the submitted answers is used: it is transcribed, and the analysis cites what the candidate said, like any other interview. The picture is there for the people on the hiring team to watch; no model looks at it.',
    ],
    claims: ['video-interview-speech-only'],
  },
  {
    id: 'never',
    heading: 'What we never do',
    body: [
      {
        list: [
          'No emotion recognition, from faces, voices or text.',
          'No facial analysis of any kind; video is never analysed, only its audio is transcribed.',
          'No voice-stress, lie-detection or personality inference.',
          'No biometric identification or categorisation.',
          'No automated rejection, ranking cut-offs or decisions.',
        ],
      },
    ],
  },
  {
    id: 'eu-ai-act',
    heading: 'EU AI Act',
    body: [
      'AI systems intended for recruitment and selection, including evaluating candidates, are high-risk under Annex III, point 4 of the AI Act (Regulation (EU) 2024/1689). Emotion recognition in the workplace is prohibited outright, and Hireproof does not do it.',
      'We treat our analysis features as high-risk and are preparing for the provider obligations as they apply, and we design the product so you can meet your obligations as a deployer:',
      {
        list: [
          'Transparency: this page and the in-product documentation describe what each engine does, its limits and the data it uses. Candidates can be told that AI-assisted analysis is used, and why.',
          'Human oversight: scores inform a person who decides; every score shows its evidence, and a reviewer can discard it.',
          'Record-keeping: each analysis run is to record the engine, model and version, the inputs used and the output, so results can be traced and reviewed. This is on our roadmap.',
          'Risk management and data governance: rubric-based scoring, tests of the analyzer on varied interviews, and no use of protected characteristics.',
        ],
      },
    ],
    claims: ['analysis-logging'],
  },
  {
    id: 'nyc-ll144',
    heading: 'New York City Local Law 144',
    body: [
      'Local Law 144 applies to automated employment decision tools used to substantially assist or replace discretionary hiring decisions for candidates in New York City. Such a tool needs an independent bias audit within the year before use, a public summary of the results, and notice to candidates at least ten business days before use.',
      'Hireproof is designed so that people decide, but whether your use is covered depends on how your team relies on the scores. If it is, we support you:',
      {
        list: [
          'Bias-audit support: an export of selection rates and impact ratios by category for your independent auditor, where you collect that data. This is on our roadmap.',
          'Candidate notices: template wording for the notice and for the alternative process candidates may request.',
          'Documentation of the analyzer and of what data it uses, for your auditor.',
        ],
      },
    ],
    claims: ['bias-audit-export'],
  },
]
