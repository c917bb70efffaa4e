// The model the editor uses: the workspace's best checkpoint (paths.bestCheckpoint), or,
// until the workspace has one, the base model shipped with the extension (paths.baseModel;
// paths.baseIndex once it has read the workspace: training/baseIndexer.ts), loaded into the
// pure-TypeScript forward pass and the prediction stack. Watches the storage folder (the trainer renames a new
// checkpoint into place) and reloads after a short debounce; extension.ts also calls reload()
// when training reports a new best checkpoint. The file is read, checked and inflated on the
// checkpoint thread (../core/model/checkpointThread.ts), never on the editor's; what is left
// here (a transpose, the stack's index of the workspace text) runs from a timer, never inside
// a completion request. Loads run one at a time, in order.
import * as vscode from 'vscode';
import { existsSync, type FSWatcher, statSync, watch } from 'node:fs';
import path from 'node:path';
import { type Checkpoint, integrityNote } from '../core/model/checkpoint';
import type { CheckpointThread } from '../core/model/checkpointThread';
import { InferenceModel } from '../core/infer/inferenceModel';
import type { PredictorStack } from '../core/predict/predictorStack';
import { stackFromSection } from '../core/predict/stackState';
import type { ModelPaths } from './services';
import type { ModelOrigin } from '../shared/present/modelScore';
import { onSettingsChanged, readUseBaseModel } from '../settings';
import { MAX_SHOWN_TRAIN_POINTS } from '../shared/metrics';

/** A loaded model: the checkpoint's description (without its tensors), the forward pass and the prediction stack. */
export interface LoadedModel {
  file: string;
  /** 'workspace': trained on this workspace; 'base': the shipped base model (no workspace model yet). */
  origin: 'workspace' | 'base';
  /** Its metrics.train is thinned to at most MAX_SHOWN_TRAIN_POINTS (../shared/metrics.ts thinHistory); the rest is whole. */
  checkpoint: Omit<Checkpoint, 'weights' | 'optimizer' | 'context'>;
  model: InferenceModel;
  /** The context models and mixer saved with the network (undefined: a checkpoint without them, or one this Recur cannot use: see stackProblem). */
  stack: PredictorStack | undefined;
  stackProblem: string | undefined;
  /** The file's modification time when it was read. */
  mtimeMs: number;
}

const WATCH_DEBOUNCE_MS = 300;

