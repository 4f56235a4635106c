/**
 * Which speech-to-text engines this installation offers: the cloud engines when their API key is configured, the local
 * engine when pocketsphinx and sox are installed. Listing makes no network request.
 */
import { createAssemblyAIEngine } from './assemblyai'
import { createOpenAIEngine } from './openai-whisper'
import { detectLocalEngine } from './pocketsphinx'
import { engineDescriptions, TranscriptionError, type TranscriptionEngine } from './types'

export type EngineId = TranscriptionEngine['id']

export type EnginesConfig = {
  openai?: { apiKey: string; baseURL?: string; model?: string }
  assemblyai?: { apiKey: string; baseUrl?: string }
  /** Applies to every engine: the longest one transcription may take. */
  timeoutMs: number
}

/** Serialisable, for settings pages and engine pickers; `reason` says why an engine is unavailable. */
export type EngineStatus = { id: EngineId; label: string; diarization: boolean; available: boolean; reason?: string }

/** Builds an engine, or says why it cannot. */
async function resolve(config: EnginesConfig, id: EngineId): Promise<TranscriptionEngine | string> {
  const { timeoutMs } = config
  switch (id) {
    case 'openai': {
      const apiKey = config.openai?.apiKey.trim()
      if (!apiKey) return 'No OpenAI API key is configured'
      return createOpenAIEngine({ ...config.openai, apiKey, timeoutMs })
    }
    case 'assemblyai': {
      const apiKey = config.assemblyai?.apiKey.trim()
      if (!apiKey) return 'No AssemblyAI API key is configured'
      return createAssemblyAIEngine({ ...config.assemblyai, apiKey, timeoutMs })
    }
    case 'local': {
      const detected = await detectLocalEngine({ timeoutMs })
      return detected.engine ?? `The local engine is not available: ${detected.reason}`
    }
  }
}

const engineIds: EngineId[] = ['assemblyai', 'openai', 'local']

/** Every engine, available or not, in order of preference (diarization and accuracy first). */
export async function availableEngines(config: EnginesConfig): Promise<EngineStatus[]> {
  return Promise.all(
    engineIds.map(async (id): Promise<EngineStatus> => {
      const engine = await resolve(config, id)
      const description = { id, ...engineDescriptions[id] }
      if (typeof engine === 'string') return { ...description, available: false, reason: engine }
      return { ...description, available: true }
    }),
  )
}

/** The engine to run a job with; an unavailable one is a non-retryable TranscriptionError carrying the reason. */
export async function engineById(config: EnginesConfig, id: EngineId): Promise<TranscriptionEngine> {
  // Ids come from stored jobs and requests: check at runtime too.
  if (!Object.hasOwn(engineDescriptions, id)) {
    throw new TranscriptionError(`Unknown transcription engine "${String(id).slice(0, 40)}"`, { kind: 'unavailable' })
  }
  const engine = await resolve(config, id)
  if (typeof engine === 'string') throw new TranscriptionError(engine, { kind: 'unavailable' })
  return engine
}
