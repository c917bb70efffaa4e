// The stack's last stage: two APMs (adaptiveMaps.ts) refine the mixer's output, one in the
// context of the bits read so far (c0), one in the context of c0 and the previous byte, and
// the result is (p_mixer + p_apm0 + 2 p_apm1) / 4.
//
//   state     tensor  dtype  shape          what
//             apm0    f32    [256 * 33]     points of the first APM
//             apm1    f32    [65536 * 33]   points of the second (deflated)
import { Apm, type ApmPosition } from './adaptiveMaps';
import { clampProbability } from './logistic';
import type { StateReader, StateWriter } from './predictor';

const APM1_CONTEXTS = 1 << 16;
const APM_POINTS = 33;
const APM_RATE = 0.02;

export interface ApmTables {
  apm0: Float32Array;
  apm1: Float32Array;
}

export class ApmStage {
  readonly apm0: Apm; // context c0
  readonly apm1: Apm; // context c0 and the previous byte
  private readonly at0: ApmPosition = { index: 0, weight: 0 };
  private readonly at1: ApmPosition = { index: 0, weight: 0 };

  constructor(tables?: ApmTables) {
    this.apm0 = new Apm(256, APM_RATE, tables?.apm0);
    this.apm1 = new Apm(APM1_CONTEXTS, APM_RATE, tables?.apm1);
  }

  /** Bytes its tables hold, whatever the stack's sizes. */
  static readonly memoryBytes = 4 * APM_POINTS * (256 + APM1_CONTEXTS);

  get tables(): ApmTables {
    return { apm0: this.apm0.table, apm1: this.apm1.table };
  }

  /** P(bit = 1) from the mixer's p and logit at node c0, after byte c1; remembers where it looked, for update(). */
  refine(p: number, logit: number, c0: number, c1: number): number {
    const a0 = this.apm0.refine(logit, c0, this.at0);
    const a1 = this.apm1.refine(logit, (c0 | (c1 << 8)) & (APM1_CONTEXTS - 1), this.at1);
    return clampProbability((p + a0 + 2 * a1) / 4);
  }

  update(bit: number): void {
    this.apm0.update(this.at0, bit);
    this.apm1.update(this.at1, bit);
  }

  save(out: StateWriter): void {
    out.tensor('apm0', this.apm0.table, [this.apm0.table.length]);
    out.tensor('apm1', this.apm1.table, [this.apm1.table.length], true);
  }

  static read(saved: StateReader): ApmTables {
    return {
      apm0: saved.tensor('apm0', Float32Array, 256 * APM_POINTS),
      apm1: saved.tensor('apm1', Float32Array, APM1_CONTEXTS * APM_POINTS),
    };
  }
}
