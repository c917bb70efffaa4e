// The context models as one predictor: for each context of CONTEXT_MODEL_NAMES (cursor.ts:
// the last n bytes, the identifier being typed, the column, the indentation, the brackets,
// the line's first identifier, the identifier before the innermost bracket, the shape of the
// last runs of bytes (charClasses.ts); and here, the
// bytes that followed the last two bytes before: byteFollowers.ts) the bit history of the
// next bit in the shared ContextTable, turned into a probability p by that context's StateMap.
// INPUTS_PER_CONTEXT mixer inputs per context:
//   stretch(p)
//   its run (runInfo.ts): the last byte seen in the context, as a confidence for its next bit
//
// The table holds a context's histories per nibble of the byte (contextTable.ts): the first
// nibble's bucket is found at begin(), the second's when a node of depth 4-7 is first asked
// for, one bucket per value of the first nibble (16 at most, for a read-only distribution).
// While learning, buckets are taken (the table may evict); read-only, an unknown context
// reads as state 0 and nothing changes.
//
//   state     tensor     dtype   shape                  what
//             table      uint8   [buckets * 16]         bit histories (deflated: mostly zeros)
//             maps.p     f32     [C, 256]               P(1) per bit-history state, per context
//             maps.n     u16     [C, 256]               the maps' counts
//             runs, runs.p, runs.n                      run information (runInfo.ts)
//             followers  uint16  [65536]                the indirect context's table (byteFollowers.ts)
import { StateMap } from '../adaptiveMaps';
import { BIT_HISTORY } from '../bitHistory';
import { BUCKET_BYTES, ContextTable, hashPair, NOT_FOUND } from '../contextTable';
import { CONTEXT_NAMES, type Cursor } from '../cursor';
import { stretchQuantized } from '../logistic';
import type { ByteStart, CopyMode, Predictor, PredictorFamily, PredictorInput, PredictorKind, StateReader, StateWriter } from '../predictor';
import type { StackSizes } from '../stackConfig';
import { ByteFollowers, FOLLOWER_PAIRS } from './byteFollowers';
import { newRunMap, RUN_BYTES, RunInfo } from './runInfo';
import { joinRows, splitRows } from './stateRows';

export const CONTEXT_MODEL_NAMES = [...CONTEXT_NAMES, 'indirect'] as const;
const C = CONTEXT_MODEL_NAMES.length;
const CURSOR_CONTEXTS = CONTEXT_NAMES.length;
export const INPUTS_PER_CONTEXT = 2;

/** Slot rows: 0..15 the second nibble after each first nibble, FIRST_ROW the first nibble. */
const FIRST_ROW = 16;

function familyOf(name: string): PredictorFamily {
  const order = /^order (\d+)$/.exec(name);
  return order ? (Number(order[1]) <= 2 ? 'short contexts' : 'long contexts') : 'code structure';
}

/** A context's inputs: its stretch(p) starts as the mixer's other inputs do, its run silent (weight 0), so a new stack first mixes as one input a context would, and learns the run's weight from the text. */
function inputsOf(name: string): PredictorInput[] {
  const family = familyOf(name);
  return [
    { name, family },
    { name: `${name} run`, family, initialWeight: 0 },
  ];
}

/** The learned parts of the context models. */
interface ContextState {
  table: ContextTable;
  maps: StateMap[];
  runs: RunInfo;
  followers: ByteFollowers;
}

export class ContextPredictor implements Predictor {
  readonly kind = CONTEXT_MODELS;
  readonly table: ContextTable;
  readonly maps: StateMap[];
  readonly runs: RunInfo;
  readonly followers: ByteFollowers;
  // Per byte (begin).
  private readonly hashes = new Int32Array(C);
  private readonly slots = new Int32Array(17 * C); // [row * C + i]: bucket offsets
  private readonly secondHashes = new Int32Array(C); // each context's hash for a second nibble
  private readonly observedStates = new Uint8Array(C); // observe: each context's state at the node learned
  private readSink = 0; // what readAhead read (kept, so the reads are not dropped)
  private loadedRows = 0; // bit r: row r of slots is loaded
  private learning = false;
  private c1 = 0;
  private c2 = 0;
  // Per node (predictBit), for update().
  private row = FIRST_ROW;
  private nibbleNode = 1;
  private c0 = 1;
  private depth = 0;
  /** Each context's bit-history state at the last node predicted (0: nothing seen). */
  readonly states = new Uint8Array(C);

  constructor(state: ContextState) {
    this.table = state.table;
    this.maps = state.maps;
    this.runs = state.runs;
    this.followers = state.followers;
  }

  get memoryBytes(): number {
    return this.table.bytes.byteLength + this.runs.runs.byteLength + this.followers.followers.byteLength;
  }

