// The prediction stack's learned state in a checkpoint (a CheckpointSection of
// ../model/checkpoint.ts), and back. The section is versioned; its description says which
// context models and match sources it was built with, how large its tables are, and how
// much text it has learned, so a reader can refuse what it cannot use with a reason.
//
//   tensor            dtype    shape                  what
//   table             uint8    [buckets * 16]         bit histories (deflated: mostly zeros)
//   maps.p / maps.n   f32/u16  [C, 256]               state maps of the context models
//   match.p / match.n f32/u16  [M, 256]               match confidences
//   mixer.layer1.k    f32      [sets_k, N]            mixer weights, one per selector
//   mixer.layer2      f32      [F, K]
//   apm0 / apm1       f32      [256 * 33], [65536 * 33]
//   workspace         uint8    [bytes]                the text the match model copies from (deflated)
import type { CheckpointSection, TensorData } from '../model/checkpoint';
import { StateMap } from './adaptiveMaps';
import { ByteHistory } from './byteHistory';
import { ContextTable, BUCKET_BYTES } from './contextTable';
import { CONTEXT_COUNT, CONTEXT_NAMES } from './cursor';
import { INPUT_COUNT, MATCH_SOURCES, PredictorStack, type StackSizes } from './predictorStack';
import { CONTEXT_MEMORY_MB_RANGE, stackSizesFor, workspaceIndexBits } from './stackConfig';
import { MIN_MATCH } from './byteHistory';

/** The largest sizes a section may describe: those of the largest recur.context.memoryMB (checked before anything is allocated). */
const LARGEST = stackSizesFor(CONTEXT_MEMORY_MB_RANGE.max);

export const CONTEXT_STATE_VERSION = 3;

/** What the stack has learned, for reports and the panel. */
export interface StackLearning {
  /** Bytes of training text the context models learned. */
  trainBytes: number;
  /** Bytes of validation text the mixer was fitted on (after the context models were built). */
  fittedBytes: number;
}

export interface ContextMeta extends StackLearning {
  version: number;
  contexts: string[];
  matchSources: number;
  inputs: number;
  tableBuckets: number;
  workspaceCapacity: number;
  /** Contexts learned with each file's language in their hashes (absent in older checkpoints: false). */
  languageContexts?: boolean;
}

export function stackToSection(stack: PredictorStack, learning: StackLearning): CheckpointSection {
  const meta: ContextMeta = {
    version: CONTEXT_STATE_VERSION,
    contexts: [...CONTEXT_NAMES],
    matchSources: MATCH_SOURCES,
    inputs: INPUT_COUNT,
    tableBuckets: stack.table.bucketCount,
    workspaceCapacity: stack.workspace.capacity,
    languageContexts: stack.languageContexts,
    ...learning,
  };
  const tensors: CheckpointSection['tensors'] = {};
  const put = (name: string, data: TensorData, shape: number[], compress = false) => (tensors[name] = { data, shape, compress });
  put('table', stack.table.bytes, [stack.table.bytes.length], true);
  put('maps.p', joinRows(stack.maps.map((m) => m.p)), [CONTEXT_COUNT, 256]);
  put('maps.n', joinRows(stack.maps.map((m) => m.n)), [CONTEXT_COUNT, 256]);
  put('match.p', joinRows(stack.matchMaps.map((m) => m.p)), [MATCH_SOURCES, 256]);
  put('match.n', joinRows(stack.matchMaps.map((m) => m.n)), [MATCH_SOURCES, 256]);
  stack.mixer.weights.layer1.forEach((w, k) => put(`mixer.layer1.${k}`, w, [w.length / INPUT_COUNT, INPUT_COUNT]));
  const layer2 = stack.mixer.weights.layer2;
  put('mixer.layer2', layer2, [layer2.length / stack.mixer.weights.layer1.length, stack.mixer.weights.layer1.length]);
  put('apm0', stack.apm0.table, [stack.apm0.table.length]);
  put('apm1', stack.apm1.table, [stack.apm1.table.length], true);
  put('workspace', stack.workspace.bytes.slice(0, stack.workspace.length), [stack.workspace.length], true);
  return { meta: meta as unknown as Record<string, unknown>, tensors };
}

/** Why a section cannot be used by this code, or undefined when it can. */
export function sectionProblem(section: CheckpointSection): string | undefined {
  const meta = section.meta as Partial<ContextMeta>;
  if (meta.version !== CONTEXT_STATE_VERSION) return `context statistics of version ${String(meta.version)} (this Recur reads ${CONTEXT_STATE_VERSION})`;
  if (JSON.stringify(meta.contexts) !== JSON.stringify(CONTEXT_NAMES) || meta.matchSources !== MATCH_SOURCES || meta.inputs !== INPUT_COUNT) return 'context statistics built with other context models';
  return sizeProblem(meta, section.tensors.workspace?.data.length ?? 0);
}

