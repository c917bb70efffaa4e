// The context models as one predictor: for each context of CONTEXT_NAMES (cursor.ts: the
// last n bytes, the identifier being typed, the column, the indentation, the brackets) the
// bit history of the next bit in the shared ContextTable, turned into a probability by that
// context's StateMap. One mixer input per context: stretch(StateMap_i[state_i]).
//
// The table holds a context's histories per nibble of the byte (contextTable.ts): the first
// nibble's bucket is found at begin(), the second's when a node of depth 4-7 is first asked
// for, one bucket per value of the first nibble (16 at most, for a read-only distribution).
// While learning, buckets are taken (the table may evict); read-only, an unknown context
// reads as state 0 and nothing changes.
//
//   state     tensor  dtype  shape                  what
//             table   uint8  [buckets * 16]         bit histories (deflated: mostly zeros)
//             maps.p  f32    [C, 256]               P(1) per bit-history state, per context
//             maps.n  u16    [C, 256]               the maps' counts
import { StateMap } from '../adaptiveMaps';
import { BIT_HISTORY } from '../bitHistory';
import { BUCKET_BYTES, ContextTable, hashPair, NOT_FOUND } from '../contextTable';
import { CONTEXT_COUNT, CONTEXT_NAMES, type Cursor } from '../cursor';
import { stretchQuantized } from '../logistic';
import type { ByteStart, CopyMode, Predictor, PredictorFamily, PredictorKind, StateReader, StateWriter } from '../predictor';
import type { StackSizes } from '../stackConfig';
import { joinRows, splitRows } from './stateRows';

/** Slot rows: 0..15 the second nibble after each first nibble, FIRST_ROW the first nibble. */
const FIRST_ROW = 16;

function familyOf(name: string): PredictorFamily {
  const order = /^order (\d+)$/.exec(name);
  return order ? (Number(order[1]) <= 2 ? 'short contexts' : 'long contexts') : 'code structure';
}

export class ContextPredictor implements Predictor {
  readonly kind = CONTEXT_MODELS;
  // Per byte (begin).
  private readonly hashes = new Int32Array(CONTEXT_COUNT);
  private readonly slots = new Int32Array(17 * CONTEXT_COUNT); // [row * C + i]: bucket offsets
  private loadedRows = 0; // bit r: row r of slots is loaded
  private learning = false;
  // Per node (predictBit), for update().
  private row = FIRST_ROW;
  private nibbleNode = 1;
  /** Each context's bit-history state at the last node predicted (0: nothing seen). */
  readonly states = new Uint8Array(CONTEXT_COUNT);

  constructor(readonly table: ContextTable, readonly maps: StateMap[]) {}

  get memoryBytes(): number {
    return this.table.bytes.byteLength;
  }

  begin(at: ByteStart, learning: boolean): void {
    at.cursor.contextHashes(this.hashes);
    this.learning = learning;
    const base = FIRST_ROW * CONTEXT_COUNT;
    for (let i = 0; i < CONTEXT_COUNT; i++) {
      this.slots[base + i] = learning ? this.table.bucket(this.hashes[i]) : this.table.find(this.hashes[i]);
    }
    this.loadedRows = 1 << FIRST_ROW;
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
    const base = row * CONTEXT_COUNT;
    for (let i = 0; i < CONTEXT_COUNT; i++) {
      const slot = this.slots[base + i];
      const state = slot === NOT_FOUND ? 0 : table[slot + nibbleNode];
      this.states[i] = state;
      x[offset + i] = stretchQuantized(this.maps[i].p[state]);
    }
  }

  update(bit: number): void {
    const table = this.table.bytes;
    const base = this.row * CONTEXT_COUNT;
    for (let i = 0; i < CONTEXT_COUNT; i++) {
      const slot = this.slots[base + i];
      if (slot === NOT_FOUND) continue;
      const state = this.states[i];
      this.maps[i].update(state, bit);
      table[slot + this.nibbleNode] = BIT_HISTORY.next[2 * state + bit];
    }
  }

