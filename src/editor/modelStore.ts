// The model the editor uses: the workspace's best checkpoint (paths.bestCheckpoint), or,
// until the workspace has one, the base model shipped with the extension (paths.baseModel)
// with the workspace index's statistics as its context models once the index has read the
// workspace (paths.baseIndex, index/baseIndexer.ts: used while it belongs to that base model),
// loaded into the pure-TypeScript forward pass and the prediction stack. Watches the storage
// folder (the trainer renames a new checkpoint into place) and reloads after a short
// debounce; extension.ts also calls reload() when training reports a new best checkpoint, and
// the indexer when it saved a new index. Files are read, checked and inflated on the
// checkpoint thread (../core/index/checkpointThread.ts), never on the editor's; what is left
// here (a transpose, the stack's index of the workspace text) runs from a timer, never inside
// a completion request. Loads run one at a time, in order; the base model's network is kept
// across reloads that only change the index.
import * as vscode from 'vscode';
import { existsSync, type FSWatcher, statSync, watch } from 'node:fs';
import path from 'node:path';
import { type Checkpoint, integrityNote } from '../core/model/checkpoint';
import type { CheckpointThread } from '../core/index/checkpointThread';
import { IndexFileError, type SavedIndex } from '../core/index/indexFile';
import { summarize } from '../core/index/indexManifest';
import type { IndexSummary } from '../shared/indexSummary';
import { InferenceModel } from '../core/infer/inferenceModel';
import type { PredictorStack } from '../core/predict/predictorStack';
import { stackFromSection } from '../core/predict/stackState';
import type { ModelPaths } from './services';
import type { ModelOrigin } from '../shared/modelOrigin';
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
  /** What the workspace index in use holds (the base model with the saved index only). */
  index?: IndexSummary;
  /** The folders (absolute) of the files the index holds. */
  indexedFolders?: ReadonlySet<string>;
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
  /** The base model's network, kept while its file is unchanged. */
  private baseNetwork: { file: string; mtimeMs: number; checkpoint: LoadedModel['checkpoint']; model: InferenceModel } | undefined;
  private readonly settingsListener: vscode.Disposable;
  /** The load going on (loads are chained: one at a time). */
  private loading: Promise<void> = Promise.resolve();
  /** Files whose integrity note (an older format) was logged already: said once. */
  private readonly noted = new Set<string>();

  constructor(
    readonly paths: ModelPaths,
    private readonly log: vscode.LogOutputChannel,
    private readonly reader: CheckpointThread,
  ) {
    try {
      this.watcher = watch(paths.storageDir, (_event, filename) => {
        const name = filename?.toString();
        // (a new saved index is loaded by the indexer when it chooses: index/baseIndexer.ts)
        if (!name || name === path.basename(paths.bestCheckpoint)) this.scheduleReload();
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
    const withIndex = !workspaceModel && (await this.indexBelongs());
    if (this.disposed) return;
    const file = workspaceModel ? this.paths.bestCheckpoint : withIndex ? this.paths.baseIndex : this.paths.baseModel;
    const origin = workspaceModel ? 'workspace' : 'base';
    if (!existsSync(file)) {
      if (this.loaded || this.loadProblem) this.set(undefined, undefined);
      return;
    }
    const mtimeMs = mtimeOf(file);
    if (!force && this.loaded && this.loaded.file === file && this.loaded.mtimeMs === mtimeMs && !this.loadProblem) return;
    try {
      const started = Date.now();
      const index = withIndex ? await this.savedIndex() : undefined;
      const { checkpoint, model, context, hostStarted } = await this.network(workspaceModel ? this.paths.bestCheckpoint : this.paths.baseModel, !index);
      if (this.disposed) return;
      let stack: PredictorStack | undefined;
      let stackProblem: string | undefined;
      const section = index?.index.stack ?? context;
      if (section) {
        try {
          stack = stackFromSection(section);
        } catch (err) {
          stackProblem = (err as Error).message;
          this.log.warn(`Recur: ${file}: the context models cannot be used (${stackProblem}); suggestions use the network alone until the next training`);
        }
      }
      const memory = stack ? `, context models ${(stack.memoryBytes / 2 ** 20).toFixed(1)} MB` : ', no context models';
      const loadedFile = index || workspaceModel ? file : this.paths.baseModel; // an index that could not be read: the bare base model
      this.log.info(
        `Recur: loaded ${origin === 'base' ? (index ? "the base model with this workspace's index " : 'the base model ') : ''}${loadedFile} (step ${checkpoint.step}, ${checkpoint.model.cell} ${checkpoint.model.layers}x${checkpoint.model.hiddenSize}${memory}) in ${Date.now() - started} ms (${Date.now() - hostStarted} ms of it on the editor's thread)`,
      );
      this.set({ file: loadedFile, origin, checkpoint, model, stack, stackProblem, mtimeMs, ...(index ? { index: index.summary, indexedFolders: index.folders } : {}) }, undefined);
    } catch (err) {
      if (this.disposed) return;
      const message = (err as Error).message;
      this.log.error(`Recur: cannot use the model: ${message}`);
      this.set(undefined, message);
    }
  }

  /**
   * The network of a checkpoint file, and its context section when `withContext` (read each
   * time: the stack built from it learns in its arrays). The base model's network is kept
   * while its file is unchanged. hostStarted: when the work on the editor's thread began.
   */
  private async network(file: string, withContext: boolean): Promise<{ checkpoint: LoadedModel['checkpoint']; model: InferenceModel; context: Checkpoint['context']; hostStarted: number }> {
    const mtimeMs = mtimeOf(file);
    const kept = this.baseNetwork;
    if (!withContext && kept && kept.file === file && kept.mtimeMs === mtimeMs) return { ...kept, context: undefined, hostStarted: Date.now() };
    const { weights, optimizer: _optimizer, context, ...checkpoint } = await this.reader.read(file, { optimizer: false, maxTrainPoints: MAX_SHOWN_TRAIN_POINTS });
    const hostStarted = Date.now();
    this.noteIntegrity(checkpoint, file);
    const model = new InferenceModel(checkpoint.model, weights);
    if (file === this.paths.baseModel) this.baseNetwork = { file, mtimeMs, checkpoint, model };
    return { checkpoint, model, context, hostStarted };
  }

  /** Whether the saved workspace index was built for the base model in use (its step and characters seen), by its header. */
  private async indexBelongs(): Promise<boolean> {
    if (!existsSync(this.paths.baseIndex)) return false;
    const header = await this.reader.indexHeader(this.paths.baseIndex).catch(() => undefined);
    if (!header) return false;
    const base = (await this.network(this.paths.baseModel, false)).checkpoint;
    return header.base.step === (base.base?.step ?? base.step) && header.base.charsSeen === (base.base?.charsSeen ?? base.charsSeen);
  }

  /** The saved workspace index, what it holds, and the folders of its files; undefined (and a warning) when it cannot be read. */
  private async savedIndex(): Promise<{ index: SavedIndex; summary: IndexSummary; folders: Set<string> } | undefined> {
    try {
      const index = await this.reader.index(this.paths.baseIndex);
      const folders = new Set(index.manifest.files.map((f) => path.join(index.manifest.roots[f.root], path.dirname(f.path))));
      return { index, summary: summarize(index.manifest), folders };
    } catch (err) {
      if (!(err instanceof IndexFileError)) throw err;
      this.log.warn(`Recur: ${err.message}`);
      return undefined;
    }
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

function mtimeOf(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0; // the read reports it
  }
}
