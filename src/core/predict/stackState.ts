// The prediction stack's learned state in a checkpoint (a CheckpointSection of
// ../model/checkpoint.ts), and back. Each part writes and reads its own tensors and
// description fields (predictor.ts: save, PredictorKind.create and stateProblem), in the
// order of the stack's composition; the stack adds the mixer, the APMs and the workspace
// text. The section is versioned; its description says what it was built with (which
// context models and match sources, how many mixer inputs), how large its tables are and
// how much text it has learned, so a reader can refuse what it cannot use with a reason.
//
// Layout (version 4: run information, the indirect context and the third APM added) with
// the default composition:
//   tensor            dtype    shape                  what
//   table             uint8    [buckets * 16]         bit histories (deflated: mostly zeros)
//   maps.p / maps.n   f32/u16  [C, 256]               state maps of the context models
//   runs              uint8    [buckets * 4]          run information per bucket (deflated)
//   runs.p / runs.n   f32/u16  [C, 256]               the runs' confidences
//   followers         uint16   [65536]                the indirect context's table (deflated)
//   match.p / match.n f32/u16  [M, 256]               match confidences
//   mixer.layer1.k    f32      [sets_k, N]            mixer weights, one per selector
//   mixer.layer2      f32      [F, K]                F: the final selector's sets
//   apm0 / apm1 / apm2  f32    [256 * 33], [65536 * 33], [65536 * 33]
//   workspace         uint8    [bytes]                the text the match model copies from (deflated)
// A predictor added to the composition adds its own tensors and changes N: sections
// written before it are refused (other predictors) until the base model is exported again.
import type { CheckpointSection, TensorData } from '../tensorSection';
import { ApmStage } from './apmStage';
import { ByteHistory, MIN_MATCH } from './byteHistory';
import type { StateReader, StateWriter } from './predictor';
import { inputCount, PredictorStack, type StackSizes } from './predictorStack';
import { DEFAULT_COMPOSITION, type StackComposition } from './stackComposition';
import { CONTEXT_MEMORY_MB_RANGE, stackSizesFor, workspaceIndexBits } from './stackConfig';

/** The largest sizes a section may describe: those of the largest recur.context.memoryMB (checked before anything is allocated). */
const LARGEST = stackSizesFor(CONTEXT_MEMORY_MB_RANGE.max);

export const CONTEXT_STATE_VERSION = 4;

/** What the stack has learned, for reports and the panel. */
export interface StackLearning {
  /** Bytes of training text the context models learned. */
  trainBytes: number;
  /** Bytes of validation text the mixer was fitted on (after the context models were built). */
  fittedBytes: number;
}

/** The description fields the stack itself writes; its predictors add theirs (e.g. contexts, tableBuckets, matchSources). */
export interface ContextMeta extends StackLearning {
  version: number;
  /** The mixer's inputs. */
  inputs: number;
  workspaceCapacity: number;
  tableBuckets: number;
  /** Contexts learned with each file's language in their hashes (absent in older checkpoints: false). */
  languageContexts?: boolean;
}

export function stackToSection(stack: PredictorStack, learning: StackLearning): CheckpointSection {
  const meta: Record<string, unknown> = { version: CONTEXT_STATE_VERSION };
  const tensors: CheckpointSection['tensors'] = {};
  const out: StateWriter = {
    tensor(name, data, shape, compress = false) {
      if (tensors[name]) throw new Error(`stack state: two parts write the tensor ${name}`);
      tensors[name] = { data, shape, compress };
    },
    describe: (fields) => Object.assign(meta, fields),
  };
  for (const predictor of stack.predictors) predictor.save(out);
  Object.assign(meta, { inputs: stack.inputs.length, workspaceCapacity: stack.workspace.capacity, languageContexts: stack.languageContexts, ...learning });
  const { layer1, layer2 } = stack.mixer.weights;
  const inputs = stack.inputs.length;
  layer1.forEach((w, k) => out.tensor(layer1Name(k), w, [w.length / inputs, inputs]));
  out.tensor('mixer.layer2', layer2, [layer2.length / layer1.length, layer1.length]);
  stack.apms.save(out);
  out.tensor('workspace', stack.workspace.bytes.slice(0, stack.workspace.length), [stack.workspace.length], true);
  return { meta, tensors };
}

function reader(section: CheckpointSection): StateReader {
  return {
    meta: section.meta,
    tensor<T extends TensorData>(name: string, type: new (n: number) => T, length?: number): T {
      const tensor = section.tensors[name];
      if (!tensor || !(tensor.data instanceof type)) throw new Error(`context statistics are missing ${name}`);
      if (length !== undefined && tensor.data.length !== length) throw new Error(`context statistics: ${name} has ${tensor.data.length} values, expected ${length}`);
      return tensor.data as T;
    },
  };
}