export class ModelStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after every load attempt that changed `current` or `problem`. */
  readonly onDidChange = this.changed.event;
  private loaded: LoadedModel | undefined;
  private loadProblem: string | undefined;
  private watcher: FSWatcher | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private disposed = false;
  private readonly settingsListener: vscode.Disposable;
  /** The load going on (loads are chained: one at a time). */
  private loading: Promise<void> = Promise.resolve();
  /** Files whose integrity note (an older format) was logged already: said once. */
  private readonly noted = new Set<string>();

  constructor(readonly paths: ModelPaths, private readonly log: vscode.LogOutputChannel, private readonly reader: CheckpointThread) {
    try {
      this.watcher = watch(paths.storageDir, (_event, filename) => {
        const name = filename?.toString();
        if (!name || name === path.basename(paths.bestCheckpoint) || name === path.basename(paths.baseIndex)) this.scheduleReload();
      });
      this.watcher.on('error', (err) => this.log.warn(`Recur: stopped watching ${paths.storageDir}: ${err.message}`));
    } catch (err) {
      this.log.warn(`Recur: cannot watch ${paths.storageDir} (${(err as Error).message}); the model reloads when training reports a checkpoint`);
    }
    this.settingsListener = onSettingsChanged((affects) => {
      if (affects('recur.model.useBaseModel')) this.scheduleReload(0);
    });
    this.scheduleReload(0);
  }

  /** The model in use, or undefined (none trained yet, or unreadable: see problem). */
  get current(): LoadedModel | undefined {
    return this.loaded;
  }

  /** Why the best checkpoint could not be used (e.g. a corrupt file), or undefined. */
  get problem(): string | undefined {
    return this.loadProblem;
  }

  /** Which model is in use: this workspace's, or the base model (with this workspace read into its context models, or bare). */
  get origin(): ModelOrigin | undefined {
    const loaded = this.loaded;
    if (!loaded) return undefined;
    return loaded.origin === 'workspace' ? 'workspace' : loaded.file === this.paths.baseIndex ? 'baseReadWorkspace' : 'base';
  }

  get ready(): boolean {
    return this.loaded !== undefined;
  }

  /** Loads the best checkpoint now (if it changed on disk since the last load, or `force`); resolves when it is in use. */
  async reload(force = true): Promise<void> {
    clearTimeout(this.debounce);
    if (this.disposed) return;
    await new Promise((resolve) => setImmediate(resolve)); // not inside the caller's event
    await this.queueLoad(force);
  }

  private scheduleReload(delayMs = WATCH_DEBOUNCE_MS): void {
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => void this.queueLoad(false), delayMs);
  }

  private queueLoad(force: boolean): Promise<void> {
    // After the load before it, whether that one succeeded or not.
    this.loading = this.loading.catch(() => undefined).then(() => this.load(force));
    return this.loading;
  }

  private async load(force: boolean): Promise<void> {
    if (this.disposed) return;
    const workspaceModel = existsSync(this.paths.bestCheckpoint);
    if (!workspaceModel && !readUseBaseModel()) {
      if (this.loaded || this.loadProblem) this.set(undefined, undefined);
      return;
    }
    const file = workspaceModel ? this.paths.bestCheckpoint : await this.baseModelFile();
    const origin = workspaceModel ? 'workspace' : 'base';
    if (!existsSync(file)) {
      if (this.loaded || this.loadProblem) this.set(undefined, undefined);
      return;
    }
    let mtimeMs = 0;
    try {
      mtimeMs = statSync(file).mtimeMs;
    } catch {
      /* read below reports it */
    }
    if (!force && this.loaded && this.loaded.file === file && this.loaded.mtimeMs === mtimeMs && !this.loadProblem) return;
    try {
      const started = Date.now();
      const { weights, optimizer: _optimizer, context, ...checkpoint } = await this.reader.read(file, { optimizer: false, maxTrainPoints: MAX_SHOWN_TRAIN_POINTS });
      if (this.disposed) return;
      const hostStarted = Date.now();
      this.noteIntegrity(checkpoint, file);
      const model = new InferenceModel(checkpoint.model, weights);
      let stack: PredictorStack | undefined;
      let stackProblem: string | undefined;
      if (context) {
        try {
          stack = stackFromSection(context);
        } catch (err) {
          stackProblem = (err as Error).message;
          this.log.warn(`Recur: ${file}: the context models cannot be used (${stackProblem}); suggestions use the network alone until the next training`);
        }
      }
      const memory = stack ? `, context models ${(stack.memoryBytes / 2 ** 20).toFixed(1)} MB` : ', no context models';
      this.log.info(`Recur: loaded ${origin === 'base' ? (file === this.paths.baseIndex ? 'the base model with this workspace read ' : 'the base model ') : ''}${file} (step ${checkpoint.step}, ${checkpoint.model.cell} ${checkpoint.model.layers}x${checkpoint.model.hiddenSize}${memory}) in ${Date.now() - started} ms (${Date.now() - hostStarted} ms of it on the editor's thread)`);
      this.set({ file, origin, checkpoint, model, stack, stackProblem, mtimeMs }, undefined);
    } catch (err) {
      if (this.disposed) return;
      const message = (err as Error).message;
      this.log.error(`Recur: cannot use the model: ${message}`);
      this.set(undefined, message);
    }
  }

  /** The base model with this workspace's index (paths.baseIndex) when that was built from this base model, else the base model itself. */
  private async baseModelFile(): Promise<string> {
    const index = existsSync(this.paths.baseIndex) ? (await this.reader.headerIfReadable(this.paths.baseIndex))?.base : undefined;
    const base = index && (await this.reader.headerIfReadable(this.paths.baseModel));
    return base && index.step === base.step && index.charsSeen === base.charsSeen ? this.paths.baseIndex : this.paths.baseModel;
  }

  /** Says once per file that a checkpoint of an older format is not fully checksummed. */
  private noteIntegrity(checkpoint: Pick<Checkpoint, 'integrity'>, file: string): void {
    const note = integrityNote(checkpoint, file);
    if (note && !this.noted.has(file)) {
      this.noted.add(file);
      this.log.info(`Recur: ${note}`);
    }
  }

  private set(loaded: LoadedModel | undefined, problem: string | undefined): void {
    this.loaded = loaded;
    this.loadProblem = problem;
    this.changed.fire();
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.debounce);
    this.watcher?.close();
    this.settingsListener.dispose();
    this.changed.dispose();
  }
}