  private hashContexts(cursor: Cursor): void {
    cursor.contextHashes(this.hashes);
    this.c1 = cursor.back(0);
    this.c2 = cursor.back(1);
    const followers = this.followers.hash(this.c1, this.c2);
    this.hashes[CURSOR_CONTEXTS] = cursor.language === 0 ? followers : hashPair(followers, cursor.language); // per language, as the cursor's contexts
  }

  begin(at: ByteStart, learning: boolean): void {
    this.hashContexts(at.cursor);
    this.readAhead(this.hashes, true);
    this.learning = learning;
    const base = FIRST_ROW * C;
    for (let i = 0; i < C; i++) {
      this.slots[base + i] = learning ? this.table.bucket(this.hashes[i]) : this.table.find(this.hashes[i]);
    }
    this.loadedRows = 1 << FIRST_ROW;
    this.runs.locate(this.slots, base, this.table.bytes);
  }

  predictBit(c0: number, depth: number, x: Float32Array, offset: number): void {
    const table = this.table.bytes;
    let row = FIRST_ROW;
    let nibbleNode = c0;
    if (depth >= 4) {
      row = (c0 >> (depth - 4)) & 15;
      nibbleNode = (1 << (depth - 4)) | (c0 & ((1 << (depth - 4)) - 1));
      if (((this.loadedRows >> row) & 1) === 0) this.loadSecondNibble(row);
    }
    this.row = row;
    this.nibbleNode = nibbleNode;
    this.c0 = c0;
    this.depth = depth;
    const base = row * C;
    let k = offset;
    for (let i = 0; i < C; i++, k += INPUTS_PER_CONTEXT) {
      const slot = this.slots[base + i];
      const state = slot === NOT_FOUND ? 0 : table[slot + nibbleNode];
      this.states[i] = state;
      x[k] = stretchQuantized(this.maps[i].p[state]);
      x[k + 1] = this.runs.input(i, c0, depth);
    }
  }

  update(bit: number): void {
    const table = this.table.bytes;
    const base = this.row * C;
    for (let i = 0; i < C; i++) {
      const slot = this.slots[base + i];
      if (slot === NOT_FOUND) continue;
      const state = this.states[i];
      this.maps[i].update(state, bit);
      table[slot + this.nibbleNode] = BIT_HISTORY.next[2 * state + bit];
    }
    this.runs.learnBit(bit);
    if (this.depth === 7) this.learnByteEnd(((this.c0 << 1) | bit) & 0xff);
  }

  private learnByteEnd(byte: number): void {
    this.runs.learnByte(byte);
    this.followers.learn(this.c1, this.c2, byte);
  }

  /** The buckets of the second nibble after first nibble `hi`. */
  private loadSecondNibble(hi: number): void {
    const base = hi * C;
    const second = this.secondNibbleHashes(hi);
    this.readAhead(second, false);
    for (let i = 0; i < C; i++) this.slots[base + i] = this.learning ? this.table.bucket(second[i]) : this.table.find(second[i]);
    this.loadedRows |= 1 << hi;
  }

  /**
   * Learns `byte` into the tables and maps without predicting it: a fraction of a predicted
   * byte's cost. The same changes, in the same order, as learning it through begin,
   * predictBit and update (the run maps aside: they learn from predictions).
   */
  observe(cursor: Cursor, byte: number): void {
    this.hashContexts(cursor);
    const table = this.table;
    const bytes = table.bytes;
    const slots = this.slots;
    const hashes = this.hashes;
    const second = this.secondNibbleHashes(byte >> 4);
    this.readAhead(hashes, true);
    this.readAhead(second, false);
    let c0 = 1;
    for (let depth = 0; depth < 8; depth++) {
      if (depth === 0 || depth === 4) {
        for (let i = 0; i < C; i++) slots[i] = table.bucket(depth === 0 ? hashes[i] : second[i]);
        if (depth === 0) this.runs.locate(slots, 0, bytes);
      }
      const bit = (byte >> (7 - depth)) & 1;
      const nibbleNode = depth < 4 ? c0 : (1 << (depth - 4)) | (c0 & ((1 << (depth - 4)) - 1));
      // Every state read before any is written, as predictBit then update do (two contexts may share a bucket).
      const states = this.observedStates;
      for (let i = 0; i < C; i++) states[i] = bytes[slots[i] + nibbleNode];
      for (let i = 0; i < C; i++) {
        const state = states[i];
        this.maps[i].update(state, bit);
        bytes[slots[i] + nibbleNode] = BIT_HISTORY.next[2 * state + bit];
      }
      c0 = 2 * c0 + bit;
    }
    this.learnByteEnd(byte);
    this.loadedRows = 0;
  }

