// From the model's probability that the text continues with a suggestion (P_L, see
// suggest.ts) to the probability that the user accepts it: A = P_L ** ACCEPTANCE_EXPONENT.
// P_L is over-confident where the choice is made (predicted 0.6-0.9, accepted 0.43-0.57 on
// held-out files), so the estimate bends it down; the exponent was chosen on the tuning
// corpora (docs/decisions.md, "Acceptance estimated as P_L ** 1.4"). bench:keystrokes prints
// the table that checks it (estimated against observed acceptance, per bin).
export const ACCEPTANCE_EXPONENT = 1.4;

/** The estimated acceptance of a suggestion the model continues with probability `modelProbability`, in [0, 1]; increasing in it. */
export function calibratedAcceptance(modelProbability: number): number {
  return Math.min(1, Math.max(0, modelProbability)) ** ACCEPTANCE_EXPONENT;
}
