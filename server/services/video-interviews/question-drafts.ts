import type OpenAI from 'openai'
import { z } from 'zod'

/**
 * Questions for a one-way video interview, drafted from the job's rubric for
 * the recruiter to edit: one behavioural question per competency, heaviest
 * first. Without a language model the drafts follow a fixed pattern; with one
 * (LLM_API_KEY) the model writes them, and when it fails or answers with
 * something unusable the fixed pattern is used and the recruiter is told.
 * Either way they are only suggestions: nothing is sent to a candidate until
 * the recruiter saves the questions.
 */
export type RubricEntry = { name: string; description: string; weight: number }

export const videoQuestionLimits = { minQuestions: 1, maxQuestions: 10, minChars: 10, maxChars: 500 }

export function draftQuestionsLocally(rubric: RubricEntry[]): string[] {
  return [...rubric]
    .sort((a, b) => b.weight - a.weight)
    .slice(0, videoQuestionLimits.maxQuestions)
    .map((c) => {
      const focus = c.description.trim() ? ` (${c.description.trim().replace(/[.\s]+$/, '')})` : ''
      return `Tell us about a time you showed ${c.name.trim()}${focus}. What was the situation, what did you do, and what came of it?`
    })
    .map((q) => q.slice(0, videoQuestionLimits.maxChars))
}

const draftsSchema = z.object({ questions: z.array(z.string().trim().min(videoQuestionLimits.minChars).max(videoQuestionLimits.maxChars)).min(1) })

const draftsJsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['questions'],
  properties: { questions: { type: 'array', items: { type: 'string' } } },
} as const

const systemPrompt = [
  'You draft interview questions that a candidate answers on video, alone, without follow-up questions.',
  'Write one open behavioural question per competency, in the order given, each answerable in two minutes.',
  'Ask about experience and actions only. Never ask about age, family, health, religion, nationality, appearance,',
  'or any other protected characteristic, and never ask the candidate to show anything on camera.',
  'Respond only with JSON matching the schema.',
].join('\n')

/** The model's drafts for the rubric; null when the model failed or its answer was unusable. */
export async function draftQuestionsWithLlm(
  client: OpenAI,
  model: string,
  input: { jobTitle: string; rubric: RubricEntry[] },
  timeoutMs: number,
): Promise<string[] | null> {
  const rubric = [...input.rubric].sort((a, b) => b.weight - a.weight).slice(0, videoQuestionLimits.maxQuestions)
  const competencies = rubric.map((c, i) => `${i + 1}. ${oneLine(c.name)}${c.description.trim() ? `: ${oneLine(c.description)}` : ''}`)
  let completion
  try {
    completion = await client.chat.completions.create(
      {
        model,
        messages: [
          { role: 'system', content: systemPrompt },
          { role: 'user', content: `Job title: ${oneLine(input.jobTitle)}\nCompetencies:\n${competencies.join('\n')}` },
        ],
        response_format: { type: 'json_schema', json_schema: { name: 'video_interview_questions', strict: true, schema: draftsJsonSchema } },
      },
      { timeout: timeoutMs },
    )
  } catch {
    return null
  }
  const content = completion.choices?.[0]?.message?.content
  const parsed = typeof content === 'string' ? safeJson(content) : null
  const drafts = draftsSchema.safeParse(parsed)
  if (!drafts.success) return null
  return drafts.data.questions.slice(0, videoQuestionLimits.maxQuestions)
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, 300)

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}
