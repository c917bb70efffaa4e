// The base model on a workspace it was never trained on: its network stays as shipped, and
// context models and a match history of the workspace's files take the place of the base
// corpus's (no training), keeping what the base model learned about weighing its predictors,
// so that from the first minute suggestions can copy the workspace's identifiers, imports and
// idioms. The editor uses it until the workspace has a model of its own
// (src/editor/training/baseIndexer.ts); "Train on Workspace" still starts from the base model
// itself and builds its own context models.
//
// Nearby text weighs more by being read last: the files are read least relevant first
// (selectFiles.ts gives them most relevant first), so the most relevant text is what the
// match model finds first (the latest occurrence wins, and a full history drops its oldest
// half), what the context tables' bit histories adapt to last, and what the mixer last
// learned to weigh. Files outside the edited project (far: another package's, the libraries
// of a monorepo) give their statistics and history alone: the mixer learns to weigh the
// predictors on the project's own text, as it would on the project alone (and reading them
// costs a fifth of the time); of the project's own files, a share (weighedFiles.ts: the most
// relevant, and every other one before it) is read with the whole stack, the rest for their
// statistics and history. The fit files (the most relevant of the workspace's validation side)
// come after all of them, read with the network as the mixer's input, which refits the base
// model's weighing to this workspace.
import type { Checkpoint } from '../model/checkpoint';
import { BASE_MODEL_NAME } from '../model/config';
import { InferenceModel } from '../infer/inferenceModel';
import { SteppedLstm } from '../infer/steppedLstm';
import type { PredictorStack, StackSizes } from '../predict/predictorStack';
import { type StackLearning, stackFromSection, stackToSection } from '../predict/stackState';
import type { BaseModelInfo } from '../model/checkpoint';
import { learnContextsInSlices, learnFiles } from './contextStack';
import { WEIGHING_SHARE, type WeighingShare, weighedFiles, weighedRuns } from './weighedFiles';

/** At most this much of the workspace is read with the network to refit the weighing (at about 10,000 bytes/s of one core). */
export const FIT_MAX_BYTES = 128 * 1024;

/** A file to learn: its text, whether it is a fit file (read last, with the network), and its language code (../languages.ts; absent: 0). */
export interface LearnedText {
  text: Uint8Array;
  fit: boolean;
  languageCode?: number;
  /** Outside the edited project (relevance.ts FAR_TIER): read for its statistics and history alone, first; the weighing learns from the project's text only. */
  far?: boolean;
}

/** Which base model a checkpoint is, or continues. */
export function baseIdentity(base: Checkpoint): BaseModelInfo {
  return base.base ?? { name: BASE_MODEL_NAME, step: base.step, charsSeen: base.charsSeen };
}

/**
 * The base model's weighing of its predictors with empty statistics, to be filled with the
 * workspace's alone: on a workspace's held-out files that predicts better than the base
 * corpus's statistics with the workspace's added (bench:quality --read-workspace, first base
 * model: 1.289 against 1.345 bits/char on python-http, 0.872 against 0.925 on
 * js-web-framework). Each file's statistics go under its own language (../languages.ts).
 */
function workspaceStack(base: Checkpoint, sizes: StackSizes): PredictorStack {
  if (!base.context) throw new Error('the base model has no context models to extend');
  const stack = stackFromSection(base.context).withEmptyStatistics(sizes);
  stack.languageContexts = true;
  return stack;
}

/**
 * A stack with the base's weighing and statistics of `files` alone (given most relevant
 * first; read the other way round, `share` of them with the whole stack, fit files last with
 * the base's network). Undefined when
 * shouldStop() said so midway. onProgress hears the bytes read so far.
 */
export async function learnWorkspace(
  base: Checkpoint,
  files: readonly LearnedText[],
  sizes: StackSizes,
  shouldStop: () => boolean,
  onProgress?: (bytes: number) => void,
  share: WeighingShare = WEIGHING_SHARE,
): Promise<PredictorStack | undefined> {
  const stack = workspaceStack(base, sizes);
  return (await learnInOrder(stack, files, () => new SteppedLstm(new InferenceModel(base.model, base.weights)), shouldStop, onProgress, share)) ? stack : undefined;
}

