// The prediction stack: the LSTM's next-byte distribution, order-1..8 byte contexts, a word
// and a column context, and two match models (the workspace's text, the document being
// typed), mixed bit by bit by a gated logistic mixer and refined by two APMs.
//
// A byte is predicted as 8 binary decisions, most significant bit first; c0 is the bits
// read so far with a leading 1 (1 at the start of a byte, 2..3 after one bit, ...), so the
// 255 nodes of the byte's binary tree are c0 = 1..255. Every input to the mixer is a logit
// of P(next bit = 1 | what that model knows):
//   x[0..C)        context model i: stretch(StateMap_i[bit-history state of its context])
//   x[C..C+M)      match model m: ±stretch(confidence of its length) when its predicted
//                  byte agrees with c0 so far, else 0
//   x[C+M]         the LSTM: stretch(P_lstm(bit | c0)) from its 256-way distribution
//   x[C+M+1]       a constant (bias)
//
// Three ways to use it, all from a Cursor (cursor.ts) that says where in the text we are:
//   learnByte(cursor, lstm, byte)   P(byte) as predicted, then learn from it (tables,
//                                   maps, mixer, APMs: each can be switched off)
//   probability(cursor, lstm, byte) P(byte), read-only
//   distribution(cursor, lstm, out) all 256 probabilities (summing to 1), read-only
// The caller moves the cursor (cursor.push) and appends to the histories it owns.
import { Apm, type ApmPosition, StateMap } from './adaptiveMaps';
import { BIT_HISTORY } from './bitHistory';
import { ByteHistory } from './byteHistory';
import { ContextTable, hashPair, NOT_FOUND } from './contextTable';
import { CONTEXT_COUNT, CONTEXT_NAMES, type Cursor } from './cursor';
import { clampProbability, STRETCH_LIMIT, stretch, stretchQuantized } from './logistic';
import { lengthBucket, newMatchConfidence, predictedByte } from './matchModel';
import { Mixer, type MixerWeights } from './mixer';
import { workspaceIndexBits } from './stackConfig';

/** Match sources, in the order of Cursor.matches: the workspace's text, then the document's. */
export const MATCH_WORKSPACE = 0;
export const MATCH_DOCUMENT = 1;
export const MATCH_SOURCES = 2;

/** Mixer inputs: context models, match models, the LSTM, the bias. */
export const INPUT_COUNT = CONTEXT_COUNT + MATCH_SOURCES + 2;
export const INPUT_LSTM = CONTEXT_COUNT + MATCH_SOURCES;
export const INPUT_BIAS = INPUT_LSTM + 1;

/**
 * Weight-set selectors: c0; the match lengths and whether the word being typed is new to the
 * context models (where a copy from the document is the best evidence there is); the
 * previous byte; how far into a word the byte is (0-7) and the bit's depth. (A selector by
 * the network's confidence was measured and dropped: its sets train too slowly.)
 */
const SELECTOR_SETS = [256, 16 * 4 * 2, 256, 8 * 8];
const WORD_CONTEXT = CONTEXT_NAMES.indexOf('word');
const FINAL_SETS = 8;

export interface StackSizes {
  /** Buckets of the context table (16 bytes each), a power of two. */
  tableBuckets: number;
  /** Bytes of workspace text the match model keeps. */
  workspaceBytes: number;
  /** Training text the context models read at most (a table of this size gains little from more; stackConfig.ts). */
  maxLearnBytes?: number;
}

/** What learnByte may change. */
export interface LearnOptions {
  /** Context tables (bit histories) and the state maps that read them. */
  contexts: boolean;
  /** The match models' confidences. */
  matches: boolean;
  /** Mixer weights and APMs. */
  mixer: boolean;
}

export const LEARN_ALL: Readonly<LearnOptions> = { contexts: true, matches: true, mixer: true };
/** Adding text to the context tables only (the mixer stays as fitted). */
export const LEARN_CONTEXTS_ONLY: Readonly<LearnOptions> = { contexts: true, matches: false, mixer: false };