  /** The buckets of the second nibble after first nibble `hi`. */
  private loadSecondNibble(hi: number): void {
    const base = hi * CONTEXT_COUNT;
    for (let i = 0; i < CONTEXT_COUNT; i++) {
      const hash = hashPair(this.hashes[i], 16 + hi);
      this.slots[base + i] = this.learning ? this.table.bucket(hash) : this.table.find(hash);
    }
    this.loadedRows |= 1 << hi;
  }

  /** Learns `byte` into the tables and maps without predicting it: a fraction of a predicted byte's cost. */
  observe(cursor: Cursor, byte: number): void {
    cursor.contextHashes(this.hashes);
    const table = this.table;
    const bytes = table.bytes;
    const slots = this.slots;
    let c0 = 1;
    for (let depth = 0; depth < 8; depth++) {
      if (depth === 0 || depth === 4) {
        for (let i = 0; i < CONTEXT_COUNT; i++) slots[i] = table.bucket(depth === 0 ? this.hashes[i] : hashPair(this.hashes[i], c0));
      }
      const bit = (byte >> (7 - depth)) & 1;
      const nibbleNode = depth < 4 ? c0 : (1 << (depth - 4)) | (c0 & ((1 << (depth - 4)) - 1));
      for (let i = 0; i < CONTEXT_COUNT; i++) {
        const at = slots[i] + nibbleNode;
        const state = bytes[at];
        this.maps[i].update(state, bit);
        bytes[at] = BIT_HISTORY.next[2 * state + bit];
      }
      c0 = 2 * c0 + bit;
    }
    this.loadedRows = 0;
  }

  copy(mode: CopyMode, sizes: StackSizes): ContextPredictor {
    const maps = this.maps.map((m) => new StateMap(m.limit, m.p.slice(), m.n.slice()));
    if (mode === 'weighing') return new ContextPredictor(new ContextTable(sizes.tableBuckets), maps);
    return new ContextPredictor(new ContextTable(this.table.bucketCount, this.table.bytes.slice()), maps);
  }

  save(out: StateWriter): void {
    out.describe({ contexts: [...CONTEXT_NAMES], tableBuckets: this.table.bucketCount });
    out.tensor('table', this.table.bytes, [this.table.bytes.length], true);
    out.tensor('maps.p', joinRows(this.maps.map((m) => m.p)), [CONTEXT_COUNT, 256]);
    out.tensor('maps.n', joinRows(this.maps.map((m) => m.n)), [CONTEXT_COUNT, 256]);
  }
}

export const CONTEXT_MODELS: PredictorKind = {
  name: 'context models',
  inputs: CONTEXT_NAMES.map((name) => ({ name, family: familyOf(name) })),
  learnsWith: 'contexts',
  memoryBytes: (sizes) => sizes.tableBuckets * BUCKET_BYTES,
  create(sizes: StackSizes, saved?: StateReader): ContextPredictor {
    if (!saved) {
      return new ContextPredictor(new ContextTable(sizes.tableBuckets), Array.from({ length: CONTEXT_COUNT }, () => new StateMap()));
    }
    const buckets = saved.meta.tableBuckets as number;
    const table = new ContextTable(buckets, saved.tensor('table', Uint8Array, buckets * BUCKET_BYTES));
    const p = splitRows(saved.tensor('maps.p', Float32Array, CONTEXT_COUNT * 256), CONTEXT_COUNT);
    const n = splitRows(saved.tensor('maps.n', Uint16Array, CONTEXT_COUNT * 256), CONTEXT_COUNT);
    return new ContextPredictor(table, p.map((row, i) => new StateMap(undefined, row.slice(), n[i].slice())));
  },
  stateProblem(saved: StateReader): string | undefined {
    if (JSON.stringify(saved.meta.contexts) !== JSON.stringify(CONTEXT_NAMES)) return 'context statistics built with other context models';
    return undefined;
  },
};