/** Why the sizes a section states cannot be allocated, or undefined: each within what the largest recur.context.memoryMB takes. */
function sizeProblem(meta: Partial<ContextMeta>, textLength: number): string | undefined {
  const { tableBuckets, workspaceCapacity } = meta;
  if (!Number.isSafeInteger(tableBuckets) || tableBuckets! < 1 || tableBuckets! > LARGEST.tableBuckets || (tableBuckets! & (tableBuckets! - 1)) !== 0) {
    return `context statistics with a table of ${String(tableBuckets)} buckets (a power of two up to ${LARGEST.tableBuckets} is expected)`;
  }
  if (!Number.isSafeInteger(workspaceCapacity) || workspaceCapacity! < 2 * MIN_MATCH || workspaceCapacity! > LARGEST.workspaceBytes) {
    return `context statistics with a workspace text capacity of ${String(workspaceCapacity)} bytes (from ${2 * MIN_MATCH} to ${LARGEST.workspaceBytes} is expected)`;
  }
  if (textLength > workspaceCapacity!) return `context statistics with ${textLength} bytes of workspace text, more than their capacity of ${workspaceCapacity}`;
  return undefined;
}

/**
 * The stack a section describes. `sizes` may give a larger workspace capacity than the
 * saved one (the editor keeps learning); the table keeps its saved size. The stack learns in
 * the section's own arrays: clone() it to keep the section as it was.
 */
export function stackFromSection(section: CheckpointSection, sizes?: Partial<StackSizes>): PredictorStack {
  const problem = sectionProblem(section);
  if (problem) throw new Error(problem);
  const meta = section.meta as unknown as ContextMeta;
  const get = <T extends TensorData>(name: string, type: new (n: number) => T, length?: number): T => {
    const tensor = section.tensors[name];
    if (!tensor || !(tensor.data instanceof type)) throw new Error(`context statistics are missing ${name}`);
    if (length !== undefined && tensor.data.length !== length) throw new Error(`context statistics: ${name} has ${tensor.data.length} values, expected ${length}`);
    return tensor.data as T;
  };
  const table = new ContextTable(meta.tableBuckets, get('table', Uint8Array, meta.tableBuckets * BUCKET_BYTES));
  const rows = <T extends Float32Array | Uint16Array>(data: T, count: number): T[] => Array.from({ length: count }, (_, i) => data.subarray(i * 256, (i + 1) * 256) as T);
  const mapsP = rows(get('maps.p', Float32Array, CONTEXT_COUNT * 256), CONTEXT_COUNT);
  const mapsN = rows(get('maps.n', Uint16Array, CONTEXT_COUNT * 256), CONTEXT_COUNT);
  const matchP = rows(get('match.p', Float32Array, MATCH_SOURCES * 256), MATCH_SOURCES);
  const matchN = rows(get('match.n', Uint16Array, MATCH_SOURCES * 256), MATCH_SOURCES);
  const text = get('workspace', Uint8Array);
  const capacity = Math.max(sizes?.workspaceBytes ?? 0, meta.workspaceCapacity, text.length + 1);
  const workspace = new ByteHistory(capacity, workspaceIndexBits(capacity));
  workspace.appendAll(text);
  const layer1: Float32Array[] = [];
  for (let k = 0; section.tensors[`mixer.layer1.${k}`]; k++) layer1.push(get(`mixer.layer1.${k}`, Float32Array));
  const stack = new PredictorStack(
    { tableBuckets: meta.tableBuckets, workspaceBytes: capacity },
    {
      table,
      maps: mapsP.map((p, i) => new StateMap(undefined, p.slice(), mapsN[i].slice())),
      matchMaps: matchP.map((p, i) => new StateMap(undefined, p.slice(), matchN[i].slice())),
      mixer: { layer1, layer2: get('mixer.layer2', Float32Array) },
      apm0: get('apm0', Float32Array),
      apm1: get('apm1', Float32Array),
      workspace,
    },
  );
  stack.languageContexts = meta.languageContexts === true;
  return stack;
}

function joinRows<T extends Float32Array | Uint16Array>(rows: T[]): T {
  const out = new (rows[0].constructor as new (n: number) => T)(rows.length * 256);
  rows.forEach((row, i) => out.set(row, i * 256));
  return out;
}
