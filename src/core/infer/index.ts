// Pure-TypeScript inference (no tfjs, no vscode): the forward pass, the per-document state
// cache, the seeded sampler, the completion path and the trace of internals for the panel.
export { InferenceModel, type InferenceState, type StepTrace } from './inferenceModel';
export { runWithTrace, type ModelTrace } from './trace';
export { Sampler, seededRng, softmax, argmax, type Rng, type SamplingMode, type SamplingOptions } from './sampler';
export { StateCache, type PreparedContext } from './stateCache';
export { contextWindow, type ContextWindow } from './contextWindow';
export { completeText, drawCandidates, DEFAULT_COMPLETION_OPTIONS, type CompletionCandidate, type CompletionOptions } from './complete';
export { restOfLine, trimRightOverlap } from './rightContext';