/** The learned parts, for saving in a checkpoint (stackState.ts) and loading back. */
export interface StackParts {
  table: ContextTable;
  maps: StateMap[];
  matchMaps: StateMap[];
  mixer: MixerWeights;
  apm0: Float32Array;
  apm1: Float32Array;
  workspace: ByteHistory;
}

const APM1_CONTEXTS = 1 << 16;
const APM_POINTS = 33;

/** Bytes of memory a stack of these sizes holds (what PredictorStack.memoryBytes reports). */
export function stackMemoryBytes(sizes: StackSizes): number {
  const table = sizes.tableBuckets * 16;
  const workspace = sizes.workspaceBytes + 4 * 2 ** workspaceIndexBits(sizes.workspaceBytes);
  const apms = 4 * APM_POINTS * (256 + APM1_CONTEXTS);
  const mixer = 4 * (SELECTOR_SETS.reduce((n, sets) => n + sets * INPUT_COUNT, 0) + FINAL_SETS * SELECTOR_SETS.length);
  return table + workspace + apms + mixer;
}

export class PredictorStack {
  readonly table: ContextTable;
  readonly maps: StateMap[]; // [C]
  readonly matchMaps: StateMap[]; // [M]
  readonly mixer: Mixer;
  readonly apm0: Apm; // context c0
  readonly apm1: Apm; // context c0 and the previous byte
  readonly workspace: ByteHistory;
  /** True when its contexts were learned with each file's language mixed into their hashes (cursor.ts): readers then set the cursor's language. */
  languageContexts = false;

  // Per byte (set by begin()).
  private readonly hashes = new Int32Array(CONTEXT_COUNT);
  private readonly firstSlots = new Int32Array(CONTEXT_COUNT); // bucket offsets for the first nibble
  private readonly slots = new Int32Array(CONTEXT_COUNT); // bucket offsets for the nibble being read
  private readonly lstmTree = new Float64Array(512); // subtree masses of the LSTM's distribution
  private hasLstm = false;
  private readonly expected = new Int32Array(MATCH_SOURCES); // predicted byte per match, or -1
  private readonly matchLength = new Int32Array(MATCH_SOURCES);
  private c1 = 0;
  private wordLength = 0;
  // Per node (set by nodeProbability()).
  private readonly x = new Float32Array(INPUT_COUNT);
  private readonly states = new Uint8Array(CONTEXT_COUNT);
  private readonly matchBit = new Int8Array(MATCH_SOURCES); // expected bit, or -1 when the match has no say
  private readonly matchBucket = new Int8Array(MATCH_SOURCES);
  private readonly selected = new Int32Array(SELECTOR_SETS.length);
  private readonly at0: ApmPosition = { index: 0, weight: 0 };
  private readonly at1: ApmPosition = { index: 0, weight: 0 };
  private nibbleNode = 1;
  private readonly reach = new Float64Array(512);
  private readonly openNodes = new NodeHeap(512);
  private readonly nodeContributions = new Float32Array(INPUT_COUNT);
  private readonly secondSlots = new Int32Array(16 * CONTEXT_COUNT);

  constructor(sizes: StackSizes, parts?: Partial<StackParts>) {
    this.table = parts?.table ?? new ContextTable(sizes.tableBuckets);
    this.maps = parts?.maps ?? Array.from({ length: CONTEXT_COUNT }, () => new StateMap());
    this.matchMaps = parts?.matchMaps ?? Array.from({ length: MATCH_SOURCES }, () => newMatchConfidence());
    this.mixer = new Mixer({ inputs: INPUT_COUNT, selectorSets: SELECTOR_SETS, finalSets: FINAL_SETS }, parts?.mixer);
    this.apm0 = new Apm(256, 0.02, parts?.apm0);
    this.apm1 = new Apm(APM1_CONTEXTS, 0.02, parts?.apm1);
    this.workspace = parts?.workspace ?? new ByteHistory(sizes.workspaceBytes, workspaceIndexBits(sizes.workspaceBytes));
  }

