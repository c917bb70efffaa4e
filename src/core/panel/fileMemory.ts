// Has the model read the file the activations view shows? The context models of a model
// trained on this workspace read every file of it (training files, then the held-out ones,
// before the best checkpoint is written); the base model's read them when it read the
// workspace. Such text is recalled, not predicted: the panel says so beside the predictor
// attribution. The network trained on the training files only. Pure.
import type { FileMemory } from '../../shared/panelProtocol';
import type { ModelOrigin } from '../../shared/modelOrigin';

export interface FileMemoryInput {
  origin: ModelOrigin;
  /** When the model's file was written (ms since the epoch). */
  modelWrittenMs: number;
  /** The followed document as a file inside a workspace folder (undefined: untitled, or outside the workspace). */
  file: { relativePath: string; mtimeMs: number; dirty: boolean } | undefined;
  /** The held-out files the model was validated on, when recorded (CorpusSummary.validationPaths). */
  validationPaths: readonly string[] | undefined;
}

export function fileMemory(input: FileMemoryInput): FileMemory | undefined {
  const { origin, file } = input;
  if (origin === 'base' || !file || !Number.isFinite(input.modelWrittenMs)) return undefined;
  const network = origin === 'baseReadWorkspace' ? 'never' : !input.validationPaths ? 'unknown' : input.validationPaths.includes(file.relativePath) ? 'heldOut' : 'trained';
  return { readAt: new Date(input.modelWrittenMs).toISOString(), network, changedSince: file.dirty || file.mtimeMs > input.modelWrittenMs };
}
