// The match models as one predictor: for each match source (the workspace's text, the
// document being typed; matchModel.ts) the byte its match predicts, as one mixer input:
// ±stretch(confidence of the match's length bucket) while that byte agrees with the bits
// read so far (+ when its next bit is 1), else 0. The confidence, P(the predicted bit is
// right) per length bucket, learns from every bit the match had a say on.
//
//   state     tensor   dtype  shape     what
//             match.p  f32    [M, 256]  confidence per length bucket (buckets 0-15 in use)
//             match.n  u16    [M, 256]  its counts
import { StateMap } from '../adaptiveMaps';
import { stretchQuantized } from '../logistic';
import { lengthBucket, MATCH_SOURCES, newMatchConfidence, predictedByte } from '../matchModel';
import type { ByteStart, CopyMode, Predictor, PredictorKind, StateReader, StateWriter } from '../predictor';
import { joinRows, splitRows } from './stateRows';

export class MatchPredictor implements Predictor {
  readonly kind = MATCH_MODELS;
  readonly memoryBytes = 0;
  // Per byte (begin).
  private readonly expected = new Int32Array(MATCH_SOURCES); // predicted byte per source, or -1
  private readonly matchLength = new Int32Array(MATCH_SOURCES);
  // Per node (predictBit).
  private readonly matchBit = new Int8Array(MATCH_SOURCES); // expected bit, or -1 when the match has no say
  /** Each source's length bucket at the last node predicted: 0 when it has no say there. */
  readonly bucket = new Int8Array(MATCH_SOURCES);

  constructor(readonly confidences: StateMap[]) {}

  begin(at: ByteStart): void {
    for (let m = 0; m < MATCH_SOURCES; m++) {
      const history = at.histories[m];
      this.expected[m] = history ? predictedByte(at.cursor.matches[m], history) : -1;
      this.matchLength[m] = this.expected[m] >= 0 ? at.cursor.matches[m].length : 0;
    }
  }

  predictBit(c0: number, depth: number, x: Float32Array, offset: number): void {
    for (let m = 0; m < MATCH_SOURCES; m++) {
      const expected = this.expected[m];
      if (expected >= 0 && (expected | 256) >> (8 - depth) === c0) {
        const bit = (expected >> (7 - depth)) & 1;
        const bucket = lengthBucket(this.matchLength[m]);
        const confidence = stretchQuantized(this.confidences[m].p[bucket]);
        x[offset + m] = bit ? confidence : -confidence;
        this.matchBit[m] = bit;
        this.bucket[m] = bucket;
      } else {
        x[offset + m] = 0;
        this.matchBit[m] = -1;
        this.bucket[m] = 0;
      }
    }
  }

  update(bit: number): void {
    for (let m = 0; m < MATCH_SOURCES; m++) {
      if (this.matchBit[m] >= 0) this.confidences[m].update(this.bucket[m], this.matchBit[m] === bit ? 1 : 0);
    }
  }

  copy(mode: CopyMode): MatchPredictor {
    if (mode === 'fork') return new MatchPredictor(this.confidences);
    return new MatchPredictor(this.confidences.map((m) => new StateMap(m.limit, m.p.slice(), m.n.slice())));
  }

  save(out: StateWriter): void {
    out.describe({ matchSources: MATCH_SOURCES });
    out.tensor('match.p', joinRows(this.confidences.map((m) => m.p)), [MATCH_SOURCES, 256]);
    out.tensor('match.n', joinRows(this.confidences.map((m) => m.n)), [MATCH_SOURCES, 256]);
  }
}

export const MATCH_MODELS: PredictorKind = {
  name: 'match models',
  inputs: [
    { name: 'workspace match', family: 'workspace copy' },
    { name: 'document match', family: 'document copy' },
  ],
  learnsWith: 'matches',
  memoryBytes: () => 0,
  create(_sizes, saved?: StateReader): MatchPredictor {
    if (!saved) return new MatchPredictor(Array.from({ length: MATCH_SOURCES }, () => newMatchConfidence()));
    const p = splitRows(saved.tensor('match.p', Float32Array, MATCH_SOURCES * 256), MATCH_SOURCES);
    const n = splitRows(saved.tensor('match.n', Uint16Array, MATCH_SOURCES * 256), MATCH_SOURCES);
    return new MatchPredictor(p.map((row, i) => new StateMap(undefined, row.slice(), n[i].slice())));
  },
  stateProblem: (saved) => (saved.meta.matchSources !== MATCH_SOURCES ? 'context statistics built with other match sources' : undefined),
};
