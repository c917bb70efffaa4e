// The prediction stack: a list of predictors (predictor.ts; the list: stackComposition.ts)
// mixed bit by bit by a gated logistic mixer (mixer.ts) whose weight sets are chosen by a
// list of selectors (mixerSelectors.ts), refined by three APMs (apmStage.ts). The mixer's
// inputs are the predictors' inputs in list order (stack.inputs names them); with the
// default list: 17 context models of 2 inputs each, 2 match models, the LSTM, a bias.
//
// A byte is predicted as 8 binary decisions, most significant bit first (node c0, depth).
// At every node each predictor writes its inputs, each selector picks a weight set, the
// mixer mixes and the APMs refine; while learning, each part then learns the bit.
//
// Three ways to use it, all from a Cursor (cursor.ts) that says where in the text we are:
//   learnByte(cursor, document, lstm, byte)   P(byte) as predicted, then learn from it
//                                             (LearnOptions says which parts learn)
//   probability(...) / explainByte(...)        P(byte), read-only (and each input's push)
//   distribution(...) / topBytes(...)          all 256 probabilities / the k likeliest, read-only
// plus learnContexts(cursor, byte): the byte learned by the predictors that can learn it
// without predicting (the context models), at a fraction of the cost.
// The caller moves the cursor (cursor.push) and appends to the histories it owns.
import { ApmStage, type ApmTables } from './apmStage';
import { ByteHistory } from './byteHistory';
import type { ContextTable } from './contextTable';
import type { Cursor } from './cursor';
import { MATCH_DOCUMENT, MATCH_WORKSPACE } from './matchModel';
import { INITIAL_WEIGHT, Mixer, type MixerWeights } from './mixer';
import type { MixerSelector } from './mixerSelectors';
import { NodeHeap } from './nodeHeap';
import { type ByteStart, type CopyMode, LEARN_ALL, type LearnOptions, type Predictor, type PredictorInput } from './predictor';
import { ContextPredictor } from './predictors/contextPredictor';
import { DEFAULT_COMPOSITION, type StackComposition } from './stackComposition';
import { type StackSizes, workspaceIndexBits } from './stackConfig';
import { predictAll, selectAll, updateAll } from './unrolledCalls';

export { MATCH_DOCUMENT, MATCH_SOURCES, MATCH_WORKSPACE } from './matchModel';
export { LEARN_ALL, LEARN_CONTEXTS_ONLY, type LearnOptions } from './predictor';
export type { StackSizes } from './stackConfig';

/** The learned parts a stack is assembled from (copies of a stack, a checkpoint section). */
export interface StackParts {
  /** One per kind of the composition, in its order. */
  predictors: Predictor[];
  mixer?: MixerWeights;
  apms?: ApmTables;
  workspace: ByteHistory;
}

/** The mixer inputs of a stack of `composition`. */
export function inputCount(composition: StackComposition): number {
  return composition.predictors.reduce((n, kind) => n + kind.inputs.length, 0);
}

/** Bytes of memory a stack of these sizes holds (what PredictorStack.memoryBytes reports). */
export function stackMemoryBytes(sizes: StackSizes, composition: StackComposition = DEFAULT_COMPOSITION): number {
  const inputs = inputCount(composition);
  const tables = composition.predictors.reduce((n, kind) => n + kind.memoryBytes(sizes), 0);
  const workspace = sizes.workspaceBytes + 4 * 2 ** workspaceIndexBits(sizes.workspaceBytes);
  const weightSets = composition.selectors.reduce((n, selector) => n + selector.sets, 0);
  const mixer = 4 * (weightSets * inputs + composition.final.sets * composition.selectors.length);
  return tables + workspace + ApmStage.memoryBytes + mixer;
}

/** Whether `flag` is set in `learn` (by name: a keyed load with a variable key would be slow per byte). */
function learns(learn: LearnOptions, flag: keyof LearnOptions | undefined): boolean {
  return flag === 'contexts' ? learn.contexts : flag === 'matches' ? learn.matches : flag === 'mixer' ? learn.mixer : false;
}

