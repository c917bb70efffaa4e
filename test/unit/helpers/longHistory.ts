// The history of a long-trained model, for the tests and benchmarks that continue one: `points`
// training points (one every 5 steps, half a second apart, bpc falling from 3) and a
// validation point every 20th. Memory: about 200 bytes a point.
import type { EvalPoint, TrainPoint } from '../../../src/shared/metrics';

export function longHistory(points: number): { train: TrainPoint[]; eval: EvalPoint[] } {
  const train: TrainPoint[] = Array.from({ length: points }, (_, i) => ({
    run: 1,
    step: 5 * (i + 1),
    elapsedSec: (i + 1) / 2,
    bpc: 3 - i / points,
    gradNorm: 1,
    clipped: false,
    windowSteps: 5,
    clippedSteps: 0,
    learningRate: 0.002,
    charsPerSec: 20_000,
  }));
  const evals: EvalPoint[] = train
    .filter((_, i) => i % 20 === 19)
    .map((p) => ({ run: 1, step: p.step, elapsedSec: p.elapsedSec + 0.1, valBpc: p.bpc + 0.3, valPerplexity: 2 ** (p.bpc + 0.3), trainBpc: p.bpc }));
  return { train, eval: evals };
}