  /** Each context's hash for the second nibble after first nibble `hi`, in secondHashes. */
  private secondNibbleHashes(hi: number): Int32Array {
    const second = this.secondHashes;
    for (let i = 0; i < C; i++) second[i] = hashPair(this.hashes[i], 16 + hi);
    return second;
  }

  /**
   * One read of the cache line of each of `hashes`' buckets (with `runs`, of their run
   * information too), before any is used: the CPU fetches them side by side instead of one
   * after the other (the table is megabytes: most of them miss the cache). Changes nothing.
   */
  private readAhead(hashes: Int32Array, runs: boolean): void {
    const table = this.table;
    const bytes = table.bytes;
    const runBytes = this.runs.runs;
    let read = 0;
    for (let i = 0; i < C; i++) {
      const line = table.lineOf(hashes[i]);
      read |= bytes[line * BUCKET_BYTES];
      if (runs) read |= runBytes[line * RUN_BYTES];
    }
    this.readSink = read;
  }

  copy(mode: CopyMode, sizes: StackSizes): ContextPredictor {
    const maps = this.maps.map((m) => new StateMap(m.limit, m.p.slice(), m.n.slice()));
    const runMaps = this.runs.maps.map((m) => new StateMap(m.limit, m.p.slice(), m.n.slice()));
    if (mode === 'weighing') return emptyContextModels(sizes.tableBuckets, maps, runMaps);
    return new ContextPredictor({
      table: new ContextTable(this.table.bucketCount, this.table.bytes.slice()),
      maps,
      runs: new RunInfo(this.runs.runs.slice(), runMaps),
      followers: new ByteFollowers(this.followers.followers.slice()),
    });
  }

  save(out: StateWriter): void {
    out.describe({ contexts: [...CONTEXT_MODEL_NAMES], tableBuckets: this.table.bucketCount });
    out.tensor('table', this.table.bytes, [this.table.bytes.length], true);
    out.tensor('maps.p', joinRows(this.maps.map((m) => m.p)), [C, 256]);
    out.tensor('maps.n', joinRows(this.maps.map((m) => m.n)), [C, 256]);
    out.tensor('runs', this.runs.runs, [this.runs.runs.length], true);
    out.tensor('runs.p', joinRows(this.runs.maps.map((m) => m.p)), [C, 256]);
    out.tensor('runs.n', joinRows(this.runs.maps.map((m) => m.n)), [C, 256]);
    out.tensor('followers', this.followers.followers, [FOLLOWER_PAIRS], true);
  }
}

/** Context models with empty tables of `buckets` buckets and the given maps. */
function emptyContextModels(buckets: number, maps: StateMap[], runMaps: StateMap[]): ContextPredictor {
  return new ContextPredictor({
    table: new ContextTable(buckets),
    maps,
    runs: new RunInfo(new Uint8Array(buckets * RUN_BYTES), runMaps),
    followers: new ByteFollowers(),
  });
}

function savedMaps(saved: StateReader, name: string): StateMap[] {
  const p = splitRows(saved.tensor(`${name}.p`, Float32Array, C * 256), C);
  const n = splitRows(saved.tensor(`${name}.n`, Uint16Array, C * 256), C);
  return p.map((row, i) => new StateMap(undefined, row.slice(), n[i].slice()));
}

export const CONTEXT_MODELS: PredictorKind = {
  name: 'context models',
  inputs: CONTEXT_MODEL_NAMES.flatMap(inputsOf),
  learnsWith: 'contexts',
  memoryBytes: (sizes) => sizes.tableBuckets * (BUCKET_BYTES + RUN_BYTES) + 2 * FOLLOWER_PAIRS,
  create(sizes: StackSizes, saved?: StateReader): ContextPredictor {
    if (!saved) {
      const maps = Array.from({ length: C }, () => new StateMap());
      return emptyContextModels(sizes.tableBuckets, maps, Array.from({ length: C }, newRunMap));
    }
    const buckets = saved.meta.tableBuckets as number;
    return new ContextPredictor({
      table: new ContextTable(buckets, saved.tensor('table', Uint8Array, buckets * BUCKET_BYTES)),
      maps: savedMaps(saved, 'maps'),
      runs: new RunInfo(saved.tensor('runs', Uint8Array, buckets * RUN_BYTES), savedMaps(saved, 'runs')),
      followers: new ByteFollowers(saved.tensor('followers', Uint16Array, FOLLOWER_PAIRS)),
    });
  },
  stateProblem(saved: StateReader): string | undefined {
    if (JSON.stringify(saved.meta.contexts) !== JSON.stringify(CONTEXT_MODEL_NAMES)) return 'context statistics built with other context models';
    return undefined;
  },
};