/** The ByteStart the stack hands its predictors, reused from byte to byte. */
class CurrentByte implements ByteStart {
  cursor!: Cursor;
  readonly histories: (ByteHistory | undefined)[] = [undefined, undefined];
  lstm: Float32Array | undefined = undefined;
}

export class PredictorStack {
  readonly predictors: readonly Predictor[];
  /** The mixer's inputs, in order: those each predictor declares. */
  readonly inputs: readonly PredictorInput[];
  readonly mixer: Mixer;
  readonly apms: ApmStage;
  /** The workspace's text, which the workspace match copies from (callers append whole files). */
  readonly workspace: ByteHistory;
  /** True when its contexts were learned with each file's language mixed into their hashes (cursor.ts): readers then set the cursor's language. */
  languageContexts = false;
  private readonly selectors: readonly MixerSelector[];
  private readonly finalSelector: MixerSelector;
  private readonly offsets: Int32Array; // [predictors] each one's first input
  private readonly learnsWith: (keyof LearnOptions | undefined)[]; // [predictors]
  private readonly observers: Predictor[];
  // Per byte (begin).
  private readonly at = new CurrentByte();
  private readonly learning: Uint8Array; // [predictors] 1: update() follows each node
  private learnMixer = false;
  private c1 = 0;
  private c2 = 0;
  // Per node.
  private readonly nodeContributions: Float32Array; // [inputs]
  private readonly reach = new Float64Array(512);
  private readonly openNodes = new NodeHeap(512);

  constructor(
    readonly sizes: StackSizes,
    readonly composition: StackComposition = DEFAULT_COMPOSITION,
    parts?: StackParts,
  ) {
    this.predictors = parts?.predictors ?? composition.predictors.map((kind) => kind.create(sizes));
    const kinds = composition.predictors;
    if (this.predictors.length !== kinds.length || this.predictors.some((p, k) => p.kind !== kinds[k])) {
      throw new Error('predictor stack: the predictors given are not those of its composition');
    }
    this.inputs = kinds.flatMap((kind) => kind.inputs);
    this.offsets = new Int32Array(kinds.length);
    for (let k = 1; k < kinds.length; k++) this.offsets[k] = this.offsets[k - 1] + kinds[k - 1].inputs.length;
    this.learnsWith = kinds.map((kind) => kind.learnsWith);
    this.observers = this.predictors.filter((p) => p.observe !== undefined);
    this.learning = new Uint8Array(this.predictors.length);
    this.selectors = composition.selectors.map((selector) => selector.create(this.predictors));
    this.finalSelector = composition.final.create(this.predictors);
    const inputs = this.inputs.length;
    const selectorSets = composition.selectors.map((selector) => selector.sets);
    const initialWeights = this.inputs.map((input) => input.initialWeight ?? INITIAL_WEIGHT);
    this.mixer = new Mixer({ inputs, selectorSets, finalSets: composition.final.sets, initialWeights }, parts?.mixer);
    this.apms = new ApmStage(parts?.apms);
    this.workspace = parts?.workspace ?? new ByteHistory(sizes.workspaceBytes, workspaceIndexBits(sizes.workspaceBytes));
    this.nodeContributions = new Float32Array(inputs);
  }

  /** A deep copy: learning in it leaves this stack as it is. */
  clone(): PredictorStack {
    return this.copied('deep', this.sizes, { mixer: this.copyOfMixer(), apms: this.copyOfApms(), workspace: this.workspace.clone() });
  }

  /**
   * A stack of `sizes` with empty statistics of text (context table, match history) and a
   * copy of this one's adaptive maps, mixer and APMs: what it learned about weighing its
   * predictors carries over, what it learned of a text does not. (The base model on a
   * workspace: statistics of the workspace alone predict its files better than the base
   * corpus's mixed with them; workspaceIndex.ts.)
   */
  withEmptyStatistics(sizes: StackSizes): PredictorStack {
    const workspace = new ByteHistory(sizes.workspaceBytes, workspaceIndexBits(sizes.workspaceBytes));
    return this.copied('weighing', sizes, { mixer: this.copyOfMixer(), apms: this.copyOfApms(), workspace });
  }

