// Which predictor carried the held-out text: each byte is explained as the editor's panel
// explains a document (src/core/predict/attribution.ts: the family that pushed hardest toward
// the byte that came, the stack learning nothing but the document's contexts as it reads),
// and the share of bytes each family carried is counted. "none": no family pushed toward it.
import { PREDICTOR_FAMILIES, TextExplainer } from '../../../src/core/predict/attribution';
import type { LstmSource } from '../../../src/core/predict/lstmSource';
import type { PredictorStack } from '../../../src/core/predict/predictorStack';

export type CarriedShares = Record<string, number>;

/** Shares (0-1) of the files' bytes that each predictor family carried, and "none". */
export function carriedShares(stack: PredictorStack, lstm: LstmSource | undefined, files: readonly Uint8Array[]): CarriedShares {
  const counts = new Float64Array(PREDICTOR_FAMILIES.length + 1); // last: none
  let bytes = 0;
  for (const file of files) {
    const explainer = new TextExplainer(stack, lstm, file, 0);
    while (!explainer.read(64 * 1024));
    for (const family of explainer.result.carriedBy) counts[family < 0 ? PREDICTOR_FAMILIES.length : family]++;
    bytes += file.length;
  }
  const shares: CarriedShares = {};
  PREDICTOR_FAMILIES.forEach((name, f) => (shares[name] = counts[f] / Math.max(1, bytes)));
  shares.none = counts[PREDICTOR_FAMILIES.length] / Math.max(1, bytes);
  return shares;
}

/** "network 12%, short contexts 30%, ...". */
export function formatShares(shares: CarriedShares): string {
  return Object.entries(shares)
    .map(([name, share]) => `${name} ${(share * 100).toFixed(0)}%`)
    .join(', ');
}