/**
 * The first index's stack: the base's weighing with statistics and history of `files` alone
 * (given most relevant first, read least relevant first), learned without predicting (no
 * mixer learning, no network refit: learnWorkspace's full reading replaces it). Undefined
 * when stopped.
 */
export async function learnFirstIndex(
  base: Checkpoint,
  files: readonly LearnedText[],
  sizes: StackSizes,
  shouldStop: () => boolean,
  onProgress?: (bytes: number) => void,
): Promise<PredictorStack | undefined> {
  const stack = workspaceStack(base, sizes);
  const ordered = [...files].reverse();
  const bytes = ordered.reduce((n, f) => n + f.text.length, 0);
  const learned = await learnContextsInSlices(
    stack,
    ordered.map((f) => f.text),
    shouldStop,
    (fraction) => onProgress?.(fraction * bytes),
    ordered.map((f) => f.languageCode ?? 0),
  );
  return learned ? stack : undefined;
}

/**
 * Has the stack learn `files` (most relevant first) least relevant first: the far files'
 * statistics and history alone, then the rest, `share` of it with the whole stack (the mixer
 * learning: weighedFiles.ts) and the others for their statistics, fit files last with the
 * network; false when stopped.
 */
export async function learnInOrder(
  stack: PredictorStack,
  files: readonly LearnedText[],
  network: () => SteppedLstm,
  shouldStop: () => boolean,
  onProgress?: (bytes: number) => void,
  share: WeighingShare = WEIGHING_SHARE,
): Promise<boolean> {
  const ordered = [...files].reverse();
  const far = ordered.filter((f) => !f.fit && f.far);
  const plain = ordered.filter((f) => !f.fit && !f.far);
  const fit = ordered.filter((f) => f.fit);
  const weighed = weighedFiles(
    plain.map((f) => f.text.length),
    share,
  );
  const parts: ReadingPart[] = [
    { files: far, whole: false },
    ...weighedRuns(weighed).map((run) => ({ files: plain.slice(run.start, run.end), whole: run.weighed })),
    { files: fit, whole: true, network: true },
  ];
  let before = 0;
  for (const part of parts) {
    if (part.files.length === 0) continue;
    const texts = part.files.map((f) => f.text);
    const languages = stack.languageContexts ? part.files.map((f) => f.languageCode ?? 0) : [];
    const bytes = texts.reduce((n, t) => n + t.length, 0);
    const start = before;
    const progress = (fraction: number) => onProgress?.(start + fraction * bytes);
    const ok = part.whole
      ? await learnFiles(stack, texts, shouldStop, progress, part.network ? network() : undefined, languages)
      : await learnContextsInSlices(stack, texts, shouldStop, progress, languages);
    if (!ok) return false;
    before += bytes;
  }
  return true;
}

/** Files read one way in learnInOrder: for their statistics, or with the whole stack (and the network). */
interface ReadingPart {
  files: readonly LearnedText[];
  whole: boolean;
  network?: boolean;
}

/**
 * The base checkpoint with the workspace's statistics as its context models (what the
 * benchmarks and the CLI measure; the editor loads the base and the index side by side).
 */
export function withIndexStack(base: Checkpoint, stack: PredictorStack, learning: StackLearning): Checkpoint {
  const context = stackToSection(stack, learning);
  return { ...base, optimizer: undefined, context, base: baseIdentity(base), savedAt: undefined, integrity: undefined };
}

/** The previous stack's learning figures, for stackToSection. */
export function learningOf(base: Checkpoint, learnedBytes: number): StackLearning {
  return { trainBytes: learnedBytes, fittedBytes: (base.context?.meta as Partial<StackLearning> | undefined)?.fittedBytes ?? 0 };
}