  /**
   * A stack that shares this one's mixer, APMs, match confidences and workspace history
   * (read-only for whoever uses it) but has its own copy of what learnContexts changes (the
   * context table and state maps), so it can learn text without changing this one. For
   * reading a text as the editor would (the panel's explanations), at the cost of one table copy.
   */
  forkContexts(): PredictorStack {
    return this.copied('fork', this.sizes, { mixer: this.mixer.weights, apms: this.apms.tables, workspace: this.workspace });
  }

  private copied(mode: CopyMode, sizes: StackSizes, parts: Omit<StackParts, 'predictors'>): PredictorStack {
    const copy = new PredictorStack(sizes, this.composition, { ...parts, predictors: this.predictors.map((p) => p.copy(mode, sizes)) });
    // A deep copy or a fork keeps the contexts and so how they were hashed; a copy of the weighing starts with empty contexts.
    copy.languageContexts = mode !== 'weighing' && this.languageContexts;
    return copy;
  }

  private copyOfMixer(): MixerWeights {
    const weights = this.mixer.weights;
    return { layer1: weights.layer1.map((w) => w.slice()), layer2: weights.layer2.slice() };
  }

  private copyOfApms(): ApmTables {
    const tables = this.apms.tables;
    return { apm0: tables.apm0.slice(), apm1: tables.apm1.slice(), apm2: tables.apm2.slice() };
  }

  /** The context models' table (for reports and tests). */
  get table(): ContextTable {
    const contexts = this.predictors.find((p): p is ContextPredictor => p instanceof ContextPredictor);
    if (!contexts) throw new Error('this stack has no context models');
    return contexts.table;
  }

  /** Bytes of memory the stack holds: the predictors' tables, the workspace history and its index, the APMs and mixer. */
  get memoryBytes(): number {
    const weights = this.mixer.weights;
    const tables = this.predictors.reduce((n, p) => n + p.memoryBytes, 0);
    const apms = this.apms.apm0.table.byteLength + this.apms.apm1.table.byteLength + this.apms.apm2.table.byteLength;
    return tables + this.workspace.memoryBytes + apms + weights.layer2.byteLength + weights.layer1.reduce((n, w) => n + w.byteLength, 0);
  }

  /** The histories a cursor's matches follow, given the document's (if any). */
  histories(document: ByteHistory | undefined): (ByteHistory | undefined)[] {
    return [this.workspace, document];
  }

  /** P(byte), then learns from it. `lstm` is the LSTM's distribution [256] (or undefined). */
  learnByte(cursor: Cursor, document: ByteHistory | undefined, lstm: Float32Array | undefined, byte: number, learn: LearnOptions = LEARN_ALL): number {
    this.begin(cursor, document, lstm, learn);
    return this.walkByte(byte, true, undefined);
  }

  /**
   * Adds `byte` at `cursor` to what the predictors can learn without predicting it (the
   * context tables and their state maps): no mixer, no APM, no match. What the editor does
   * with the document's text as it reads it (../complete/documentStates.ts).
   */
  learnContexts(cursor: Cursor, byte: number): void {
    const observers = this.observers;
    for (let k = 0; k < observers.length; k++) observers[k].observe!(cursor, byte);
  }

  /** P(byte) without learning anything. */
  probability(cursor: Cursor, document: ByteHistory | undefined, lstm: Float32Array | undefined, byte: number): number {
    this.begin(cursor, document, lstm, undefined);
    return this.walkByte(byte, false, undefined);
  }

  /**
   * P(byte) without learning, and how much each mixer input pushed toward the bits of
   * `byte`: contributions [inputs] gets, summed over the byte's 8 bits, each input's
   * contribution (Mixer.contributions) signed so that positive means "toward the actual bit".
   */
  explainByte(cursor: Cursor, document: ByteHistory | undefined, lstm: Float32Array | undefined, byte: number, contributions: Float32Array): number {
    this.begin(cursor, document, lstm, undefined);
    contributions.fill(0);
    return this.walkByte(byte, false, contributions);
  }

