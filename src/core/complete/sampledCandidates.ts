// The extra candidates an explicit request offers (Alt+\, Alt+]): continuations sampled from
// the prediction stack, after the search's own best.
//
// Each sample walks forward one character at a time, its lead byte drawn from the stack's
// most likely bytes (the TOP_BYTES most likely, their probabilities raised to 1/temperature
// and renormalised, as the playground's sampler tempers a distribution:
// ../panel/sampling.ts, ../infer/sampler.ts), from a generator seeded by the `seed` setting,
// so the same text gives the same candidates. Each sample is then cut where its expected
// saving peaks and fitted to the text after the cursor, exactly as the search's suggestion
// (suggest.ts: greedySuggestion with this pick), and scored by the untempered model: its
// acceptance probability is the calibrated P_L of its text. Samples that repeat an earlier candidate are
// dropped; the rest are ranked by expected saving behind the search's best.
import { seededRng } from '../infer/sampler';
import type { Rng } from '../infer/sampler';
import type { TextAfterCursor } from './textAfterCursor';
import type { SearchPredictor } from './searchPredictor';
import type { SearchPoint } from './searchPredictor';
import { greedySuggestion, type LeadPick, type SearchStats, type Suggestion, type SuggestOptions } from './suggest';

export interface SamplingOptions {
  /** Sampled continuations drawn per request. */
  samples: number;
  /** Temperature of the draws (> 0; lower: closer to the search's). */
  sampleTemperature: number;
  /** Seed of the generator. */
  sampleSeed: number;
}

/** Lead bytes a draw chooses among. */
const TOP_BYTES = 16;
/** Bytes less likely than this are left out of a draw. */
const MIN_BYTE_PROBABILITY = 1e-4;

const bytes = new Int32Array(TOP_BYTES);
const probs = new Float64Array(TOP_BYTES);
const weights = new Float64Array(TOP_BYTES);

/** A pick that draws the lead byte at `temperature` from the most likely bytes. */
export function samplingPick(random: Rng, temperature: number): LeadPick {
  return (predictor, point) => {
    const n = predictor.top(point, TOP_BYTES, MIN_BYTE_PROBABILITY, bytes, probs);
    if (n === 0) return undefined;
    let total = 0;
    for (let i = 0; i < n; i++) total += weights[i] = Math.pow(probs[i], 1 / temperature);
    let rest = random() * total;
    for (let i = 0; i < n; i++) {
      rest -= weights[i];
      if (rest < 0) return { byte: bytes[i], probability: probs[i] };
    }
    return { byte: bytes[n - 1], probability: probs[n - 1] };
  };
}

/** The search's best, then sampled continuations by expected saving: up to options.candidates, each at or above minAcceptProbability. */
export function sampledCandidates(predictor: SearchPredictor, root: SearchPoint, right: TextAfterCursor, options: SuggestOptions & SamplingOptions, stats: SearchStats): Suggestion[] {
  const best = greedySuggestion(predictor, predictor.clone(root), right, options, stats);
  const random = seededRng(options.sampleSeed);
  const seen = new Set(best ? [best.text] : []);
  const sampled: Suggestion[] = [];
  const pick = samplingPick(random, options.sampleTemperature);
  for (let s = 0; s < options.samples; s++) {
    const one = greedySuggestion(predictor, predictor.clone(root), right, options, stats, pick);
    if (!one || seen.has(one.text)) continue;
    seen.add(one.text);
    sampled.push(one);
  }
  sampled.sort((a, b) => b.expectedSaving - a.expectedSaving);
  return [...(best ? [best] : []), ...sampled].filter((s) => s.acceptProbability >= options.minAcceptProbability).slice(0, options.candidates);
}
