// The prediction stack's view of a window, per character: its surprisal under the whole
// stack, under the network alone (as the stack saw it), and which predictor family carried
// it (../predict/attribution.ts), condensed from the explainer's per-byte results the way
// surprisal.ts condenses a trace: a character's surprisal is the sum of its bytes', and it
// was carried by the family with the largest push summed over its bytes (-1: none pushed
// toward it). Also the share of characters each family carried.
import { type ExplainedText, PREDICTOR_FAMILIES } from '../predict/attribution';
import { byteSurprisal, type CharacterBytes } from './surprisal';

export interface StackCharacters {
  /** [C] bits under the whole stack. */
  surprisal: Float32Array;
  /** [C] bits under the network alone (NaN without one). */
  networkSurprisal: Float32Array;
  /** [C] index into PREDICTOR_FAMILIES, or -1. */
  carriedBy: Int8Array;
  /** [families] share of the window's characters each family carried (they sum to 1 minus the share carried by none). */
  shares: Float32Array;
}

/** Condenses `explained` (bytes of the window only) to characters. */
export function stackCharacters(explained: ExplainedText, chars: CharacterBytes): StackCharacters {
  const C = chars.start.length;
  const F = PREDICTOR_FAMILIES.length;
  const surprisal = new Float32Array(C);
  const networkSurprisal = new Float32Array(C);
  const carriedBy = new Int8Array(C);
  const counts = new Float32Array(F);
  const push = new Float64Array(F);
  for (let k = 0; k < C; k++) {
    let bits = 0;
    let network = 0;
    push.fill(0);
    for (let t = chars.start[k]; t < chars.end[k]; t++) {
      bits += byteSurprisal(explained.prob[t]);
      network += Number.isNaN(explained.networkProb[t]) ? NaN : byteSurprisal(explained.networkProb[t]);
      for (let f = 0; f < F; f++) push[f] += explained.push[t * F + f];
    }
    surprisal[k] = bits;
    networkSurprisal[k] = network;
    let best = -1;
    for (let f = 0; f < F; f++) if (push[f] > 0 && (best < 0 || push[f] > push[best])) best = f;
    carriedBy[k] = best;
    if (best >= 0) counts[best]++;
  }
  const shares = counts.map((n) => (C > 0 ? n / C : 0));
  return { surprisal, networkSurprisal, carriedBy, shares };
}