  /** The next byte's distribution, out [256] (sums to 1), without learning anything. */
  distribution(cursor: Cursor, document: ByteHistory | undefined, lstm: Float32Array | undefined, out: Float32Array): Float32Array {
    this.begin(cursor, document, lstm, undefined);
    const reach = this.reach;
    reach[1] = 1;
    for (let c0 = 1; c0 < 256; c0++) {
      const p1 = this.nodeProbability(c0, 31 - Math.clz32(c0));
      reach[2 * c0 + 1] = reach[c0] * p1;
      reach[2 * c0] = reach[c0] * (1 - p1);
    }
    for (let b = 0; b < 256; b++) out[b] = reach[256 + b];
    return out;
  }

  /**
   * The k most likely next bytes, most likely first, with their probabilities (read-only).
   * A best-first search over the byte's binary tree: a node is expanded (one mixer
   * evaluation) only while its mass could still hold one of the k, so a confident
   * prediction costs about 8 evaluations instead of 255. Bytes below `minProbability` are
   * not searched for. Returns how many were found (<= k) in bytes[0..) / probs[0..).
   */
  topBytes(cursor: Cursor, document: ByteHistory | undefined, lstm: Float32Array | undefined, k: number, minProbability: number, bytes: Int32Array, probs: Float64Array): number {
    this.begin(cursor, document, lstm, undefined);
    const open = this.openNodes;
    open.reset();
    open.push(1, 1);
    let found = 0;
    while (found < k && open.size > 0) {
      const mass = open.topMass();
      if (mass < minProbability) break;
      const c0 = open.pop();
      if (c0 >= 256) {
        bytes[found] = c0 - 256;
        probs[found++] = mass;
        continue;
      }
      const p1 = this.nodeProbability(c0, 31 - Math.clz32(c0));
      open.push(2 * c0 + 1, mass * p1);
      open.push(2 * c0, mass * (1 - p1));
    }
    return found;
  }

  /** Contributions of each input to the last node's prediction (see Mixer.contributions). */
  contributions(out: Float32Array): void {
    this.mixer.contributions(out);
  }

  /** Tells every predictor and selector where the byte is predicted from; `learn` undefined: read-only. */
  private begin(cursor: Cursor, document: ByteHistory | undefined, lstm: Float32Array | undefined, learn: LearnOptions | undefined): void {
    const at = this.at;
    at.cursor = cursor;
    at.histories[MATCH_WORKSPACE] = this.workspace;
    at.histories[MATCH_DOCUMENT] = document;
    at.lstm = lstm;
    this.c1 = cursor.back(0);
    this.c2 = cursor.back(1);
    for (let k = 0; k < this.predictors.length; k++) {
      const learning = learn !== undefined && learns(learn, this.learnsWith[k]);
      this.learning[k] = learning ? 1 : 0;
      this.predictors[k].begin(at, learning);
    }
    for (let k = 0; k < this.selectors.length; k++) this.selectors[k].begin(at);
    this.finalSelector.begin(at);
    this.learnMixer = learn?.mixer ?? false;
  }

  /** The byte's path through its tree: P(byte), learning each bit when `learn`, each input's push into `contributions` when given. */
  private walkByte(byte: number, learn: boolean, contributions: Float32Array | undefined): number {
    const node = this.nodeContributions;
    let c0 = 1;
    let p = 1;
    for (let depth = 0; depth < 8; depth++) {
      const bit = (byte >> (7 - depth)) & 1;
      const p1 = this.nodeProbability(c0, depth);
      p *= bit ? p1 : 1 - p1;
      if (contributions) {
        this.mixer.contributions(node);
        for (let i = 0; i < node.length; i++) contributions[i] += bit ? node[i] : -node[i];
      }
      if (learn) this.learnBit(bit);
      c0 = 2 * c0 + bit;
    }
    return p;
  }

  /** P(next bit = 1) at node c0 (depth = bits read); every part remembers what it used, for learnBit(). */
  private nodeProbability(c0: number, depth: number): number {
    const mixer = this.mixer;
    predictAll(this.predictors, this.offsets, c0, depth, mixer.x);
    selectAll(this.selectors, c0, depth, mixer.selected);
    const p = mixer.mix(this.finalSelector.select(c0, depth));
    return this.apms.refine(p, mixer.logit, c0, this.c1, this.c2);
  }

  private learnBit(bit: number): void {
    updateAll(this.predictors, this.learning, bit);
    if (this.learnMixer) {
      this.mixer.update(bit);
      this.apms.update(bit);
    }
  }
}