/** Why a section cannot be used by a stack of `composition`, or undefined when it can. */
export function sectionProblem(section: CheckpointSection, composition: StackComposition = DEFAULT_COMPOSITION): string | undefined {
  const meta = section.meta as Partial<ContextMeta>;
  if (meta.version !== CONTEXT_STATE_VERSION) return `context statistics of version ${String(meta.version)} (this Recur reads ${CONTEXT_STATE_VERSION})`;
  const saved = reader(section);
  for (const kind of composition.predictors) {
    const problem = kind.stateProblem?.(saved);
    if (problem) return problem;
  }
  const inputs = inputCount(composition);
  if (meta.inputs !== inputs) {
    return `context statistics built with other predictors (${String(meta.inputs)} mixer inputs; this Recur's stack has ${inputs})`;
  }
  const weighing = mixerProblem(section, composition);
  if (weighing) return weighing;
  return sizeProblem(meta, section.tensors.workspace?.data.length ?? 0);
}

/** The tensor of the mixer's first-layer weights for selector k. */
const layer1Name = (k: number) => `mixer.layer1.${k}`;

/** The names of the first-layer weight tensors a section holds, in selector order. */
function savedLayer1(section: CheckpointSection): string[] {
  const names: string[] = [];
  for (let k = 0; section.tensors[layer1Name(k)]; k++) names.push(layer1Name(k));
  return names;
}

/** Why the section's mixer weights do not fit the mixer of a stack of `composition` (its selectors' weight sets), or undefined. */
function mixerProblem(section: CheckpointSection, composition: StackComposition): string | undefined {
  const saved = savedLayer1(section).map((name) => section.tensors[name].shape[0]);
  saved.push(section.tensors['mixer.layer2']?.shape[0] ?? 0);
  const sets = [...composition.selectors.map((selector) => selector.sets), composition.final.sets];
  if (saved.join() === sets.join()) return undefined;
  return `context statistics weighed by other mixer selectors (weight sets ${saved.join(', ')}; this Recur's mixer has ${sets.join(', ')})`;
}

/** Why the sizes a section states cannot be allocated, or undefined: each within what the largest recur.context.memoryMB takes. */
function sizeProblem(meta: Partial<ContextMeta>, textLength: number): string | undefined {
  const { tableBuckets, workspaceCapacity } = meta;
  if (!Number.isSafeInteger(tableBuckets) || tableBuckets! < 4 || tableBuckets! > LARGEST.tableBuckets || tableBuckets! % 4 !== 0) {
    return `context statistics with a table of ${String(tableBuckets)} buckets (a multiple of 4 from 4 to ${LARGEST.tableBuckets} is expected)`;
  }
  if (!Number.isSafeInteger(workspaceCapacity) || workspaceCapacity! < 2 * MIN_MATCH || workspaceCapacity! > LARGEST.workspaceBytes) {
    return `context statistics with a workspace text capacity of ${String(workspaceCapacity)} bytes (from ${2 * MIN_MATCH} to ${LARGEST.workspaceBytes} is expected)`;
  }
  if (textLength > workspaceCapacity!) return `context statistics with ${textLength} bytes of workspace text, more than their capacity of ${workspaceCapacity}`;
  return undefined;
}

/**
 * The stack a section describes. `sizes` may give a larger workspace capacity than the
 * saved one (the editor keeps learning); the tables keep their saved sizes. The stack learns
 * in the section's own arrays: clone() it to keep the section as it was.
 */
export function stackFromSection(section: CheckpointSection, sizes?: Partial<StackSizes>, composition: StackComposition = DEFAULT_COMPOSITION): PredictorStack {
  const problem = sectionProblem(section, composition);
  if (problem) throw new Error(problem);
  const meta = section.meta as unknown as ContextMeta;
  const saved = reader(section);
  const text = saved.tensor('workspace', Uint8Array);
  const capacity = Math.max(sizes?.workspaceBytes ?? 0, meta.workspaceCapacity, text.length + 1);
  const workspace = new ByteHistory(capacity, workspaceIndexBits(capacity));
  workspace.appendAll(text);
  const layer1 = savedLayer1(section).map((name) => saved.tensor(name, Float32Array));
  const stackSizes: StackSizes = { tableBuckets: meta.tableBuckets, workspaceBytes: capacity };
  const stack = new PredictorStack(stackSizes, composition, {
    predictors: composition.predictors.map((kind) => kind.create(stackSizes, saved)),
    mixer: { layer1, layer2: saved.tensor('mixer.layer2', Float32Array) },
    apms: ApmStage.read(saved),
    workspace,
  });
  stack.languageContexts = meta.languageContexts === true;
  return stack;
}
