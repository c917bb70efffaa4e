// A real InferenceModel with hand-set weights that behaves as a bigram table, for testing
// the stopping rules with known probabilities: an RNN with H = 256 whose state is the
// one-hot of the last byte (tanh(20) ≈ 1), and output logits ln p(next | last).
import type { ModelConfig } from '../../../src/core/model/config';
import { weightShapes, type Weights } from '../../../src/core/model/weights';
import { InferenceModel } from '../../../src/core/infer/inferenceModel';

/** next: for each byte (a 1-char latin1 string, e.g. '\xc3'), the probabilities of the following bytes. Unlisted bytes are followed by NUL. */
export function bigramModel(next: Record<string, Record<string, number>>): InferenceModel {
  const config: ModelConfig = { cell: 'rnn', vocabSize: 256, embeddingSize: 256, hiddenSize: 256, layers: 1 };
  const weights: Weights = {};
  for (const [name, shape] of Object.entries(weightShapes(config))) weights[name] = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let b = 0; b < 256; b++) {
    weights.embedding[b * 256 + b] = 1;
    weights['layer0.kernel'][b * 256 + b] = 20;
  }
  const out = weights['output.kernel']; // [H, 256]
  out.fill(-40);
  for (let b = 0; b < 256; b++) {
    const row = next[String.fromCharCode(b)];
    if (!row)
      out[b * 256] = 0; // NUL
    else for (const [ch, p] of Object.entries(row)) out[b * 256 + ch.charCodeAt(0)] = Math.log(p);
  }
  return new InferenceModel(config, weights);
}
