// A training run's two checkpoint files (trainer.ts), each written atomically and announced
// by a 'checkpoint' event:
//   best     weights only, with the context models as fitted at the best evaluation; a
//            fresh model (or a fine-tuned base model) gets one even when stopped early;
//   latest   with Adam's state, to continue from; written at every evaluation and at the end.
// At the end of a run that was not stopped, the best file's context models also learn the
// validation files (the mixer stays as fitted), so the editor can copy from every file of
// the workspace.
import { type Checkpoint, writeCheckpointAtomic } from '../model/checkpoint';
import type { ModelConfig } from '../model/config';
import { learnContexts, type MixScore, splitJoinedFilesWithLanguages } from '../index/contextStack';
import { stackToSection } from '../predict/stackState';
import type { TrainableNetwork } from './backend';
import type { TrainingInput } from './trainingInput';
import type { TrainingRun } from './trainingRun';

export class RunCheckpoints {
  /** The copy of the stack that read the validation files at the best evaluation: saved with the best checkpoint. */
  fitted: MixScore | undefined;
  private bestSnapshot: Checkpoint | undefined;
  private latestWrittenAt = -1;

  constructor(
    private readonly input: TrainingInput,
    private readonly config: ModelConfig,
    private readonly run: TrainingRun,
    private readonly network: TrainableNetwork,
  ) {}

  writeBest(): void {
    this.bestSnapshot = this.checkpoint(false);
    writeCheckpointAtomic(this.input.bestCheckpointPath, this.bestSnapshot, GROWING);
    this.input.onEvent({ kind: 'checkpoint', path: this.input.bestCheckpointPath, step: this.run.step, charsSeen: this.run.charsSeen, best: true });
  }

  /** Once per step at most. */
  writeLatest(): void {
    if (this.latestWrittenAt === this.run.step) return;
    this.latestWrittenAt = this.run.step;
    writeCheckpointAtomic(this.input.latestCheckpointPath, this.checkpoint(true), GROWING);
    this.input.onEvent({ kind: 'checkpoint', path: this.input.latestCheckpointPath, step: this.run.step, charsSeen: this.run.charsSeen, best: false });
  }

  /** After the last evaluation: both files as the header says; `stopped` skips the context models' last reading. */
  writeFinal(stopped: boolean): void {
    const { input } = this;
    if (!this.bestSnapshot && (!input.resume || input.fromBase)) this.writeBest();
    this.writeLatest();
    if (stopped || !this.fitted || !this.bestSnapshot) return;
    const validation = splitJoinedFilesWithLanguages(input.validationBytes, input.languages?.validation);
    learnContexts(this.fitted.stack, validation.files, validation.languages);
    writeCheckpointAtomic(input.bestCheckpointPath, { ...this.bestSnapshot, metrics: this.run.metrics, context: this.contextSection(), savedAt: new Date().toISOString() }, GROWING);
    input.onEvent({ kind: 'checkpoint', path: input.bestCheckpointPath, step: this.bestSnapshot.step, charsSeen: this.bestSnapshot.charsSeen, best: true });
  }

  private checkpoint(withOptimizer: boolean): Checkpoint {
    const { input, run, network } = this;
    return {
      model: this.config,
      train: input.train,
      step: run.step,
      charsSeen: run.charsSeen,
      weights: network.weights(),
      optimizer: withOptimizer ? network.optimizerState() : undefined,
      metrics: run.metrics,
      corpus: input.corpus,
      savedAt: new Date().toISOString(),
      context: withOptimizer ? undefined : this.contextSection(),
      base: input.fromBase ?? input.resume?.base,
    };
  }

  private contextSection(): Checkpoint['context'] {
    return this.fitted ? stackToSection(this.fitted.stack, { trainBytes: this.input.trainBytes.length, fittedBytes: this.fitted.bytes }) : undefined;
  }
}

/** The run's history lists only grow (points are pushed, never changed): saves extend their JSON (../model/historyJson.ts). */
const GROWING = { historyGrowsOnly: true } as const;