  /** A deep copy: learning in it leaves this stack as it is. */
  clone(): PredictorStack {
    const copy = new PredictorStack(
      { tableBuckets: this.table.bucketCount, workspaceBytes: this.workspace.capacity },
      { ...this.copyOfWeighing(), table: new ContextTable(this.table.bucketCount, this.table.bytes.slice()), workspace: this.workspace.clone() },
    );
    copy.languageContexts = this.languageContexts;
    return copy;
  }

  /**
   * A stack of `sizes` with an empty context table and match history, and a copy of this
   * one's state maps, match confidences, mixer and APMs: what it learned about weighing its
   * predictors carries over, what it learned of a text does not. (The base model on a
   * workspace: statistics of the workspace alone predict its files better than the base
   * corpus's mixed with them; workspaceIndex.ts.)
   */
  withEmptyStatistics(sizes: StackSizes): PredictorStack {
    return new PredictorStack(sizes, this.copyOfWeighing());
  }

  private copyOfWeighing(): Omit<StackParts, 'table' | 'workspace'> {
    const weights = this.mixer.weights;
    return {
      maps: this.maps.map((m) => new StateMap(m.limit, m.p.slice(), m.n.slice())),
      matchMaps: this.matchMaps.map((m) => new StateMap(m.limit, m.p.slice(), m.n.slice())),
      mixer: { layer1: weights.layer1.map((w) => w.slice()), layer2: weights.layer2.slice() },
      apm0: this.apm0.table.slice(),
      apm1: this.apm1.table.slice(),
    };
  }

  /**
   * A stack that shares this one's mixer, APMs, match confidences and workspace history
   * (read-only for whoever uses it) but has its own copy of the context table and state
   * maps, so it can learn text (learnContexts) without changing this one. For reading a
   * text as the editor would (the panel's explanations), at the cost of one table copy.
   */
  forkContexts(): PredictorStack {
    const fork = new PredictorStack(
      { tableBuckets: this.table.bucketCount, workspaceBytes: this.workspace.capacity },
      {
        table: new ContextTable(this.table.bucketCount, this.table.bytes.slice()),
        maps: this.maps.map((m) => new StateMap(m.limit, m.p.slice(), m.n.slice())),
        matchMaps: this.matchMaps,
        mixer: this.mixer.weights,
        apm0: this.apm0.table,
        apm1: this.apm1.table,
        workspace: this.workspace,
      },
    );
    fork.languageContexts = this.languageContexts;
    return fork;
  }

  /** Bytes of memory the stack holds: the context table, the workspace history and its index, the APMs and mixer. */
  get memoryBytes(): number {
    const weights = this.mixer.weights;
    return this.table.bytes.byteLength + this.workspace.memoryBytes + this.apm0.table.byteLength + this.apm1.table.byteLength + weights.layer2.byteLength + weights.layer1.reduce((n, w) => n + w.byteLength, 0);
  }

  /** The histories a cursor's matches follow, given the document's (if any). */
  histories(document: ByteHistory | undefined): (ByteHistory | undefined)[] {
    return [this.workspace, document];
  }

  /** P(byte), then learns from it. `lstm` is the LSTM's distribution [256] (or undefined). */
  learnByte(cursor: Cursor, document: ByteHistory | undefined, lstm: Float32Array | undefined, byte: number, learn: LearnOptions = LEARN_ALL): number {
    this.begin(cursor, document, lstm, learn.contexts);
    let c0 = 1;
    let p = 1;
    for (let depth = 0; depth < 8; depth++) {
      if (depth === 4) this.enterSecondNibble(c0, learn.contexts);
      const bit = (byte >> (7 - depth)) & 1;
      const p1 = this.nodeProbability(c0, depth);
      p *= bit ? p1 : 1 - p1;
      this.learnBit(bit, learn);
      c0 = 2 * c0 + bit;
    }
    return p;
  }

