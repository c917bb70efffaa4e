// The base model on a workspace it was never trained on: its network stays as shipped, and
// context models and a match history of the workspace's files take the place of the base
// corpus's (no training, a few seconds of one core for a typical workspace), keeping what the
// base model learned about weighing its predictors, so that from the first minute suggestions
// can copy the workspace's identifiers, imports and idioms. The result is a checkpoint like the base
// model's, with the extended context section; the editor uses it until the workspace has a
// model of its own (src/editor/training/baseIndexer.ts). "Train on Workspace" still starts
// from the base model itself and builds its own context models.
import type { Corpus } from '../corpus';
import type { Checkpoint } from '../model/checkpoint';
import { BASE_MODEL_NAME } from '../model/config';
import { InferenceModel } from '../infer/inferenceModel';
import { SteppedLstm } from '../predict/lstmSource';
import type { StackSizes } from '../predict/predictorStack';
import { type StackLearning, stackFromSection, stackToSection } from '../predict/stackState';
import { learnFiles, splitJoinedFilesWithLanguages } from './contextStack';

/** At most this much of the workspace is read with the network to refit the weighing (at about 10,000 bytes/s of one core). */
const FIT_MAX_BYTES = 128 * 1024;

export interface WorkspaceIndex {
  checkpoint: Checkpoint;
  /** Files and bytes the context models read (files beyond sizes.maxLearnBytes are left out). */
  files: number;
  bytes: number;
}

/**
 * The base checkpoint with context models of `sizes` built from the files (in order, up to
 * sizes.maxLearnBytes in total) instead of its own, then from `fitFiles` (files held out of
 * the others, e.g. the workspace's validation side) read with the network as the mixer's
 * input, which refits the base model's weighing to this workspace (bench:quality and
 * bench:keystrokes --read-workspace measure both). Undefined when shouldStop() said so midway.
 */
export async function indexWorkspace(base: Checkpoint, files: readonly Uint8Array[], sizes: StackSizes, shouldStop: () => boolean, onProgress?: (fraction: number) => void, fitFiles: readonly Uint8Array[] = [], languages?: { files: readonly number[]; fit: readonly number[] }): Promise<WorkspaceIndex | undefined> {
  if (!base.context) throw new Error('the base model has no context models to extend');
  // The base model's weighing of its predictors, with statistics of the workspace alone: on
  // a workspace's held-out files that predicts better than the base corpus's statistics with
  // the workspace's added (bench:quality --read-workspace, first base model: 1.289 against
  // 1.345 bits/char on python-http, 0.872 against 0.925 on js-web-framework).
  const stack = stackFromSection(base.context).withEmptyStatistics(sizes);
  // Each file's statistics under its own language (../corpus/languages.ts).
  stack.languageContexts = languages !== undefined;
  const limit = sizes.maxLearnBytes ?? Infinity;
  const learned = withinBudget(files, limit, languages?.files);
  const fitted = withinBudget(fitFiles, Math.min(limit - learned.bytes, FIT_MAX_BYTES), languages?.fit);
  const bytes = learned.bytes + fitted.bytes;
  const progress = (done: number) => onProgress?.(bytes > 0 ? done / bytes : 1);
  if (!(await learnFiles(stack, learned.files, shouldStop, (fraction) => progress(fraction * learned.bytes), undefined, learned.languages))) return undefined;
  const lstm = new SteppedLstm(new InferenceModel(base.model, base.weights));
  if (!(await learnFiles(stack, fitted.files, shouldStop, (fraction) => progress(learned.bytes + fraction * fitted.bytes), lstm, fitted.languages))) return undefined;
  const context = stackToSection(stack, { trainBytes: bytes, fittedBytes: (base.context.meta as Partial<StackLearning>).fittedBytes ?? 0 });
  const checkpoint: Checkpoint = { ...base, optimizer: undefined, context, base: base.base ?? { name: BASE_MODEL_NAME, step: base.step, charsSeen: base.charsSeen }, savedAt: undefined, integrity: undefined };
  return { checkpoint, files: learned.files.length + fitted.files.length, bytes };
}

/**
 * The index job's reading of a workspace's corpus (readCorpus): its training side learned, then
 * its validation side read with the network (a lone file, on both sides, is read once).
 */
export function indexCorpus(base: Checkpoint, corpus: Pick<Corpus, 'trainBytes' | 'validationBytes' | 'sameFileForBoth' | 'trainLanguages' | 'validationLanguages'>, sizes: StackSizes, shouldStop: () => boolean): Promise<WorkspaceIndex | undefined> {
  const train = splitJoinedFilesWithLanguages(corpus.trainBytes, corpus.trainLanguages);
  const fit = corpus.sameFileForBoth ? { files: [], languages: [] } : splitJoinedFilesWithLanguages(corpus.validationBytes, corpus.validationLanguages);
  return indexWorkspace(base, train.files, sizes, shouldStop, undefined, fit.files, { files: train.languages, fit: fit.languages });
}

/** The files, in order, that fit in `budget` bytes (one that does not is passed over), their languages and their bytes. */
function withinBudget(files: readonly Uint8Array[], budget: number, languages: readonly number[] = []): { files: Uint8Array[]; languages: number[]; bytes: number } {
  const chosen: Uint8Array[] = [];
  const chosenLanguages: number[] = [];
  let bytes = 0;
  for (const [index, file] of files.entries()) {
    if (bytes + file.length > budget) continue;
    chosen.push(file);
    chosenLanguages.push(languages[index] ?? 0);
    bytes += file.length;
  }
  return { files: chosen, languages: chosenLanguages, bytes };
}
