// The stack's last stage: three APMs (adaptiveMaps.ts) refine the mixer's output, one in the
// context of the bits read so far (c0), one in the context of c0 and the previous byte, one
// in the context of c0 and the previous two bytes (hashed to APM2_CONTEXTS), and the result
// is (p_mixer + p_apm0 + 2 p_apm1 + 2 p_apm2) / 6.
//
//   state     tensor  dtype  shape          what
//             apm0    f32    [256 * 33]     points of the first APM
//             apm1    f32    [65536 * 33]   points of the second (deflated)
//             apm2    f32    [65536 * 33]   points of the third (deflated)
import { Apm, type ApmPosition } from './adaptiveMaps';
import { hashPair } from './contextTable';
import { clampProbability } from './logistic';
import type { StateReader, StateWriter } from './predictor';

const APM1_CONTEXTS = 1 << 16;
const APM2_CONTEXTS = 1 << 16;
const APM_POINTS = 33;
const APM_RATE = 0.02;

export interface ApmTables {
  apm0: Float32Array;
  apm1: Float32Array;
  apm2: Float32Array;
}

export class ApmStage {
  readonly apm0: Apm; // context c0
  readonly apm1: Apm; // context c0 and the previous byte
  readonly apm2: Apm; // context c0 and the previous two bytes, hashed
  private readonly at0: ApmPosition = { index: 0, weight: 0 };
  private readonly at1: ApmPosition = { index: 0, weight: 0 };
  private readonly at2: ApmPosition = { index: 0, weight: 0 };

  constructor(tables?: ApmTables) {
    this.apm0 = new Apm(256, APM_RATE, tables?.apm0);
    this.apm1 = new Apm(APM1_CONTEXTS, APM_RATE, tables?.apm1);
    this.apm2 = new Apm(APM2_CONTEXTS, APM_RATE, tables?.apm2);
  }

  /** Bytes its tables hold, whatever the stack's sizes. */
  static readonly memoryBytes = 4 * APM_POINTS * (256 + APM1_CONTEXTS + APM2_CONTEXTS);

  get tables(): ApmTables {
    return { apm0: this.apm0.table, apm1: this.apm1.table, apm2: this.apm2.table };
  }

  /** P(bit = 1) from the mixer's p and logit at node c0, after bytes c2 c1 (c1 the last); remembers where it looked, for update(). */
  refine(p: number, logit: number, c0: number, c1: number, c2: number): number {
    const a0 = this.apm0.refine(logit, c0, this.at0);
    const a1 = this.apm1.refine(logit, (c0 | (c1 << 8)) & (APM1_CONTEXTS - 1), this.at1);
    const a2 = this.apm2.refine(logit, (hashPair(c1 | (c2 << 8), c0) >>> 0) & (APM2_CONTEXTS - 1), this.at2);
    return clampProbability((p + a0 + 2 * a1 + 2 * a2) / 6);
  }

  update(bit: number): void {
    this.apm0.update(this.at0, bit);
    this.apm1.update(this.at1, bit);
    this.apm2.update(this.at2, bit);
  }

  save(out: StateWriter): void {
    out.tensor('apm0', this.apm0.table, [this.apm0.table.length]);
    out.tensor('apm1', this.apm1.table, [this.apm1.table.length], true);
    out.tensor('apm2', this.apm2.table, [this.apm2.table.length], true);
  }

  static read(saved: StateReader): ApmTables {
    return {
      apm0: saved.tensor('apm0', Float32Array, 256 * APM_POINTS),
      apm1: saved.tensor('apm1', Float32Array, APM1_CONTEXTS * APM_POINTS),
      apm2: saved.tensor('apm2', Float32Array, APM2_CONTEXTS * APM_POINTS),
    };
  }
}