  /**
   * Adds `byte` to the context tables at `cursor` (bit histories and state maps), without
   * predicting it: no mixer, no APM, no match. What the editor does with the document's text
   * as it reads it (../complete/documentContexts.ts), at a fraction of learnByte's cost.
   */
  learnContexts(cursor: Cursor, byte: number): void {
    cursor.contextHashes(this.hashes);
    const table = this.table;
    const bytes = table.bytes;
    let c0 = 1;
    for (let depth = 0; depth < 8; depth++) {
      if (depth === 0 || depth === 4) {
        for (let i = 0; i < CONTEXT_COUNT; i++) this.slots[i] = table.bucket(depth === 0 ? this.hashes[i] : hashPair(this.hashes[i], c0));
      }
      const bit = (byte >> (7 - depth)) & 1;
      const nibbleNode = depth < 4 ? c0 : (1 << (depth - 4)) | (c0 & ((1 << (depth - 4)) - 1));
      for (let i = 0; i < CONTEXT_COUNT; i++) {
        const at = this.slots[i] + nibbleNode;
        const state = bytes[at];
        this.maps[i].update(state, bit);
        bytes[at] = BIT_HISTORY.next[2 * state + bit];
      }
      c0 = 2 * c0 + bit;
    }
  }

  /** P(byte) without learning anything. */
  probability(cursor: Cursor, document: ByteHistory | undefined, lstm: Float32Array | undefined, byte: number): number {
    this.begin(cursor, document, lstm, false);
    let c0 = 1;
    let p = 1;
    for (let depth = 0; depth < 8; depth++) {
      if (depth === 4) this.enterSecondNibble(c0, false);
      const bit = (byte >> (7 - depth)) & 1;
      const p1 = this.nodeProbability(c0, depth);
      p *= bit ? p1 : 1 - p1;
      c0 = 2 * c0 + bit;
    }
    return p;
  }

  /**
   * P(byte) without learning, and how much each mixer input pushed toward the bits of
   * `byte`: contributions [INPUT_COUNT] gets, summed over the byte's 8 bits, each input's
   * contribution (Mixer.contributions) signed so that positive means "toward the actual bit".
   */
  explainByte(cursor: Cursor, document: ByteHistory | undefined, lstm: Float32Array | undefined, byte: number, contributions: Float32Array): number {
    this.begin(cursor, document, lstm, false);
    contributions.fill(0);
    const node = this.nodeContributions;
    let c0 = 1;
    let p = 1;
    for (let depth = 0; depth < 8; depth++) {
      if (depth === 4) this.enterSecondNibble(c0, false);
      const bit = (byte >> (7 - depth)) & 1;
      const p1 = this.nodeProbability(c0, depth);
      p *= bit ? p1 : 1 - p1;
      this.mixer.contributions(node);
      for (let i = 0; i < INPUT_COUNT; i++) contributions[i] += bit ? node[i] : -node[i];
      c0 = 2 * c0 + bit;
    }
    return p;
  }

