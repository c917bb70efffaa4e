// From the model's probability that the text continues with a suggestion (P_L, see
// suggest.ts) to the probability that the user accepts it. The model is trained on log
// loss, so P_L is close to calibrated; bench:keystrokes prints the table that checks it
// (predicted against observed acceptance, per bin) on held-out files.
export function calibratedAcceptance(modelProbability: number): number {
  return Math.min(1, Math.max(0, modelProbability));
}
