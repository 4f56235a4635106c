import type { Segment } from '../../server/analysis/local-analyzer'

/** A short technical interview: two answers on scaling and on a disagreement, then the candidate's own question. */
export const sampleInterview: Segment[] = [
  { speaker: 'Interviewer', startMs: 0, endMs: 6_000, text: 'Thanks for joining. How did you scale the billing service?' },
  {
    speaker: 'Candidate',
    startMs: 6_000,
    endMs: 40_000,
    text: 'We sharded PostgreSQL by customer and added read replicas. Scaling the queue workers horizontally removed the backlog.',
  },
  { speaker: 'Interviewer', startMs: 40_000, endMs: 44_000, text: 'Tell me about a disagreement with a teammate?' },
  {
    speaker: 'Candidate',
    startMs: 44_000,
    endMs: 70_000,
    text: 'I disagreed with our lead about the rollout plan. We wrote down both options and agreed on a staged rollout.',
  },
  { speaker: 'Interviewer', startMs: 70_000, endMs: 72_000, text: 'Any questions for us?' },
  { speaker: 'Candidate', startMs: 72_000, endMs: 75_000, text: 'How big is the team?' },
]