  /** The next byte's distribution, out [256] (sums to 1), without learning anything. */
  distribution(cursor: Cursor, document: ByteHistory | undefined, lstm: Float32Array | undefined, out: Float32Array): Float32Array {
    this.begin(cursor, document, lstm, false);
    const reach = this.reach;
    reach[1] = 1;
    // Buckets of the second nibble, one set per value of the first.
    for (let hi = 0; hi < 16; hi++) {
      for (let i = 0; i < CONTEXT_COUNT; i++) {
        this.secondSlots[hi * CONTEXT_COUNT + i] = this.table.find(hashPair(this.hashes[i], 16 + hi));
      }
    }
    for (let c0 = 1; c0 < 256; c0++) {
      const depth = 31 - Math.clz32(c0);
      if (depth >= 4) {
        const hi = (c0 >> (depth - 4)) & 15;
        this.slots.set(this.secondSlots.subarray(hi * CONTEXT_COUNT, (hi + 1) * CONTEXT_COUNT));
      } else this.slots.set(this.firstSlots);
      const p1 = this.nodeProbability(c0, depth);
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
    this.begin(cursor, document, lstm, false);
    const open = this.openNodes;
    open.reset();
    open.push(1, 1);
    let found = 0;
    let secondLoaded = -1;
    while (found < k && open.size > 0) {
      const mass = open.topMass();
      if (mass < minProbability) break;
      const c0 = open.pop();
      if (c0 >= 256) {
        bytes[found] = c0 - 256;
        probs[found++] = mass;
        continue;
      }
      const depth = 31 - Math.clz32(c0);
      if (depth >= 4) {
        const hi = (c0 >> (depth - 4)) & 15;
        if (hi !== secondLoaded) {
          for (let i = 0; i < CONTEXT_COUNT; i++) this.slots[i] = this.table.find(hashPair(this.hashes[i], 16 + hi));
          secondLoaded = hi;
        }
      } else if (secondLoaded !== -1) {
        this.slots.set(this.firstSlots);
        secondLoaded = -1;
      }
      const p1 = this.nodeProbability(c0, depth);
      open.push(2 * c0 + 1, mass * p1);
      open.push(2 * c0, mass * (1 - p1));
    }
    return found;
  }

  /** Sets up the byte's contexts, match predictions and LSTM tree. */
  private begin(cursor: Cursor, document: ByteHistory | undefined, lstm: Float32Array | undefined, take: boolean): void {
    cursor.contextHashes(this.hashes);
    for (let i = 0; i < CONTEXT_COUNT; i++) this.firstSlots[i] = take ? this.table.bucket(this.hashes[i]) : this.table.find(this.hashes[i]);
    this.slots.set(this.firstSlots);
    const histories = this.histories(document);
    for (let m = 0; m < MATCH_SOURCES; m++) {
      const history = histories[m];
      this.expected[m] = history ? predictedByte(cursor.matches[m], history) : -1;
      this.matchLength[m] = this.expected[m] >= 0 ? cursor.matches[m].length : 0;
    }
    this.c1 = cursor.back(0);
    this.wordLength = cursor.wordLength;
    this.hasLstm = lstm !== undefined;
    if (lstm) {
      const tree = this.lstmTree;
      for (let b = 0; b < 256; b++) tree[256 + b] = lstm[b];
      for (let n = 255; n >= 1; n--) tree[n] = tree[2 * n] + tree[2 * n + 1];
    }
  }

  private enterSecondNibble(c0: number, take: boolean): void {
    for (let i = 0; i < CONTEXT_COUNT; i++) {
      const hash = hashPair(this.hashes[i], c0);
      this.slots[i] = take ? this.table.bucket(hash) : this.table.find(hash);
    }
  }

  /** P(next bit = 1) at node c0 (depth = bits read); leaves what it used for learnBit(). */
  private nodeProbability(c0: number, depth: number): number {
    const x = this.x;
    const table = this.table.bytes;
    const nibbleNode = depth < 4 ? c0 : (1 << (depth - 4)) | (c0 & ((1 << (depth - 4)) - 1));
    this.nibbleNode = nibbleNode;
    for (let i = 0; i < CONTEXT_COUNT; i++) {
      const slot = this.slots[i];
      const state = slot === NOT_FOUND ? 0 : table[slot + nibbleNode];
      this.states[i] = state;
      x[i] = stretchQuantized(this.maps[i].p[state]);
    }
    let bucketWorkspace = 0;
    let bucketDocument = 0;
    for (let m = 0; m < MATCH_SOURCES; m++) {
      const expected = this.expected[m];
      if (expected >= 0 && (expected | 256) >> (8 - depth) === c0) {
        const bit = (expected >> (7 - depth)) & 1;
        const bucket = lengthBucket(this.matchLength[m]);
        const confidence = stretchQuantized(this.matchMaps[m].p[bucket]);
        x[CONTEXT_COUNT + m] = bit ? confidence : -confidence;
        this.matchBit[m] = bit;
        this.matchBucket[m] = bucket;
        if (m === MATCH_WORKSPACE) bucketWorkspace = bucket;
        else bucketDocument = bucket;
      } else {
        x[CONTEXT_COUNT + m] = 0;
        this.matchBit[m] = -1;
      }
    }
    let lstmLogit = 0;
    if (this.hasLstm) {
      const mass = this.lstmTree[c0];
      lstmLogit = mass > 0 ? stretch(this.lstmTree[2 * c0 + 1] / mass) : 0;
      if (lstmLogit > STRETCH_LIMIT) lstmLogit = STRETCH_LIMIT;
      else if (lstmLogit < -STRETCH_LIMIT) lstmLogit = -STRETCH_LIMIT;
    }
    x[INPUT_LSTM] = lstmLogit;
    x[INPUT_BIAS] = 0.5;
    const sel = this.selected;
    sel[0] = c0;
    const newWord = this.states[WORD_CONTEXT] === 0 ? 1 : 0;
    sel[1] = bucketDocument + 16 * (bucketWorkspace >> 2) + 64 * newWord;
    sel[2] = this.c1;
    sel[3] = Math.min(this.wordLength, 7) * 8 + depth;
    const pm = this.mixer.predict(x, sel, depth);
    const logit = this.mixer.logit;
    const a0 = this.apm0.refine(logit, c0, this.at0);
    const a1 = this.apm1.refine(logit, (c0 | (this.c1 << 8)) & (APM1_CONTEXTS - 1), this.at1);
    return clampProbability((pm + a0 + 2 * a1) / 4);
  }

  private learnBit(bit: number, learn: LearnOptions): void {
    if (learn.contexts) {
      const table = this.table.bytes;
      for (let i = 0; i < CONTEXT_COUNT; i++) {
        const slot = this.slots[i];
        if (slot === NOT_FOUND) continue;
        const state = this.states[i];
        this.maps[i].update(state, bit);
        table[slot + this.nibbleNode] = BIT_HISTORY.next[2 * state + bit];
      }
    }
    if (learn.matches) {
      for (let m = 0; m < MATCH_SOURCES; m++) if (this.matchBit[m] >= 0) this.matchMaps[m].update(this.matchBucket[m], this.matchBit[m] === bit ? 1 : 0);
    }
    if (learn.mixer) {
      this.mixer.update(bit);
      this.apm0.update(this.at0, bit);
      this.apm1.update(this.at1, bit);
    }
  }

  /** Contributions of each input to the last node's prediction (see Mixer.contributions). */
  contributions(out: Float32Array): void {
    this.mixer.contributions(out);
  }
}

/** A max-heap of (node, mass) for topBytes: at most 2 nodes are pushed per pop, so 512 slots suffice for a byte. */
class NodeHeap {
  private readonly nodes: Int32Array;
  private readonly masses: Float64Array;
  size = 0;

  constructor(capacity: number) {
    this.nodes = new Int32Array(capacity);
    this.masses = new Float64Array(capacity);
  }

  reset(): void {
    this.size = 0;
  }

  topMass(): number {
    return this.masses[0];
  }

  push(node: number, mass: number): void {
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.masses[parent] >= mass) break;
      this.nodes[i] = this.nodes[parent];
      this.masses[i] = this.masses[parent];
      i = parent;
    }
    this.nodes[i] = node;
    this.masses[i] = mass;
  }

  pop(): number {
    const top = this.nodes[0];
    const lastNode = this.nodes[--this.size];
    const lastMass = this.masses[this.size];
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= this.size) break;
      if (child + 1 < this.size && this.masses[child + 1] > this.masses[child]) child++;
      if (this.masses[child] <= lastMass) break;
      this.nodes[i] = this.nodes[child];
      this.masses[i] = this.masses[child];
      i = child;
    }
    this.nodes[i] = lastNode;
    this.masses[i] = lastMass;
    return top;
  }
}
